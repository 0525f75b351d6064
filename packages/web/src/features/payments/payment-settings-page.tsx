// "Kommunens konto för utbetalningar" (/admin/utbetalningar, administrators): the debtor's name,
// organisation number, account and BIC that every bank file carries. The bank's conventions
// (bankOptions) are shown and kept as they are.
import { useEffect, useId, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { validateBankAccount, validateBankgiro, validateIban } from '@skyddsnat/domain';
import { fetchPaymentSettings, savePaymentSettings } from '../../api/payment-endpoints.ts';
import type { DebtorAccount, PaymentSettings } from '../../api/payment-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import { LiveStatus, serverFieldErrors, SubmitButton, TextField } from '../../components/forms.tsx';
import { PageHeading, usePageTitle } from '../../components/page.tsx';
import { currentLanguage, hasKey, sv } from '../../i18n/index.ts';
import { useLoad } from '../cases/case-ui.tsx';
import {
  accountFieldIds,
  AccountFields,
  emptyAccount,
  firstKindId,
  type AccountDraft,
  type AccountErrors,
  type AccountKind,
} from './account-fields.tsx';
import { ORGANISATION_NUMBER } from './payment-ui.ts';
import './payments.css';

const DEBTOR_KINDS: readonly AccountKind[] = ['bankgiro', 'bank_account', 'iban'];
const BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

type Field = 'debtorName' | 'organisationNumber' | 'debtorBic';

function draftFrom(account: DebtorAccount | undefined): AccountDraft {
  if (!account) return emptyAccount('bankgiro');
  switch (account.kind) {
    case 'bank_account':
      return {
        ...emptyAccount('bank_account'),
        clearing: account.clearing,
        account: account.account,
      };
    case 'bankgiro':
      return { ...emptyAccount('bankgiro'), number: account.number };
    case 'iban':
      return { ...emptyAccount('iban'), number: account.iban };
  }
}

/**
 * The municipality's own account, checked here by the same rules as payees' accounts (the
 * settings route only bounds the lengths), so that a mistyped number never reaches a bank file.
 */
function checkDebtorAccount(
  t: TFunction,
  draft: AccountDraft,
): { account: DebtorAccount | null; errors: AccountErrors } {
  const message = (code: string, swedish: string) =>
    currentLanguage() === 'sv'
      ? swedish
      : hasKey(sv.accountErrors, code)
        ? t(`accountErrors.${code}`)
        : swedish;
  if (draft.kind === 'bank_account') {
    const errors: AccountErrors = {};
    if (draft.clearing.trim() === '') errors.clearing = t('accountFields.clearingRequired');
    if (draft.account.trim() === '') errors.account = t('accountFields.accountRequired');
    if (Object.keys(errors).length > 0) return { account: null, errors };
    const result = validateBankAccount(draft.clearing, draft.account);
    if (!result.ok) {
      const onClearing = result.code.startsWith('clearing') || /[^\d\s\-–.]/.test(draft.clearing);
      return {
        account: null,
        errors: { [onClearing ? 'clearing' : 'account']: message(result.code, result.message) },
      };
    }
    return {
      account: {
        kind: 'bank_account',
        clearing: result.value.clearing,
        account: result.value.account,
      },
      errors: {},
    };
  }
  if (draft.number.trim() === '') {
    return { account: null, errors: { number: t('accountFields.numberRequired') } };
  }
  if (draft.kind === 'iban') {
    const result = validateIban(draft.number);
    return result.ok
      ? { account: { kind: 'iban', iban: result.value.iban }, errors: {} }
      : { account: null, errors: { number: message(result.code, result.message) } };
  }
  const result = validateBankgiro(draft.number);
  return result.ok
    ? { account: { kind: 'bankgiro', number: result.value.display }, errors: {} }
    : { account: null, errors: { number: message(result.code, result.message) } };
}

export function PaymentSettingsPage() {
  const { t } = useTranslation();
  usePageTitle(t('paymentSettings.title'));
  const { load, reload } = useLoad((signal) => fetchPaymentSettings(signal), 'payment-settings');
  const [status, setStatus] = useState<string | null>(null);
  return (
    <>
      <p className="back-link">
        <Link to="/admin">{t('paymentSettings.toAdmin')}</Link>
      </p>
      <PageHeading testId="payment-settings-heading">{t('paymentSettings.title')}</PageHeading>
      <p className="lead">{t('paymentSettings.intro')}</p>
      <LiveStatus message={status} testId="payment-settings-status" />
      {load.kind === 'loading' ? <p role="status">{t('common.loading')}</p> : null}
      {load.kind === 'failed' ? <ErrorMessage error={load.error} onRetry={reload} /> : null}
      {load.kind === 'loaded' ? (
        <>
          {load.value === null ? (
            <p className="message message-warning" data-testid="payment-settings-missing">
              {t('paymentSettings.notSet')}
            </p>
          ) : null}
          <SettingsForm
            settings={load.value}
            onSaved={() => {
              setStatus(t('paymentSettings.saved'));
              reload();
            }}
          />
        </>
      ) : null}
    </>
  );
}

function SettingsForm({
  settings,
  onSaved,
}: {
  settings: PaymentSettings | null;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const prefix = useId();
  const ids = {
    ...accountFieldIds(prefix),
    debtorName: `${prefix}-name`,
    organisationNumber: `${prefix}-org`,
    debtorBic: `${prefix}-bic`,
  };
  const [debtorName, setDebtorName] = useState(settings?.debtorName ?? '');
  const [organisationNumber, setOrganisationNumber] = useState(settings?.organisationNumber ?? '');
  const [account, setAccount] = useState<AccountDraft>(() => draftFrom(settings?.debtorAccount));
  const [bic, setBic] = useState(settings?.debtorBic ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [accountErrors, setAccountErrors] = useState<AccountErrors>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setAccount(draftFrom(settings?.debtorAccount));
  }, [settings]);

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    const found: Partial<Record<Field, string>> = {};
    if (debtorName.trim() === '') found.debtorName = t('paymentSettings.debtorNameRequired');
    if (!ORGANISATION_NUMBER.test(organisationNumber.trim())) {
      found.organisationNumber = t('paymentSettings.orgNumberInvalid');
    }
    if (!BIC.test(bic.trim())) found.debtorBic = t('paymentSettings.bicInvalid');
    const checked = checkDebtorAccount(t, account);
    setErrors(found);
    setAccountErrors(checked.errors);
    setError(null);
    if (Object.keys(found).length > 0 || checked.account === null) {
      setSummaryToken((n) => n + 1);
      return;
    }
    setPending(true);
    savePaymentSettings({
      debtorName: debtorName.trim(),
      organisationNumber: organisationNumber.trim(),
      debtorAccount: checked.account,
      debtorBic: bic.trim(),
      // The route stores what it is given: send the options back unchanged.
      bankOptions: settings?.bankOptions ?? {},
    })
      .then(onSaved)
      .catch((cause: unknown) => {
        const fromServer = serverFieldErrors(t, cause, [
          'debtorName',
          'organisationNumber',
          'debtorBic',
          'debtorAccount',
        ] as const);
        if (fromServer) {
          const { debtorAccount, ...rest } = fromServer;
          setErrors(rest);
          if (debtorAccount) {
            setAccountErrors({
              [account.kind === 'bank_account' ? 'account' : 'number']: debtorAccount,
            });
          }
          setSummaryToken((n) => n + 1);
        } else {
          setError(cause);
        }
      })
      .finally(() => {
        setPending(false);
      });
  };

  const summary: SummaryItem[] = [
    ...(errors.debtorName ? [{ fieldId: ids.debtorName, message: errors.debtorName }] : []),
    ...(errors.organisationNumber
      ? [{ fieldId: ids.organisationNumber, message: errors.organisationNumber }]
      : []),
    ...(accountErrors.kind
      ? [{ fieldId: firstKindId(ids, DEBTOR_KINDS), message: accountErrors.kind }]
      : []),
    ...(accountErrors.clearing ? [{ fieldId: ids.clearing, message: accountErrors.clearing }] : []),
    ...(accountErrors.account ? [{ fieldId: ids.account, message: accountErrors.account }] : []),
    ...(accountErrors.number ? [{ fieldId: ids.number, message: accountErrors.number }] : []),
    ...(errors.debtorBic ? [{ fieldId: ids.debtorBic, message: errors.debtorBic }] : []),
  ];
  const options = Object.entries(settings?.bankOptions ?? {});

  return (
    <form onSubmit={submit} noValidate data-testid="payment-settings-form">
      <ErrorSummary items={summary} focusToken={summaryToken} />
      {error ? <ErrorMessage error={error} testId="payment-settings-error" /> : null}
      <section className="panel" aria-labelledby={`${prefix}-debtor`}>
        <h2 id={`${prefix}-debtor`}>{t('paymentSettings.debtorTitle')}</h2>
        <TextField
          id={ids.debtorName}
          label={t('paymentSettings.debtorName')}
          hint={t('paymentSettings.debtorNameHint')}
          value={debtorName}
          onChange={setDebtorName}
          error={errors.debtorName}
          maxLength={70}
          required
          testId="settings-debtor-name"
        />
        <TextField
          id={ids.organisationNumber}
          label={t('paymentSettings.orgNumber')}
          hint={t('paymentSettings.orgNumberHint')}
          width="medium"
          inputMode="numeric"
          value={organisationNumber}
          onChange={setOrganisationNumber}
          error={errors.organisationNumber}
          maxLength={11}
          required
          testId="settings-org-number"
        />
        <h3>{t('paymentSettings.accountTitle')}</h3>
        <AccountFields
          kinds={DEBTOR_KINDS}
          value={account}
          onChange={setAccount}
          errors={accountErrors}
          ids={ids}
          testIdPrefix="settings"
        />
        <TextField
          id={ids.debtorBic}
          label={t('paymentSettings.bic')}
          hint={t('paymentSettings.bicHint')}
          width="medium"
          value={bic}
          onChange={(value) => {
            setBic(value.toUpperCase());
          }}
          error={errors.debtorBic}
          maxLength={11}
          autoComplete="off"
          spellCheck={false}
          required
          testId="settings-bic"
        />
      </section>
      {options.length > 0 ? (
        <section className="panel" aria-labelledby={`${prefix}-options`}>
          <h2 id={`${prefix}-options`}>{t('paymentSettings.bankOptions')}</h2>
          <p className="hint">{t('paymentSettings.bankOptionsIntro')}</p>
          <dl className="details" data-testid="settings-bank-options">
            {options.map(([key, value]) => (
              <div key={key}>
                <dt className="mono">{key}</dt>
                <dd className="mono">{JSON.stringify(value)}</dd>
              </div>
            ))}
          </dl>
        </section>
      ) : null}
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={t('paymentSettings.save')}
          pendingLabel={t('common.saving')}
          testId="settings-save"
        />
      </div>
    </form>
  );
}
