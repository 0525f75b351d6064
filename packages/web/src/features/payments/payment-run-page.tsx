// One payment run (/utbetalningar/:runId): status and totals, the two attests by two different
// people (the first attester is told why they cannot make the second), the bank file made once
// and downloaded, and the bank's status reports read in from a file.
import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, isAbort } from '../../api/client.ts';
import {
  attestRun,
  bankFileUrl,
  cancelRun,
  createBankFile,
  fetchRun,
  importStatusReport,
} from '../../api/payment-endpoints.ts';
import type { ImportSummary, PaymentRun } from '../../api/payment-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorMessage, useErrorText } from '../../components/error-message.tsx';
import { ErrorSummary } from '../../components/error-summary.tsx';
import { LiveStatus, SubmitButton } from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatBytes, formatDate, formatDateTime, formatKronor } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { PAYMENTS_PATH, REJECTED_PATH } from './payment-ui.ts';
import './payments.css';

const POLL_MS = 1000;
/** Error codes that are about the report file itself: shown at the file field. */
const REPORT_FILE_ERRORS = new Set([
  'xml_required',
  'not_xml',
  'not_pain002',
  'invalid_report',
  'already_imported',
  'report_conflict',
  'unknown_message',
  'unknown_payment',
  'body_too_large',
  'unsupported_media_type',
]);

type State =
  { kind: 'loading' } | { kind: 'loaded'; run: PaymentRun } | { kind: 'failed'; error: unknown };

export function PaymentRunPage() {
  const { t } = useTranslation();
  const { runId = '' } = useParams();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setState({ kind: 'loading' });
    fetchRun(runId, controller.signal)
      .then((run) => {
        setState({ kind: 'loaded', run });
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setState({ kind: 'failed', error });
      });
    return () => {
      controller.abort();
    };
  }, [runId]);

  const refresh = useCallback(async (): Promise<void> => {
    try {
      const run = await fetchRun(runId);
      setState({ kind: 'loaded', run });
    } catch (error) {
      setState({ kind: 'failed', error });
    }
  }, [runId]);

  const run = state.kind === 'loaded' ? state.run : null;
  // A run that is still collecting (started over HTTP, going on in the background) is read again.
  const collecting = run?.status === 'collecting';
  useEffect(() => {
    if (!collecting) return;
    const timer = window.setInterval(() => {
      void refresh();
    }, POLL_MS);
    return () => {
      window.clearInterval(timer);
    };
  }, [collecting, refresh]);

  const title = run
    ? t(run.urgent ? 'runPage.headingUrgent' : 'runPage.heading', {
        date: formatDate(run.paymentDate),
      })
    : state.kind === 'failed'
      ? t('runPage.cannotShow')
      : t('runPage.title');
  usePageTitle(title);

  const back = (
    <p className="back-link">
      <Link to={PAYMENTS_PATH}>{t('runPage.toRuns')}</Link>
    </p>
  );

  if (!run) {
    return (
      <>
        {back}
        <PageHeading>{title}</PageHeading>
        {state.kind === 'failed' ? (
          <ErrorMessage error={state.error} />
        ) : (
          <p role="status">{t('runPage.loading')}</p>
        )}
      </>
    );
  }

  return (
    <>
      {back}
      <PageHeading testId="run-heading">{title}</PageHeading>
      <LiveStatus message={status} testId="run-status-message" />
      <RunOverview run={run} />
      {run.status === 'cancelled' ? (
        <p className="message message-warning" data-testid="run-cancelled">
          {t('runPage.cancelledNote')}
        </p>
      ) : null}
      <AttestSection
        run={run}
        onRun={(next) => {
          setState({ kind: 'loaded', run: next });
        }}
        refresh={refresh}
        announce={setStatus}
      />
      <FileSection run={run} refresh={refresh} announce={setStatus} />
      <ReportSection run={run} refresh={refresh} />
      <CancelSection
        run={run}
        onRun={(next) => {
          setState({ kind: 'loaded', run: next });
        }}
        announce={setStatus}
      />
    </>
  );
}

