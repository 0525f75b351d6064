// "Delegation och beslut" (administrators): the delegation order (role × kind × highest amount ×
// adverse decisions), the routine rules, automatic full grants (FL 28 §) and letter contacts.
import { useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { DECISION_KINDS, ROUTINE_RULES, STAFF_ROLES, type StaffRole } from '@skyddsnat/domain';
import { fetchDecisionSettings, saveDecisionSettings } from '../../api/decision-endpoints.ts';
import type { DecisionKind, DecisionSettings } from '../../api/decision-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import { LiveStatus, SelectField, SubmitButton, TextField } from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { parseKronor } from '../applications/application-ui.ts';
import { useLoad } from '../cases/case-ui.tsx';

/** The roles that take decisions in a delegation order; the others never sign. */
const DECIDING_ROLES: readonly StaffRole[] = STAFF_ROLES.filter((role) =>
  ['reception_officer', 'social_worker', 'benefit_officer', 'supervisor', 'unit_manager'].includes(
    role,
  ),
);

interface RuleRow {
  key: number;
  role: StaffRole;
  kind: DecisionKind;
  /** Whole kronor as typed; empty means no upper limit. */
  maxAmount: string;
  mayDecideAdverse: boolean;
}

interface Form {
  version: number;
  rules: RuleRow[];
  routineRules: DecisionSettings['routineRules'];
  autoDecideFullGrants: boolean;
  postalAddress: string;
  phone: string;
  email: string;
}

let nextKey = 1;

function formFrom(settings: DecisionSettings): Form {
  return {
    version: settings.version,
    rules: settings.delegation.map((rule) => ({
      key: nextKey++,
      role: rule.role,
      kind: rule.kind,
      maxAmount: rule.maxAmount === null ? '' : String(rule.maxAmount),
      mayDecideAdverse: rule.mayDecideAdverse,
    })),
    routineRules: { ...settings.routineRules },
    autoDecideFullGrants: settings.autoDecideFullGrants,
    postalAddress: settings.postalAddress,
    phone: settings.phone,
    email: settings.email,
  };
}

export function DecisionSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('decisionSettings.title'));
  const { load, reload } = useLoad((signal) => fetchDecisionSettings(signal), 'settings');
  const [form, setForm] = useState<Form | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  useEffect(() => {
    if (load.kind === 'loaded') setForm(formFrom(load.value));
  }, [load]);

  return (
    <>
      <p className="back-link">
        <Link to="/admin">{t('decisionSettings.toAdmin')}</Link>
      </p>
      <PageHeading testId="decision-settings-heading">{t('decisionSettings.title')}</PageHeading>
      <p className="lead">{t('decisionSettings.intro')}</p>
      <LiveStatus message={status} testId="decision-settings-status" />
      {load.kind === 'failed' ? <ErrorMessage error={load.error} onRetry={reload} /> : null}
      {form ? (
        <SettingsForm
          form={form}
          setForm={setForm}
          onSaved={() => {
            setStatus(t('decisionSettings.saved'));
            reload();
          }}
          onReload={() => {
            setStatus(null);
            reload();
          }}
        />
      ) : load.kind === 'loading' ? (
        <p role="status">{t('common.loading')}</p>
      ) : null}
    </>
  );
}

