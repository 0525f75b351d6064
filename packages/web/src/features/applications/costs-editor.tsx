// Costs and incomes of an application: rows with a type, whole kronor and (for salary) whose it
// is; saved with the version read, and a conflict offers to reload or to save over it.
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { fetchApplication, saveApplication } from '../../api/decision-endpoints.ts';
import {
  COST_TYPES,
  INCOME_TYPES,
  type ApplicationCost,
  type ApplicationIncome,
  type ApplicationView,
  type CostType,
  type IncomeType,
} from '../../api/decision-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import { SelectField, SubmitButton, TextField } from '../../components/forms.tsx';
import { TableWrap } from '../../components/table-wrap.tsx';
import { formatKronor } from '../../i18n/index.ts';
import { parseKronor } from './application-ui.ts';

interface CostRow {
  key: number;
  type: CostType;
  amount: string;
  description: string;
}

interface IncomeRow {
  key: number;
  type: IncomeType;
  amount: string;
  memberId: string;
  description: string;
}

interface Editor {
  /** The version the rows were read from (sent with the save). */
  version: number;
  /** The content of that version, to tell our own later changes from someone else's. */
  base: string;
  costs: CostRow[];
  incomes: IncomeRow[];
  dirty: boolean;
}

let nextKey = 1;
const contentKey = (view: Pick<ApplicationView, 'costs' | 'incomes'>) =>
  JSON.stringify({ costs: view.costs, incomes: view.incomes });

function editorFrom(view: ApplicationView): Editor {
  return {
    version: view.version,
    base: contentKey(view),
    costs: view.costs.map((c) => ({
      key: nextKey++,
      type: c.type,
      amount: String(c.amount),
      description: c.description ?? '',
    })),
    incomes: view.incomes.map((i) => ({
      key: nextKey++,
      type: i.type,
      amount: String(i.amount),
      memberId: i.memberId ?? '',
      description: i.description ?? '',
    })),
    dirty: false,
  };
}

type Built =
  | { ok: true; costs: ApplicationCost[]; incomes: ApplicationIncome[] }
  | { ok: false; errors: Record<string, string> };

