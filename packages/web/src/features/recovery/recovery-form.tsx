// The recovery (återkrav) draft form: the signed decisions that paid, the amount, the ground, the
// reasons, a repayment plan worked out from the amount per month, and the written consent to
// deductions. The server checks everything again and explains a refusal in words.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.ts';
import type { DecisionKind } from '../../api/decision-types.ts';
import { createRecovery, saveRecovery } from '../../api/payment-endpoints.ts';
import {
  GROUNDS_NEEDING_STATED_TERMS,
  MAX_PLAN_MONTHS,
  RECOVERY_GROUNDS,
  type RecoveryGround,
  type RecoveryInput,
  type RecoveryView,
} from '../../api/recovery-types.ts';
import { ErrorMessage, errorText } from '../../components/error-message.tsx';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import {
  SelectField,
  serverFieldErrors,
  SubmitButton,
  TextField,
} from '../../components/forms.tsx';
import { formatKronor } from '../../i18n/index.ts';
import { MONTH_PATTERN, parseKronor } from '../applications/application-ui.ts';
import { TextAreaField, todayInStockholm } from '../cases/case-ui.tsx';
import { isPlainDate } from '@skyddsnat/domain';
import { formatMonth } from '../payments/payment-ui.ts';

/** A signed decision of the case that can be reclaimed, with what it granted and paid. */
export interface RecoveryCandidate {
  decisionId: string;
  month: string;
  kind: DecisionKind;
  granted: number;
  paid: number;
}

type Field =
  | 'decisions'
  | 'amount'
  | 'ground'
  | 'terms'
  | 'reasons'
  | 'installment'
  | 'firstMonth'
  | 'consentDate';

/** Which field a refusal from the server is about. */
const CODE_FIELDS: Readonly<Record<string, Field>> = {
  no_decisions: 'decisions',
  duplicate_decision: 'decisions',
  unknown_decision: 'decisions',
  decision_not_signed: 'decisions',
  nothing_paid: 'decisions',
  ground_does_not_fit: 'ground',
  repayment_terms_not_stated: 'terms',
  amount_not_positive: 'amount',
  amount_exceeds_paid: 'amount',
  invalid_plan: 'installment',
  plan_does_not_add_up: 'installment',
  invalid_consent_date: 'consentDate',
};

interface Plan {
  installment: number;
  months: number;
  lastInstallment: number;
}

/** The plan an amount and a monthly amount make: whole months, the last one smaller if need be. */
function planFor(amount: number, installment: number): Plan {
  if (amount <= installment) return { installment: amount, months: 1, lastInstallment: amount };
  const months = Math.ceil(amount / installment);
  return { installment, months, lastInstallment: amount - installment * (months - 1) };
}

