// Swedish bank accounts (clearingnummer + kontonummer): which bank, the right length, the check digit.
import { accountFailure, separatedDigits, type AccountResult } from './account-result.ts';
import { isValidMod10, isValidMod11 } from './check-digits.ts';
import { findSwedishBankRange, type CheckDigitRule } from './swedish-banks.ts';

export type ValidBankAccount = {
  /** Four digits, or five for Swedbank's 8xxx-x (the fifth is the clearing number's check digit). */
  readonly clearing: string;
  /** The account number's digits, zero-padded to the bank's full length (7, 9 or 10). */
  readonly account: string;
  readonly bankName: string;
  readonly rule: CheckDigitRule;
  /**
   * The four-digit clearing number followed by the account number: the domestic BBAN that
   * payment files carry. Swedbank's fifth clearing digit is left out, since the clearing
   * system routes on four digits.
   */
  readonly bban: string;
  /** For people: `8327-9, 0147258925`, `6114, 517182351`. */
  readonly display: string;
};

function lengthText(min: number, max: number): string {
  return min === max ? `${max} siffror` : `${min}–${max} siffror`;
}

/**
 * Validates a Swedish bank account given as clearing number and account number, each with or
 * without spaces, hyphens and dots. The account number is what follows the clearing number.
 */
export function validateBankAccount(
  clearingInput: string,
  accountInput: string,
): AccountResult<ValidBankAccount> {
  const clearing = separatedDigits(clearingInput);
  if (clearing === null) {
    return accountFailure(
      'invalid_characters',
      'Clearingnumret får bara innehålla siffror (och mellanslag eller bindestreck).',
    );
  }
  const clearingProblem = checkClearing(clearing);
  if (clearingProblem) return clearingProblem;

  const bank = findSwedishBankRange(Number(clearing.slice(0, 4)));
  if (!bank) {
    return accountFailure(
      'clearing_unknown',
      `Clearingnumret ${clearing.slice(0, 4)} hör inte till någon bank i Bankgirots förteckning. Kontrollera numret.`,
    );
  }

  let account = separatedDigits(accountInput);
  if (account === null) {
    return accountFailure(
      'invalid_characters',
      'Kontonumret får bara innehålla siffror (och mellanslag eller bindestreck).',
    );
  }
  // A number copied with more leading zeros than the bank writes is the same number.
  while (account.length > bank.accountLength && account.startsWith('0')) account = account.slice(1);
  if (account.length < bank.accountMinLength || account.length > bank.accountLength) {
    const padding =
      bank.accountMinLength === bank.accountLength && account.length < bank.accountLength
        ? ' Skriver banken numret kortare, fyll på med nollor först.'
        : '';
    return accountFailure(
      'account_length',
      `Kontonumret hos ${bank.bankName} ska ha ${lengthText(bank.accountMinLength, bank.accountLength)} efter clearingnumret, men har ${account.length}.${padding}`,
    );
  }
  account = account.padStart(bank.accountLength, '0');
  if (/^0+$/.test(account) || !checkDigitHolds(bank.rule, clearing, account)) {
    return accountFailure(
      'account_check_digit',
      `Kontonumret stämmer inte med kontrollsiffran för ${bank.bankName}. Kontrollera clearingnummer och kontonummer.`,
    );
  }

  const clearing4 = clearing.slice(0, 4);
  const clearingDisplay = clearing.length === 5 ? `${clearing4}-${clearing.slice(4)}` : clearing;
  return {
    ok: true,
    value: {
      clearing,
      account,
      bankName: bank.bankName,
      rule: bank.rule,
      bban: `${clearing4}${account}`,
      display: `${clearingDisplay}, ${account}`,
    },
  };
}

function checkClearing(clearing: string): AccountResult<never> | null {
  const swedbank8 = clearing.startsWith('8');
  if (swedbank8 && clearing.length === 4) {
    return accountFailure(
      'clearing_length',
      'Swedbanks clearingnummer som börjar med 8 har fem siffror, till exempel 8327-9. Ange även den femte siffran.',
    );
  }
  if (swedbank8 && clearing.length === 5) {
    return isValidMod10(clearing)
      ? null
      : accountFailure(
          'clearing_check_digit',
          `Clearingnumret ${clearing.slice(0, 4)}-${clearing.slice(4)} stämmer inte: den femte siffran är Swedbanks kontrollsiffra och den är fel.`,
        );
  }
  if (clearing.length !== 4) {
    return accountFailure(
      'clearing_length',
      'Clearingnumret ska ha fyra siffror (fem för Swedbanks som börjar med 8).',
    );
  }
  return null;
}

function checkDigitHolds(rule: CheckDigitRule, clearing: string, account: string): boolean {
  switch (rule) {
    case 'type1_comment1':
      return isValidMod11(`${clearing.slice(1, 4)}${account}`);
    case 'type1_comment2':
      return isValidMod11(`${clearing.slice(0, 4)}${account}`);
    case 'type2_comment1':
    case 'type2_comment3':
      return isValidMod10(account);
    case 'type2_comment2':
      return isValidMod11(account);
  }
}
