// "Omfördela ärenden" on the caseload page: lists the chosen officer's open cases that the
// supervisor may hand over (GET /caseload/:userId/cases) and hands the ticked ones over to another
// officer in the unit: one `handed_over` action per case with the listed version (a case that
// failed is read again before the next try), and a result per case.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isAbort } from '../../api/client.ts';
import { appendCaseAction, fetchCase, fetchOfficerCases } from '../../api/case-endpoints.ts';
import type { Caseload, CaseOfficerRole, OfficerCase, OfficerCases } from '../../api/case-types.ts';
import {
  conflictText,
  domainRefusal,
  ErrorMessage,
  errorText,
} from '../../components/error-message.tsx';
import {
  focusFirstInvalid,
  hasErrors,
  SelectField,
  SubmitButton,
  TextField,
  type FieldErrors,
} from '../../components/forms.tsx';
import { ProtectionBadge } from '../../components/protection-badge.tsx';
import { formatDate } from '../../i18n/index.ts';
import { TextAreaField } from './case-ui.tsx';

/** Id of the filter field, so that the caseload table's "Välj ärenden" can move focus to it. */
export const REASSIGN_FILTER_ID = 'reassign-filter';

/** One assignment in the list: a case and the officer's function in it. */
interface Item extends OfficerCase {
  key: string;
}

type Outcome = { kind: 'done' | 'failed'; text: string };
type Field = 'from' | 'cases' | 'to' | 'review';
type Progress = { done: number; total: number };
type ListLoad =
  | { userId: string; kind: 'loading' }
  | { userId: string; kind: 'loaded'; value: OfficerCases; items: Item[] }
  | { userId: string; kind: 'failed'; error: unknown };

const focusById = (id: string) => {
  window.requestAnimationFrame(() => document.getElementById(id)?.focus());
};

// Keyed by the officer too: the same case may be another officer's in the same role.
const itemKey = (userId: string, c: OfficerCase) => `${userId}:${c.caseId}:${c.role}`;

