// Access-log search (user, personnummer, period) with paging and CSV export, and the log-chain check.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import * as api from '../../api/endpoints.ts';
import type { AccessLogFilter, AccessLogPage as LogPage } from '../../api/types.ts';
import { ErrorMessage, errorText } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  hasErrors,
  serverFieldErrors,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDateTime } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { describeAccess, describePurpose } from '../persons/access-history.tsx';
import { VerifyChain } from './verify-chain.tsx';

const FIELDS = ['username', 'personnummer', 'from', 'to'] as const;
type Field = (typeof FIELDS)[number];
type Filters = Record<Field, string>;

const PAGE_SIZE = 50;
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const EMPTY: Filters = { username: '', personnummer: '', from: '', to: '' };

function toFilter(filters: Filters): AccessLogFilter {
  const filter: AccessLogFilter = {};
  for (const field of FIELDS) {
    const value = filters[field].trim();
    if (value) filter[field] = value;
  }
  return filter;
}

export function AccessLogPage() {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  usePageTitle(t('accessLog.title'));
  return (
    <>
      <PageHeading>{t('accessLog.title')}</PageHeading>
      <p className="lead">{t('accessLog.intro')}</p>
      {permissions.searchAccessLog ? <AccessLogSearch /> : null}
      {permissions.verifyAccessLog ? <VerifyChain /> : null}
    </>
  );
}

