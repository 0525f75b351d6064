// "Utbetalningar" (/utbetalningar): what a run for a date would pay, by district (the dry run);
// starting the run, with a progress bar while the server collects its lines in the background;
// and the list of runs.
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client.ts';
import { fetchDue, fetchRun, fetchRuns, startRun } from '../../api/payment-endpoints.ts';
import type { DueSummary, PaymentRun } from '../../api/payment-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, formatKronor } from '../../i18n/index.ts';
import { useLoad, type Load } from '../cases/case-ui.tsx';
import { DateQueryForm, useDateQuery } from './date-query.tsx';
import { runPath } from './payment-ui.ts';
import { PaymentsNav } from './payments-nav.tsx';
import './payments.css';

/** How often the page asks for a collecting run's progress. */
const POLL_MS = 1000;

type Start =
  | { kind: 'idle' }
  | { kind: 'starting'; expected: number }
  | { kind: 'collecting'; run: PaymentRun; expected: number }
  | { kind: 'done'; run: PaymentRun }
  | { kind: 'failed'; error: unknown };

export function PaymentsPage() {
  const { t } = useTranslation();
  usePageTitle(t('paymentsPage.title'));
  const runs = useLoad((signal) => fetchRuns(signal), 'runs');
  return (
    <>
      <PageHeading testId="payments-heading">{t('paymentsPage.title')}</PageHeading>
      <p className="lead">{t('paymentsPage.intro')}</p>
      <PaymentsNav />
      <DueAndStart
        runs={runs.load.kind === 'loaded' ? runs.load.value : null}
        onRunChanged={runs.reload}
      />
      <RunList load={runs.load} />
    </>
  );
}

