// The form that adds a payee (the applicant, a landlord, a utility or another party) or enters a
// new account for one. The account waits for a second person's approval; the server checks the
// number and its refusal is shown, in Swedish, at the field it is about.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createPayee, requestAccountChange } from '../../api/payment-endpoints.ts';
import { PAYEE_KINDS, type PayeeAccount, type PayeeKind } from '../../api/payment-types.ts';
import { ErrorMessage } from '../../components/error-message.tsx';
import { ErrorSummary, type SummaryItem } from '../../components/error-summary.tsx';
import {
  SelectField,
  serverFieldErrors,
  SubmitButton,
  TextField,
} from '../../components/forms.tsx';
import {
  accountFieldIds,
  AccountFields,
  accountInput,
  checkAccountDraft,
  emptyAccount,
  firstKindId,
  serverAccountError,
  type AccountDraft,
  type AccountErrors,
  type AccountKind,
} from './account-fields.tsx';
import { ORGANISATION_NUMBER } from './payment-ui.ts';

const PAYEE_ACCOUNT_KINDS: readonly AccountKind[] = ['bank_account', 'bankgiro', 'plusgiro'];

type OtherField = 'kind' | 'name' | 'organisationNumber' | 'reason';

type Mode =
  { kind: 'add'; hasApplicant: boolean } | { kind: 'change'; payeeId: string; payeeName: string };

