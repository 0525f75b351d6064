// "Omfördela ärenden" on the caseload page: finds an officer's open cases by applicant (the caseload
// has counts only) and hands the ticked ones over to another officer in the unit: one `handed_over`
// action per case, with the version read just before it, and a result per case.
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CASE_OFFICER_ROLES } from '@skyddsnat/domain';
import { ApiError } from '../../api/client.ts';
import { appendCaseAction, fetchCase } from '../../api/case-endpoints.ts';
import type { Caseload, CaseOfficerRole } from '../../api/case-types.ts';
import { fetchPerson, searchPersons } from '../../api/endpoints.ts';
import type { ProtectionLevel } from '../../api/types.ts';
import { ErrorMessage, errorText, isRecord } from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  hasErrors,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';
import { ProtectionBadge } from '../../components/protection-badge.tsx';
import { formatDateTime, hasKey, sv } from '../../i18n/index.ts';
import { TextAreaField } from './case-ui.tsx';

/** Id of the search field, so that the caseload table's "Välj ärenden" can move focus to it. */
export const REASSIGN_SEARCH_ID = 'reassign-search';
/** Each person checked costs two reads (person, case), both access-logged: keep the sweep small. */
const MAX_PERSONS = 20;
const PARALLEL = 4;
const QUERY_ERRORS = ['invalid_personnummer', 'query_too_short'];

interface Candidate {
  caseId: string;
  applicantName: string;
  personnummer: string;
  protection: ProtectionLevel;
  districtName: string;
  /** The handing-over officer's function in the case; the receiver takes the same one. */
  role: CaseOfficerRole;
}

type Outcome = { kind: 'done' | 'failed'; text: string };
type Field = 'from' | 'cases' | 'to' | 'review';
type Progress = { done: number; total: number };
type FindResult = { found: number; skipped: number; limited: boolean };

const focusById = (id: string) => {
  window.requestAnimationFrame(() => document.getElementById(id)?.focus());
};

