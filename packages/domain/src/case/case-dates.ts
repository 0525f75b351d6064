// Calendar arithmetic for the case log: plain dates and months as strings, instants as Stockholm dates.

// Fixed widths make string order equal calendar order, so '2025-3-1' is refused, not normalised.
const PLAIN_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PLAIN_MONTH = /^(\d{4})-(\d{2})$/;
// The ECMAScript date-time format with seconds and an explicit offset: without an offset an
// instant would depend on the machine's time zone. Milliseconds are all that Date.parse is
// specified to read.
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{3})?(?:Z|[+-](\d{2}):(\d{2}))$/;

/** The municipality's calendar: deadlines and "today" are Swedish dates. */
export const CASE_TIME_ZONE = 'Europe/Stockholm';

/** Days in `month` (1–12) of `year` in the Gregorian calendar; 0 for a month outside 1–12. */
export function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return days[month - 1] ?? 0;
}

/** True when `value` is a real calendar date written exactly `YYYY-MM-DD` (year 0001–9999). */
export function isPlainDate(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = PLAIN_DATE.exec(value);
  if (!match) return false;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  return year >= 1 && day >= 1 && day <= daysInMonth(year, month);
}

/** True when `value` is a month written exactly `YYYY-MM` (year 0001–9999). */
export function isPlainMonth(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = PLAIN_MONTH.exec(value);
  if (!match) return false;
  const month = Number(match[2]);
  return Number(match[1]) >= 1 && month >= 1 && month <= 12;
}

/** True when `value` is an instant `YYYY-MM-DDTHH:mm:ss[.sss](Z|±HH:mm)`. */
export function isInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const match = INSTANT.exec(value);
  if (!match || !isPlainDate(match[1])) return false;
  const [hour, minute, second] = [Number(match[2]), Number(match[3]), Number(match[4])];
  if (hour > 23 || minute > 59 || second > 59) return false;
  if (match[5] !== undefined && (Number(match[5]) > 23 || Number(match[6]) > 59)) return false;
  return Number.isFinite(Date.parse(value));
}

/** Milliseconds since the epoch of an instant already checked with `isInstant`. */
export function instantMillis(instant: string): number {
  return Date.parse(instant);
}

// Hinnant's days-from-civil: integer arithmetic only, so no clock or time zone is involved.
function dayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** `date` plus `days` (may be negative). Throws a RangeError if `date` is not a plain date. */
export function addDays(date: string, days: number): string {
  const match = PLAIN_DATE.exec(date);
  if (!match || !isPlainDate(date) || !Number.isInteger(days)) {
    throw new RangeError(`addDays needs a YYYY-MM-DD date and whole days, got "${date}", ${days}`);
  }
  return fromDayNumber(dayNumber(Number(match[1]), Number(match[2]), Number(match[3])) + days);
}

const STOCKHOLM_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: CASE_TIME_ZONE,
  calendar: 'gregory',
  numberingSystem: 'latn',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar date in Stockholm at an instant already checked with `isInstant`. */
export function stockholmDate(instant: string): string {
  const parts = STOCKHOLM_DATE.formatToParts(new Date(instantMillis(instant)));
  const part = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((p) => p.type === type)?.value);
  return `${pad(part('year'), 4)}-${pad(part('month'), 2)}-${pad(part('day'), 2)}`;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