export function PayeeForm({
  caseId,
  mode,
  onDone,
  onCancel,
}: {
  caseId: string;
  mode: Mode;
  /** Called with the saved payee's id and name once the server has accepted the form. */
  onDone: (payeeId: string, name: string) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const prefix = useId();
  const ids = {
    ...accountFieldIds(prefix),
    payeeKind: `${prefix}-payee-kind`,
    name: `${prefix}-name`,
    organisationNumber: `${prefix}-org`,
    reason: `${prefix}-reason`,
  };
  const adding = mode.kind === 'add';
  const kinds: readonly PayeeKind[] =
    adding && mode.hasApplicant ? PAYEE_KINDS.filter((k) => k !== 'applicant') : PAYEE_KINDS;
  const [payeeKind, setPayeeKind] = useState<PayeeKind>(kinds[0] ?? 'landlord');
  const [name, setName] = useState('');
  const [organisationNumber, setOrganisationNumber] = useState('');
  const [account, setAccount] = useState<AccountDraft>(() =>
    emptyAccount(payeeKind === 'applicant' || !adding ? 'bank_account' : 'bankgiro'),
  );
  const [reason, setReason] = useState('');
  const [accountErrors, setAccountErrors] = useState<AccountErrors>({});
  const [errors, setErrors] = useState<Partial<Record<OtherField, string>>>({});
  const [summaryToken, setSummaryToken] = useState(0);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const third = adding && payeeKind !== 'applicant';

  const showErrors = (found: Partial<Record<OtherField, string>>, onAccount: AccountErrors) => {
    setErrors(found);
    setAccountErrors(onAccount);
    setSummaryToken((n) => n + 1);
  };

  const submit = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    if (pending) return;
    const found: Partial<Record<OtherField, string>> = {};
    if (third && name.trim() === '') found.name = t('casePayments.nameRequired');
    if (
      third &&
      organisationNumber.trim() !== '' &&
      !ORGANISATION_NUMBER.test(organisationNumber.trim())
    ) {
      found.organisationNumber = t('casePayments.orgNumberInvalid');
    }
    if (reason.trim().length < 3) found.reason = t('casePayments.reasonRequired');
    const onAccount = checkAccountDraft(t, account);
    setError(null);
    if (Object.keys(found).length > 0 || Object.keys(onAccount).length > 0) {
      showErrors(found, onAccount);
      return;
    }
    setErrors({});
    setAccountErrors({});
    setPending(true);
    const input = accountInput(account) as PayeeAccount;
    const saved =
      mode.kind === 'add'
        ? createPayee(caseId, {
            kind: payeeKind,
            ...(third
              ? {
                  name: name.trim(),
                  organisationNumber:
                    organisationNumber.trim() === '' ? null : organisationNumber.trim(),
                }
              : {}),
            account: input,
            reason: reason.trim(),
          }).then(({ id }) => ({ id, name: third ? name.trim() : t('payeeKinds.applicant') }))
        : requestAccountChange(caseId, mode.payeeId, {
            account: input,
            reason: reason.trim(),
          }).then(() => ({ id: mode.payeeId, name: mode.payeeName }));
    saved
      .then(({ id, name: savedName }) => {
        setPending(false);
        onDone(id, savedName);
      })
      .catch((cause: unknown) => {
        setPending(false);
        const onAccountFromServer = serverAccountError(t, cause, account);
        const fromServer = serverFieldErrors(t, cause, [
          'kind',
          'name',
          'organisationNumber',
          'reason',
        ] as const);
        if (onAccountFromServer || fromServer) {
          showErrors(fromServer ?? {}, onAccountFromServer ?? {});
        } else {
          setError(cause);
        }
      });
  };

  const summary: SummaryItem[] = [
    ...(errors.kind ? [{ fieldId: ids.payeeKind, message: errors.kind }] : []),
    ...(errors.name ? [{ fieldId: ids.name, message: errors.name }] : []),
    ...(errors.organisationNumber
      ? [{ fieldId: ids.organisationNumber, message: errors.organisationNumber }]
      : []),
    ...(accountErrors.kind
      ? [{ fieldId: firstKindId(ids, PAYEE_ACCOUNT_KINDS), message: accountErrors.kind }]
      : []),
    ...(accountErrors.clearing ? [{ fieldId: ids.clearing, message: accountErrors.clearing }] : []),
    ...(accountErrors.account ? [{ fieldId: ids.account, message: accountErrors.account }] : []),
    ...(accountErrors.number ? [{ fieldId: ids.number, message: accountErrors.number }] : []),
    ...(errors.reason ? [{ fieldId: ids.reason, message: errors.reason }] : []),
  ];
  const testId = adding ? 'payee-form' : 'account-change-form';

  return (
    <form className="subpanel" onSubmit={submit} noValidate data-testid={testId}>
      {/* Under "Betalningsmottagare" (h3), or inside a payee (h4). */}
      {mode.kind === 'add' ? (
        <h4>{t('casePayments.addTitle')}</h4>
      ) : (
        <h5>{t('casePayments.changeTitle', { name: mode.payeeName })}</h5>
      )}
      <p className="hint">{adding ? t('casePayments.addIntro') : t('casePayments.changeIntro')}</p>
      <ErrorSummary items={summary} focusToken={summaryToken} testId={`${testId}-summary`} />
      {error ? <ErrorMessage error={error} testId={`${testId}-error`} /> : null}
      {adding ? (
        <SelectField
          id={ids.payeeKind}
          label={t('casePayments.kind')}
          value={payeeKind}
          onChange={(value) => {
            const next = kinds.find((k) => k === value);
            if (!next) return;
            setPayeeKind(next);
            // A landlord usually has a bankgiro, a person a bank account: a start, not a rule.
            if (account.clearing === '' && account.account === '' && account.number === '') {
              setAccount(emptyAccount(next === 'applicant' ? 'bank_account' : 'bankgiro'));
            }
          }}
          options={kinds.map((value) => ({ value, label: t(`payeeKinds.${value}`) }))}
          error={errors.kind}
          testId={`${testId}-kind`}
        />
      ) : null}
      {third ? (
        <>
          <TextField
            id={ids.name}
            label={t('casePayments.name')}
            hint={t('casePayments.nameHint')}
            value={name}
            onChange={setName}
            error={errors.name}
            maxLength={70}
            autoComplete="off"
            required
            testId={`${testId}-name`}
          />
          <TextField
            id={ids.organisationNumber}
            label={t('casePayments.orgNumber')}
            hint={t('casePayments.orgNumberHint')}
            width="medium"
            inputMode="numeric"
            value={organisationNumber}
            onChange={setOrganisationNumber}
            error={errors.organisationNumber}
            maxLength={11}
            autoComplete="off"
            optional
            testId={`${testId}-org`}
          />
        </>
      ) : null}
      <AccountFields
        kinds={PAYEE_ACCOUNT_KINDS}
        value={account}
        onChange={setAccount}
        errors={accountErrors}
        ids={ids}
        testIdPrefix={testId}
      />
      <TextField
        id={ids.reason}
        label={t('casePayments.reason')}
        hint={t('casePayments.reasonHint')}
        value={reason}
        onChange={setReason}
        error={errors.reason}
        maxLength={500}
        required
        testId={`${testId}-reason`}
      />
      <div className="actions">
        <SubmitButton
          pending={pending}
          label={adding ? t('casePayments.addSubmit') : t('casePayments.changeSubmit')}
          pendingLabel={t('casePayments.submitting')}
          testId={`${testId}-submit`}
        />
        <button type="button" className="button button-secondary" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
