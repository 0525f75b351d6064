// Calendar months written `YYYY-MM`, and the month arithmetic a monthly calculation needs.
import { daysInMonth } from './plain-date.ts';

// Fixed width for the same reason as plain dates: string order is then calendar order.
const ISO_MONTH = /^(\d{4})-(\d{2})$/;

/** True when `value` is a real calendar month written exactly as `YYYY-MM` (year 0001–9999). */
export function isPlainMonth(value: string): boolean {
  const match = ISO_MONTH.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  return year >= 1 && month >= 1 && month <= 12;
}

/** Throws a RangeError naming `label` unless `value` is a strict `YYYY-MM` month. */
export function assertPlainMonth(value: string, label: string): void {
  if (!isPlainMonth(value)) {
    throw new RangeError(`${label} must be a calendar month written YYYY-MM, got "${value}"`);
  }
}

/**
 * The month as one integer, `year * 12 + (month - 1)`, so that the distance between two months
 * is a subtraction. Expects a validated `YYYY-MM` (or the first seven characters of a date).
 */
export function monthIndex(month: string): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** The inverse of `monthIndex`. */
export function monthFromIndex(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** `YYYY-MM-01`. */
export function firstDayOfMonth(month: string): string {
  return `${month}-01`;
}

/** The last calendar day of the month, `YYYY-MM-DD`. */
export function lastDayOfMonth(month: string): string {
  const days = daysInMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
  return `${month}-${String(days).padStart(2, '0')}`;
}

/** The calendar year of a `YYYY-MM` month or `YYYY-MM-DD` date. */
export function yearOf(monthOrDate: string): number {
  return Number(monthOrDate.slice(0, 4));
}