function RunOverview({ run }: { run: PaymentRun }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="run-overview">
      <h2 id="run-overview" tabIndex={-1}>
        {t('runPage.overview')}
      </h2>
      {run.status === 'collecting' ? (
        <div className="run-progress" data-testid="run-collecting">
          <p role="status">{t('runPage.collecting', { count: run.linesTotal })}</p>
          <progress aria-label={t('paymentsPage.progressLabel')} />
        </div>
      ) : null}
      <dl className="details" data-testid="run-details">
        <div>
          <dt>{t('runPage.status')}</dt>
          <dd data-testid="run-status" data-status={run.status}>
            {t(`runStatuses.${run.status}`)}
          </dd>
        </div>
        <div>
          <dt>{t('runPage.kind')}</dt>
          <dd>{run.urgent ? t('paymentsPage.urgent') : t('paymentsPage.ordinary')}</dd>
        </div>
        <div>
          <dt>{t('runPage.lines')}</dt>
          <dd data-testid="run-lines">{run.linesTotal}</dd>
        </div>
        <div>
          <dt>{t('runPage.total')}</dt>
          <dd data-testid="run-total">{formatKronor(run.totalKronor)}</dd>
        </div>
        <div>
          <dt>{t('runPage.runKey')}</dt>
          <dd className="mono">{run.runKey}</dd>
        </div>
        {run.messageId ? (
          <div>
            <dt>{t('runPage.messageId')}</dt>
            <dd className="mono" data-testid="run-message-id">
              {run.messageId}
            </dd>
          </div>
        ) : null}
        {run.fileSha256 ? (
          <div>
            <dt>{t('runPage.sha')}</dt>
            <dd className="mono">{run.fileSha256}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function AttestSection({
  run,
  onRun,
  refresh,
  announce,
}: {
  run: PaymentRun;
  onRun: (run: PaymentRun) => void;
  refresh: () => Promise<void>;
  announce: (message: string) => void;
}) {
  const { t } = useTranslation();
  const { session, permissions } = useSignedIn();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const attestedByMe = run.firstAttest?.userId === session.userId;

  const attest = () => {
    if (pending) return;
    setPending(true);
    setError(null);
    attestRun(run.id)
      .then((next) => {
        onRun(next);
        announce(next.secondAttest ? t('runPage.attestSecondDone') : t('runPage.attestFirstDone'));
      })
      .catch((cause: unknown) => {
        setError(cause);
        // The run may have changed meanwhile (someone else attested): show it as it is now.
        void refresh();
      })
      .finally(() => {
        setPending(false);
      });
  };

  const attestText = (attest: PaymentRun['firstAttest']) =>
    attest
      ? t('runPage.attestBy', { name: attest.name, time: formatDateTime(attest.at) })
      : t('runPage.notYet');

  let action: ReactNode;
  if (run.secondAttest) {
    action = <p data-testid="attest-complete">{t('runPage.attestComplete')}</p>;
  } else if (run.status === 'collecting') {
    action = <p>{t('runPage.attestWaitCollect')}</p>;
  } else if (!permissions.attestPayments) {
    action = <p>{t('runPage.attestNoRole')}</p>;
  } else if (attestedByMe) {
    action = (
      <p className="message message-info" data-testid="attested-by-you">
        {t('runPage.attestedByYou')}
      </p>
    );
  } else if (run.status === 'collected' && run.linesTotal > 0) {
    action = (
      <button
        type="button"
        className="button"
        aria-disabled={pending ? true : undefined}
        data-testid="attest-run"
        onClick={attest}
      >
        {pending
          ? t('runPage.attesting')
          : run.firstAttest
            ? t('runPage.attestSecond')
            : t('runPage.attestFirst')}
      </button>
    );
  } else {
    action = null;
  }

  return (
    <section className="panel" aria-labelledby="attest-heading" data-testid="attest-section">
      <h2 id="attest-heading">{t('runPage.attestTitle')}</h2>
      <p className="hint">{t('runPage.attestIntro')}</p>
      <dl className="details">
        <div>
          <dt>{t('runPage.firstAttest')}</dt>
          <dd data-testid="first-attest">{attestText(run.firstAttest)}</dd>
        </div>
        <div>
          <dt>{t('runPage.secondAttest')}</dt>
          <dd data-testid="second-attest">{attestText(run.secondAttest)}</dd>
        </div>
      </dl>
      {error ? <ErrorMessage error={error} testId="attest-error" /> : null}
      <div className="actions">{action}</div>
    </section>
  );
}

function FileSection({
  run,
  refresh,
  announce,
}: {
  run: PaymentRun;
  refresh: () => Promise<void>;
  announce: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const downloadRef = useRef<HTMLAnchorElement>(null);

  const create = () => {
    if (pending) return;
    setPending(true);
    setError(null);
    createBankFile(run.id)
      .then(async () => {
        setConfirming(false);
        await refresh();
        announce(t('runPage.fileCreated'));
        window.requestAnimationFrame(() => downloadRef.current?.focus());
      })
      .catch((cause: unknown) => {
        setConfirming(false);
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <section className="panel" aria-labelledby="file-heading" data-testid="file-section">
      <h2 id="file-heading">{t('runPage.fileTitle')}</h2>
      <p className="hint">{t('runPage.fileIntro')}</p>
      {error ? <ErrorMessage error={error} testId="file-error" /> : null}
      {run.messageId ? (
        <p>
          <a
            ref={downloadRef}
            className="button"
            href={bankFileUrl(run.id)}
            download={`${run.messageId}.xml`}
            data-testid="download-bank-file"
          >
            {t('runPage.download')}
          </a>
        </p>
      ) : run.status === 'attested' ? (
        <div className="actions">
          <button
            type="button"
            className="button"
            aria-disabled={pending ? true : undefined}
            data-testid="create-bank-file"
            onClick={() => {
              setConfirming(true);
            }}
          >
            {pending ? t('runPage.creatingFile') : t('runPage.createFile')}
          </button>
        </div>
      ) : (
        <p data-testid="file-needs-attest">{t('runPage.fileNeedsAttest')}</p>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('runPage.createFileTitle')}
        confirmLabel={t('runPage.createFileYes')}
        pendingLabel={t('runPage.creatingFile')}
        cancelLabel={t('common.cancel')}
        pending={pending}
        onConfirm={create}
        onCancel={() => {
          setConfirming(false);
        }}
        testId="create-file-dialog"
      >
        <p>
          {t('runPage.createFileText', {
            count: run.linesTotal,
            amount: formatKronor(run.totalKronor),
            date: formatDate(run.paymentDate),
          })}
        </p>
      </ConfirmDialog>
    </section>
  );
}

function ReportSection({ run, refresh }: { run: PaymentRun; refresh: () => Promise<void> }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const fileId = useId();
  const hintId = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [summaryToken, setSummaryToken] = useState(0);
  const [upload, setUpload] = useState<{ name: string; share: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<ImportSummary | null>(null);

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (upload) return;
    setError(null);
    setResult(null);
    const problem = !file
      ? t('runPage.reportChoose')
      : file.size === 0
        ? t('runPage.reportEmpty')
        : null;
    if (problem || !file) {
      setFileError(problem);
      setSummaryToken((n) => n + 1);
      return;
    }
    setFileError(null);
    setUpload({ name: file.name, share: 0 });
    importStatusReport(file, (share) => {
      setUpload({ name: file.name, share });
    })
      .then(async (summary) => {
        setResult(summary);
        setFile(null);
        if (fileRef.current) fileRef.current.value = '';
        await refresh();
        window.requestAnimationFrame(() => resultRef.current?.focus());
      })
      .catch((cause: unknown) => {
        if (isAbort(cause)) return;
        if (cause instanceof ApiError && REPORT_FILE_ERRORS.has(cause.code)) {
          setFileError(errorText(cause));
          setSummaryToken((n) => n + 1);
        } else {
          setError(cause);
        }
      })
      .finally(() => {
        setUpload(null);
      });
  };

  const percent = upload ? Math.round(upload.share * 100) : 0;

  return (
    <section className="panel" aria-labelledby="report-heading" data-testid="report-section">
      <h2 id="report-heading">{t('runPage.reportTitle')}</h2>
      <p className="hint">{t('runPage.reportIntro')}</p>
      {result ? (
        <div
          ref={resultRef}
          tabIndex={-1}
          role="status"
          className={result.rejected > 0 ? 'message message-warning' : 'message message-success'}
          data-testid="report-result"
        >
          <p>
            {t('runPage.reportDone', {
              accepted: result.accepted,
              rejected: result.rejected,
              pending: result.pending,
            })}
          </p>
          {result.runKey !== run.runKey ? (
            <p>{t('runPage.reportOtherRun', { runKey: result.runKey })}</p>
          ) : null}
          {result.rejected > 0 ? (
            <p>
              {t('runPage.reportRejectedHint')}{' '}
              <Link to={REJECTED_PATH}>{t('paymentsNav.rejected')}</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {run.messageId ? (
        <form onSubmit={submit} noValidate data-testid="report-form">
          <ErrorSummary
            items={fileError ? [{ fieldId: fileId, message: fileError }] : []}
            focusToken={summaryToken}
            testId="report-error-summary"
          />
          {error ? <ErrorMessage error={error} testId="report-error" /> : null}
          <div className={fileError ? 'field field-invalid' : 'field'}>
            <label htmlFor={fileId}>{t('runPage.reportFile')}</label>
            <p id={hintId} className="hint">
              {t('runPage.reportFileHint')}
            </p>
            {fileError ? (
              <p
                id={`${fileId}-error`}
                className="field-error"
                role="alert"
                data-testid="report-file-error"
              >
                {fileError}
              </p>
            ) : null}
            <input
              ref={fileRef}
              id={fileId}
              type="file"
              className="file-input"
              accept=".xml,application/xml,text/xml"
              aria-describedby={[hintId, fileError ? `${fileId}-error` : null]
                .filter((v) => v !== null)
                .join(' ')}
              aria-invalid={fileError ? true : undefined}
              data-testid="report-file"
              onChange={(event) => {
                setFile(event.target.files?.[0] ?? null);
                setFileError(null);
              }}
            />
          </div>
          {file ? (
            <p className="muted">
              {file.name}, {formatBytes(file.size)}
            </p>
          ) : null}
          {upload ? (
            <div className="field">
              <label htmlFor={`${fileId}-progress`}>
                {t('runPage.reportProgress', { name: upload.name })}
              </label>
              <progress id={`${fileId}-progress`} max={100} value={percent}>
                {percent} %
              </progress>
            </div>
          ) : null}
          <div className="actions">
            <SubmitButton
              pending={upload !== null}
              label={t('runPage.reportSubmit')}
              pendingLabel={t('runPage.reportUploading', { percent })}
              testId="report-submit"
            />
          </div>
        </form>
      ) : (
        <p>{t('runPage.reportNeedsFile')}</p>
      )}
      <h3 className="section-subheading">{t('runPage.reportsCaption')}</h3>
      {run.statusReports.length === 0 ? (
        <p data-testid="reports-empty">{t('runPage.noReports')}</p>
      ) : (
        <TableWrap label={t('runPage.reportsCaption')}>
          <table className="table table-compact" data-testid="reports-table">
            <caption className="visually-hidden">{t('runPage.reportsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('runPage.colReport')}</th>
                <th scope="col">{t('runPage.colImported')}</th>
                <th scope="col" className="amount">
                  {t('runPage.colAccepted')}
                </th>
                <th scope="col" className="amount">
                  {t('runPage.colRejected')}
                </th>
              </tr>
            </thead>
            <tbody>
              {run.statusReports.map((report) => (
                <tr key={report.messageId} data-testid="report-row">
                  <th scope="row" className="mono">
                    {report.messageId}
                  </th>
                  <td className="nowrap">{formatDateTime(report.importedAt)}</td>
                  <td className="amount">{report.accepted}</td>
                  <td className="amount">{report.rejected}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function CancelSection({
  run,
  onRun,
  announce,
}: {
  run: PaymentRun;
  onRun: (run: PaymentRun) => void;
  announce: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (run.status === 'cancelled') return null;

  const cancel = () => {
    if (pending) return;
    setPending(true);
    setError(null);
    cancelRun(run.id)
      .then((next) => {
        setConfirming(false);
        onRun(next);
        announce(t('runPage.cancelled'));
        window.requestAnimationFrame(() => document.getElementById('run-overview')?.focus());
      })
      .catch((cause: unknown) => {
        setConfirming(false);
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <section
      className="panel"
      aria-labelledby="cancel-run-heading"
      data-testid="cancel-run-section"
    >
      <h2 id="cancel-run-heading">{t('runPage.cancelTitle')}</h2>
      {run.status === 'file_created' ? (
        <p>{t('runPage.cancelAfterFile')}</p>
      ) : (
        <>
          <p className="hint">{t('runPage.cancelIntro')}</p>
          {error ? <ErrorMessage error={error} testId="cancel-run-error" /> : null}
          <button
            type="button"
            className="button button-secondary"
            data-testid="cancel-run"
            onClick={() => {
              setConfirming(true);
            }}
          >
            {t('runPage.cancel')}
          </button>
        </>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('runPage.cancelConfirmTitle')}
        confirmLabel={t('runPage.cancelYes')}
        pendingLabel={t('runPage.cancelling')}
        cancelLabel={t('common.cancel')}
        pending={pending}
        danger
        onConfirm={cancel}
        onCancel={() => {
          setConfirming(false);
        }}
        testId="cancel-run-dialog"
      >
        <p>
          {t('runPage.cancelConfirmText', {
            date: formatDate(run.paymentDate),
            count: run.linesTotal,
          })}
        </p>
      </ConfirmDialog>
    </section>
  );
}
