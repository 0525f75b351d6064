// "Sök i journaler": full-text search in the journals of the cases the user may read; the query lives in the URL.
import { useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError, isAbort } from '../../api/client.ts';
import { searchJournal } from '../../api/case-endpoints.ts';
import type { JournalSearchResult, SnippetPart } from '../../api/case-types.ts';
import { ErrorMessage, isRecord } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { formatDate } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { PurposeField } from '../persons/purpose.tsx';
import './cases.css';

export const JOURNAL_SEARCH_PATH = '/journalsok';

/** The server's cap on hits (SEARCH_LIMIT), for the hint before the first answer names its own. */
const EXPECTED_LIMIT = 50;
const QUERY_MAX_LENGTH = 200;
const QUERY_INPUT_ID = 'journal-search-query';

/** History state of a search: the stated purpose stays out of the URL. */
function purposeOfState(state: unknown): string {
  return isRecord(state) && typeof state.purpose === 'string' ? state.purpose : '';
}

type SearchField = 'query' | 'purpose';

interface SearchState {
  /** The answer shown; kept while a new search runs so the list does not jump. */
  result: JournalSearchResult | null;
  pending: boolean;
  error: unknown;
}

/** The page behind RequirePermission("searchJournals"); the server decides again on every search. */
export function JournalSearchPage() {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  usePageTitle(t('journalSearch.title'));
  return <JournalSearch policyNeedsPurpose={permissions.journalSearchPurposeRequired} />;
}