function addMonths(month: string, count: number): string {
  const [year = 0, number = 1] = month.split('-').map(Number);
  const index = year * 12 + (number - 1) + count;
  return `${String(Math.floor(index / 12))}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function nextMonth(): string {
  return addMonths(todayInStockholm().slice(0, 7), 1);
}

export function planText(t: TFunction, plan: Plan, firstMonth: string): string {
  const total = formatKronor(plan.installment * (plan.months - 1) + plan.lastInstallment);
  const first = formatMonth(t, firstMonth);
  const last = formatMonth(t, addMonths(firstMonth, plan.months - 1));
  if (plan.months > 1 && plan.lastInstallment !== plan.installment) {
    return t('recovery.planSummaryUneven', {
      months: plan.months,
      first,
      last,
      installment: formatKronor(plan.installment),
      lastInstallment: formatKronor(plan.lastInstallment),
      total,
    });
  }
  return t('recovery.planSummary', {
    count: plan.months,
    months: plan.months,
    first,
    last,
    installment: formatKronor(plan.installment),
    total,
  });
}

export function RecoveryForm({
  caseId,
  candidates,
  editing,
  onSaved,
  onCancel,
}: {
  caseId: string;
  candidates: readonly RecoveryCandidate[];
  /** The draft being changed, or null for a new one. */
  editing: RecoveryView | null;
  onSaved: (recoveryId: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const prefix = useId();
  const id = (field: string) => `${prefix}-${field}`;
  const [decisionIds, setDecisionIds] = useState<string[]>(
    editing ? editing.decisions.map((d) => d.decisionId) : [],
  );
  const [amount, setAmount] = useState(editing ? String(editing.amount) : '');
  const [ground, setGround] = useState<RecoveryGround | ''>(editing?.ground ?? '');
  const [termsStated, setTermsStated] = useState(editing?.repaymentTermsStated ?? false);
  const [reasons, setReasons] = useState(editing?.reasons ?? '');
  const [installment, setInstallment] = useState(editing ? String(editing.plan.installment) : '');
  const [firstMonth, setFirstMonth] = useState(editing?.plan.firstMonth ?? nextMonth());
  const [consent, setConsent] = useState(editing !== null && editing.deductionConsent !== null);
  const [consentDate, setConsentDate] = useState(
    editing?.deductionConsent?.writtenConsentOn ?? todayInStockholm(),
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const chosen = candidates.filter((c) => decisionIds.includes(c.decisionId));
  const paid = chosen.reduce((sum, c) => sum + c.paid, 0);
  const needsTerms = ground !== '' && GROUNDS_NEEDING_STATED_TERMS.includes(ground);
  const kronor = parseKronor(amount);
  const perMonth = parseKronor(installment);
  const plan =
    kronor !== null && kronor > 0 && perMonth !== null && perMonth > 0
      ? planFor(kronor, perMonth)
      : null;

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    const found: Partial<Record<Field, string>> = {};
    if (decisionIds.length === 0) found.decisions = t('recovery.decisionsRequired');
    if (kronor === null || kronor < 1) found.amount = t('recovery.amountInvalid');
    else if (decisionIds.length > 0 && kronor > paid)
      found.amount = t('recovery.amountTooLarge', { max: formatKronor(paid) });
    if (ground === '') found.ground = t('recovery.groundRequired');
    if (needsTerms && !termsStated) found.terms = t('recovery.termsRequired');
    if (reasons.trim() === '') found.reasons = t('recovery.reasonsRequired');
    if (perMonth === null || perMonth < 1) found.installment = t('recovery.installmentInvalid');
    else if (plan && plan.months > MAX_PLAN_MONTHS)
      found.installment = t('recovery.planTooLong', { max: MAX_PLAN_MONTHS });
    if (!MONTH_PATTERN.test(firstMonth.trim())) found.firstMonth = t('recovery.firstMonthInvalid');
    if (consent && (!isPlainDate(consentDate.trim()) || consentDate.trim() > todayInStockholm())) {
      found.consentDate = t('recovery.consentDateInvalid');
    }
    setErrors(found);
    setError(null);
    if (Object.keys(found).length > 0 || !plan || ground === '' || kronor === null) {
      setSummaryToken((n) => n + 1);
      return;
    }
    const input: RecoveryInput = {
      decisionIds,
      amount: kronor,
      ground,
      repaymentTermsStated: needsTerms && termsStated,
      reasons: reasons.trim(),
      plan: {
        installment: plan.installment,
        firstMonth: firstMonth.trim(),
        months: plan.months,
        lastInstallment: plan.lastInstallment,
      },
      deductionConsent: consent ? { writtenConsentOn: consentDate.trim() } : null,
    };
    setPending(true);
    const saved = editing
      ? saveRecovery(caseId, editing.id, editing.version, input).then(() => editing.id)
      : createRecovery(caseId, input).then(({ id: createdId }) => createdId);
    saved
      .then((recoveryId) => {
        setPending(false);
        onSaved(recoveryId);
      })
      .catch((cause: unknown) => {
        setPending(false);
        const field = cause instanceof ApiError ? CODE_FIELDS[cause.code] : undefined;
        const fromServer = serverFieldErrors(t, cause, [
          'decisionIds',
          'amount',
          'ground',
          'reasons',
          'plan',
          'deductionConsent',
        ] as const);
        if (field) {
          setErrors({ [field]: errorText(t, cause) });
          setSummaryToken((n) => n + 1);
        } else if (fromServer) {
          setErrors({
            ...(fromServer.decisionIds ? { decisions: fromServer.decisionIds } : {}),
            ...(fromServer.amount ? { amount: fromServer.amount } : {}),
            ...(fromServer.ground ? { ground: fromServer.ground } : {}),
            ...(fromServer.reasons ? { reasons: fromServer.reasons } : {}),
            ...(fromServer.plan ? { installment: fromServer.plan } : {}),
            ...(fromServer.deductionConsent ? { consentDate: fromServer.deductionConsent } : {}),
          });
          setSummaryToken((n) => n + 1);
        } else {
          setError(cause);
        }
      });
  };

  const firstDecisionId = candidates[0] ? id(`decision-${candidates[0].decisionId}`) : id('amount');
  const fieldIds: Record<Field, string> = {
    decisions: firstDecisionId,
    amount: id('amount'),
    ground: id('ground'),
    terms: id('terms'),
    reasons: id('reasons'),
    installment: id('installment'),
    firstMonth: id('first-month'),
    consentDate: id('consent-date'),
  };
  const summary: SummaryItem[] = (Object.keys(fieldIds) as Field[]).flatMap((field) => {
    const message = errors[field];
    return message ? [{ fieldId: fieldIds[field], message }] : [];
  });
  const testId = editing ? 'recovery-edit-form' : 'recovery-form';

  return (
    <form className="subpanel" onSubmit={submit} noValidate data-testid={testId}>
      {/* A new draft sits under "Återkrav" (h2); a change inside the draft shown (h3). */}
      {editing ? (
        <h4>{t('recovery.editTitle', { reference: editing.reference })}</h4>
      ) : (
        <h3>{t('recovery.newTitle')}</h3>
      )}
      <ErrorSummary items={summary} focusToken={summaryToken} testId={`${testId}-summary`} />
      {error ? <ErrorMessage error={error} testId={`${testId}-error`} /> : null}

      <fieldset
        className={errors.decisions ? 'field fieldset field-invalid' : 'field fieldset'}
        aria-describedby={[id('decisions-hint'), errors.decisions ? id('decisions-error') : null]
          .filter((v) => v !== null)
          .join(' ')}
        data-testid="recovery-decisions"
      >
        <legend>{t('recovery.decisions')}</legend>
        <p id={id('decisions-hint')} className="hint">
          {t('recovery.decisionsHint')}
        </p>
        {errors.decisions ? (
          <p id={id('decisions-error')} className="field-error" role="alert">
            {errors.decisions}
          </p>
        ) : null}
        {candidates.length === 0 ? <p>{t('recovery.noPaidDecisions')}</p> : null}
        <div className="checkboxes checkboxes-wide">
          {candidates.map((candidate) => (
            <div className="checkbox" key={candidate.decisionId}>
              <input
                id={id(`decision-${candidate.decisionId}`)}
                type="checkbox"
                value={candidate.decisionId}
                checked={decisionIds.includes(candidate.decisionId)}
                data-testid="recovery-decision"
                onChange={(event) => {
                  const next = new Set(decisionIds);
                  if (event.target.checked) next.add(candidate.decisionId);
                  else next.delete(candidate.decisionId);
                  setDecisionIds(
                    candidates.map((c) => c.decisionId).filter((value) => next.has(value)),
                  );
                }}
              />
              <label htmlFor={id(`decision-${candidate.decisionId}`)}>
                {t('recovery.decisionOption', {
                  month: formatMonth(t, candidate.month),
                  kind: t(`decisionKinds.${candidate.kind}`),
                  paid: formatKronor(candidate.paid),
                  granted: formatKronor(candidate.granted),
                })}
              </label>
            </div>
          ))}
        </div>
      </fieldset>

      <TextField
        id={fieldIds.amount}
        label={t('recovery.amount')}
        hint={
          decisionIds.length > 0
            ? t('recovery.amountHint', {
                max: formatKronor(editing ? Math.min(paid, editing.recoverable) : paid),
              })
            : undefined
        }
        width="short"
        inputMode="numeric"
        value={amount}
        onChange={setAmount}
        error={errors.amount}
        required
        testId="recovery-amount"
      />
      <SelectField
        id={fieldIds.ground}
        label={t('recovery.ground')}
        value={ground}
        onChange={(value) => {
          setGround(RECOVERY_GROUNDS.find((g) => g === value) ?? '');
        }}
        options={RECOVERY_GROUNDS.map((value) => ({
          value,
          label: t(`recovery.grounds.${value}`),
        }))}
        placeholder={t('recovery.chooseGround')}
        error={errors.ground}
        required
        testId="recovery-ground"
      />
      {needsTerms ? (
        <div className={errors.terms ? 'field field-invalid' : 'field'}>
          {errors.terms ? (
            <p id={`${fieldIds.terms}-error`} className="field-error" role="alert">
              {errors.terms}
            </p>
          ) : null}
          <div className="checkbox">
            <input
              id={fieldIds.terms}
              type="checkbox"
              checked={termsStated}
              aria-describedby={[
                `${fieldIds.terms}-hint`,
                errors.terms ? `${fieldIds.terms}-error` : null,
              ]
                .filter((v) => v !== null)
                .join(' ')}
              aria-invalid={errors.terms ? true : undefined}
              data-testid="recovery-terms"
              onChange={(event) => {
                setTermsStated(event.target.checked);
              }}
            />
            <label htmlFor={fieldIds.terms}>{t('recovery.termsStated')}</label>
          </div>
          <p id={`${fieldIds.terms}-hint`} className="hint">
            {t('recovery.termsHint')}
          </p>
        </div>
      ) : null}
      <TextAreaField
        id={fieldIds.reasons}
        label={t('recovery.reasons')}
        hint={t('recovery.reasonsHint')}
        value={reasons}
        onChange={setReasons}
        error={errors.reasons}
        rows={5}
        maxLength={8000}
        required
        testId="recovery-reasons"
      />

      <fieldset className="fieldset field" data-testid="recovery-plan">
        <legend>{t('recovery.planTitle')}</legend>
        <div className="field-pair">
          <TextField
            id={fieldIds.installment}
            label={t('recovery.installment')}
            width="short"
            inputMode="numeric"
            value={installment}
            onChange={setInstallment}
            error={errors.installment}
            required
            testId="recovery-installment"
          />
          <TextField
            id={fieldIds.firstMonth}
            label={t('recovery.firstMonth')}
            hint={t('recovery.firstMonthHint')}
            width="short"
            inputMode="numeric"
            value={firstMonth}
            onChange={setFirstMonth}
            error={errors.firstMonth}
            required
            testId="recovery-first-month"
          />
        </div>
        <p className="muted" aria-live="polite" data-testid="recovery-plan-summary">
          {plan && MONTH_PATTERN.test(firstMonth.trim())
            ? plan.months > MAX_PLAN_MONTHS
              ? t('recovery.planTooLong', { max: MAX_PLAN_MONTHS })
              : planText(t, plan, firstMonth.trim())
            : t('recovery.planIncomplete')}
        </p>
      </fieldset>

      <div className="field">
        <div className="checkbox">
          <input
            id={id('consent')}
            type="checkbox"
            checked={consent}
            aria-describedby={id('consent-hint')}
            data-testid="recovery-consent"
            onChange={(event) => {
              setConsent(event.target.checked);
            }}
          />
          <label htmlFor={id('consent')}>{t('recovery.consent')}</label>
        </div>
        <p id={id('consent-hint')} className="hint">
          {t('recovery.consentHint')}
        </p>
      </div>
      {consent ? (
        <TextField
          id={fieldIds.consentDate}
          type="date"
          width="medium"
          label={t('recovery.consentDate')}
          value={consentDate}
          onChange={setConsentDate}
          error={errors.consentDate}
          required
          testId="recovery-consent-date"
        />
      ) : null}

      <div className="actions">
        <SubmitButton
          pending={pending}
          label={editing ? t('recovery.save') : t('recovery.create')}
          pendingLabel={t('common.saving')}
          testId={`${testId}-submit`}
        />
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('recovery.cancel')}
        </button>
      </div>
    </form>
  );
}