function matches(item: OfficerCase, needle: string): boolean {
  return [item.applicantName, item.personnummer, item.districtName].some((text) =>
    text.toLocaleLowerCase('sv').includes(needle),
  );
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
  const [listLoad, setListLoad] = useState<ListLoad | null>(null);
  const [round, setRound] = useState(0);
  const [filter, setFilter] = useState('');
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [outcomes, setOutcomes] = useState<ReadonlyMap<string, Outcome>>(new Map());
  const [toUserId, setToUserId] = useState('');
  const [review, setReview] = useState('');
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const [progress, setProgress] = useState<Progress | null>(null);
  const [summary, setSummary] = useState<{
    userId: string;
    text: string;
    allDone: boolean;
  } | null>(null);
  // The newest version known per case (from the list, then from each action's answer), and the
  // items whose last try failed: those are read again before the next try.
  const versions = useRef(new Map<string, number>());
  const stale = useRef(new Set<string>());
  const formRef = useRef<HTMLFormElement>(null);
  const listHintId = useId();
  const listErrorId = useId();
  const idPrefix = useId();
  const fromId = useId();

  // The list follows the chosen officer, whether chosen here or in the caseload table.
  useEffect(() => {
    if (fromUserId === '') {
      setListLoad(null);
      return;
    }
    const controller = new AbortController();
    setListLoad({ userId: fromUserId, kind: 'loading' });
    setFilter('');
    setChecked(new Set());
    setOutcomes(new Map());
    versions.current = new Map();
    stale.current = new Set();
    fetchOfficerCases(fromUserId, controller.signal)
      .then((value) => {
        const items = value.cases.map((c) => ({ ...c, key: itemKey(fromUserId, c) }));
        for (const item of items) versions.current.set(item.caseId, item.version);
        setListLoad({ userId: fromUserId, kind: 'loaded', value, items });
      })
      .catch((error: unknown) => {
        if (!isAbort(error)) setListLoad({ userId: fromUserId, kind: 'failed', error });
      });
    return () => {
      controller.abort();
    };
  }, [fromUserId, round]);

  const from = caseload.officers.find((o) => o.userId === fromUserId) ?? null;
  // The officer may also be changed from the caseload table: what was loaded or done for another
  // officer is then not shown, and the receiver cannot be the one handing over.
  const load = listLoad?.userId === fromUserId ? listLoad : null;
  const items = useMemo(() => (load?.kind === 'loaded' ? load.items : []), [load]);
  const needle = filter.trim().toLocaleLowerCase('sv');
  const shown = useMemo(
    () => (needle === '' ? items : items.filter((item) => matches(item, needle))),
    [items, needle],
  );
  const receiver = toUserId === fromUserId ? '' : toUserId;
  const to = caseload.officers.find((o) => o.userId === receiver) ?? null;
  const selected = items.filter(
    (item) => checked.has(item.key) && outcomes.get(item.key)?.kind !== 'done',
  );
  const officerOptions = caseload.officers.map((o) => ({ value: o.userId, label: o.displayName }));
  const role = (value: CaseOfficerRole) => t(`case.officerRoles.${value}`);
  const busy = progress !== null;

  const chooseFrom = (userId: string) => {
    onFromChange(userId);
    setSummary(null);
    setErrors({});
  };

  const setMany = (keys: readonly string[], on: boolean) => {
    setChecked((previous) => {
      const next = new Set(previous);
      for (const key of keys) {
        if (on) next.add(key);
        else next.delete(key);
      }
      return next;
    });
  };

  /** Why one case was not handed over, naming who changed it when the version had moved on. */
  const failure = (caught: unknown): string =>
    conflictText(t, caught, 'reassign') ??
    // The domain refuses in Swedish (already assigned, not assigned any more …).
    t('reassign.failed', { message: domainRefusal(caught) ?? errorText(t, caught) });

  /** Hands one assignment over; a case that failed before is read again for its version first. */
  const handOver = async (
    item: Item,
    fromOfficer: { userId: string; displayName: string },
    toOfficer: { userId: string; displayName: string },
    text: string,
  ): Promise<Outcome> => {
    let version = versions.current.get(item.caseId) ?? item.version;
    if (stale.current.has(item.key)) {
      const view = await fetchCase(item.caseId);
      const still =
        view.status === 'open' &&
        view.officers.some((o) => o.userId === fromOfficer.userId && o.role === item.role);
      if (!still)
        return {
          kind: 'failed',
          text: t('reassign.notAssigned', { name: fromOfficer.displayName }),
        };
      version = view.version;
    }
    const result = await appendCaseAction(item.caseId, version, {
      type: 'handed_over',
      fromUserId: fromOfficer.userId,
      toUserId: toOfficer.userId,
      role: item.role,
      review: text,
    });
    versions.current.set(item.caseId, result.version);
    return { kind: 'done', text: t('reassign.handedOver', { name: toOfficer.displayName }) };
  };

  const submit = async (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (busy) return;
    const next: FieldErrors<Field> = {};
    if (!from) next.from = t('validation.choose', { field: t('reassign.from').toLowerCase() });
    else if (selected.length === 0) next.cases = t('reassign.chooseCases');
    if (!to) next.to = t('validation.choose', { field: t('reassign.to').toLowerCase() });
    if (review.trim() === '') next.review = t('reassign.reviewRequired');
    setErrors(next);
    setSummary(null);
    if (hasErrors(next) || !from || !to) {
      // In the order shown: the officer, the list (or its filter), then the form's fields.
      if (next.from) focusById(fromId);
      else if (next.cases) focusById(shown.length > 0 ? `${idPrefix}-0` : REASSIGN_FILTER_ID);
      else focusFirstInvalid(formRef.current);
      return;
    }
    const batch = selected;
    const text = review.trim();
    let handed = 0;
    setProgress({ done: 0, total: batch.length });
    // One at a time: two assignments on one case must not race for its version.
    for (const [index, item] of batch.entries()) {
      let outcome: Outcome;
      try {
        outcome = await handOver(item, from, to, text);
      } catch (caught) {
        outcome = { kind: 'failed', text: failure(caught) };
      }
      if (outcome.kind === 'done') {
        handed++;
        stale.current.delete(item.key);
      } else {
        stale.current.add(item.key);
      }
      setOutcomes((previous) => new Map(previous).set(item.key, outcome));
      setProgress({ done: index + 1, total: batch.length });
    }
    setProgress(null);
    const failed = batch.length - handed;
    setSummary({
      userId: from.userId,
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

  const listStatus = (): string => {
    if (!from) return '';
    if (!load || load.kind === 'loading') return t('reassign.loading', { name: from.displayName });
    if (load.kind === 'failed') return '';
    const { value } = load;
    const parts: string[] = [
      items.length === 0
        ? t('reassign.loadedNone', { name: from.displayName })
        : t('reassign.loaded', { count: items.length, name: from.displayName }),
    ];
    if (value.truncated) parts.push(t('reassign.truncated', { count: items.length }));
    if (value.notListed > 0)
      parts.push(t('reassign.notListed', { count: value.notListed, name: from.displayName }));
    if (needle !== '' && items.length > 0)
      parts.push(
        shown.length === 0
          ? t('reassign.noMatch')
          : t('reassign.filtered', { shown: shown.length, total: items.length }),
      );
    return parts.join(' ');
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
      {/* Outside the form: Enter in the filter must not hand anything over. */}
      <TextField
        id={REASSIGN_FILTER_ID}
        label={t('reassign.filter')}
        hint={from ? t('reassign.filterHint', { name: from.displayName }) : t('reassign.findFirst')}
        type="search"
        value={filter}
        onChange={setFilter}
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
        width="medium"
        testId="reassign-filter"
      />
      <div role="status" className="result-status" data-testid="reassign-list-status">
        {listStatus()}
      </div>
      {load?.kind === 'failed' ? (
        <ErrorMessage
          error={load.error}
          onRetry={() => {
            setRound((value) => value + 1);
          }}
          retryLabel={t('reassign.reload')}
        />
      ) : null}
      {load?.kind === 'loaded' && load.value.truncated ? (
        <p>
          <button
            type="button"
            className="link-button"
            data-testid="reassign-reload"
            onClick={() => {
              setRound((value) => value + 1);
            }}
          >
            {t('reassign.reload')}
          </button>
        </p>
      ) : null}

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
          {shown.length === 0 ? (
            <p data-testid="reassign-none">
              {from ? t('reassign.selectedNone') : t('reassign.findFirst')}
            </p>
          ) : (
            <>
              <div className="button-row">
                <button
                  type="button"
                  className="link-button"
                  data-testid="reassign-select-all"
                  onClick={() => {
                    setMany(
                      shown
                        .filter((item) => outcomes.get(item.key)?.kind !== 'done')
                        .map((item) => item.key),
                      true,
                    );
                  }}
                >
                  {t('reassign.selectAll')}
                </button>
                <button
                  type="button"
                  className="link-button"
                  data-testid="reassign-select-none"
                  onClick={() => {
                    setMany(
                      shown.map((item) => item.key),
                      false,
                    );
                  }}
                >
                  {t('reassign.selectNone')}
                </button>
              </div>
              <ul className="plain-list" data-testid="reassign-cases">
                {shown.map((item, index) => {
                  const outcome = outcomes.get(item.key);
                  const id = `${idPrefix}-${index}`;
                  return (
                    <li key={item.key} className="checkbox" data-testid="reassign-case">
                      <input
                        id={id}
                        type="checkbox"
                        checked={checked.has(item.key) && outcome?.kind !== 'done'}
                        disabled={outcome?.kind === 'done'}
                        aria-describedby={outcome ? `${id}-outcome` : undefined}
                        data-testid="reassign-case-check"
                        onChange={(event) => {
                          setMany([item.key], event.target.checked);
                        }}
                      />
                      <div>
                        <label htmlFor={id}>
                          {t('reassign.caseLabel', {
                            name: item.applicantName,
                            personnummer: item.personnummer,
                            district: item.districtName,
                            role: role(item.role),
                            opened: formatDate(item.openedAt),
                          })}
                          {item.protection !== 'none' ? (
                            <>
                              {' '}
                              <ProtectionBadge protection={item.protection} />
                            </>
                          ) : null}
                        </label>
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
          ) : summary && summary.userId === fromUserId ? (
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
            pending={busy}
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