function JournalSearch({ policyNeedsPurpose }: { policyNeedsPurpose: boolean }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const urlQuery = (searchParams.get('q') ?? '').trim();
  const statedPurpose = purposeOfState(location.state).trim();

  const [query, setQuery] = useState(urlQuery);
  const [purpose, setPurpose] = useState(statedPurpose);
  // Back and forward change the URL under the page: the field follows what is searched.
  const [shownQuery, setShownQuery] = useState(urlQuery);
  if (shownQuery !== urlQuery) {
    setShownQuery(urlQuery);
    setQuery(urlQuery);
  }
  // A purpose carried back in history was asked for before: ask for it again at once.
  const [purposeDemanded, setPurposeDemanded] = useState(statedPurpose !== '');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<SearchField>>({});
  const [search, setSearch] = useState<SearchState>({ result: null, pending: false, error: null });
  const [round, setRound] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);

  const showPurpose = policyNeedsPurpose || purposeDemanded;
  const canSearch = urlQuery !== '' && (!showPurpose || statedPurpose !== '');

  // The field has focus on arrival; two frames, so that it wins over the layout's move of focus
  // to the <h1> after a client-side navigation.
  useEffect(() => {
    let inner = 0;
    const outer = window.requestAnimationFrame(() => {
      inner = window.requestAnimationFrame(() => {
        document.getElementById(QUERY_INPUT_ID)?.focus();
      });
    });
    return () => {
      window.cancelAnimationFrame(outer);
      window.cancelAnimationFrame(inner);
    };
  }, []);

  useEffect(() => {
    if (!canSearch) {
      setSearch({ result: null, pending: false, error: null });
      return;
    }
    const controller = new AbortController();
    setSearch((previous) => ({ ...previous, pending: true, error: null }));
    searchJournal(urlQuery, showPurpose ? statedPurpose : undefined, controller.signal)
      .then((answer) => {
        setSearch({ result: answer, pending: false, error: null });
      })
      .catch((caught: unknown) => {
        if (isAbort(caught)) return;
        if (caught instanceof ApiError && caught.code === 'purpose_required') {
          setPurposeDemanded(true);
          setFieldErrors({ purpose: t('purpose.required') });
          focusFirstInvalid(formRef.current);
          setSearch({ result: null, pending: false, error: null });
          return;
        }
        setSearch({ result: null, pending: false, error: caught });
      });
    return () => {
      controller.abort();
    };
    // `t` only words the purpose error; a language switch is no reason to search again.
  }, [canSearch, urlQuery, showPurpose, statedPurpose, round]);

  const submit = () => {
    const trimmed = query.trim();
    const givenPurpose = purpose.trim();
    const errors: FieldErrors<SearchField> = {};
    if (showPurpose && !givenPurpose) errors.purpose = t('purpose.required');
    if (!trimmed) errors.query = t('journalSearch.queryRequired');
    setFieldErrors(errors);
    if (errors.query || errors.purpose) {
      focusFirstInvalid(formRef.current);
      return;
    }
    if (trimmed === urlQuery && givenPurpose === statedPurpose) {
      // The same search again (e.g. to see notes signed since): fetch without a new history entry.
      setRound((value) => value + 1);
      return;
    }
    const state = showPurpose ? { purpose: givenPurpose } : null;
    void navigate(
      {
        pathname: JOURNAL_SEARCH_PATH,
        search: `?${new URLSearchParams({ q: trimmed }).toString()}`,
      },
      // A purpose given for the same words replaces the entry that was refused for want of one.
      { state, replace: trimmed === urlQuery },
    );
  };

  const { result, pending, error } = search;
  const status = pending
    ? t('journalSearch.searching')
    : result
      ? result.hits.length === 0
        ? t('journalSearch.none')
        : result.hits.length >= result.limit
          ? t('journalSearch.limited', { limit: result.limit })
          : t('journalSearch.count', { count: result.hits.length })
      : '';

  return (
    <>
      <PageHeading>{t('journalSearch.title')}</PageHeading>
      <p className="lead">{t('journalSearch.intro')}</p>

      <form
        ref={formRef}
        noValidate
        role="search"
        aria-label={t('journalSearch.searchLabel')}
        className="panel"
        data-testid="journal-search-form"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {showPurpose ? (
          <PurposeField value={purpose} onChange={setPurpose} error={fieldErrors.purpose} />
        ) : null}
        <div className="search-row">
          <TextField
            id={QUERY_INPUT_ID}
            label={t('journalSearch.query')}
            hint={t('journalSearch.queryHint', { limit: EXPECTED_LIMIT })}
            name="q"
            type="search"
            value={query}
            onChange={setQuery}
            error={fieldErrors.query}
            required
            autoComplete="off"
            maxLength={QUERY_MAX_LENGTH}
            width="medium"
            testId="journal-search-input"
          />
          <SubmitButton
            pending={pending}
            label={t('common.search')}
            pendingLabel={t('common.searching')}
            testId="journal-search-submit"
          />
        </div>
      </form>

      {error ? <ErrorMessage error={error} /> : null}

      <div role="status" className="result-status" data-testid="journal-search-status">
        {status}
      </div>

      <div aria-busy={pending} data-testid="journal-search-results">
        {result && result.hits.length > 0 ? (
          <section aria-labelledby="journal-search-results-heading">
            <h2 id="journal-search-results-heading">{t('journalSearch.results')}</h2>
            <ol className="plain-list journal-hits">
              {result.hits.map((hit) => (
                <li key={hit.noteId} className="journal-hit" data-testid="journal-hit">
                  <h3 className="journal-hit-title">
                    <Link
                      to={`/arenden/${hit.caseId}#note-${hit.noteId}`}
                      data-testid="journal-hit-link"
                    >
                      {hit.applicantName}
                    </Link>{' '}
                    {hit.status === 'draft' ? (
                      <span className="badge badge-draft" data-testid="journal-hit-draft">
                        {t('journal.draft')}
                      </span>
                    ) : null}
                  </h3>
                  <p className="muted journal-hit-meta">
                    {t(`journal.types.${hit.noteType}`)}{' '}
                    <time dateTime={hit.eventDate}>{formatDate(hit.eventDate)}</time>
                    {' · '}
                    {t('journal.writtenBy', { name: hit.authorName })}
                  </p>
                  <Snippet parts={hit.snippet} />
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </div>
    </>
  );
}

/** The matched passage; the words the search matched are marked. */
function Snippet({ parts }: { parts: readonly SnippetPart[] }) {
  return (
    <p className="journal-hit-snippet" data-testid="journal-hit-snippet">
      {parts.map((part, index) =>
        part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
    </p>
  );
}
