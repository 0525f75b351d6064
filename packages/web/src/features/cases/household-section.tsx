// "Hushåll över tid" on the case page: who lived in the household from and to which day, adding a
// member (a registered person found by personnummer or name, or registered here) from a date, and
// ending a membership on its last day. Never shows an address: neither the case nor a search has one.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { decidePersonAction, isPlainDate } from '@skyddsnat/domain';
import { ApiError } from '../../api/client.ts';
import { addHouseholdMember, endHouseholdMember } from '../../api/case-endpoints.ts';
import {
  HOUSEHOLD_MEMBER_ROLES,
  type CaseView,
  type HouseholdMember,
} from '../../api/case-types.ts';
import { searchPersons } from '../../api/endpoints.ts';
import type { SearchHit } from '../../api/types.ts';
import { ErrorMessage, errorText, isApiError } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  hasErrors,
  LiveStatus,
  SelectField,
  serverFieldErrors,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';
import { ProtectionBadge } from '../../components/protection-badge.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatDate, hasKey, sv } from '../../i18n/index.ts';
import { useSignedIn } from '../auth/session-context.tsx';
import { todayInStockholm } from './case-ui.tsx';
import {
  RegisterPersonForm,
  type RegisteredPerson as ChosenPerson,
} from '../persons/register-person-form.tsx';

const LOOKS_LIKE_NUMBER = /^[0-9][0-9 +-]*$/;
const QUERY_ERRORS = ['invalid_personnummer', 'query_too_short'];

type Editing = { kind: 'none' } | { kind: 'add' } | { kind: 'end'; member: HouseholdMember };

/** What the UI offers; the server decides. Writing needs the case's unit (or a grant we cannot see). */
function useCanWrite(view: CaseView): boolean {
  const { session } = useSignedIn();
  if (!session.units.some((unit) => unit.id === view.unit.id)) return false;
  return decidePersonAction(session.roles, 'case.write', {
    relation: 'same_unit',
    protection: view.applicant.protection,
    hasProtectedDataGrant: false,
  }).allowed;
}