const officerRole = (value: string): CaseOfficerRole | undefined =>
  CASE_OFFICER_ROLES.find((role) => role === value);

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function ReassignCases({
  caseload,
  fromUserId,
  onFromChange,
  onReassigned,
}: {
  caseload: Caseload;
  fromUserId: string;
  onFromChange: (userId: string) => void;
  onReassigned: () => void;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [queryError, setQueryError] = useState<string | undefined>(undefined);
  const [finding, setFinding] = useState<Progress | null>(null);
  const [findResult, setFindResult] = useState<FindResult | null>(null);
  const [findError, setFindError] = useState<unknown>(null);
  // The list belongs to one officer: choosing another starts a new one.
  const [listOf, setListOf] = useState('');
  const [candidates, setCandidates] = useState<Candidate[]>([]);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, Outcome>>(new Map());
  const [toUserId, setToUserId] = useState('');
  const [review, setReview] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [summary, setSummary] = useState<{ text: string; allDone: boolean } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const listHintId = useId();
  const listErrorId = useId();
  const idPrefix = useId();
  const fromId = useId();

  const from = caseload.officers.find((o) => o.userId === fromUserId) ?? null;
  // The officer may also be changed from the caseload table: what was found or done for another
  // officer is then not shown, and the receiver cannot be the one handing over.
  const current = listOf === fromUserId;
  const receiver = toUserId === fromUserId ? '' : toUserId;
  const to = caseload.officers.find((o) => o.userId === receiver) ?? null;
  const list = current ? candidates : [];
  const selected = list.filter(
    (c) => checked.has(c.caseId) && outcomes.get(c.caseId)?.kind !== 'done',
  );
  const officerOptions = caseload.officers.map((o) => ({ value: o.userId, label: o.displayName }));
  const role = (value: CaseOfficerRole) => t(`case.officerRoles.${value}`);

  const chooseFrom = (userId: string) => {
    onFromChange(userId);
    setFindResult(null);
    setSummary(null);
    setErrors({});
  };

  const find = async () => {
    if (finding || progress) return;
    setFindError(null);
    setSummary(null);
    if (!from) {
      setErrors({ from: t('validation.choose', { field: t('reassign.from').toLowerCase() }) });
      focusById(fromId);
      return;
    }
    const q = query.trim();
    if (q === '') {
      setQueryError(t('household.findRequired'));
      focusById(REASSIGN_SEARCH_ID);
      return;
    }
    setQueryError(undefined);
    setErrors({});
    setFinding({ done: 0, total: 0 });
    try {
      const { hits } = await searchPersons(q, undefined);
      const readable = hits.filter((hit) => hit.visibility === 'full');
      const persons = readable.slice(0, MAX_PERSONS);
      const found: Candidate[] = [];
      let done = 0;
      let skipped = 0;
      setFinding({ done, total: persons.length });
      await eachLimited(persons, PARALLEL, async (hit) => {
        try {
          const person = await fetchPerson(hit.id, undefined);
          for (const open of person.openCases) {
            const view = await fetchCase(open.id);
            const assignment = view.officers.find((o) => o.userId === from.userId);
            const assignedRole = assignment ? officerRole(assignment.role) : undefined;
            if (view.status !== 'open' || !assignedRole) continue;
            found.push({
              caseId: view.id,
              applicantName: view.applicant.name,
              personnummer: view.applicant.personnummer,
              protection: view.applicant.protection,
              districtName: view.district.name,
              role: assignedRole,
            });
          }
        } catch {
          // Counted and told: a person or case this user may not read is not in the list.
          skipped++;
        }
        done++;
        setFinding({ done, total: persons.length });
      });
      const known = listOf === from.userId ? candidates : [];
      const fresh = found
        .filter((c) => !known.some((k) => k.caseId === c.caseId))
        .sort((a, b) => a.applicantName.localeCompare(b.applicantName, 'sv'));
      setListOf(from.userId);
      setCandidates([...known, ...fresh]);
      if (listOf !== from.userId) {
        setChecked(new Set());
        setOutcomes(new Map());
      }
      setFindResult({ found: found.length, skipped, limited: readable.length > MAX_PERSONS });
    } catch (caught) {
      if (caught instanceof ApiError && QUERY_ERRORS.includes(caught.code)) {
        setQueryError(errorText(t, caught));
        focusById(REASSIGN_SEARCH_ID);
      } else {
        setFindError(caught);
      }
    } finally {
      setFinding(null);
    }
  };

  const toggle = (caseId: string, on: boolean) => {
    setChecked((previous) => {
      const next = new Set(previous);
      if (on) next.add(caseId);
      else next.delete(caseId);
      return next;
    });
  };

  /** Why one case was not handed over, naming who changed it when the version had moved on. */
  const failure = (caught: unknown): string => {
    if (caught instanceof ApiError && caught.code === 'version_conflict') {
      const details = isRecord(caught.details) ? caught.details : {};
      const name = typeof details.changedBy === 'string' ? details.changedBy : null;
      const at = typeof details.changedAt === 'string' ? details.changedAt : null;
      return name && at
        ? t('reassign.conflict', { name, time: formatDateTime(at) })
        : t('reassign.conflictUnknown');
    }
    // The domain refuses in Swedish (already assigned, not assigned any more …).
    const message =
      caught instanceof ApiError && caught.status === 422 && !hasKey(sv.errors.codes, caught.code)
        ? caught.message
        : errorText(t, caught);
    return t('reassign.failed', { message });
  };

  const submit = async (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (progress || finding) return;
    const next: FieldErrors<Field> = {};
    if (!from) next.from = t('validation.choose', { field: t('reassign.from').toLowerCase() });
    if (selected.length === 0) next.cases = t('reassign.chooseCases');
    if (!to) next.to = t('validation.choose', { field: t('reassign.to').toLowerCase() });
    if (review.trim() === '') next.review = t('reassign.reviewRequired');
    setErrors(next);
    setSummary(null);
    if (hasErrors(next) || !from || !to) {
      // In the order shown: the officer (above the search), the list, then the form's fields.
      if (next.from) focusById(fromId);
      else if (next.cases) focusById(list.length > 0 ? `${idPrefix}-0` : REASSIGN_SEARCH_ID);
      else focusFirstInvalid(formRef.current);
      return;
    }
    const batch = selected;
    let handed = 0;
    setProgress({ done: 0, total: batch.length });
    for (const [index, item] of batch.entries()) {
      let outcome: Outcome;
      try {
        // The version is read just before the action, so only a change in between conflicts.
        const view = await fetchCase(item.caseId);
        const assignment = view.officers.find((o) => o.userId === from.userId);
        const assignedRole = assignment ? officerRole(assignment.role) : undefined;
        if (!assignedRole) {
          outcome = { kind: 'failed', text: t('reassign.notAssigned', { name: from.displayName }) };
        } else {
          await appendCaseAction(item.caseId, view.version, {
            type: 'handed_over',
            fromUserId: from.userId,
            toUserId: to.userId,
            role: assignedRole,
            review: review.trim(),
          });
          handed++;
          outcome = { kind: 'done', text: t('reassign.handedOver', { name: to.displayName }) };
        }
      } catch (caught) {
        outcome = { kind: 'failed', text: failure(caught) };
      }
      setOutcomes((previous) => new Map(previous).set(item.caseId, outcome));
      setProgress({ done: index + 1, total: batch.length });
    }
    setProgress(null);
    const failed = batch.length - handed;
    setSummary({
      text: [
        t('reassign.summary', { done: handed, total: batch.length, name: to.displayName }),
        failed > 0 ? t('reassign.summaryFailed', { count: failed }) : '',
      ]
        .filter((part) => part !== '')
        .join(' '),
      allDone: failed === 0,
    });
    if (handed > 0) onReassigned();
  };

  return (
    <section className="panel" aria-labelledby="reassign-heading" data-testid="reassign">
      <h2 id="reassign-heading">{t('reassign.title')}</h2>
      <p className="hint">{t('reassign.intro')}</p>
      <SelectField
        id={fromId}
        label={t('reassign.from')}
        value={fromUserId}
        onChange={chooseFrom}
        options={officerOptions}
        placeholder={t('reassign.chooseOfficer')}
        error={errors.from}
        required
        testId="reassign-from"
      />
      <form
        noValidate
        role="search"
        className="search-row"
        onSubmit={(event) => {
          event.preventDefault();
          void find();
        }}
      >
        <TextField
          id={REASSIGN_SEARCH_ID}
          label={t('reassign.find')}
          hint={from ? t('reassign.findHint', { name: from.displayName }) : t('reassign.findFirst')}
          type="search"
          value={query}
          onChange={setQuery}
          error={queryError}
          autoComplete="off"
          spellCheck={false}
          maxLength={100}
          width="medium"
          testId="reassign-search"
        />
        <SubmitButton
          pending={finding !== null}
          label={t('reassign.findSubmit')}
          pendingLabel={t('reassign.finding')}
          variant="secondary"
          testId="reassign-search-submit"
        />
      </form>
      {findError ? <ErrorMessage error={findError} /> : null}
      <div role="status" className="result-status" data-testid="reassign-find-status">
        {finding ? (
          finding.total > 0 ? (
            t('reassign.findProgress', finding)
          ) : (
            t('reassign.finding')
          )
        ) : findResult && from && current ? (
          <>
            {findResult.found === 0
              ? t('reassign.foundNone', { name: from.displayName })
              : t('reassign.found', { count: findResult.found, name: from.displayName })}
            {findResult.skipped > 0
              ? ` ${t('reassign.skipped', { count: findResult.skipped })}`
              : ''}
            {findResult.limited ? ` ${t('reassign.limited', { limit: MAX_PERSONS })}` : ''}
          </>
        ) : null}
      </div>

      <form
        ref={formRef}
        noValidate
        onSubmit={(event) => void submit(event)}
        data-testid="reassign-form"
      >
        <fieldset
          className={errors.cases ? 'field fieldset field-invalid' : 'field fieldset'}
          aria-describedby={errors.cases ? `${listHintId} ${listErrorId}` : listHintId}
        >
          <legend>{t('reassign.selected')}</legend>
          <p id={listHintId} className="hint">
            {t('reassign.selectedHint')}
          </p>
          {errors.cases ? (
            <p id={listErrorId} className="field-error" role="alert">
              {errors.cases}
            </p>
          ) : null}
          {list.length === 0 ? (
            <p data-testid="reassign-none">{t('reassign.selectedNone')}</p>
          ) : (
            <>
              <div className="button-row">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setChecked(new Set(list.map((c) => c.caseId)));
                  }}
                >
                  {t('reassign.selectAll')}
                </button>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    setChecked(new Set());
                  }}
                >
                  {t('reassign.selectNone')}
                </button>
              </div>
              <ul className="plain-list" data-testid="reassign-cases">
                {list.map((c, index) => {
                  const outcome = outcomes.get(c.caseId);
                  const id = `${idPrefix}-${index}`;
                  return (
                    <li key={c.caseId} className="checkbox" data-testid="reassign-case">
                      <input
                        id={id}
                        type="checkbox"
                        checked={checked.has(c.caseId) && outcome?.kind !== 'done'}
                        disabled={outcome?.kind === 'done'}
                        aria-describedby={outcome ? `${id}-outcome` : undefined}
                        data-testid="reassign-case-check"
                        onChange={(event) => {
                          toggle(c.caseId, event.target.checked);
                        }}
                      />
                      <div>
                        <label htmlFor={id}>
                          {t('reassign.caseLabel', {
                            name: c.applicantName,
                            personnummer: c.personnummer,
                            district: c.districtName,
                            role: role(c.role),
                          })}
                        </label>
                        {c.protection !== 'none' ? (
                          <>
                            {' '}
                            <ProtectionBadge protection={c.protection} />
                          </>
                        ) : null}
                        {outcome ? (
                          <span
                            id={`${id}-outcome`}
                            className={outcome.kind === 'done' ? 'check-detail' : 'overdue-text'}
                            data-testid="reassign-outcome"
                            data-outcome={outcome.kind}
                          >
                            {outcome.text}
                          </span>
                        ) : null}
                      </div>
                    </li>
                  );
                })}
              </ul>
            </>
          )}
        </fieldset>
        <SelectField
          label={t('reassign.to')}
          value={receiver}
          onChange={setToUserId}
          options={officerOptions.filter((o) => o.value !== fromUserId)}
          placeholder={t('reassign.chooseOfficer')}
          error={errors.to}
          required
          testId="reassign-to"
        />
        <TextAreaField
          label={t('reassign.review')}
          hint={t('reassign.reviewHint')}
          value={review}
          onChange={setReview}
          error={errors.review}
          required
          rows={5}
          maxLength={4000}
          testId="reassign-review"
        />
        {progress ? (
          <div data-testid="reassign-progress">
            <progress
              value={progress.done}
              max={progress.total}
              aria-label={t('reassign.progressLabel')}
            />
          </div>
        ) : null}
        <div role="status" data-testid="reassign-status">
          {progress ? (
            <p className="result-status">{t('reassign.progress', progress)}</p>
          ) : summary && current ? (
            <div
              className={summary.allDone ? 'message message-success' : 'message message-warning'}
              data-testid="reassign-summary"
            >
              <p>{summary.text}</p>
            </div>
          ) : null}
        </div>
        <div className="actions">
          <SubmitButton
            pending={progress !== null}
            label={
              selected.length > 0
                ? t('reassign.submit', { count: selected.length })
                : t('reassign.submitNone')
            }
            pendingLabel={t('reassign.submitting')}
            testId="reassign-submit"
          />
        </div>
      </form>
    </section>
  );
}
