// The account of a payee (or of the municipality): its kind as radio buttons, then the clearing
// and account number, or the giro number or IBAN. The numbers are checked by the server, whose
// Swedish message is shown at the field it is about.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.ts';
import { isRecord } from '../../components/error-message.tsx';
import { TextField } from '../../components/forms.tsx';
import { currentLanguage, hasKey, sv } from '../../i18n/index.ts';

export type AccountKind = 'bank_account' | 'bankgiro' | 'plusgiro' | 'iban';
export type AccountField = 'kind' | 'clearing' | 'account' | 'number';

export interface AccountDraft {
  kind: AccountKind;
  clearing: string;
  account: string;
  /** The bankgiro, plusgiro or IBAN, as typed. */
  number: string;
}

export const emptyAccount = (kind: AccountKind): AccountDraft => ({
  kind,
  clearing: '',
  account: '',
  number: '',
});

export type AccountErrors = Partial<Record<AccountField, string>>;

/** The fields' fixed ids, so that an error summary can link to them. */
export function accountFieldIds(prefix: string): Record<AccountField, string> {
  return {
    kind: `${prefix}-account-kind`,
    clearing: `${prefix}-clearing`,
    account: `${prefix}-account`,
    number: `${prefix}-number`,
  };
}

/** The id of the first radio button, where a summary link for the kind takes focus. */
export function firstKindId(ids: Record<AccountField, string>, kinds: readonly AccountKind[]) {
  return `${ids.kind}-${kinds[0] ?? 'bank_account'}`;
}

/** Required fields only; the server checks bank, length and check digits. */
export function checkAccountDraft(t: TFunction, draft: AccountDraft): AccountErrors {
  const errors: AccountErrors = {};
  if (draft.kind === 'bank_account') {
    if (draft.clearing.trim() === '') errors.clearing = t('accountFields.clearingRequired');
    if (draft.account.trim() === '') errors.account = t('accountFields.accountRequired');
  } else if (draft.number.trim() === '') {
    errors.number = t('accountFields.numberRequired');
  }
  return errors;
}

export function accountInput(draft: AccountDraft) {
  switch (draft.kind) {
    case 'bank_account':
      return {
        kind: 'bank_account' as const,
        clearing: draft.clearing.trim(),
        account: draft.account.trim(),
      };
    case 'bankgiro':
      return { kind: 'bankgiro' as const, number: draft.number.trim() };
    case 'plusgiro':
      return { kind: 'plusgiro' as const, number: draft.number.trim() };
    case 'iban':
      return { kind: 'iban' as const, iban: draft.number.trim() };
  }
}

const CLEARING_CODES = ['clearing_length', 'clearing_check_digit', 'clearing_unknown'];
const ACCOUNT_CODES = ['account_length', 'account_check_digit'];

/** Which field an account error code is about, given what was typed. */
function accountErrorField(code: string, draft: AccountDraft): AccountField {
  if (code === 'invalid_shape') return 'kind';
  if (CLEARING_CODES.includes(code)) return 'clearing';
  if (ACCOUNT_CODES.includes(code)) return 'account';
  if (code === 'invalid_characters' && draft.kind === 'bank_account') {
    return /^[\d\s\-–.]*$/.test(draft.clearing) ? 'account' : 'clearing';
  }
  return draft.kind === 'bank_account' ? 'account' : 'number';
}

/**
 * The server's refusal of the account (400 `invalid_account`, with the domain's code) as an
 * error at the field it is about: the server's Swedish message, or the catalogue's in English.
 */
export function serverAccountError(
  t: TFunction,
  error: unknown,
  draft: AccountDraft,
): AccountErrors | null {
  if (!(error instanceof ApiError) || error.code !== 'invalid_account') return null;
  const code =
    isRecord(error.details) && typeof error.details.code === 'string' ? error.details.code : '';
  const message =
    currentLanguage() === 'sv' && error.message
      ? error.message
      : hasKey(sv.accountErrors, code)
        ? t(`accountErrors.${code}`)
        : t('errors.codes.invalid_account');
  return { [accountErrorField(code, draft)]: message };
}

export function AccountFields({
  kinds,
  value,
  onChange,
  errors,
  ids,
  testIdPrefix,
}: {
  kinds: readonly AccountKind[];
  value: AccountDraft;
  onChange: (value: AccountDraft) => void;
  errors: AccountErrors;
  ids: Record<AccountField, string>;
  testIdPrefix: string;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<AccountDraft>) => {
    onChange({ ...value, ...patch });
  };
  const numberLabel =
    value.kind === 'bankgiro'
      ? t('accountFields.bankgiro')
      : value.kind === 'plusgiro'
        ? t('accountFields.plusgiro')
        : t('accountFields.iban');
  const numberHint =
    value.kind === 'bankgiro'
      ? t('accountFields.bankgiroHint')
      : value.kind === 'plusgiro'
        ? t('accountFields.plusgiroHint')
        : t('accountFields.ibanHint');
  return (
    <>
      <fieldset
        className={errors.kind ? 'field fieldset field-invalid' : 'field fieldset'}
        aria-describedby={errors.kind ? `${ids.kind}-error` : undefined}
      >
        <legend>{t('accountFields.kind')}</legend>
        {errors.kind ? (
          <p id={`${ids.kind}-error`} className="field-error" role="alert">
            {errors.kind}
          </p>
        ) : null}
        <div className="radios radios-inline">
          {kinds.map((kind) => (
            <div className="radio" key={kind}>
              <input
                id={`${ids.kind}-${kind}`}
                type="radio"
                name={ids.kind}
                value={kind}
                checked={value.kind === kind}
                data-testid={`${testIdPrefix}-kind-${kind}`}
                onChange={() => {
                  set({ kind });
                }}
              />
              <label htmlFor={`${ids.kind}-${kind}`}>{t(`accountKinds.${kind}`)}</label>
            </div>
          ))}
        </div>
      </fieldset>
      {value.kind === 'bank_account' ? (
        <div className="field-pair">
          <TextField
            id={ids.clearing}
            label={t('accountFields.clearing')}
            hint={t('accountFields.clearingHint')}
            width="short"
            inputMode="numeric"
            autoComplete="off"
            value={value.clearing}
            onChange={(clearing) => {
              set({ clearing });
            }}
            error={errors.clearing}
            maxLength={10}
            required
            testId={`${testIdPrefix}-clearing`}
          />
          <TextField
            id={ids.account}
            label={t('accountFields.account')}
            hint={t('accountFields.accountHint')}
            width="medium"
            inputMode="numeric"
            autoComplete="off"
            value={value.account}
            onChange={(account) => {
              set({ account });
            }}
            error={errors.account}
            maxLength={30}
            required
            testId={`${testIdPrefix}-account`}
          />
        </div>
      ) : (
        <TextField
          id={ids.number}
          label={numberLabel}
          hint={numberHint}
          width="medium"
          inputMode={value.kind === 'iban' ? 'text' : 'numeric'}
          autoComplete="off"
          spellCheck={false}
          value={value.number}
          onChange={(number) => {
            set({ number });
          }}
          error={errors.number}
          maxLength={value.kind === 'iban' ? 42 : 20}
          required
          testId={`${testIdPrefix}-number`}
        />
      )}
    </>
  );
}