function AccessLogSearch() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [applied, setApplied] = useState<{ filter: AccessLogFilter; offset: number } | null>(null);
  const [page, setPage] = useState<LogPage | null>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<Field>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const set = (field: Field) => (value: string) => {
    setFilters((previous) => ({ ...previous, [field]: value }));
  };

  const validate = (): FieldErrors<Field> => {
    const errors: FieldErrors<Field> = {};
    const from = filters.from.trim();
    const to = filters.to.trim();
    if (from && !ISO_DATE.test(from)) errors.from = t('validation.date');
    if (to && !ISO_DATE.test(to)) errors.to = t('validation.date');
    if (!errors.from && !errors.to && from && to && to < from)
      errors.to = t('accessLog.toBeforeFrom');
    return errors;
  };

  const run = async (filter: AccessLogFilter, offset: number) => {
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      const answer = await api.searchAccessLog({ ...filter, limit: PAGE_SIZE, offset });
      setPage(answer);
      setApplied({ filter, offset });
    } catch (caught) {
      setPage(null);
      const fromServer = serverFieldErrors(t, caught, FIELDS);
      if (fromServer) {
        setFieldErrors(fromServer);
        focusFirstInvalid(formRef.current);
      } else if (caught instanceof ApiError && caught.code === 'invalid_personnummer') {
        setFieldErrors({ personnummer: errorText(t, caught) });
        focusFirstInvalid(formRef.current);
      } else if (caught instanceof ApiError && caught.code === 'invalid_period') {
        setFieldErrors({ to: errorText(t, caught) });
        focusFirstInvalid(formRef.current);
      } else {
        setError(caught);
      }
    } finally {
      setPending(false);
    }
  };

  const total = page?.total ?? 0;
  const offset = applied?.offset ?? 0;
  const shownTo = page ? offset + page.entries.length : 0;

  return (
    <>
      <section className="panel" aria-labelledby="access-log-filters">
        <h2 id="access-log-filters">{t('accessLog.filters')}</h2>
        <form
          ref={formRef}
          noValidate
          data-testid="access-log-form"
          onSubmit={(event) => {
            event.preventDefault();
            const errors = validate();
            setFieldErrors(errors);
            if (hasErrors(errors)) {
              focusFirstInvalid(formRef.current);
              return;
            }
            void run(toFilter(filters), 0);
          }}
        >
          <div className="filter-grid">
            <TextField
              label={t('accessLog.username')}
              hint={t('accessLog.usernameHint')}
              value={filters.username}
              onChange={set('username')}
              error={fieldErrors.username}
              optional
              autoComplete="off"
              spellCheck={false}
              maxLength={64}
              testId="access-log-username"
            />
            <TextField
              label={t('accessLog.personnummer')}
              hint={t('register.personnummerHint')}
              value={filters.personnummer}
              onChange={set('personnummer')}
              error={fieldErrors.personnummer}
              optional
              autoComplete="off"
              spellCheck={false}
              maxLength={20}
              testId="access-log-personnummer"
            />
            <TextField
              label={t('accessLog.from')}
              type="date"
              value={filters.from}
              onChange={set('from')}
              error={fieldErrors.from}
              optional
              testId="access-log-from"
            />
            <TextField
              label={t('accessLog.to')}
              type="date"
              value={filters.to}
              onChange={set('to')}
              error={fieldErrors.to}
              optional
              testId="access-log-to"
            />
          </div>
          <div className="actions">
            <SubmitButton
              pending={pending}
              label={t('accessLog.submit')}
              pendingLabel={t('common.searching')}
              testId="access-log-submit"
            />
            <button
              type="button"
              className="button button-secondary"
              data-testid="access-log-clear"
              onClick={() => {
                setFilters(EMPTY);
                setFieldErrors({});
              }}
            >
              {t('accessLog.clear')}
            </button>
            <a
              className="button button-secondary"
              href={api.accessLogExportUrl(toFilter(filters))}
              download
              data-testid="access-log-export"
            >
              {t('accessLog.export')}
            </a>
          </div>
          <p className="hint">{t('accessLog.exportHint')}</p>
        </form>
      </section>

      {error ? <ErrorMessage error={error} /> : null}

      <div role="status" className="result-status" data-testid="access-log-status">
        {page
          ? page.entries.length === 0
            ? t('accessLog.none')
            : t('accessLog.count', { from: offset + 1, to: shownTo, total })
          : null}
      </div>

      {page && page.entries.length > 0 ? (
        <section aria-labelledby="access-log-results">
          <h2 id="access-log-results">{t('accessLog.results')}</h2>
          <TableWrap label={t('accessLog.tableRegion')}>
            <table className="table table-compact" data-testid="access-log-results">
              <caption className="visually-hidden">{t('accessLog.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('accessLog.colSeq')}</th>
                  <th scope="col">{t('accessLog.colTime')}</th>
                  <th scope="col">{t('accessLog.colUser')}</th>
                  <th scope="col">{t('accessLog.colRoles')}</th>
                  <th scope="col">{t('accessLog.colPersons')}</th>
                  <th scope="col">{t('accessLog.colWhat')}</th>
                  <th scope="col">{t('accessLog.colPurpose')}</th>
                  <th scope="col">{t('accessLog.colCase')}</th>
                  <th scope="col">{t('accessLog.colIp')}</th>
                </tr>
              </thead>
              <tbody>
                {page.entries.map((entry) => (
                  <tr key={entry.id} data-testid="access-log-row">
                    <th scope="row">{entry.seq}</th>
                    <td className="nowrap">{formatDateTime(entry.occurredAt)}</td>
                    <td>{entry.actorUsername}</td>
                    <td>{entry.actorRoles.map((role) => t(`roles.${role}`)).join(', ')}</td>
                    <td>
                      {entry.persons.length === 0 ? (
                        t('common.none')
                      ) : (
                        <ul className="plain-list">
                          {entry.persons.map((person) => (
                            <li key={person.id} className="nowrap">
                              {person.personnummer}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td>{describeAccess(t, entry.resource, entry.fields)}</td>
                    <td>{describePurpose(t, entry.purpose)}</td>
                    <td className="mono">{entry.caseId ?? t('common.none')}</td>
                    <td className="mono nowrap">{entry.clientIp}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
          {applied && total > PAGE_SIZE ? (
            <nav className="pagination" aria-label={t('accessLog.pagination')}>
              <button
                type="button"
                className="button button-secondary"
                disabled={offset === 0 || pending}
                onClick={() => {
                  void run(applied.filter, Math.max(0, offset - PAGE_SIZE));
                }}
              >
                {t('common.previous')}
              </button>
              <button
                type="button"
                className="button button-secondary"
                disabled={shownTo >= total || pending}
                onClick={() => {
                  void run(applied.filter, offset + PAGE_SIZE);
                }}
              >
                {t('common.next')}
              </button>
            </nav>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
