// "Avvisade utbetalningar" (/utbetalningar/avvisade): payments the bank rejected on the user's own
// cases, each linking to its case, where the account is changed and the payment planned again.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fetchPaymentTasks } from '../../api/payment-endpoints.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, formatKronor } from '../../i18n/index.ts';
import { useLoad } from '../cases/case-ui.tsx';
import { casePath } from './payment-ui.ts';
import { PaymentsNav } from './payments-nav.tsx';
import './payments.css';

export function RejectedPaymentsPage() {
  const { t } = useTranslation();
  usePageTitle(t('rejectedPayments.title'));
  const { load, reload } = useLoad((signal) => fetchPaymentTasks(signal), 'payment-tasks');
  const tasks = load.kind === 'loaded' ? load.value : null;
  return (
    <>
      <PageHeading testId="rejected-heading">{t('rejectedPayments.title')}</PageHeading>
      <p className="lead">{t('rejectedPayments.intro')}</p>
      <PaymentsNav />
      <section className="panel" aria-labelledby="rejected-list-heading">
        <h2 id="rejected-list-heading" className="visually-hidden">
          {t('rejectedPayments.caption')}
        </h2>
        {load.kind === 'loading' ? <p role="status">{t('rejectedPayments.loading')}</p> : null}
        {load.kind === 'failed' ? <ErrorMessage error={load.error} onRetry={reload} /> : null}
        {tasks && tasks.length === 0 ? (
          <p data-testid="rejected-empty">{t('rejectedPayments.none')}</p>
        ) : null}
        {tasks && tasks.length > 0 ? (
          <>
            <p data-testid="rejected-count">
              {t('rejectedPayments.count', { count: tasks.length })}
            </p>
            <TableWrap label={t('rejectedPayments.region')}>
              <table className="table table-compact" data-testid="rejected-table">
                <caption>{t('rejectedPayments.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('rejectedPayments.colApplicant')}</th>
                    <th scope="col">{t('rejectedPayments.colPayee')}</th>
                    <th scope="col" className="amount">
                      {t('rejectedPayments.colAmount')}
                    </th>
                    <th scope="col">{t('rejectedPayments.colDue')}</th>
                    <th scope="col">{t('rejectedPayments.colReason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {tasks.map((task) => (
                    <tr key={task.lineId} data-testid="rejected-row">
                      <th scope="row">
                        <Link
                          to={casePath(task.caseId)}
                          aria-label={t('rejectedPayments.openCase', { name: task.applicantName })}
                          data-testid="rejected-case-link"
                        >
                          {task.applicantName}
                        </Link>
                      </th>
                      <td>{task.payeeName}</td>
                      <td className="amount nowrap">{formatKronor(task.amount)}</td>
                      <td className="nowrap">{formatDate(task.dueDate)}</td>
                      <td data-testid="rejected-reason">
                        {task.reason ?? t('rejectedPayments.noReason')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        ) : null}
      </section>
    </>
  );
}