function SettingsForm({
  form,
  setForm,
  onSaved,
  onReload,
}: {
  form: Form;
  setForm: (update: (form: Form | null) => Form | null) => void;
  onSaved: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const prefix = useId();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const focusNext = useRef<string | null>(null);

  useEffect(() => {
    const id = focusNext.current;
    if (id) {
      focusNext.current = null;
      document.getElementById(id)?.focus();
    }
  });

  const rowId = (key: number, field: string) => `${prefix}-rule-${String(key)}-${field}`;
  const update = (patch: Partial<Form>) => {
    setForm((current) => (current ? { ...current, ...patch } : current));
  };
  const setRule = (key: number, patch: Partial<RuleRow>) => {
    setForm((current) =>
      current
        ? {
            ...current,
            rules: current.rules.map((r) => (r.key === key ? { ...r, ...patch } : r)),
          }
        : current,
    );
  };

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    const found: Record<string, string> = {};
    const seen = new Set<string>();
    const delegation = form.rules.map((row, index) => {
      const label = t('decisionSettings.ruleRow', { number: index + 1 });
      const max = row.maxAmount.trim() === '' ? null : parseKronor(row.maxAmount);
      if (row.maxAmount.trim() !== '' && max === null) {
        found[rowId(row.key, 'max')] = t('decisionSettings.maxInvalid', { row: label });
      }
      const pair = `${row.role}/${row.kind}`;
      if (seen.has(pair)) {
        found[rowId(row.key, 'role')] = t('decisionSettings.duplicate', {
          row: label,
          role: t(`roles.${row.role}`),
          kind: t(`decisionKinds.${row.kind}`),
        });
      }
      seen.add(pair);
      return {
        role: row.role,
        kind: row.kind,
        maxAmount: max,
        mayDecideAdverse: row.mayDecideAdverse,
      };
    });
    if (form.email.trim() !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.email.trim())) {
      found[`${prefix}-email`] = t('validation.email');
    }
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0) {
      setSummaryToken((n) => n + 1);
      return;
    }
    setPending(true);
    saveDecisionSettings({
      version: form.version,
      delegation,
      routineRules: form.routineRules,
      autoDecideFullGrants: form.autoDecideFullGrants,
      postalAddress: form.postalAddress.trim(),
      phone: form.phone.trim(),
      email: form.email.trim(),
    })
      .then(onSaved)
      .catch((cause: unknown) => {
        setError(cause);
      })
      .finally(() => {
        setPending(false);
      });
  };

  const summary: SummaryItem[] = Object.entries(errors).map(([fieldId, message]) => ({
    fieldId,
    message,
  }));

  return (
    <form onSubmit={submit} noValidate data-testid="decision-settings-form">
      <ErrorSummary items={summary} focusToken={summaryToken} />
      {error ? (
        <ErrorMessage
          error={error}
          testId="decision-settings-error"
          onReloadAfterConflict={onReload}
        />
      ) : null}

      <section className="panel" aria-labelledby="delegation-heading" data-testid="delegation">
        <h2 id="delegation-heading">{t('decisionSettings.delegation')}</h2>
        <p className="hint">{t('decisionSettings.delegationIntro')}</p>
        {form.rules.length === 0 ? (
          <p className="message message-warning" data-testid="delegation-empty">
            {t('decisionSettings.noRules')}
          </p>
        ) : null}
        {form.rules.map((row, index) => {
          const label = t('decisionSettings.ruleRow', { number: index + 1 });
          return (
            <fieldset key={row.key} className="item-row" data-testid="delegation-rule">
              <legend>{label}</legend>
              <SelectField
                id={rowId(row.key, 'role')}
                label={t('decisionSettings.role')}
                value={row.role}
                onChange={(value) => {
                  const role = STAFF_ROLES.find((r) => r === value);
                  if (role) setRule(row.key, { role });
                }}
                options={(DECIDING_ROLES.includes(row.role)
                  ? DECIDING_ROLES
                  : [...DECIDING_ROLES, row.role]
                ).map((value) => ({ value, label: t(`roles.${value}`) }))}
                error={errors[rowId(row.key, 'role')]}
                testId="rule-role"
              />
              <SelectField
                id={rowId(row.key, 'kind')}
                label={t('decisionSettings.kind')}
                value={row.kind}
                onChange={(value) => {
                  const kind = DECISION_KINDS.find((k) => k === value);
                  if (kind) setRule(row.key, { kind });
                }}
                options={DECISION_KINDS.map((value) => ({
                  value,
                  label: t(`decisionKinds.${value}`),
                }))}
                testId="rule-kind"
              />
              <TextField
                id={rowId(row.key, 'max')}
                label={t('decisionSettings.maxAmount')}
                hint={t('decisionSettings.maxAmountHint')}
                width="short"
                inputMode="numeric"
                value={row.maxAmount}
                onChange={(maxAmount) => {
                  setRule(row.key, { maxAmount });
                }}
                error={errors[rowId(row.key, 'max')]}
                optional
                testId="rule-max"
              />
              <div className="checkbox field">
                <input
                  id={rowId(row.key, 'adverse')}
                  type="checkbox"
                  checked={row.mayDecideAdverse}
                  data-testid="rule-adverse"
                  onChange={(event) => {
                    setRule(row.key, { mayDecideAdverse: event.target.checked });
                  }}
                />
                <label htmlFor={rowId(row.key, 'adverse')}>{t('decisionSettings.adverse')}</label>
              </div>
              <button
                type="button"
                className="link-button"
                data-testid="rule-remove"
                onClick={() => {
                  // The button goes away with its row: focus moves to "Lägg till delegation".
                  focusNext.current = `${prefix}-add-rule`;
                  update({ rules: form.rules.filter((r) => r.key !== row.key) });
                }}
              >
                {t('decisionSettings.removeRule', { row: label })}
              </button>
            </fieldset>
          );
        })}
        <button
          type="button"
          className="button button-secondary"
          id={`${prefix}-add-rule`}
          data-testid="add-rule"
          onClick={() => {
            const key = nextKey++;
            focusNext.current = rowId(key, 'role');
            update({
              rules: [
                ...form.rules,
                {
                  key,
                  role: 'social_worker',
                  kind: 'regular',
                  maxAmount: '',
                  mayDecideAdverse: false,
                },
              ],
            });
          }}
        >
          {t('decisionSettings.addRule')}
        </button>
      </section>

      <section className="panel" aria-labelledby="routine-heading" data-testid="routine-rules">
        <h2 id="routine-heading">{t('decisionSettings.routine')}</h2>
        <p className="hint">{t('decisionSettings.routineIntro')}</p>
        <fieldset className="fieldset field">
          <legend>{t('decisionSettings.routineLegend')}</legend>
          <div className="checkboxes">
            {ROUTINE_RULES.map((rule) => {
              const checkboxId = `${prefix}-routine-${rule.code}`;
              const enabled = rule.alwaysOn || form.routineRules[rule.code] !== false;
              return (
                <div className="checkbox" key={rule.code}>
                  <input
                    id={checkboxId}
                    type="checkbox"
                    checked={enabled}
                    disabled={rule.alwaysOn}
                    aria-describedby={rule.alwaysOn ? `${checkboxId}-always` : undefined}
                    data-testid={`routine-${rule.code}`}
                    onChange={(event) => {
                      update({
                        routineRules: { ...form.routineRules, [rule.code]: event.target.checked },
                      });
                    }}
                  />
                  <label htmlFor={checkboxId}>
                    {t(`routineRules.${rule.code}`)}
                    {rule.alwaysOn ? (
                      <span id={`${checkboxId}-always`} className="hint-inline muted">
                        {' '}
                        {t('decisionSettings.alwaysOn')}
                      </span>
                    ) : null}
                  </label>
                </div>
              );
            })}
          </div>
        </fieldset>
      </section>

      <section className="panel" aria-labelledby="automatic-heading" data-testid="automatic">
        <h2 id="automatic-heading">{t('decisionSettings.automatic')}</h2>
        <p>{t('decisionSettings.automaticLaw')}</p>
        <p>{t('decisionSettings.automaticWhat')}</p>
        <div className="checkbox field">
          <input
            id={`${prefix}-auto`}
            type="checkbox"
            checked={form.autoDecideFullGrants}
            aria-describedby={`${prefix}-auto-hint`}
            data-testid="auto-decide"
            onChange={(event) => {
              update({ autoDecideFullGrants: event.target.checked });
            }}
          />
          <label htmlFor={`${prefix}-auto`}>{t('decisionSettings.autoDecide')}</label>
        </div>
        <p id={`${prefix}-auto-hint`} className="hint">
          {t('decisionSettings.autoDecideHint')}
        </p>
      </section>

      <section className="panel" aria-labelledby="letter-heading" data-testid="letter-contact">
        <h2 id="letter-heading">{t('decisionSettings.letter')}</h2>
        <p className="hint">{t('decisionSettings.letterIntro')}</p>
        <TextField
          id={`${prefix}-address`}
          label={t('decisionSettings.postalAddress')}
          value={form.postalAddress}
          onChange={(postalAddress) => {
            update({ postalAddress });
          }}
          maxLength={300}
          optional
          testId="letter-address"
        />
        <TextField
          id={`${prefix}-phone`}
          type="tel"
          width="medium"
          label={t('decisionSettings.phone')}
          value={form.phone}
          onChange={(phone) => {
            update({ phone });
          }}
          maxLength={40}
          autoComplete="off"
          optional
          testId="letter-phone"
        />
        <TextField
          id={`${prefix}-email`}
          type="email"
          width="medium"
          label={t('decisionSettings.email')}
          value={form.email}
          onChange={(email) => {
            update({ email });
          }}
          error={errors[`${prefix}-email`]}
          maxLength={200}
          autoComplete="off"
          optional
          testId="letter-email"
        />
      </section>

      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('decisionSettings.save')}
          pendingLabel={t('common.saving')}
          testId="decision-settings-save"
        />
      </div>
    </form>
  );
}
