// "Mina ärenden": the user's open cases, sortable by first-visit deadline or applicant, filterable by text.
import { useId, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { fetchMyCases } from '../../api/case-endpoints.ts';
import type { MyCase } from '../../api/case-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { TextField } from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { ProtectionBadge } from '../../components/protection-badge.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, formatDateTime } from '../../i18n/index.ts';
import { REJECTED_PATH } from '../payments/payment-ui.ts';
import { useLoad } from './case-ui.tsx';

type SortKey = 'deadline' | 'applicant';

function compare(a: MyCase, b: MyCase, key: SortKey): number {
  if (key === 'applicant') return a.applicantName.localeCompare(b.applicantName, 'sv');
  // Cases without a deadline last; equal deadlines by name.
  const da = a.firstVisitDeadline ?? '9999-99-99';
  const db = b.firstVisitDeadline ?? '9999-99-99';
  return da === db ? a.applicantName.localeCompare(b.applicantName, 'sv') : da < db ? -1 : 1;
}

export function MyCasesPage() {
  const { t } = useTranslation();
  usePageTitle(t('myCases.title'));
  const { load } = useLoad((signal) => fetchMyCases(signal), 'my-cases');
  const [filter, setFilter] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({
    key: 'deadline',
    ascending: true,
  });
  const countId = useId();

  const cases = load.kind === 'loaded' ? load.value : null;
  const shown = useMemo(() => {
    if (!cases) return [];
    const needle = filter.trim().toLocaleLowerCase('sv');
    const matching = needle
      ? cases.filter((c) =>
          [c.applicantName, c.personnummer, c.districtName].some((text) =>
            text.toLocaleLowerCase('sv').includes(needle),
          ),
        )
      : cases;
    const sorted = [...matching].sort((a, b) => compare(a, b, sort.key));
    return sort.ascending ? sorted : sorted.reverse();
  }, [cases, filter, sort]);

  const sortHeader = (key: SortKey, label: string) => {
    const active = sort.key === key;
    return (
      <th
        scope="col"
        aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : undefined}
      >
        <button
          type="button"
          className="sort-button"
          data-testid={`sort-${key}`}
          onClick={() => {
            setSort((previous) =>
              previous.key === key
                ? { key, ascending: !previous.ascending }
                : { key, ascending: true },
            );
          }}
        >
          {label}
          <span aria-hidden="true">{active ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
        </button>
      </th>
    );
  };

  return (
    <>
      <PageHeading testId="my-cases-heading">{t('myCases.title')}</PageHeading>
      <p className="lead">{t('myCases.intro')}</p>
      <p>
        <Link to={REJECTED_PATH} data-testid="my-cases-rejected-payments">
          {t('rejectedPayments.myCasesLink')}
        </Link>
      </p>
      {load.kind === 'loading' ? <p role="status">{t('myCases.loading')}</p> : null}
      {load.kind === 'failed' ? <ErrorMessage error={load.error} /> : null}
      {cases && cases.length === 0 ? <p data-testid="my-cases-none">{t('myCases.none')}</p> : null}
      {cases && cases.length > 0 ? (
        <>
          <div className="narrow">
            <TextField
              label={t('myCases.filter')}
              hint={t('myCases.filterHint')}
              type="search"
              value={filter}
              onChange={setFilter}
              testId="my-cases-filter"
              width="medium"
            />
          </div>
          <p id={countId} role="status" className="result-status">
            {shown.length === 0
              ? t('myCases.noMatch')
              : t('myCases.count', { count: shown.length, total: cases.length })}
          </p>
          <TableWrap label={t('myCases.region')}>
            <table className="table" data-testid="my-cases-table" aria-describedby={countId}>
              <caption className="visually-hidden">{t('myCases.caption')}</caption>
              <thead>
                <tr>
                  {sortHeader('applicant', t('myCases.colApplicant'))}
                  <th scope="col">{t('myCases.colPersonnummer')}</th>
                  <th scope="col">{t('myCases.colDistrict')}</th>
                  {sortHeader('deadline', t('myCases.colDeadline'))}
                  <th scope="col">{t('myCases.colPending')}</th>
                  <th scope="col">{t('myCases.colLastAction')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((c) => (
                  <tr key={c.id} data-testid="my-case-row">
                    <th scope="row">
                      <Link to={`/arenden/${c.id}`} data-testid="my-case-link">
                        {c.applicantName}
                      </Link>
                      {c.protection !== 'none' ? (
                        <>
                          {' '}
                          <ProtectionBadge protection={c.protection} />
                        </>
                      ) : null}
                    </th>
                    <td className="mono nowrap">{c.personnummer}</td>
                    <td>{c.districtName}</td>
                    <td className="nowrap">
                      {c.firstVisitDeadline
                        ? formatDate(c.firstVisitDeadline)
                        : t('myCases.noDeadline')}
                      {c.firstVisitOverdue ? (
                        <>
                          {' '}
                          <span className="badge badge-overdue" data-testid="overdue-flag">
                            {t('myCases.overdue')}
                          </span>
                        </>
                      ) : null}
                      {c.firstVisitBooked ? (
                        <>
                          <br />
                          <span className="muted">
                            {t('myCases.booked', { date: formatDate(c.firstVisitBooked) })}
                          </span>
                        </>
                      ) : null}
                    </td>
                    <td>
                      {c.pendingApplications.length > 0
                        ? c.pendingApplications.join(', ')
                        : t('common.none')}
                    </td>
                    <td className="nowrap">
                      {c.lastActionAt ? formatDateTime(c.lastActionAt) : t('common.none')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
    </>
  );
}
