// "Avstämning" (/utbetalningar/avstamning): for a date, what every signed decision granted against
// what is planned, sent to the bank and confirmed; the decisions that do not agree are listed with
// each difference explained and what to do.
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fetchReconciliation } from '../../api/payment-endpoints.ts';
import type { Reconciliation, ReconciliationRow } from '../../api/payment-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { currentLanguage, formatDate, formatKronor } from '../../i18n/index.ts';
import { decisionPath } from '../applications/application-ui.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { DateQueryForm, useDateQuery } from './date-query.tsx';
import { formatMonth } from './payment-ui.ts';
import { PaymentsNav } from './payments-nav.tsx';
import './payments.css';

const TOTALS = ['granted', 'planned', 'instructed', 'confirmed', 'rejected'] as const;

export function ReconciliationPage() {
  const { t } = useTranslation();
  usePageTitle(t('reconciliation.title'));
  const query = useDateQuery(fetchReconciliation);
  const { value: result, loading, error } = query;

  return (
    <>
      <PageHeading testId="reconciliation-heading">{t('reconciliation.title')}</PageHeading>
      <p className="lead">{t('reconciliation.intro')}</p>
      <PaymentsNav />
      <DateQueryForm
        query={query}
        label={t('reconciliation.date')}
        hint={t('reconciliation.dateHint')}
        showLabel={t('reconciliation.show')}
        showingLabel={t('reconciliation.showing')}
        formTestId="reconciliation-form"
        dateTestId="reconciliation-date"
        showTestId="reconciliation-show"
      />
      {error ? <ErrorMessage error={error} /> : null}
      {loading && !result ? <p role="status">{t('common.loading')}</p> : null}
      {result ? <ReconciliationResult result={result} /> : null}
    </>
  );
}

function ReconciliationResult({ result }: { result: Reconciliation }) {
  const { t } = useTranslation();
  const date = formatDate(result.date);
  return (
    <>
      <section className="panel" aria-labelledby="reconciliation-totals">
        <h2 id="reconciliation-totals">{t('reconciliation.totalsTitle', { date })}</h2>
        <TableWrap label={t('reconciliation.totalsCaption', { date })}>
          <table className="table table-compact" data-testid="reconciliation-totals">
            <caption>{t('reconciliation.totalsCaption', { date })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('reconciliation.colWhat')}</th>
                <th scope="col" className="amount">
                  {t('reconciliation.colAmount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {TOTALS.map((key) => (
                <tr key={key}>
                  <th scope="row">{t(`reconciliation.${key}`)}</th>
                  <td className="amount nowrap" data-testid={`total-${key}`}>
                    {formatKronor(result.totals[key])}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p data-testid="reconciliation-balanced">
          {t('reconciliation.balanced', { count: result.balanced })}
        </p>
      </section>
      <section className="panel" aria-labelledby="reconciliation-rows">
        <h2 id="reconciliation-rows">{t('reconciliation.rowsTitle')}</h2>
        {result.rows.length === 0 ? (
          <p data-testid="reconciliation-none">{t('reconciliation.none')}</p>
        ) : (
          <>
            <p>{t('reconciliation.rowsCount', { count: result.rows.length })}</p>
            <TableWrap label={t('reconciliation.rowsRegion')}>
              <table className="table table-compact" data-testid="reconciliation-table">
                <caption>{t('reconciliation.rowsCaption', { date })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('reconciliation.colDecision')}</th>
                    <th scope="col">{t('reconciliation.colDistrict')}</th>
                    <th scope="col">{t('reconciliation.colDecisionDate')}</th>
                    {TOTALS.map((key) => (
                      <th scope="col" className="amount" key={key}>
                        {t(`reconciliation.${key}`)}
                      </th>
                    ))}
                    <th scope="col">{t('reconciliation.colFlags')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.rows.map((row) => (
                    <ReconciliationTableRow key={row.decisionId} row={row} />
                  ))}
                </tbody>
              </table>
            </TableWrap>
          </>
        )}
      </section>
    </>
  );
}

function ReconciliationTableRow({ row }: { row: ReconciliationRow }) {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  const month = formatMonth(t, row.month);
  return (
    <tr data-testid="reconciliation-row" data-flags={row.flags.join(' ')}>
      <th scope="row" className="nowrap">
        {permissions.myCases ? (
          <Link to={decisionPath(row.caseId, row.decisionId)}>
            {t('reconciliation.decisionLink', { month })}
          </Link>
        ) : (
          t('reconciliation.decisionText', { month })
        )}
      </th>
      <td>{row.districtName}</td>
      <td className="nowrap">{formatDate(row.decisionDate)}</td>
      {TOTALS.map((key) => (
        <td className="amount nowrap" key={key}>
          {formatKronor(row[key])}
        </td>
      ))}
      <td>
        <ul className="flag-list">
          {row.flags.map((flag, index) => (
            <li key={flag}>
              <strong>{t(`reconciliationFlags.${flag}`)}</strong>
              {': '}
              {currentLanguage() === 'sv'
                ? (row.explanations[index] ?? t(`reconciliationHelp.${flag}`))
                : t(`reconciliationHelp.${flag}`)}
            </li>
          ))}
        </ul>
      </td>
    </tr>
  );
}