export function CostsEditor({
  view,
  onSaved,
  onDirtyChange,
}: {
  view: ApplicationView;
  onSaved: (message: string) => void;
  onDirtyChange?: (dirty: boolean) => void;
}) {
  const { t } = useTranslation();
  const prefix = useId();
  const [editor, setEditor] = useState<Editor>(() => editorFrom(view));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const focusNext = useRef<string | null>(null);

  // A new version from the server: take it unless the user is editing. When only the version
  // moved (a confirmation or upload on this page), keep the user's rows and rebase them.
  useEffect(() => {
    setEditor((current) => {
      if (current.version === view.version) return current;
      if (!current.dirty) return editorFrom(view);
      if (current.base === contentKey(view)) return { ...current, version: view.version };
      return current;
    });
  }, [view]);

  useEffect(() => {
    onDirtyChange?.(editor.dirty);
  }, [editor.dirty, onDirtyChange]);

  useEffect(() => {
    const id = focusNext.current;
    if (id) {
      focusNext.current = null;
      document.getElementById(id)?.focus();
    }
  });

  const fieldId = (kind: 'cost' | 'income', key: number, field: string) =>
    `${prefix}-${kind}-${String(key)}-${field}`;

  const update = (change: (e: Editor) => Editor) => {
    setEditor((current) => ({ ...change(current), dirty: true }));
  };

  const members = view.household.filter((m) => m.role === 'applicant' || m.role === 'partner');

  const build = (): Built => {
    const found: Record<string, string> = {};
    const costs: ApplicationCost[] = [];
    const incomes: ApplicationIncome[] = [];
    editor.costs.forEach((row, index) => {
      const amount = parseKronor(row.amount);
      if (amount === null) {
        found[fieldId('cost', row.key, 'amount')] = t('applicationPage.amountInvalid', {
          row: t('applicationPage.costRow', { number: index + 1 }),
        });
      }
      const description = row.description.trim();
      if (row.type === 'other' && description === '') {
        found[fieldId('cost', row.key, 'description')] = t('applicationPage.descriptionRequired', {
          row: t('applicationPage.costRow', { number: index + 1 }),
        });
      }
      costs.push({
        type: row.type,
        amount: amount ?? 0,
        ...(row.type === 'other' && description ? { description } : {}),
      });
    });
    editor.incomes.forEach((row, index) => {
      const amount = parseKronor(row.amount);
      const label = t('applicationPage.incomeRow', { number: index + 1 });
      if (amount === null) {
        found[fieldId('income', row.key, 'amount')] = t('applicationPage.amountInvalid', {
          row: label,
        });
      }
      if (row.type === 'salary' && row.memberId === '') {
        found[fieldId('income', row.key, 'member')] = t('applicationPage.memberRequired', {
          row: label,
        });
      }
      const description = row.description.trim();
      incomes.push({
        type: row.type,
        amount: amount ?? 0,
        ...(row.type === 'salary' && row.memberId ? { memberId: row.memberId } : {}),
        ...(row.type === 'other' && description ? { description } : {}),
      });
    });
    return Object.keys(found).length > 0
      ? { ok: false, errors: found }
      : { ok: true, costs, incomes };
  };

  const save = async (overwrite: boolean) => {
    if (pending) return;
    const built = build();
    setError(null);
    if (!built.ok) {
      setErrors(built.errors);
      setSummaryToken((n) => n + 1);
      return;
    }
    setErrors({});
    setPending(true);
    try {
      const version = overwrite
        ? (await fetchApplication(view.caseId, view.id)).version
        : editor.version;
      await saveApplication(view.caseId, view.id, version, {
        costs: built.costs,
        incomes: built.incomes,
      });
      setEditor((current) => ({ ...current, dirty: false }));
      onSaved(t('applicationPage.saved'));
    } catch (cause) {
      setError(cause);
    } finally {
      setPending(false);
    }
  };

  const conflict = error instanceof ApiError && error.code === 'version_conflict';
  const summary: SummaryItem[] = Object.entries(errors).map(([fieldId, message]) => ({
    fieldId,
    message,
  }));

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void save(false);
      }}
      noValidate
      data-testid="costs-form"
    >
      <ErrorSummary items={summary} focusToken={summaryToken} testId="costs-error-summary" />
      {conflict ? (
        <ErrorMessage error={error} message={t('applicationPage.conflict')} testId="costs-conflict">
          <div className="button-row">
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setError(null);
                setEditor((current) => ({ ...current, dirty: false, version: -1 }));
                onSaved(t('applicationPage.reloaded'));
              }}
            >
              {t('applicationPage.reloadLatest')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              data-testid="costs-overwrite"
              onClick={() => void save(true)}
            >
              {t('applicationPage.overwrite')}
            </button>
          </div>
        </ErrorMessage>
      ) : error ? (
        <ErrorMessage error={error} testId="costs-error" />
      ) : null}

      <fieldset className="fieldset field">
        <legend>{t('applicationPage.costs')}</legend>
        {editor.costs.length === 0 ? <p>{t('applicationPage.noCosts')}</p> : null}
        {editor.costs.map((row, index) => {
          const label = t('applicationPage.costRow', { number: index + 1 });
          const setRow = (patch: Partial<CostRow>) => {
            update((e) => ({
              ...e,
              costs: e.costs.map((r) => (r.key === row.key ? { ...r, ...patch } : r)),
            }));
          };
          return (
            <fieldset key={row.key} className="item-row" data-testid="cost-row">
              <legend>{label}</legend>
              <SelectField
                id={fieldId('cost', row.key, 'type')}
                label={t('applicationPage.costType')}
                value={row.type}
                onChange={(value) => {
                  const type = COST_TYPES.find((c) => c === value);
                  if (type) setRow({ type });
                }}
                options={COST_TYPES.map((value) => ({ value, label: t(`costTypes.${value}`) }))}
                testId="cost-type"
              />
              <TextField
                id={fieldId('cost', row.key, 'amount')}
                label={t('applicationPage.amount')}
                hint={t('applicationPage.amountHint')}
                width="short"
                inputMode="numeric"
                value={row.amount}
                onChange={(amount) => {
                  setRow({ amount });
                }}
                error={errors[fieldId('cost', row.key, 'amount')]}
                required
                testId="cost-amount"
              />
              {row.type === 'other' ? (
                <TextField
                  id={fieldId('cost', row.key, 'description')}
                  label={t('applicationPage.description')}
                  value={row.description}
                  onChange={(description) => {
                    setRow({ description });
                  }}
                  error={errors[fieldId('cost', row.key, 'description')]}
                  maxLength={200}
                  required
                  testId="cost-description"
                />
              ) : null}
              <button
                type="button"
                className="link-button"
                data-testid="cost-remove"
                onClick={() => {
                  // The button goes away with its row: focus moves to "Lägg till kostnad".
                  focusNext.current = `${prefix}-add-cost`;
                  update((e) => ({ ...e, costs: e.costs.filter((r) => r.key !== row.key) }));
                }}
              >
                {t('applicationPage.removeRow', { row: label })}
              </button>
            </fieldset>
          );
        })}
        <button
          type="button"
          className="button button-secondary"
          id={`${prefix}-add-cost`}
          data-testid="add-cost"
          onClick={() => {
            const key = nextKey++;
            focusNext.current = fieldId('cost', key, 'type');
            update((e) => ({
              ...e,
              costs: [...e.costs, { key, type: 'rent', amount: '', description: '' }],
            }));
          }}
        >
          {t('applicationPage.addCost')}
        </button>
      </fieldset>

      <fieldset className="fieldset field">
        <legend>{t('applicationPage.incomes')}</legend>
        {editor.incomes.length === 0 ? <p>{t('applicationPage.noIncomes')}</p> : null}
        {editor.incomes.map((row, index) => {
          const label = t('applicationPage.incomeRow', { number: index + 1 });
          const setRow = (patch: Partial<IncomeRow>) => {
            update((e) => ({
              ...e,
              incomes: e.incomes.map((r) => (r.key === row.key ? { ...r, ...patch } : r)),
            }));
          };
          return (
            <fieldset key={row.key} className="item-row" data-testid="income-row">
              <legend>{label}</legend>
              <SelectField
                id={fieldId('income', row.key, 'type')}
                label={t('applicationPage.incomeType')}
                value={row.type}
                onChange={(value) => {
                  const type = INCOME_TYPES.find((c) => c === value);
                  if (type) setRow({ type });
                }}
                options={INCOME_TYPES.map((value) => ({
                  value,
                  label: t(`incomeTypes.${value}`),
                }))}
                testId="income-type"
              />
              <TextField
                id={fieldId('income', row.key, 'amount')}
                label={t('applicationPage.amount')}
                hint={t('applicationPage.amountHint')}
                width="short"
                inputMode="numeric"
                value={row.amount}
                onChange={(amount) => {
                  setRow({ amount });
                }}
                error={errors[fieldId('income', row.key, 'amount')]}
                required
                testId="income-amount"
              />
              {row.type === 'salary' ? (
                <SelectField
                  id={fieldId('income', row.key, 'member')}
                  label={t('applicationPage.member')}
                  hint={t('applicationPage.memberHint')}
                  value={row.memberId}
                  onChange={(memberId) => {
                    setRow({ memberId });
                  }}
                  options={members.map((m) => ({
                    value: m.personId,
                    label: `${m.name} (${t(`case.householdRoles.${m.role}`)})`,
                  }))}
                  placeholder={t('applicationPage.chooseMember')}
                  error={errors[fieldId('income', row.key, 'member')]}
                  required
                  testId="income-member"
                />
              ) : null}
              {row.type === 'other' ? (
                <TextField
                  id={fieldId('income', row.key, 'description')}
                  label={t('applicationPage.description')}
                  value={row.description}
                  onChange={(description) => {
                    setRow({ description });
                  }}
                  maxLength={200}
                  optional
                  testId="income-description"
                />
              ) : null}
              <button
                type="button"
                className="link-button"
                data-testid="income-remove"
                onClick={() => {
                  focusNext.current = `${prefix}-add-income`;
                  update((e) => ({ ...e, incomes: e.incomes.filter((r) => r.key !== row.key) }));
                }}
              >
                {t('applicationPage.removeRow', { row: label })}
              </button>
            </fieldset>
          );
        })}
        <button
          type="button"
          className="button button-secondary"
          id={`${prefix}-add-income`}
          data-testid="add-income"
          onClick={() => {
            const key = nextKey++;
            focusNext.current = fieldId('income', key, 'type');
            update((e) => ({
              ...e,
              incomes: [
                ...e.incomes,
                { key, type: 'salary', amount: '', memberId: '', description: '' },
              ],
            }));
          }}
        >
          {t('applicationPage.addIncome')}
        </button>
      </fieldset>

      <p className="save-status" role="status" data-testid="costs-dirty">
        {editor.dirty ? t('applicationPage.unsaved') : ''}
      </p>
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('applicationPage.save')}
          pendingLabel={t('common.saving')}
          testId="costs-save"
        />
      </div>
    </form>
  );
}

