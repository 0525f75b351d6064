// Strict `YYYY-MM-DD` calendar dates for dated legal rules, compared as plain strings.

// Four-digit year, two-digit month and day: the fixed width is what makes string order equal
// calendar order, so '2025-7-1' is refused rather than normalised.
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in `month` (1–12) of `year` in the Gregorian calendar; 0 for a month outside 1–12. */
export function daysInMonth(year: number, month: number): number {
  // Gregorian leap years; Date is avoided so that no time zone or clock is involved.
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return days[month - 1] ?? 0;
}

/** True when `value` is a real calendar date written exactly as `YYYY-MM-DD` (year 0001–9999). */
export function isPlainDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/**
 * Throws a RangeError naming `label` unless `value` is a strict `YYYY-MM-DD` calendar date.
 * Once this has passed, dates can be compared with `<` as strings.
 */
export function assertPlainDate(value: string, label: string): void {
  if (!isPlainDate(value)) {
    throw new RangeError(
      `${label} must be a real calendar date written YYYY-MM-DD, got "${value}"`,
    );
  }
}
