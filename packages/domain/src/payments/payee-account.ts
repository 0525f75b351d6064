// The account a payment goes to (betalningsmottagarens konto): bank account, bankgiro or plusgiro.
import { z } from 'zod';
import { accountFailure, type AccountResult } from './account-result.ts';
import { validateBankAccount } from './bank-account.ts';
import { validateBankgiro, validatePlusgiro } from './giro-number.ts';
import type { CheckDigitRule } from './swedish-banks.ts';

// Generous limits: the validators decide the exact lengths and give the clearer message.
const numberText = z.string().max(40);

/** The shape of a payee account as entered; `validatePayeeAccount` checks the numbers. */
export const payeeAccountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bank_account'), clearing: numberText, account: numberText }).strict(),
  z.object({ kind: z.literal('bankgiro'), number: numberText }).strict(),
  z.object({ kind: z.literal('plusgiro'), number: numberText }).strict(),
]);

export type PayeeAccount = z.infer<typeof payeeAccountSchema>;

export const PAYEE_ACCOUNT_KINDS = ['bank_account', 'bankgiro', 'plusgiro'] as const;
export type PayeeAccountKind = (typeof PAYEE_ACCOUNT_KINDS)[number];

/** A payee account whose numbers passed their checks, normalised to digits. */
export type ValidPayeeAccount =
  | {
      readonly kind: 'bank_account';
      readonly clearing: string;
      readonly account: string;
      readonly bankName: string;
      readonly rule: CheckDigitRule;
      readonly bban: string;
      readonly display: string;
    }
  | { readonly kind: 'bankgiro'; readonly number: string; readonly display: string }
  | { readonly kind: 'plusgiro'; readonly number: string; readonly display: string };

/** Checks the shape with `payeeAccountSchema`, then the numbers themselves. */
export function validatePayeeAccount(input: unknown): AccountResult<ValidPayeeAccount> {
  const parsed = payeeAccountSchema.safeParse(input);
  if (!parsed.success) {
    return accountFailure(
      'invalid_shape',
      'Kontot ska vara ett bankkonto (clearingnummer och kontonummer), ett bankgironummer eller ett plusgironummer.',
    );
  }
  const payee = parsed.data;
  switch (payee.kind) {
    case 'bank_account': {
      const result = validateBankAccount(payee.clearing, payee.account);
      return result.ok ? { ok: true, value: { kind: 'bank_account', ...result.value } } : result;
    }
    case 'bankgiro': {
      const result = validateBankgiro(payee.number);
      return result.ok ? { ok: true, value: { kind: 'bankgiro', ...result.value } } : result;
    }
    case 'plusgiro': {
      const result = validatePlusgiro(payee.number);
      return result.ok ? { ok: true, value: { kind: 'plusgiro', ...result.value } } : result;
    }
  }
}
