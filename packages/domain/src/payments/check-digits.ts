// The two check-digit methods of Swedish payment numbers, as Bankgirot describes them in
// "10-modul" (Luhn) and "11-modul": bank accounts, bankgiro and plusgiro numbers use one or the other.

const DIGITS = /^[0-9]+$/;

function assertDigits(value: string): void {
  if (!DIGITS.test(value)) throw new RangeError(`Expected digits only, got "${value}"`);
}

// Weighted sum for 10-modul: from the right, the check digit has weight 1, the next digit 2, then
// 1, 2, …; a product of two digits counts as the sum of its digits (2 × 7 = 14 → 1 + 4).
function mod10Sum(digits: string): number {
  let sum = 0;
  for (let fromRight = 0; fromRight < digits.length; fromRight += 1) {
    const digit = digits.charCodeAt(digits.length - 1 - fromRight) - 48;
    const product = fromRight % 2 === 1 ? digit * 2 : digit;
    sum += product > 9 ? product - 9 : product;
  }
  return sum;
}

// Weighted sum for 11-modul: from the right the weights are 1, 2, 3, …, 10, then 1, 2, … again.
function mod11Sum(digits: string): number {
  let sum = 0;
  for (let fromRight = 0; fromRight < digits.length; fromRight += 1) {
    const digit = digits.charCodeAt(digits.length - 1 - fromRight) - 48;
    sum += digit * ((fromRight % 10) + 1);
  }
  return sum;
}

/** True when the last digit of `digits` is its 10-modul (Luhn) check digit. Throws on non-digits. */
export function isValidMod10(digits: string): boolean {
  assertDigits(digits);
  return mod10Sum(digits) % 10 === 0;
}

/** True when `digits`, check digit last, pass 11-modul (weighted sum divisible by 11). */
export function isValidMod11(digits: string): boolean {
  assertDigits(digits);
  return mod11Sum(digits) % 11 === 0;
}

/** The 10-modul (Luhn) check digit to append to `payload`. */
export function mod10CheckDigit(payload: string): number {
  assertDigits(payload);
  return (10 - (mod10Sum(`${payload}0`) % 10)) % 10;
}

/**
 * The 11-modul check digit to append to `payload`, or null when the remainder would need the
 * digit 10: such numbers are never issued.
 */
export function mod11CheckDigit(payload: string): number | null {
  assertDigits(payload);
  const check = (11 - (mod11Sum(`${payload}0`) % 11)) % 11;
  return check === 10 ? null : check;
}