/** Costs and incomes of a decided application, read only. */
export function CostsReadOnly({ view }: { view: ApplicationView }) {
  const { t } = useTranslation();
  const memberName = (id: string | undefined) =>
    view.household.find((m) => m.personId === id)?.name ?? '';
  return (
    <TableWrap label={t('applicationPage.costsAndIncomes')}>
      <table className="table table-compact">
        <caption className="visually-hidden">{t('applicationPage.costsAndIncomes')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('applicationPage.colItem')}</th>
            <th scope="col">{t('applicationPage.colAmount')}</th>
          </tr>
        </thead>
        <tbody>
          {view.costs.map((cost, index) => (
            <tr key={`c${String(index)}`}>
              <th scope="row">
                {t(`costTypes.${cost.type}`)}
                {cost.description ? `: ${cost.description}` : ''}
              </th>
              <td className="nowrap">{formatKronor(cost.amount)}</td>
            </tr>
          ))}
          {view.incomes.map((income, index) => (
            <tr key={`i${String(index)}`}>
              <th scope="row">
                {t(`incomeTypes.${income.type}`)}
                {income.memberId ? ` (${memberName(income.memberId)})` : ''}
                {income.description ? `: ${income.description}` : ''}
              </th>
              <td className="nowrap">{formatKronor(income.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
