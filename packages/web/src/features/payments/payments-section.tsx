// "Utbetalningar" on the case page: the payees with their approved account and a change waiting
// for a second person (who may approve or reject it; the one who entered it may not), the forms
// that add a payee or change an account, and the case's payment history with "Planera om" and
// stopping a planned payment.
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDecisions } from '../../api/decision-endpoints.ts';
import {
  cancelPayment,
  decideAccount,
  fetchCasePayments,
  fetchPayees,
  planCasePayments,
} from '../../api/payment-endpoints.ts';
import type { PayeeView, PaymentLine } from '../../api/payment-types.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { ErrorMessage } from '../../components/error-message.tsx';
import { LiveStatus } from '../../components/forms.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, formatDateTime, formatKronor, hasKey, sv } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { useLoad } from '../cases/case-ui.tsx';
import { PayeeForm } from './payee-form.tsx';
import {
  bankAnswerText,
  costItemText,
  formatMonth,
  isUrgentRunKey,
  runKeyDate,
} from './payment-ui.ts';
import './payments.css';

const payeeHeadingId = (payeeId: string) => `payee-${payeeId}-heading`;

/**
 * Whether a rejected payment still waits to be planned again: a decision with a rejected line
 * whose other lines do not cover what it granted (as the server's payment tasks decide).
 */
function unpaidRejections(
  payments: readonly PaymentLine[],
  decisions: readonly { id: string; amount: number }[],
): boolean {
  return decisions.some((decision) => {
    const lines = payments.filter((line) => line.decisionId === decision.id);
    if (!lines.some((line) => line.status === 'rejected')) return false;
    const covered = lines
      .filter((line) => line.status !== 'rejected' && line.status !== 'cancelled')
      .reduce((sum, line) => sum + line.amount, 0);
    return covered < decision.amount;
  });
}

export function PaymentsSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { load, reload } = useLoad(async (signal) => {
    const [payees, payments, decisions] = await Promise.all([
      fetchPayees(caseId, signal),
      fetchCasePayments(caseId, signal),
      fetchDecisions(caseId, signal),
    ]);
    return { payees, payments, unpaidRejections: unpaidRejections(payments, decisions) };
  }, caseId);
  const [status, setStatus] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  const addFormId = useId();
  const data = load.kind === 'loaded' ? load.value : null;

  // After a change the list is read again; focus goes to what changed once it is on the page.
  useEffect(() => {
    if (focusTarget === null) return;
    const element = document.getElementById(focusTarget);
    if (element) {
      element.focus();
      setFocusTarget(null);
    }
  }, [data, focusTarget]);

  const changed = (message: string, focus: string | null) => {
    setStatus(message);
    setFocusTarget(focus);
    reload();
  };

  return (
    <section className="panel" aria-labelledby="payments-heading" data-testid="case-payments">
      <h2 id="payments-heading">{t('casePayments.title')}</h2>
      <p className="hint">{t('casePayments.intro')}</p>
      <LiveStatus message={status} testId="case-payments-status" />
      {load.kind === 'loading' ? <p role="status">{t('casePayments.loading')}</p> : null}
      {load.kind === 'failed' ? <ErrorMessage error={load.error} onRetry={reload} /> : null}
      {data ? (
        <>
          <h3 id="payees-heading">{t('casePayments.payees')}</h3>
          {data.payees.length === 0 ? (
            <p data-testid="payees-empty">{t('casePayments.noPayees')}</p>
          ) : (
            <div className="payees">
              {data.payees.map((payee) => (
                <PayeeCard key={payee.id} caseId={caseId} payee={payee} onChanged={changed} />
              ))}
            </div>
          )}
          <button
            type="button"
            className="button button-secondary"
            id={`${addFormId}-open`}
            aria-expanded={adding}
            aria-controls={addFormId}
            data-testid="add-payee"
            onClick={() => {
              setAdding((open) => !open);
            }}
          >
            {t('casePayments.addPayee')}
          </button>
          <div id={addFormId}>
            {adding ? (
              <PayeeForm
                caseId={caseId}
                mode={{
                  kind: 'add',
                  hasApplicant: data.payees.some((p) => p.kind === 'applicant'),
                }}
                onDone={(payeeId, name) => {
                  setAdding(false);
                  changed(t('casePayments.added', { name }), payeeHeadingId(payeeId));
                }}
                onCancel={() => {
                  setAdding(false);
                  setFocusTarget(`${addFormId}-open`);
                }}
              />
            ) : null}
          </div>
          <PaymentHistory
            caseId={caseId}
            payments={data.payments}
            unpaidRejections={data.unpaidRejections}
            onChanged={changed}
          />
        </>
      ) : null}
    </section>
  );
}

