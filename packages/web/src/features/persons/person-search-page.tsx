// Person search by personnummer or name (with a stated purpose for oversight roles), and person registration.
import { useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import * as api from '../../api/endpoints.ts';
import type { SearchHit } from '../../api/types.ts';
import { ErrorMessage, errorText, isRecord } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  hasErrors,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { ProtectionBadge } from '../../components/protection-badge.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { useSignedIn } from '../auth/session-context.tsx';
import { PurposeField, type PersonLinkState } from './purpose.tsx';
import { RegisterPersonForm } from './register-person-form.tsx';

type SearchField = 'query' | 'purpose';

interface SearchResult {
  query: string;
  hits: SearchHit[];
  limit: number;
}

/** The last search, kept in this history entry so that "back" from a person shows it again. */
interface SavedSearch {
  query: string;
  purpose: string;
  result: SearchResult | null;
}

function savedSearchOf(state: unknown): SavedSearch | null {
  if (!isRecord(state) || !isRecord(state.search)) return null;
  const { query, purpose, result } = state.search;
  if (typeof query !== 'string' || typeof purpose !== 'string') return null;
  const validResult =
    isRecord(result) &&
    typeof result.query === 'string' &&
    Array.isArray(result.hits) &&
    typeof result.limit === 'number';
  return { query, purpose, result: validResult ? (result as unknown as SearchResult) : null };
}

const QUERY_ERRORS = new Set(['invalid_personnummer', 'query_too_short']);
const LOOKS_LIKE_NUMBER = /^[0-9][0-9 +-]*$/;

export function PersonSearchPage() {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  const location = useLocation();
  const navigate = useNavigate();
  const saved = savedSearchOf(location.state);
  const [query, setQuery] = useState(saved?.query ?? '');
  const [purpose, setPurpose] = useState(saved?.purpose ?? '');
  const [purposeDemanded, setPurposeDemanded] = useState(false);
  const [result, setResult] = useState<SearchResult | null>(saved?.result ?? null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<SearchField>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [registerOpen, setRegisterOpen] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  usePageTitle(t('search.title'));

  const showPurpose = permissions.purposeRequired || purposeDemanded;

  const search = async () => {
    if (pending) return;
    const errors: FieldErrors<SearchField> = {};
    if (showPurpose && !purpose.trim()) errors.purpose = t('purpose.required');
    if (!query.trim())
      errors.query = t('validation.required', { field: t('search.query').toLowerCase() });
    setFieldErrors(errors);
    setError(null);
    if (hasErrors(errors)) {
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    try {
      const stated = showPurpose ? purpose.trim() : undefined;
      const answer = await api.searchPersons(query.trim(), stated);
      const next: SearchResult = { query: query.trim(), hits: answer.hits, limit: answer.limit };
      setResult(next);
      const search: SavedSearch = { query, purpose, result: next };
      void navigate(location.pathname, { replace: true, state: { search } });
    } catch (caught) {
      setResult(null);
      if (caught instanceof ApiError && QUERY_ERRORS.has(caught.code)) {
        setFieldErrors({ query: errorText(t, caught) });
        focusFirstInvalid(formRef.current);
      } else if (caught instanceof ApiError && caught.code === 'purpose_required') {
        setPurposeDemanded(true);
        setFieldErrors({ purpose: t('purpose.required') });
        focusFirstInvalid(formRef.current);
      } else {
        setError(caught);
      }
    } finally {
      setPending(false);
    }
  };

  const linkState: PersonLinkState = {
    fromSearch: true,
    ...(showPurpose && purpose.trim() ? { purpose: purpose.trim() } : {}),
  };

  return (
    <>
      <PageHeading>{t('search.title')}</PageHeading>
      <p className="lead">{t('search.intro')}</p>

      <form
        ref={formRef}
        noValidate
        role="search"
        className="panel"
        data-testid="person-search-form"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        {showPurpose ? (
          <PurposeField value={purpose} onChange={setPurpose} error={fieldErrors.purpose} />
        ) : null}
        <div className="search-row">
          <TextField
            label={t('search.query')}
            hint={t('search.queryHint')}
            name="q"
            type="search"
            value={query}
            onChange={setQuery}
            error={fieldErrors.query}
            required
            autoComplete="off"
            spellCheck={false}
            maxLength={100}
            width="medium"
            testId="person-search-input"
          />
          <SubmitButton
            pending={pending}
            label={t('common.search')}
            pendingLabel={t('common.searching')}
            testId="person-search-submit"
          />
        </div>
      </form>

      {error ? <ErrorMessage error={error} /> : null}

      <div role="status" className="result-status" data-testid="search-status">
        {result
          ? result.hits.length === 0
            ? t('search.none')
            : t('search.count', { count: result.hits.length })
          : null}
      </div>

      {result && result.hits.length > 0 ? (
        <section aria-labelledby="search-results-heading">
          <h2 id="search-results-heading">{t('search.results')}</h2>
          {result.hits.length >= result.limit ? (
            <p className="hint">{t('search.limited', { limit: result.limit })}</p>
          ) : null}
          <TableWrap label={t('search.caption')}>
            <table className="table" data-testid="search-results">
              <caption className="visually-hidden">{t('search.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('search.colPersonnummer')}</th>
                  <th scope="col">{t('search.colName')}</th>
                  <th scope="col">{t('search.colDistrict')}</th>
                  <th scope="col">{t('search.colProtection')}</th>
                </tr>
              </thead>
              <tbody>
                {result.hits.map((hit) => (
                  <tr key={hit.id} data-testid="search-hit" data-visibility={hit.visibility}>
                    <th scope="row" className="nowrap">
                      {hit.personnummer}
                    </th>
                    <td>
                      {hit.visibility === 'full' && hit.name !== null ? (
                        <Link
                          to={`/personer/${hit.id}`}
                          state={linkState}
                          data-testid="search-hit-link"
                        >
                          {hit.name}
                        </Link>
                      ) : (
                        <span data-testid="search-hit-restricted">
                          <strong>{t('search.restricted')}</strong>
                          <span className="hint-inline"> {t('search.restrictedHint')}</span>
                        </span>
                      )}
                    </td>
                    <td>{hit.districtName ?? t('common.none')}</td>
                    <td>
                      {hit.protection === 'none' ? (
                        t('common.none')
                      ) : (
                        <ProtectionBadge protection={hit.protection} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </section>
      ) : null}

      {permissions.registerPerson ? (
        <section className="panel" aria-labelledby="register-heading">
          <h2 id="register-heading">{t('register.title')}</h2>
          <p>{t('register.intro')}</p>
          <button
            type="button"
            className="button button-secondary"
            aria-expanded={registerOpen}
            aria-controls="register-person"
            data-testid="register-person-toggle"
            onClick={() => {
              setRegisterOpen((open) => !open);
            }}
          >
            {registerOpen ? t('register.close') : t('register.open')}
          </button>
          <div id="register-person" className="disclosure-body" hidden={!registerOpen}>
            {registerOpen ? (
              <RegisterPersonForm
                initialPersonnummer={LOOKS_LIKE_NUMBER.test(query.trim()) ? query.trim() : ''}
              />
            ) : null}
          </div>
        </section>
      ) : null}
    </>
  );
}
