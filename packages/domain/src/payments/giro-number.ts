// Bankgiro and plusgiro numbers: length, 10-modul check digit and the way each is written.
import { accountFailure, separatedDigits, type AccountResult } from './account-result.ts';
import { isValidMod10 } from './check-digits.ts';

export type ValidGiroNumber = {
  /** Digits only, the form payment files carry. */
  readonly number: string;
  /** As the number is printed: bankgiro `5050-1055`, plusgiro `28 65 43-4`. */
  readonly display: string;
};

/** A bankgiro number has 7 or 8 digits, the last a 10-modul check digit (Bankgirot). */
export function validateBankgiro(input: string): AccountResult<ValidGiroNumber> {
  const digits = separatedDigits(input);
  if (digits === null) {
    return accountFailure(
      'invalid_characters',
      'Bankgironumret får bara innehålla siffror (och bindestreck eller mellanslag).',
    );
  }
  if (digits.length < 7 || digits.length > 8) {
    return accountFailure(
      'bankgiro_length',
      `Ett bankgironummer har 7 eller 8 siffror, till exempel 5050-1055, men det här har ${digits.length}.`,
    );
  }
  if (/^0+$/.test(digits) || !isValidMod10(digits)) {
    return accountFailure(
      'bankgiro_check_digit',
      'Bankgironumret stämmer inte med sin kontrollsiffra. Kontrollera numret.',
    );
  }
  return { ok: true, value: { number: digits, display: formatBankgiro(digits) } };
}

/** A plusgiro number has 2 to 8 digits, the last a 10-modul check digit (Plusgirot, Nordea). */
export function validatePlusgiro(input: string): AccountResult<ValidGiroNumber> {
  const digits = separatedDigits(input);
  if (digits === null) {
    return accountFailure(
      'invalid_characters',
      'Plusgironumret får bara innehålla siffror (och bindestreck eller mellanslag).',
    );
  }
  if (digits.length < 2 || digits.length > 8) {
    return accountFailure(
      'plusgiro_length',
      `Ett plusgironummer har 2–8 siffror, till exempel 28 65 43-4, men det här har ${digits.length}.`,
    );
  }
  if (/^0+$/.test(digits) || !isValidMod10(digits)) {
    return accountFailure(
      'plusgiro_check_digit',
      'Plusgironumret stämmer inte med sin kontrollsiffra. Kontrollera numret.',
    );
  }
  return { ok: true, value: { number: digits, display: formatPlusgiro(digits) } };
}

/** `NNN-NNNN` or `NNNN-NNNN`: a hyphen before the last four digits. */
export function formatBankgiro(digits: string): string {
  if (!/^[0-9]{7,8}$/.test(digits)) throw new RangeError(`Not a bankgiro number: "${digits}"`);
  return `${digits.slice(0, -4)}-${digits.slice(-4)}`;
}

/**
 * The check digit after a hyphen; before it, pairs of digits from the right, the odd digit that
 * may be left over joining the first pair: `4-2`, `123-4`, `28 65 43-4`, `410 54 68-5`.
 */
export function formatPlusgiro(digits: string): string {
  if (!/^[0-9]{2,8}$/.test(digits)) throw new RangeError(`Not a plusgiro number: "${digits}"`);
  const body = digits.slice(0, -1);
  const groups: string[] = [];
  let end = body.length;
  while (end > 3) {
    groups.unshift(body.slice(end - 2, end));
    end -= 2;
  }
  groups.unshift(body.slice(0, end));
  return `${groups.join(' ')}-${digits.slice(-1)}`;
}
