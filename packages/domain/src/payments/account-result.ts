// The result every payee-account validator returns: the normalised value, or a stable code with a
// message in Swedish for the person who typed the number.

export const ACCOUNT_ERROR_CODES = [
  'invalid_shape',
  'invalid_characters',
  'clearing_length',
  'clearing_check_digit',
  'clearing_unknown',
  'account_length',
  'account_check_digit',
  'bankgiro_length',
  'bankgiro_check_digit',
  'plusgiro_length',
  'plusgiro_check_digit',
  'iban_format',
  'iban_check_digits',
] as const;

/** Stable, machine-readable reason; the message is for people and may be reworded. */
export type AccountErrorCode = (typeof ACCOUNT_ERROR_CODES)[number];

export type AccountResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: AccountErrorCode; readonly message: string };

export function accountFailure(
  code: AccountErrorCode,
  message: string,
): { readonly ok: false; readonly code: AccountErrorCode; readonly message: string } {
  return { ok: false, code, message };
}

// People copy numbers with spaces, hyphens (also typographic dashes) and dots between groups.
const SEPARATORS = /[\s\u00a0\u2010-\u2015\u2212.-]/g;

/**
 * The digits of `input` once separators are removed, or null when anything but digits and
 * separators is left.
 */
export function separatedDigits(input: string): string | null {
  const digits = input.replace(SEPARATORS, '');
  return /^[0-9]*$/.test(digits) ? digits : null;
}