function PayeeCard({
  caseId,
  payee,
  onChanged,
}: {
  caseId: string;
  payee: PayeeView;
  onChanged: (message: string, focus: string | null) => void;
}) {
  const { t } = useTranslation();
  const { session, permissions } = useSignedIn();
  const [changing, setChanging] = useState(false);
  const [deciding, setDeciding] = useState<'approve' | 'reject' | null>(null);
  const [confirmReject, setConfirmReject] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const formId = useId();
  const pending = payee.pendingAccount;
  const headingId = payeeHeadingId(payee.id);
  const enteredByMe = pending !== null && pending.requestedBy === session.userId;

  const decide = (approve: boolean) => {
    if (!pending || deciding) return;
    setDeciding(approve ? 'approve' : 'reject');
    setError(null);
    decideAccount(caseId, payee.id, pending.id, approve)
      .then(() => {
        setConfirmReject(false);
        onChanged(
          approve
            ? t('casePayments.approved', { account: pending.display, name: payee.name })
            : t('casePayments.rejected', { account: pending.display }),
          headingId,
        );
      })
      .catch((cause: unknown) => {
        setConfirmReject(false);
        setError(cause);
      })
      .finally(() => {
        setDeciding(null);
      });
  };

  return (
    <article
      className="payee"
      aria-labelledby={headingId}
      data-testid="payee"
      data-kind={payee.kind}
    >
      <h4 id={headingId} tabIndex={-1}>
        {t('casePayments.payeeHeading', { name: payee.name, kind: t(`payeeKinds.${payee.kind}`) })}
      </h4>
      <dl className="details">
        {payee.organisationNumber ? (
          <div>
            <dt>{t('casePayments.organisationNumber')}</dt>
            <dd className="mono nowrap">{payee.organisationNumber}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('casePayments.activeAccount')}</dt>
          <dd data-testid="payee-active-account">
            {payee.activeAccount ? (
              <>
                <span className="mono">{payee.activeAccount.display}</span>
                {payee.activeAccount.approvedAt ? (
                  <span className="muted">
                    {' '}
                    (
                    {t('casePayments.approvedOn', {
                      time: formatDateTime(payee.activeAccount.approvedAt),
                    })}
                    )
                  </span>
                ) : null}
              </>
            ) : (
              <span className="overdue-text">{t('casePayments.noActiveAccount')}</span>
            )}
          </dd>
        </div>
        {pending ? (
          <div>
            <dt>{t('casePayments.pendingAccount')}</dt>
            <dd data-testid="payee-pending-account">
              <p>
                <span className="badge badge-draft">{t('accountStatuses.pending')}</span>{' '}
                {t('casePayments.pendingDetails', {
                  account: pending.display,
                  name: pending.requestedByName,
                  time: formatDateTime(pending.requestedAt),
                })}
              </p>
              <p>{t('casePayments.pendingReason', { reason: pending.reason })}</p>
              {enteredByMe ? (
                <p className="message message-info" data-testid="four-eyes-self">
                  {t('casePayments.fourEyesSelf')}
                </p>
              ) : permissions.attestPayments ? (
                <div className="button-row">
                  <button
                    type="button"
                    className="button"
                    aria-label={t('casePayments.approveLabel', {
                      account: pending.display,
                      name: payee.name,
                    })}
                    aria-disabled={deciding ? true : undefined}
                    data-testid="approve-account"
                    onClick={() => {
                      decide(true);
                    }}
                  >
                    {deciding === 'approve'
                      ? t('casePayments.deciding')
                      : t('casePayments.approve')}
                  </button>
                  <button
                    type="button"
                    className="button button-secondary"
                    aria-label={t('casePayments.rejectLabel', {
                      account: pending.display,
                      name: payee.name,
                    })}
                    data-testid="reject-account"
                    onClick={() => {
                      setConfirmReject(true);
                    }}
                  >
                    {t('casePayments.reject')}
                  </button>
                </div>
              ) : (
                <p className="hint" data-testid="four-eyes-role">
                  {t('casePayments.fourEyesRole')}
                </p>
              )}
            </dd>
          </div>
        ) : null}
      </dl>
      {error ? <ErrorMessage error={error} testId="payee-error" /> : null}
      <details className="account-history">
        <summary>{t('casePayments.history')}</summary>
        <TableWrap label={t('casePayments.historyCaption', { name: payee.name })}>
          <table className="table table-compact">
            <caption>{t('casePayments.historyCaption', { name: payee.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('casePayments.colAccount')}</th>
                <th scope="col">{t('casePayments.colStatus')}</th>
                <th scope="col">{t('casePayments.colRequested')}</th>
                <th scope="col">{t('casePayments.colDecided')}</th>
              </tr>
            </thead>
            <tbody>
              {payee.history.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row" className="mono">
                    {entry.display}
                  </th>
                  <td>
                    {hasKey(sv.accountStatuses, entry.status)
                      ? t(`accountStatuses.${entry.status}`)
                      : entry.status}
                  </td>
                  <td className="nowrap">{formatDateTime(entry.requestedAt)}</td>
                  <td className="nowrap">
                    {entry.decidedAt ? formatDateTime(entry.decidedAt) : t('common.none')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </details>
      {pending === null ? (
        <button
          type="button"
          className="button button-secondary"
          id={`${formId}-open`}
          aria-expanded={changing}
          aria-controls={formId}
          aria-label={t('casePayments.changeAccountLabel', { name: payee.name })}
          data-testid="change-account"
          onClick={() => {
            setChanging((open) => !open);
          }}
        >
          {t('casePayments.changeAccount')}
        </button>
      ) : null}
      <div id={formId}>
        {changing && pending === null ? (
          <PayeeForm
            caseId={caseId}
            mode={{ kind: 'change', payeeId: payee.id, payeeName: payee.name }}
            onDone={() => {
              setChanging(false);
              onChanged(t('casePayments.changeDone', { name: payee.name }), headingId);
            }}
            onCancel={() => {
              setChanging(false);
              document.getElementById(`${formId}-open`)?.focus();
            }}
          />
        ) : null}
      </div>
      <ConfirmDialog
        open={confirmReject}
        title={t('casePayments.rejectTitle')}
        confirmLabel={t('casePayments.rejectYes')}
        pendingLabel={t('casePayments.deciding')}
        cancelLabel={t('common.cancel')}
        pending={deciding !== null}
        danger
        onConfirm={() => {
          decide(false);
        }}
        onCancel={() => {
          setConfirmReject(false);
        }}
        testId="reject-account-dialog"
      >
        <p>{t('casePayments.rejectText', { account: pending?.display ?? '', name: payee.name })}</p>
      </ConfirmDialog>
    </article>
  );
}

function PaymentHistory({
  caseId,
  payments,
  unpaidRejections: hasRejected,
  onChanged,
}: {
  caseId: string;
  payments: PaymentLine[];
  /** A rejection not yet planned again: the officer is told what to do. */
  unpaidRejections: boolean;
  onChanged: (message: string, focus: string | null) => void;
}) {
  const { t } = useTranslation();
  const [planning, setPlanning] = useState(false);
  const [cancelling, setCancelling] = useState<PaymentLine | null>(null);
  const [cancelPending, setCancelPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const planHintId = useId();

  const plan = () => {
    if (planning) return;
    setPlanning(true);
    setError(null);
    planCasePayments(caseId)
      .then(({ created }) => {
        onChanged(
          created === 0
            ? t('casePayments.plannedNone')
            : t('casePayments.planned', { count: created }),
          null,
        );
      })
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPlanning(false);
      });
  };

  const cancel = () => {
    if (!cancelling || cancelPending) return;
    setCancelPending(true);
    setError(null);
    cancelPayment(caseId, cancelling.id)
      .then(() => {
        setCancelling(null);
        onChanged(t('casePayments.cancelled'), 'payment-history-heading');
      })
      .catch((cause: unknown) => {
        setCancelling(null);
        setError(cause);
      })
      .finally(() => {
        setCancelPending(false);
      });
  };

  return (
    <>
      <h3 id="payment-history-heading" className="section-subheading" tabIndex={-1}>
        {t('casePayments.paymentsTitle')}
      </h3>
      <p className="hint">{t('casePayments.paymentsIntro')}</p>
      {hasRejected ? (
        <p className="message message-warning" data-testid="rejected-note">
          {t('casePayments.rejectedNote')}
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} testId="payments-error" /> : null}
      {payments.length === 0 ? (
        <p data-testid="payments-empty">{t('casePayments.noPayments')}</p>
      ) : (
        <TableWrap label={t('casePayments.paymentsRegion')}>
          <table className="table table-compact" data-testid="payment-history">
            <caption>{t('casePayments.paymentsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('casePayments.colDue')}</th>
                <th scope="col">{t('casePayments.colMonth')}</th>
                <th scope="col">{t('casePayments.colPayee')}</th>
                <th scope="col">{t('casePayments.colItem')}</th>
                <th scope="col">{t('casePayments.colAmount')}</th>
                <th scope="col">{t('casePayments.colPaymentStatus')}</th>
                <th scope="col">{t('casePayments.colRun')}</th>
                <th scope="col">{t('casePayments.colBank')}</th>
                <th scope="col">{t('casePayments.colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {payments.map((line) => (
                <tr key={line.id} data-testid="payment-row" data-status={line.status}>
                  <th scope="row" className="nowrap">
                    {formatDate(line.dueDate)}
                  </th>
                  <td className="nowrap">{formatMonth(t, line.month)}</td>
                  <td>{line.payeeName}</td>
                  <td>{costItemText(t, line.costItem)}</td>
                  <td className="nowrap amount">{formatKronor(line.amount)}</td>
                  <td>
                    <span className={`badge payment-status payment-status-${line.status}`}>
                      {t(`paymentStatuses.${line.status}`)}
                    </span>
                  </td>
                  <td className="nowrap">
                    {line.runKey === null
                      ? t('common.none')
                      : isUrgentRunKey(line.runKey)
                        ? t('casePayments.urgentRun', { date: formatDate(runKeyDate(line.runKey)) })
                        : formatDate(runKeyDate(line.runKey))}
                  </td>
                  <td data-testid="payment-bank">{bankAnswerText(t, line) ?? t('common.none')}</td>
                  <td>
                    {line.status === 'planned' ? (
                      <button
                        type="button"
                        className="link-button"
                        aria-label={t('casePayments.cancelLabel', {
                          amount: formatKronor(line.amount),
                          payee: line.payeeName,
                          date: formatDate(line.dueDate),
                        })}
                        data-testid="cancel-payment"
                        onClick={() => {
                          setCancelling(line);
                        }}
                      >
                        {t('casePayments.cancel')}
                      </button>
                    ) : (
                      t('common.none')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <div className="actions">
        <button
          type="button"
          className="button button-secondary"
          aria-describedby={planHintId}
          aria-disabled={planning ? true : undefined}
          data-testid="plan-payments"
          onClick={plan}
        >
          {planning ? t('casePayments.planning') : t('casePayments.plan')}
        </button>
      </div>
      <p id={planHintId} className="hint">
        {t('casePayments.planHint')}
      </p>
      <ConfirmDialog
        open={cancelling !== null}
        title={t('casePayments.cancelTitle')}
        confirmLabel={t('casePayments.cancelYes')}
        pendingLabel={t('casePayments.cancelling')}
        cancelLabel={t('common.cancel')}
        pending={cancelPending}
        danger
        onConfirm={cancel}
        onCancel={() => {
          setCancelling(null);
        }}
        testId="cancel-payment-dialog"
      >
        <p>
          {cancelling
            ? t('casePayments.cancelText', {
                amount: formatKronor(cancelling.amount),
                payee: cancelling.payeeName,
                date: formatDate(cancelling.dueDate),
              })
            : null}
        </p>
      </ConfirmDialog>
    </>
  );
}
