// "Återkrav" on the case page: the case's recovery decisions and drafts; a new draft from the
// signed decisions that have paid something; a draft shown, changed, signed, and its letter.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client.ts';
import { fetchDecisions } from '../../api/decision-endpoints.ts';
import {
  fetchCasePayments,
  fetchRecoveries,
  fetchRecovery,
  recoveryLetterUrl,
  signRecovery,
} from '../../api/payment-endpoints.ts';
import type { RecoveryView } from '../../api/recovery-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { LiveStatus } from '../../components/forms.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, formatDateTime, formatKronor } from '../../i18n/index.ts';
import { useLoad } from '../cases/case-ui.tsx';
import { formatMonth } from '../payments/payment-ui.ts';
import '../payments/payments.css';
import { planText, RecoveryForm, type RecoveryCandidate } from './recovery-form.tsx';

const PAID = new Set(['instructed', 'accepted']);

export function RecoverySection({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { load, reload } = useLoad(async (signal) => {
    const [recoveries, decisions, payments] = await Promise.all([
      fetchRecoveries(caseId, signal),
      fetchDecisions(caseId, signal),
      fetchCasePayments(caseId, signal),
    ]);
    // What each signed decision has paid: its lines sent to the bank or confirmed.
    const paid = new Map<string, number>();
    for (const line of payments) {
      if (PAID.has(line.status))
        paid.set(line.decisionId, (paid.get(line.decisionId) ?? 0) + line.amount);
    }
    const candidates: RecoveryCandidate[] = decisions
      .filter((d) => d.status === 'signed' && (paid.get(d.id) ?? 0) > 0)
      .map((d) => ({
        decisionId: d.id,
        month: d.month,
        kind: d.kind,
        granted: d.amount,
        paid: paid.get(d.id) ?? 0,
      }));
    return { recoveries, candidates };
  }, caseId);
  const [open, setOpen] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const formId = useId();
  const data = load.kind === 'loaded' ? load.value : null;

  return (
    <section className="panel" aria-labelledby="recovery-heading" data-testid="case-recoveries">
      <h2 id="recovery-heading">{t('recovery.title')}</h2>
      <p className="hint">{t('recovery.intro')}</p>
      <LiveStatus message={status} testId="recovery-status" />
      {load.kind === 'loading' ? <p role="status">{t('recovery.loading')}</p> : null}
      {load.kind === 'failed' ? <ErrorMessage error={load.error} onRetry={reload} /> : null}
      {data && data.recoveries.length === 0 ? (
        <p data-testid="recoveries-empty">{t('recovery.none')}</p>
      ) : null}
      {data && data.recoveries.length > 0 ? (
        <TableWrap label={t('recovery.region')}>
          <table className="table table-compact" data-testid="recoveries-table">
            <caption>{t('recovery.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('recovery.colReference')}</th>
                <th scope="col">{t('recovery.colStatus')}</th>
                <th scope="col" className="amount">
                  {t('recovery.colAmount')}
                </th>
                <th scope="col">{t('recovery.colGround')}</th>
                <th scope="col">{t('recovery.colDecisionDate')}</th>
                <th scope="col">{t('recovery.colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {data.recoveries.map((recovery) => {
                const shown = open === recovery.id;
                return (
                  <tr key={recovery.id} data-testid="recovery-row" data-status={recovery.status}>
                    <th scope="row" className="mono nowrap">
                      {recovery.reference}
                    </th>
                    <td>
                      <span
                        className={
                          recovery.status === 'signed' ? 'badge badge-locked' : 'badge badge-draft'
                        }
                      >
                        {t(`recovery.statuses.${recovery.status}`)}
                      </span>
                    </td>
                    <td className="amount nowrap">{formatKronor(recovery.amount)}</td>
                    <td>{t(`recovery.grounds.${recovery.ground}`)}</td>
                    <td className="nowrap">
                      {recovery.decisionDate ? formatDate(recovery.decisionDate) : t('common.none')}
                    </td>
                    <td>
                      <button
                        type="button"
                        className="link-button"
                        aria-expanded={shown}
                        aria-controls={`${formId}-details`}
                        aria-label={
                          shown
                            ? t('recovery.hideLabel', { reference: recovery.reference })
                            : t('recovery.showLabel', { reference: recovery.reference })
                        }
                        data-testid="recovery-show"
                        onClick={() => {
                          setOpen(shown ? null : recovery.id);
                        }}
                      >
                        {shown ? t('recovery.hide') : t('recovery.show')}
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <div id={`${formId}-details`}>
        {open && data ? (
          <RecoveryDetails
            key={open}
            caseId={caseId}
            recoveryId={open}
            candidates={data.candidates}
            onChanged={(message) => {
              setStatus(message);
              reload();
            }}
          />
        ) : null}
      </div>
      {data ? (
        <>
          <button
            type="button"
            className="button button-secondary"
            id={`${formId}-new`}
            aria-expanded={creating}
            aria-controls={formId}
            data-testid="new-recovery"
            onClick={() => {
              setCreating((value) => !value);
            }}
          >
            {t('recovery.new')}
          </button>
          <div id={formId}>
            {creating ? (
              <RecoveryForm
                caseId={caseId}
                candidates={data.candidates}
                editing={null}
                onSaved={(recoveryId) => {
                  setCreating(false);
                  setStatus(t('recovery.created'));
                  setOpen(recoveryId);
                  reload();
                }}
                onCancel={() => {
                  setCreating(false);
                  document.getElementById(`${formId}-new`)?.focus();
                }}
              />
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

function RecoveryDetails({
  caseId,
  recoveryId,
  candidates,
  onChanged,
}: {
  caseId: string;
  recoveryId: string;
  candidates: readonly RecoveryCandidate[];
  onChanged: (message: string) => void;
}) {
  const { t } = useTranslation();
  const [view, setView] = useState<RecoveryView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [round, setRound] = useState(0);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [signing, setSigning] = useState(false);
  const [signError, setSignError] = useState<unknown>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const editId = useId();

  useEffect(() => {
    const controller = new AbortController();
    fetchRecovery(caseId, recoveryId, controller.signal)
      .then((next) => {
        setView(next);
        setError(null);
      })
      .catch((cause: unknown) => {
        if (!isAbort(cause)) setError(cause);
      });
    return () => {
      controller.abort();
    };
  }, [caseId, recoveryId, round]);

  // Focus goes to the recovery when it is opened, and back to it after a change.
  const loaded = view !== null;
  useEffect(() => {
    if (loaded) headingRef.current?.focus();
  }, [loaded, round]);

  if (error) return <ErrorMessage error={error} />;
  if (!view) return <p role="status">{t('recovery.loadingDetails')}</p>;

  const sign = () => {
    if (signing) return;
    setSigning(true);
    setSignError(null);
    signRecovery(caseId, view.id, view.version)
      .then(() => {
        setConfirming(false);
        onChanged(t('recovery.signed', { reference: view.reference }));
        setRound((n) => n + 1);
      })
      .catch((cause: unknown) => {
        setConfirming(false);
        setSignError(cause);
      })
      .finally(() => {
        setSigning(false);
      });
  };

  // The decisions already in the draft stay choosable even if their payments changed since.
  const choosable: RecoveryCandidate[] = [
    ...candidates,
    ...view.decisions
      .filter((d) => !candidates.some((c) => c.decisionId === d.decisionId))
      .map((d) => ({
        decisionId: d.decisionId,
        month: d.month,
        kind: d.kind,
        granted: d.granted,
        paid: d.paid,
      })),
  ];

  return (
    <article
      className="subpanel"
      aria-labelledby={`${view.id}-heading`}
      data-testid="recovery-details"
    >
      <h3 id={`${view.id}-heading`} ref={headingRef} tabIndex={-1}>
        {t('recovery.detailsTitle', { reference: view.reference })}
      </h3>
      <dl className="details">
        <div>
          <dt>{t('recovery.colStatus')}</dt>
          <dd data-testid="recovery-state">
            <span className={view.status === 'signed' ? 'badge badge-locked' : 'badge badge-draft'}>
              {t(`recovery.statuses.${view.status}`)}
            </span>
            {view.signedBy && view.signedAt ? (
              <>
                {' '}
                {t('recovery.signedBy', {
                  name: view.signedBy.name,
                  time: formatDateTime(view.signedAt),
                })}
              </>
            ) : (
              <> {t('recovery.preparedBy', { name: view.preparedBy.name })}</>
            )}
          </dd>
        </div>
        <div>
          <dt>{t('recovery.colAmount')}</dt>
          <dd data-testid="recovery-amount-shown">{formatKronor(view.amount)}</dd>
        </div>
        <div>
          <dt>{t('recovery.colGround')}</dt>
          <dd>{t(`recovery.grounds.${view.ground}`)}</dd>
        </div>
        <div>
          <dt>{t('recovery.paidTotal')}</dt>
          <dd>{formatKronor(view.paidTotal)}</dd>
        </div>
        {view.previouslyRecovered > 0 ? (
          <div>
            <dt>{t('recovery.previouslyRecovered')}</dt>
            <dd>{formatKronor(view.previouslyRecovered)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('recovery.recoverable')}</dt>
          <dd>{formatKronor(view.recoverable)}</dd>
        </div>
        <div>
          <dt>{t('recovery.plan')}</dt>
          <dd>
            {planText(t, view.plan, view.plan.firstMonth)}{' '}
            {view.deductionConsent
              ? t('recovery.consentText', {
                  date: formatDate(view.deductionConsent.writtenConsentOn),
                })
              : t('recovery.noConsent')}
          </dd>
        </div>
        <div>
          <dt>{t('recovery.reasons')}</dt>
          <dd className="note-body">{view.reasons}</dd>
        </div>
        <div>
          <dt>{t('recovery.legalBasis')}</dt>
          <dd>
            <ul className="plain-list">
              {view.legalBasis.map((basis) => (
                <li key={basis.key}>
                  {basis.citation}
                  {basis.status === 'derived' ? (
                    <span className="muted"> ({t('recovery.derived')})</span>
                  ) : null}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
      <TableWrap label={t('recovery.sourcesCaption')}>
        <table className="table table-compact">
          <caption>{t('recovery.sourcesCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('recovery.colDecision')}</th>
              <th scope="col">{t('recovery.colMonth')}</th>
              <th scope="col">{t('recovery.colDecisionDate')}</th>
              <th scope="col" className="amount">
                {t('recovery.colGranted')}
              </th>
              <th scope="col" className="amount">
                {t('recovery.colPaid')}
              </th>
            </tr>
          </thead>
          <tbody>
            {view.decisions.map((source) => (
              <tr key={source.decisionId}>
                <th scope="row" className="mono">
                  {source.reference}
                </th>
                <td>{formatMonth(t, source.month)}</td>
                <td className="nowrap">{formatDate(source.decisionDate)}</td>
                <td className="amount nowrap">{formatKronor(source.granted)}</td>
                <td className="amount nowrap">{formatKronor(source.paid)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {signError ? <ErrorMessage error={signError} testId="recovery-sign-error" /> : null}
      <div className="button-row">
        <a
          href={recoveryLetterUrl(caseId, view.id)}
          target="_blank"
          rel="noopener"
          data-testid="recovery-letter"
        >
          {view.status === 'signed' ? t('recovery.letter') : t('recovery.letterPreview')}
        </a>
      </div>
      {view.status === 'draft' ? (
        <>
          <div className="button-row">
            <button
              type="button"
              className="button"
              data-testid="recovery-sign"
              onClick={() => {
                setConfirming(true);
              }}
            >
              {t('recovery.sign')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={editing}
              aria-controls={editId}
              data-testid="recovery-edit"
              onClick={() => {
                setEditing((value) => !value);
              }}
            >
              {t('recovery.edit')}
            </button>
          </div>
          <div id={editId}>
            {editing ? (
              <RecoveryForm
                caseId={caseId}
                candidates={choosable}
                editing={view}
                onSaved={() => {
                  setEditing(false);
                  onChanged(t('recovery.saved'));
                  setRound((n) => n + 1);
                }}
                onCancel={() => {
                  setEditing(false);
                }}
              />
            ) : null}
          </div>
          <ConfirmDialog
            open={confirming}
            title={t('recovery.signTitle')}
            confirmLabel={t('recovery.signYes')}
            pendingLabel={t('recovery.signing')}
            cancelLabel={t('common.cancel')}
            pending={signing}
            onConfirm={sign}
            onCancel={() => {
              setConfirming(false);
            }}
            testId="recovery-sign-dialog"
          >
            <p>{t('recovery.signText', { amount: formatKronor(view.amount) })}</p>
          </ConfirmDialog>
        </>
      ) : null}
    </article>
  );
}
