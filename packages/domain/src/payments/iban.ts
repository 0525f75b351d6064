// IBAN (ISO 13616): shape, the Swedish length and the mod-97 check digits.
import { accountFailure, type AccountResult } from './account-result.ts';

export type ValidIban = {
  /** The electronic form: upper case, no spaces (`SE4550000000058398257466`). */
  readonly iban: string;
  readonly countryCode: string;
  /** The printed form in groups of four (`SE45 5000 0000 0583 9825 7466`). */
  readonly display: string;
};

const IBAN_SHAPE = /^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$/;
// A Swedish IBAN is SE, two check digits and a 20-digit BBAN (bank code + account).
const SWEDISH_IBAN = /^SE[0-9]{22}$/;

/** Validates an IBAN written with or without spaces, in any case. */
export function validateIban(input: string): AccountResult<ValidIban> {
  const iban = input.replace(/[\s\u00a0]/g, '').toUpperCase();
  if (!IBAN_SHAPE.test(iban) || (iban.startsWith('SE') && !SWEDISH_IBAN.test(iban))) {
    return accountFailure(
      'iban_format',
      'IBAN ska börja med landskod och två kontrollsiffror; ett svenskt IBAN har 24 tecken, till exempel SE45 5000 0000 0583 9825 7466.',
    );
  }
  if (ibanRemainder(iban) !== 1) {
    return accountFailure(
      'iban_check_digits',
      'IBAN-numret stämmer inte med sina kontrollsiffror. Kontrollera numret.',
    );
  }
  return {
    ok: true,
    value: { iban, countryCode: iban.slice(0, 2), display: iban.replace(/(.{4})(?=.)/g, '$1 ') },
  };
}

// ISO 13616: move the first four characters to the end, letters become 10–35, the number mod 97
// must be 1. Computed piecewise so that no number exceeds the safe integer range.
function ibanRemainder(iban: string): number {
  const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`;
  let remainder = 0;
  for (const character of rearranged) {
    const code = character.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : character;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}