export function HouseholdSection({ view, onChanged }: { view: CaseView; onChanged: () => void }) {
  const { t } = useTranslation();
  const canWrite = useCanWrite(view) && view.status === 'open';
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [done, setDone] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const addId = useId();
  const role = (value: string) =>
    hasKey(sv.case.householdRoles, value) ? t(`case.householdRoles.${value}`) : value;

  const close = () => {
    setEditing({ kind: 'none' });
    window.requestAnimationFrame(() => headingRef.current?.focus());
  };
  const finish = (message: string) => {
    setDone(message);
    close();
    onChanged();
  };

  return (
    <section className="panel" aria-labelledby="household-heading" data-testid="household">
      <h2 id="household-heading" ref={headingRef} tabIndex={-1}>
        {t('household.title')}
      </h2>
      <p className="hint">{t('household.intro')}</p>
      <LiveStatus message={done} testId="household-done" />
      {view.household.length === 0 ? (
        <p>{t('household.none')}</p>
      ) : (
        <TableWrap label={t('household.region')}>
          <table className="table" data-testid="household-table">
            <caption className="visually-hidden">{t('household.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('household.colName')}</th>
                <th scope="col">{t('household.colRole')}</th>
                <th scope="col">{t('household.colFrom')}</th>
                <th scope="col">{t('household.colTo')}</th>
                {canWrite ? <th scope="col">{t('household.colChange')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {view.household.map((member) => (
                <tr key={member.id} data-testid="household-member" data-role={member.role}>
                  <th scope="row">{member.name}</th>
                  <td>{role(member.role)}</td>
                  <td className="nowrap">{formatDate(member.validFrom)}</td>
                  <td className="nowrap" data-testid="household-member-to">
                    {member.validTo ? formatDate(member.validTo) : t('household.stillLiving')}
                  </td>
                  {canWrite ? (
                    <td>
                      {member.validTo === null && member.role !== 'applicant' ? (
                        <button
                          type="button"
                          className="link-button"
                          aria-label={t('household.endName', { name: member.name })}
                          data-testid="household-end"
                          onClick={() => {
                            setDone(null);
                            setEditing({ kind: 'end', member });
                          }}
                        >
                          {t('household.end')}
                        </button>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {view.status !== 'open' ? <p className="muted">{t('household.closedCase')}</p> : null}
      {canWrite ? (
        <>
          {editing.kind === 'end' ? (
            <EndMembership
              key={editing.member.id}
              caseId={view.id}
              member={editing.member}
              onEnded={finish}
              onCancel={close}
              onReload={onChanged}
            />
          ) : null}
          <div className="button-row">
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={editing.kind === 'add'}
              aria-controls={addId}
              data-testid="household-add"
              onClick={() => {
                setDone(null);
                setEditing((current) =>
                  current.kind === 'add' ? { kind: 'none' } : { kind: 'add' },
                );
              }}
            >
              {t('household.add')}
            </button>
          </div>
          <div id={addId} hidden={editing.kind !== 'add'}>
            {editing.kind === 'add' ? (
              <AddMember view={view} onAdded={finish} onCancel={close} onReload={onChanged} />
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}

type AddField = 'person' | 'role' | 'validFrom';

function AddMember({
  view,
  onAdded,
  onCancel,
  onReload,
}: {
  view: CaseView;
  onAdded: (message: string) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const { permissions } = useSignedIn();
  const [query, setQuery] = useState('');
  const [queryError, setQueryError] = useState<string | undefined>(undefined);
  const [searching, setSearching] = useState(false);
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [searchError, setSearchError] = useState<unknown>(null);
  const [registerOpen, setRegisterOpen] = useState(false);
  const [registered, setRegistered] = useState<string | null>(null);
  const [chosen, setChosen] = useState<ChosenPerson | null>(null);
  const [memberRole, setMemberRole] = useState('');
  const [validFrom, setValidFrom] = useState(todayInStockholm());
  const [errors, setErrors] = useState<FieldErrors<AddField>>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const queryId = useId();
  const roleId = useId();
  const personErrorId = useId();
  const registerId = useId();

  const focusById = (id: string) => {
    window.requestAnimationFrame(() => document.getElementById(id)?.focus());
  };
  useEffect(() => {
    focusById(queryId);
  }, [queryId]);

  // Someone living there now cannot be added again from a later date; the server checks overlaps.
  const living = new Set(view.household.filter((m) => m.validTo === null).map((m) => m.personId));

  const choose = (person: ChosenPerson) => {
    setChosen(person);
    setErrors((previous) => ({ ...previous, person: undefined }));
    focusById(roleId);
  };

  const search = async () => {
    if (searching) return;
    const q = query.trim();
    setSearchError(null);
    setRegistered(null);
    if (q === '') {
      setQueryError(t('household.findRequired'));
      focusById(queryId);
      return;
    }
    setQueryError(undefined);
    setSearching(true);
    try {
      const result = await searchPersons(q, undefined);
      setHits(result.hits);
    } catch (caught) {
      setHits(null);
      if (caught instanceof ApiError && QUERY_ERRORS.includes(caught.code)) {
        setQueryError(errorText(t, caught));
        focusById(queryId);
      } else {
        setSearchError(caught);
      }
    } finally {
      setSearching(false);
    }
  };

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    const next: FieldErrors<AddField> = {};
    if (!chosen) next.person = t('household.chooseFirst');
    const role = HOUSEHOLD_MEMBER_ROLES.find((value) => value === memberRole);
    if (!role) next.role = t('validation.choose', { field: t('household.role').toLowerCase() });
    if (!isPlainDate(validFrom)) next.validFrom = t('validation.date');
    setErrors(next);
    setError(null);
    if (hasErrors(next) || !chosen || !role) {
      if (next.person) focusById(queryId);
      else focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    addHouseholdMember(view.id, { personId: chosen.id, memberRole: role, validFrom })
      .then(() => {
        onAdded(t('household.added', { name: chosen.name, date: formatDate(validFrom) }));
      })
      .catch((caught: unknown) => {
        const fromServer = serverFieldErrors(t, caught, ['validFrom', 'memberRole'] as const);
        if (fromServer) {
          setErrors({ validFrom: fromServer.validFrom, role: fromServer.memberRole });
          focusFirstInvalid(formRef.current);
        } else {
          setError(caught);
        }
        setPending(false);
      });
  };

  return (
    <div className="subpanel" data-testid="household-add-panel">
      <h3>{t('household.addTitle')}</h3>
      <form
        noValidate
        role="search"
        aria-label={t('household.searchLabel')}
        className="search-row"
        onSubmit={(event) => {
          event.preventDefault();
          void search();
        }}
      >
        <TextField
          id={queryId}
          label={t('household.find')}
          hint={t('household.findHint')}
          type="search"
          value={query}
          onChange={setQuery}
          error={queryError}
          describedById={errors.person ? personErrorId : undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          width="medium"
          testId="household-search"
        />
        <SubmitButton
          pending={searching}
          label={t('common.search')}
          pendingLabel={t('common.searching')}
          variant="secondary"
          testId="household-search-submit"
        />
      </form>
      {searchError ? <ErrorMessage error={searchError} /> : null}
      <p role="status" className="result-status" data-testid="household-search-status">
        {hits === null
          ? null
          : hits.length === 0
            ? t('household.notFound')
            : t('household.found', { count: hits.length })}
      </p>
      {hits && hits.length > 0 ? (
        <TableWrap label={t('household.results')}>
          <table className="table table-compact" data-testid="household-hits">
            <caption className="visually-hidden">{t('household.resultsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('household.colPersonnummer')}</th>
                <th scope="col">{t('household.colName')}</th>
                <th scope="col">{t('household.colProtection')}</th>
                <th scope="col">{t('household.colChoose')}</th>
              </tr>
            </thead>
            <tbody>
              {hits.map((hit) => (
                <tr key={hit.id} data-testid="household-hit">
                  <td className="mono nowrap">{hit.personnummer}</td>
                  <th scope="row">
                    {hit.visibility === 'full' && hit.name !== null
                      ? hit.name
                      : t('search.restricted')}
                  </th>
                  <td>
                    {hit.protection === 'none' ? (
                      t('common.none')
                    ) : (
                      <ProtectionBadge protection={hit.protection} />
                    )}
                  </td>
                  <td>
                    <HitChoice
                      hit={hit}
                      chosen={chosen?.id === hit.id}
                      living={living.has(hit.id)}
                      onChoose={choose}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}

      {permissions.registerPerson ? (
        <>
          <div className="button-row">
            <button
              type="button"
              className="button button-secondary"
              aria-expanded={registerOpen}
              aria-controls={registerId}
              data-testid="household-register-toggle"
              onClick={() => {
                setRegisterOpen((open) => !open);
              }}
            >
              {registerOpen ? t('household.registerClose') : t('household.registerOpen')}
            </button>
          </div>
          <div id={registerId} className="disclosure-body" hidden={!registerOpen}>
            {registerOpen ? (
              <RegisterPersonForm
                initialPersonnummer={LOOKS_LIKE_NUMBER.test(query.trim()) ? query.trim() : ''}
                initialDistrictId={view.district.id}
                intro={t('household.registerIntro')}
                testIdPrefix="household-register"
                onRegistered={(person) => {
                  setRegisterOpen(false);
                  setRegistered(t('household.registered', { name: person.name }));
                  choose(person);
                }}
              />
            ) : null}
          </div>
        </>
      ) : null}
      <LiveStatus message={registered} testId="household-registered" />

      <form ref={formRef} noValidate onSubmit={submit} data-testid="household-add-form">
        {error ? (
          <HouseholdError error={error} onReload={onReload} testId="household-error" />
        ) : null}
        <div className={errors.person ? 'field field-invalid' : 'field'}>
          <p>
            <strong>{t('household.chosen')}</strong>
          </p>
          {errors.person ? (
            <p id={personErrorId} className="field-error" role="alert">
              {errors.person}
            </p>
          ) : null}
          <p data-testid="household-chosen">
            {chosen ? (
              <>
                {t('household.chosenPerson', {
                  name: chosen.name,
                  personnummer: chosen.personnummer,
                })}
                {chosen.protection !== 'none' ? (
                  <>
                    {' '}
                    <ProtectionBadge protection={chosen.protection} />
                  </>
                ) : null}
              </>
            ) : (
              t('household.nobodyChosen')
            )}
          </p>
        </div>
        <SelectField
          id={roleId}
          label={t('household.role')}
          value={memberRole}
          onChange={(value) => {
            setMemberRole(value);
          }}
          options={HOUSEHOLD_MEMBER_ROLES.map((value) => ({
            value,
            label: t(`household.roles.${value}`),
          }))}
          placeholder={t('household.chooseRole')}
          error={errors.role}
          required
          testId="household-role"
        />
        <TextField
          type="date"
          width="medium"
          label={t('household.validFrom')}
          hint={t('household.validFromHint')}
          value={validFrom}
          onChange={setValidFrom}
          error={errors.validFrom}
          required
          testId="household-valid-from"
        />
        <div className="actions button-row">
          <SubmitButton
            pending={pending}
            label={t('household.submit')}
            pendingLabel={t('household.submitting')}
            testId="household-add-submit"
          />
          <button type="button" className="button button-secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** The last cell of a search hit: choose, or why the person cannot be chosen. */
function HitChoice({
  hit,
  chosen,
  living,
  onChoose,
}: {
  hit: SearchHit;
  chosen: boolean;
  living: boolean;
  onChoose: (person: ChosenPerson) => void;
}) {
  const { t } = useTranslation();
  const name = hit.visibility === 'full' ? hit.name : null;
  // A restricted hit is someone this user may not read: adding them would show their name on the case.
  if (name === null) return <span className="muted">{t('household.restricted')}</span>;
  if (living) return <span className="muted">{t('household.alreadyMember')}</span>;
  if (chosen) return <strong>{t('household.chosenMark')}</strong>;
  return (
    <button
      type="button"
      className="link-button"
      aria-label={t('household.chooseName', { name })}
      data-testid="household-choose"
      onClick={() => {
        onChoose({
          id: hit.id,
          name,
          personnummer: hit.personnummer,
          protection: hit.protection,
        });
      }}
    >
      {t('household.choose')}
    </button>
  );
}

function EndMembership({
  caseId,
  member,
  onEnded,
  onCancel,
  onReload,
}: {
  caseId: string;
  member: HouseholdMember;
  onEnded: (message: string) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const today = todayInStockholm();
  const [validTo, setValidTo] = useState(today < member.validFrom ? member.validFrom : today);
  const [fieldError, setFieldError] = useState<string | undefined>(undefined);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const inputId = useId();
  const headingId = useId();
  const toBeforeFrom = t('household.toBeforeFrom', { date: formatDate(member.validFrom) });

  useEffect(() => {
    window.requestAnimationFrame(() => document.getElementById(inputId)?.focus());
  }, [inputId]);

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    setError(null);
    // Dates as YYYY-MM-DD compare as text.
    const invalid = !isPlainDate(validTo)
      ? t('validation.date')
      : validTo < member.validFrom
        ? toBeforeFrom
        : undefined;
    setFieldError(invalid);
    if (invalid) {
      window.requestAnimationFrame(() => document.getElementById(inputId)?.focus());
      return;
    }
    setPending(true);
    endHouseholdMember(caseId, member.id, validTo)
      .then(() => {
        onEnded(t('household.ended', { name: member.name, date: formatDate(validTo) }));
      })
      .catch((caught: unknown) => {
        const fromServer = serverFieldErrors(t, caught, ['validTo'] as const);
        if (isApiError(caught, 'invalid_period')) setFieldError(toBeforeFrom);
        else if (fromServer) setFieldError(fromServer.validTo);
        else setError(caught);
        setPending(false);
      });
  };

  return (
    <form
      className="subpanel"
      noValidate
      aria-labelledby={headingId}
      onSubmit={submit}
      data-testid="household-end-form"
    >
      <h3 id={headingId}>{t('household.endTitle', { name: member.name })}</h3>
      <p>{t('household.endIntro', { name: member.name, date: formatDate(member.validFrom) })}</p>
      {error ? <HouseholdError error={error} onReload={onReload} testId="household-error" /> : null}
      <TextField
        id={inputId}
        type="date"
        width="medium"
        label={t('household.validTo')}
        value={validTo}
        onChange={setValidTo}
        error={fieldError}
        required
        testId="household-valid-to"
      />
      <div className="actions button-row">
        <SubmitButton
          pending={pending}
          label={t('household.endSubmit')}
          pendingLabel={t('household.ending')}
          testId="household-end-submit"
        />
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The household's own refusals in Swedish; a 409 offers to read the case again. */
function HouseholdError({
  error,
  onReload,
  testId,
}: {
  error: unknown;
  onReload: () => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const text = isApiError(error, 'member_exists')
    ? t('household.memberExists')
    : isApiError(error, 'member_already_ended')
      ? t('household.memberAlreadyEnded')
      : isApiError(error, 'applicant_stays')
        ? t('household.applicantStays')
        : null;
  if (text === null) return <ErrorMessage error={error} testId={testId} />;
  return (
    <ErrorMessage
      error={error}
      message={text}
      testId={testId}
      onRetry={error instanceof ApiError && error.status === 409 ? onReload : undefined}
      retryLabel={t('household.reload')}
    />
  );
}