function DueAndStart({
  runs,
  onRunChanged,
}: {
  runs: readonly PaymentRun[] | null;
  onRunChanged: () => void;
}) {
  const { t } = useTranslation();
  const dateId = useId();
  const dueQuery = useDateQuery(fetchDue);
  const { value: due, error, show } = dueQuery;
  const [confirming, setConfirming] = useState(false);
  const [start, setStart] = useState<Start>({ kind: 'idle' });
  const [status, setStatus] = useState<string | null>(null);
  const [pollFailed, setPollFailed] = useState(false);
  const doneRef = useRef<HTMLDivElement>(null);

  // While the server collects in the background, read the run again until it is collected.
  const collectingId = start.kind === 'collecting' ? start.run.id : null;
  useEffect(() => {
    if (collectingId === null) return;
    const controller = new AbortController();
    const timer = window.setInterval(() => {
      fetchRun(collectingId, controller.signal)
        .then((run) => {
          setStart((current) => {
            if (current.kind !== 'collecting' || current.run.id !== run.id) return current;
            return run.status === 'collecting' ? { ...current, run } : { kind: 'done', run };
          });
        })
        .catch((cause: unknown) => {
          if (!isAbort(cause)) setPollFailed(true);
        });
    }, POLL_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [collectingId]);

  const doneRun = start.kind === 'done' ? start.run : null;
  useEffect(() => {
    if (!doneRun) return;
    setStatus(
      t('paymentsPage.collected', {
        date: formatDate(doneRun.paymentDate),
        count: doneRun.linesTotal,
        amount: formatKronor(doneRun.totalKronor),
      }),
    );
    onRunChanged();
    // What is due now: the collected lines are no longer waiting.
    show(doneRun.paymentDate);
    window.requestAnimationFrame(() => doneRef.current?.focus());
    // Announce and refresh once per finished run.
  }, [doneRun?.id]);

  const begin = () => {
    if (!due || start.kind === 'starting' || start.kind === 'collecting') return;
    const expected = due.lines;
    setConfirming(false);
    setPollFailed(false);
    setStatus(null);
    setStart({ kind: 'starting', expected });
    startRun(due.date)
      .then((run) => {
        setStart(
          run.status === 'collecting'
            ? { kind: 'collecting', run, expected }
            : { kind: 'done', run },
        );
      })
      .catch((cause: unknown) => {
        setStart({ kind: 'failed', error: cause });
      });
  };

  const busy = start.kind === 'starting' || start.kind === 'collecting';
  // One ordinary run per date: a date that has one (collected, attested or with its file) is not
  // started again, and lines due since then wait for a later date's run. A run whose collection
  // stopped is resumed, and a cancelled one started afresh, by the same start.
  const existing =
    due && start.kind !== 'done'
      ? (runs ?? []).find((run) => !run.urgent && run.paymentDate === due.date)
      : undefined;
  const blocking =
    existing && existing.status !== 'collecting' && existing.status !== 'cancelled'
      ? existing
      : undefined;

  return (
    <section className="panel" aria-labelledby="due-heading" data-testid="due-section">
      <h2 id="due-heading">{t('paymentsPage.dueTitle')}</h2>
      <p className="hint">{t('paymentsPage.dueIntro')}</p>
      <DateQueryForm
        query={dueQuery}
        label={t('paymentsPage.date')}
        hint={t('paymentsPage.dateHint')}
        showLabel={t('paymentsPage.show')}
        showingLabel={t('paymentsPage.showing')}
        variant="secondary"
        onShow={() => {
          setStart({ kind: 'idle' });
          setStatus(null);
        }}
        formTestId="due-form"
        dateTestId="due-date"
        showTestId="due-show"
      />
      {/* Announced; the same text is shown, with the link to the run, in the box below. */}
      <p role="status" className="visually-hidden" data-testid="run-start-status">
        {status}
      </p>
      {error ? <ErrorMessage error={error} /> : null}
      {due ? <DueTable due={due} /> : null}

      {blocking && due ? (
        <div className="message message-info" data-testid="run-exists">
          <p>
            {t('paymentsPage.existingRun', {
              date: formatDate(due.date),
              status: t(`runStatuses.${blocking.status}`).toLowerCase(),
            })}{' '}
            <Link to={runPath(blocking.id)}>
              {t('paymentsPage.openRun', { date: formatDate(due.date) })}
            </Link>
          </p>
          {due.lines > 0 ? <p>{t('paymentsPage.existingRunLater')}</p> : null}
        </div>
      ) : null}
      {due && due.lines > 0 && !blocking ? (
        <div className="actions">
          <button
            type="button"
            className="button"
            aria-disabled={busy ? true : undefined}
            data-testid="start-run"
            onClick={() => {
              if (!busy) setConfirming(true);
            }}
          >
            {start.kind === 'starting'
              ? t('paymentsPage.starting')
              : existing?.status === 'collecting'
                ? t('paymentsPage.resume', { date: formatDate(due.date) })
                : t('paymentsPage.start', { date: formatDate(due.date) })}
          </button>
        </div>
      ) : null}

      {start.kind === 'starting' || start.kind === 'collecting' ? (
        <div className="run-progress" data-testid="run-progress">
          <h3>{t('paymentsPage.progressTitle')}</h3>
          <label htmlFor={`${dateId}-progress`}>{t('paymentsPage.progressLabel')}</label>
          {start.kind === 'collecting' ? (
            <>
              <progress
                id={`${dateId}-progress`}
                max={Math.max(start.expected, start.run.linesTotal, 1)}
                value={start.run.linesTotal}
              >
                {start.run.linesTotal} / {start.expected}
              </progress>
              <p data-testid="run-progress-text">
                {t('paymentsPage.progress', {
                  done: start.run.linesTotal,
                  total: Math.max(start.expected, start.run.linesTotal),
                })}
              </p>
            </>
          ) : (
            // The server answers within 1.5 s, or with the run still collecting: until then the
            // amount collected is not known.
            <progress id={`${dateId}-progress`} />
          )}
          <div role="status">
            {pollFailed ? (
              <p className="message message-warning" data-testid="poll-failed">
                {t('paymentsPage.pollFailed')}
              </p>
            ) : null}
          </div>
        </div>
      ) : null}
      {start.kind === 'failed' ? <ErrorMessage error={start.error} testId="start-error" /> : null}
      {start.kind === 'done' ? (
        <div
          ref={doneRef}
          tabIndex={-1}
          className="message message-success"
          data-testid="run-collected"
        >
          <p>
            {t('paymentsPage.collected', {
              date: formatDate(start.run.paymentDate),
              count: start.run.linesTotal,
              amount: formatKronor(start.run.totalKronor),
            })}
          </p>
          <p>
            <Link to={runPath(start.run.id)} data-testid="open-started-run">
              {t('paymentsPage.openRun', { date: formatDate(start.run.paymentDate) })}
            </Link>
          </p>
        </div>
      ) : null}

      <ConfirmDialog
        open={confirming}
        title={t('paymentsPage.startTitle')}
        confirmLabel={t('paymentsPage.startYes')}
        pendingLabel={t('paymentsPage.starting')}
        cancelLabel={t('common.cancel')}
        pending={false}
        onConfirm={begin}
        onCancel={() => {
          setConfirming(false);
        }}
        testId="start-run-dialog"
      >
        <p>
          {due
            ? t('paymentsPage.startText', {
                date: formatDate(due.date),
                count: due.lines,
                amount: formatKronor(due.totalKronor),
              })
            : null}
        </p>
      </ConfirmDialog>
    </section>
  );
}

function DueTable({ due }: { due: DueSummary }) {
  const { t } = useTranslation();
  return (
    <div data-testid="due-result">
      {due.lines === 0 ? (
        <p data-testid="due-none">{t('paymentsPage.dueNone', { date: formatDate(due.date) })}</p>
      ) : (
        <TableWrap label={t('paymentsPage.dueCaption', { date: formatDate(due.date) })}>
          <table className="table table-compact" data-testid="due-table">
            <caption>{t('paymentsPage.dueCaption', { date: formatDate(due.date) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('paymentsPage.colDistrict')}</th>
                <th scope="col" className="amount">
                  {t('paymentsPage.colLines')}
                </th>
                <th scope="col" className="amount">
                  {t('paymentsPage.colTotal')}
                </th>
              </tr>
            </thead>
            <tbody>
              {due.byDistrict.map((row) => (
                <tr key={row.districtId}>
                  <th scope="row">{row.districtName}</th>
                  <td className="amount">{row.lines}</td>
                  <td className="amount nowrap">{formatKronor(row.totalKronor)}</td>
                </tr>
              ))}
              <tr className="total-row">
                <th scope="row">{t('paymentsPage.total')}</th>
                <td className="amount" data-testid="due-lines">
                  {due.lines}
                </td>
                <td className="amount nowrap" data-testid="due-total">
                  {formatKronor(due.totalKronor)}
                </td>
              </tr>
            </tbody>
          </table>
        </TableWrap>
      )}
      {due.waitingForAccount > 0 ? (
        <p className="message message-warning" data-testid="due-waiting">
          {t('paymentsPage.waiting', { count: due.waitingForAccount })}
        </p>
      ) : null}
    </div>
  );
}

function RunList({ load }: { load: Load<PaymentRun[]> }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="runs-heading" data-testid="runs-section">
      <h2 id="runs-heading">{t('paymentsPage.runsTitle')}</h2>
      {load.kind === 'loading' ? <p role="status">{t('paymentsPage.loadingRuns')}</p> : null}
      {load.kind === 'failed' ? <ErrorMessage error={load.error} /> : null}
      {load.kind === 'loaded' && load.value.length === 0 ? (
        <p data-testid="runs-empty">{t('paymentsPage.noRuns')}</p>
      ) : null}
      {load.kind === 'loaded' && load.value.length > 0 ? (
        <TableWrap label={t('paymentsPage.runsRegion')}>
          <table className="table table-compact" data-testid="runs-table">
            <caption>{t('paymentsPage.runsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('paymentsPage.colDate')}</th>
                <th scope="col">{t('paymentsPage.colKind')}</th>
                <th scope="col">{t('paymentsPage.colStatus')}</th>
                <th scope="col" className="amount">
                  {t('paymentsPage.colLines')}
                </th>
                <th scope="col" className="amount">
                  {t('paymentsPage.colTotal')}
                </th>
                <th scope="col">{t('paymentsPage.colAttest')}</th>
                <th scope="col">{t('paymentsPage.colFile')}</th>
              </tr>
            </thead>
            <tbody>
              {load.value.map((run) => (
                <tr key={run.id} data-testid="run-row">
                  <th scope="row" className="nowrap">
                    <Link to={runPath(run.id)} data-testid="run-link">
                      {run.urgent
                        ? t('paymentsPage.runLinkUrgent', { date: formatDate(run.paymentDate) })
                        : t('paymentsPage.runLink', { date: formatDate(run.paymentDate) })}
                    </Link>
                  </th>
                  <td>{run.urgent ? t('paymentsPage.urgent') : t('paymentsPage.ordinary')}</td>
                  <td>{t(`runStatuses.${run.status}`)}</td>
                  <td className="amount">{run.linesTotal}</td>
                  <td className="amount nowrap">{formatKronor(run.totalKronor)}</td>
                  <td>
                    {[run.firstAttest, run.secondAttest]
                      .filter((a) => a !== null)
                      .map((a) => a.name)
                      .join(', ') || t('paymentsPage.attestNone')}
                  </td>
                  <td>{run.messageId ? t('paymentsPage.fileYes') : t('paymentsPage.fileNo')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}
