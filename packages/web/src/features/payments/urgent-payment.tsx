// "Betala ut akut" on a signed emergency decision: plans it and starts a payment run of its own
// for today, which still needs two attests and a bank file; the result links to that run.
import { useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DecisionView } from '../../api/decision-types.ts';
import { urgentPayment } from '../../api/payment-endpoints.ts';
import type { PaymentRun } from '../../api/payment-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { formatDate, formatKronor } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { runPath } from './payment-ui.ts';

export function UrgentPayment({ view }: { view: DecisionView }) {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [run, setRun] = useState<PaymentRun | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  const pay = () => {
    if (pending) return;
    setPending(true);
    setError(null);
    urgentPayment(view.caseId, view.id)
      .then((started) => {
        setRun(started);
        window.requestAnimationFrame(() => resultRef.current?.focus());
      })
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };

  return (
    <div className="subpanel" data-testid="urgent-payment">
      <h3>{t('urgentPayment.title')}</h3>
      <p className="hint">{t('urgentPayment.intro')}</p>
      {error ? <ErrorMessage error={error} testId="urgent-payment-error" /> : null}
      {run ? (
        <div
          ref={resultRef}
          tabIndex={-1}
          role="status"
          className="message message-success"
          data-testid="urgent-payment-result"
        >
          <p>
            {t('urgentPayment.done', {
              date: formatDate(run.paymentDate),
              count: run.linesTotal,
              amount: formatKronor(run.totalKronor),
            })}
          </p>
          <p>
            <Link to={runPath(run.id)} data-testid="urgent-payment-run">
              {t('urgentPayment.openRun')}
            </Link>
          </p>
        </div>
      ) : permissions.managePayments ? (
        <button
          type="button"
          className="button"
          aria-disabled={pending ? true : undefined}
          data-testid="urgent-payment-button"
          onClick={pay}
        >
          {pending ? t('urgentPayment.pending') : t('urgentPayment.button')}
        </button>
      ) : (
        <p>{t('urgentPayment.noRole')}</p>
      )}
    </div>
  );
}
