// Swedish personnummer and samordningsnummer: parsing, validation, display, synthetic demo numbers.

/** A calendar date without time zone. */
export type PlainDate = { readonly year: number; readonly month: number; readonly day: number };

/** A calendar date as `{ year, month, day }` or as an ISO string `YYYY-MM-DD`. */
export type PlainDateLike = PlainDate | string;

export type PersonnummerKind = 'personnummer' | 'samordningsnummer';

/** Legal sex as encoded in the birth number (folkbokföringslagen 18 §). */
export type PersonnummerSex = 'female' | 'male';

export type ParsedPersonnummer = {
  /**
   * 12 digits `YYYYMMDDNNNC`: the storage form, since folkbokföringslagen 18 § requires the birth
   * date to be stored with 8 digits. A samordningsnummer keeps its day + 60 here.
   */
  readonly normalized: string;
  readonly kind: PersonnummerKind;
  /** `YYYY-MM-DD`; for a samordningsnummer the real day (the day field minus 60). */
  readonly birthDate: string;
  /** `YYYYMMDD-NNNC`, the form case workers read. */
  readonly display: string;
  readonly sex: PersonnummerSex;
};

export const PERSONNUMMER_ERROR_CODES = [
  'format',
  'invalid_date',
  'invalid_birth_number',
  'checksum',
  'invalid_century',
  'century_conflict',
  'future_date',
] as const;

/** Stable, machine-readable reason; the message is for people and may be reworded. */
export type PersonnummerErrorCode = (typeof PERSONNUMMER_ERROR_CODES)[number];

export type PersonnummerError = { readonly code: PersonnummerErrorCode; readonly message: string };

export type PersonnummerResult =
  | { readonly ok: true; readonly value: ParsedPersonnummer }
  | { readonly ok: false; readonly error: PersonnummerError };

const EXPECTED_FORMS = 'ÅÅÅÅMMDD-NNNN, ÅÅÅÅMMDDNNNN, ÅÅMMDD-NNNN, ÅÅMMDD+NNNN eller ÅÅMMDDNNNN';

// Samordningsnummer add 60 to the day of month (folkbokföringslagen 18 a §).
const SAMORDNING_DAY_OFFSET = 60;

// Only these characters can occur in an accepted form; anything else gets a more precise message.
const ALLOWED_CHARACTERS = /^[0-9+-]*$/;
const LONG_FORM = /^([0-9]{2})([0-9]{6})([-+]?)([0-9]{4})$/;
const SHORT_FORM = /^([0-9]{6})([-+]?)([0-9]{4})$/;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;

type Shape = {
  /** Null in the 10-digit form, where the century must be inferred. */
  readonly century: number | null;
  readonly yy: number;
  readonly month: number;
  readonly dayField: number;
  readonly separator: '' | '-' | '+';
  readonly serial: string;
  readonly checkDigit: number;
  /** YYMMDDNNN, the digits the check digit is computed over. */
  readonly nineDigits: string;
};

/**
 * Parses a personnummer or samordningsnummer. `today` decides the century of the 10-digit forms
 * and what counts as a future birth date; it is a parameter so that the result never depends on
 * the clock. Throws RangeError only if `today` itself is not a valid date (a programming error).
 */
export function parsePersonnummer(input: string, today: PlainDateLike): PersonnummerResult {
  const reference = toPlainDate(today, 'today');
  const shape = readShape(input.trim());
  if (!('nineDigits' in shape)) return failure(shape.code, shape.message);

  const { month, dayField } = shape;
  if (month < 1 || month > 12) {
    return failure('invalid_date', `Månaden ${pad(month, 2)} finns inte – månaden ska vara 01–12.`);
  }
  const isSamordning = dayField > SAMORDNING_DAY_OFFSET;
  if (dayField < 1 || (dayField > 31 && !isSamordning) || dayField > 31 + SAMORDNING_DAY_OFFSET) {
    return failure(
      'invalid_date',
      `Dagen ${pad(dayField, 2)} finns inte – dagen ska vara 01–31, eller 61–91 i ett samordningsnummer.`,
    );
  }
  const kind: PersonnummerKind = isSamordning ? 'samordningsnummer' : 'personnummer';
  const day = isSamordning ? dayField - SAMORDNING_DAY_OFFSET : dayField;

  if (shape.century !== null && (shape.century < 18 || shape.century > 20)) {
    return failure(
      'invalid_century',
      `Århundradet ${shape.century} är inte giltigt – ett tolvsiffrigt personnummer börjar med 18, 19 eller 20.`,
    );
  }
  const year =
    shape.century === null
      ? inferYear(shape.yy, month, day, shape.separator === '+', reference)
      : shape.century * 100 + shape.yy;

  // Checked only now because whether 29 February exists depends on the century.
  const birthDate = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (day > daysInMonth(year, month)) {
    const note = isSamordning ? ` (samordningsnummer: dag ${dayField} − 60 = ${day})` : '';
    return failure('invalid_date', `Datumet ${birthDate} finns inte${note}.`);
  }

  if (shape.serial === '000') {
    return failure(
      'invalid_birth_number',
      'Födelsenumret 000 används inte – de tre siffrorna före kontrollsiffran ska vara 001–999.',
    );
  }

  // The expected digit is not revealed: a typo elsewhere would then be "fixed" in the wrong place.
  if (luhnCheckDigit(shape.nineDigits) !== shape.checkDigit) {
    return failure(
      'checksum',
      'Kontrollsiffran stämmer inte – kontrollera att alla siffror är rätt inskrivna.',
    );
  }

  if (shape.century !== null && shape.separator === '+') {
    const message =
      year <= reference.year - 100
        ? 'Plustecken används bara i den tiosiffriga formen (ÅÅMMDD+NNNN) – i den tolvsiffriga framgår århundradet, skriv ÅÅÅÅMMDD-NNNN.'
        : `Plustecken används för den som fyller 100 år i år eller tidigare, men den som är född ${birthDate} gör inte det – skriv ÅÅÅÅMMDD-NNNN.`;
    return failure('century_conflict', message);
  }

  if (compareDates({ year, month, day }, reference) > 0) {
    return failure('future_date', `Födelsedatumet ${birthDate} ligger i framtiden.`);
  }

  const normalized = `${pad(year, 4)}${pad(month, 2)}${pad(dayField, 2)}${shape.serial}${shape.checkDigit}`;
  return {
    ok: true,
    value: {
      normalized,
      kind,
      birthDate,
      display: formatPersonnummer(normalized),
      // The last digit of the birth number: odd for men, even for women (folkbokföringslagen 18 §).
      sex: Number(shape.serial.charAt(2)) % 2 === 0 ? 'female' : 'male',
    },
  };
}

export function isValidPersonnummer(input: string, today: PlainDateLike): boolean {
  return parsePersonnummer(input, today).ok;
}

/** `YYYYMMDDNNNC` → `YYYYMMDD-NNNC`. Throws RangeError if the input is not 12 digits. */
export function formatPersonnummer(normalized: string): string {
  if (!/^[0-9]{12}$/.test(normalized)) {
    throw new RangeError(`Expected a normalized 12-digit personnummer, got "${normalized}"`);
  }
  return `${normalized.slice(0, 8)}-${normalized.slice(8)}`;
}

/**
 * The check digit of a personnummer (Luhn, weights 2 and 1 from the left) over the nine digits
 * YYMMDDNNN. The century is not part of the computation, so 10- and 12-digit forms share it.
 */
export function luhnCheckDigit(nineDigits: string): number {
  if (!/^[0-9]{9}$/.test(nineDigits)) {
    throw new RangeError(`Expected exactly nine digits, got "${nineDigits}"`);
  }
  let sum = 0;
  for (let position = 0; position < 9; position += 1) {
    const product = Number(nineDigits.charAt(position)) * (position % 2 === 0 ? 2 : 1);
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

export type SyntheticAgeGroup = 'adult' | 'child';

/** Inclusive ages, in whole years on the reference date, that each group is spread over. */
export const SYNTHETIC_AGE_RANGES = {
  adult: { min: 18, max: 90 },
  child: { min: 0, max: 17 },
} as const satisfies Record<SyntheticAgeGroup, { readonly min: number; readonly max: number }>;

export type SyntheticPersonnummerOptions = {
  /** Ages are relative to this date; fix it for reproducible demo data. */
  readonly today: PlainDateLike;
  /** Defaults to `adult`. The groups cover disjoint birth dates and so never share a number. */
  readonly ageGroup?: SyntheticAgeGroup;
};

// Every individnummer 001–999 is usable; 000 is never issued.
const INDIVIDUAL_NUMBERS = 999;

/**
 * A synthetic samordningsnummer for demo and test data, as 12 normalized digits.
 *
 * Deterministic: the same index, reference date and age group always give the same number, and
 * different indexes give different numbers (indexes run from 0 to the capacity − 1; beyond that
 * RangeError). Birth dates are spread evenly over the group's ages. Skatteverket reserves no range
 * that such numbers could be drawn from, so they are samordningsnummer, which are far sparser than
 * personnummer, and for demo mode only: docs/decisions/0003-synthetic-personnummer.md explains the
 * residual risk.
 */
export function syntheticPersonnummer(
  index: number,
  options: SyntheticPersonnummerOptions,
): string {
  const { earliest, capacity } = syntheticWindow(options);
  if (!Number.isSafeInteger(index) || index < 0 || index >= capacity) {
    throw new RangeError(`Synthetic index must be an integer in 0..${capacity - 1}, got ${index}`);
  }

  // index ↦ index·step + offset (mod capacity) is a bijection when step is coprime to capacity,
  // which is what makes indexes distinct. A step near capacity/φ spreads consecutive indexes
  // evenly over the birth dates. The product stays below 2^53 (capacity < 3·10^7).
  const step = coprimeNear(Math.floor(capacity / GOLDEN_RATIO), capacity);
  const position = (index * step + Math.floor(capacity / 2)) % capacity;
  const birth = fromEpochDay(earliest + Math.floor(position / INDIVIDUAL_NUMBERS));
  const individual = (position % INDIVIDUAL_NUMBERS) + 1;

  const dateDigits = `${pad(birth.year % 100, 2)}${pad(birth.month, 2)}${pad(birth.day + SAMORDNING_DAY_OFFSET, 2)}`;
  const nineDigits = `${dateDigits}${pad(individual, 3)}`;
  return `${pad(Math.floor(birth.year / 100), 2)}${nineDigits}${luhnCheckDigit(nineDigits)}`;
}

/** How many distinct synthetic numbers an age group has on a reference date (days × 999). */
export function syntheticPersonnummerCapacity(options: SyntheticPersonnummerOptions): number {
  return syntheticWindow(options).capacity;
}

function syntheticWindow(options: SyntheticPersonnummerOptions): {
  earliest: number;
  capacity: number;
} {
  const reference = toPlainDate(options.today, 'options.today');
  const ages = SYNTHETIC_AGE_RANGES[options.ageGroup ?? 'adult'];
  // Youngest: turned `min` on or before today. Oldest: the day after the last one who is `max + 1`.
  const latest = toEpochDay(subtractYears(reference, ages.min));
  const earliest = toEpochDay(subtractYears(reference, ages.max + 1)) + 1;
  return { earliest, capacity: (latest - earliest + 1) * INDIVIDUAL_NUMBERS };
}

const GOLDEN_RATIO = (1 + Math.sqrt(5)) / 2;

function readShape(trimmed: string): Shape | PersonnummerError {
  if (trimmed === '') {
    return { code: 'format', message: `Ange ett personnummer i formen ${EXPECTED_FORMS}.` };
  }
  if (!ALLOWED_CHARACTERS.test(trimmed)) {
    return {
      code: 'format',
      message: `Personnumret får bara innehålla siffror och ett bindestreck eller plustecken – ange det i formen ${EXPECTED_FORMS}.`,
    };
  }
  const long = LONG_FORM.exec(trimmed);
  if (long) return toShape(Number(long[1]), long[2] ?? '', long[3] ?? '', long[4] ?? '');
  const short = SHORT_FORM.exec(trimmed);
  if (short) return toShape(null, short[1] ?? '', short[2] ?? '', short[3] ?? '');
  const digitCount = trimmed.replace(/[^0-9]/g, '').length;
  return {
    code: 'format',
    message: `Personnumret har fel format (${digitCount} siffror) – det ska ha 10 eller 12 siffror i formen ${EXPECTED_FORMS}.`,
  };
}

function toShape(
  century: number | null,
  dateDigits: string,
  separator: string,
  lastFour: string,
): Shape {
  return {
    century,
    yy: Number(dateDigits.slice(0, 2)),
    month: Number(dateDigits.slice(2, 4)),
    dayField: Number(dateDigits.slice(4, 6)),
    separator: separator === '-' || separator === '+' ? separator : '',
    serial: lastFour.slice(0, 3),
    checkDigit: Number(lastFour.slice(3)),
    nineDigits: `${dateDigits}${lastFour.slice(0, 3)}`,
  };
}

/**
 * The century of a 10-digit number. `+` is written from the year the person turns 100
 * (folkbokföringslagen 18 §: "det år en person fyller 100 år"), so it means a birth year at least
 * 100 years before today's year. `-` or no separator means the latest such date that is not in
 * the future, i.e. someone aged 0–99; that also covers someone who turns 100 later this year and
 * whose number was written before the sign changed.
 */
function inferYear(
  yy: number,
  month: number,
  day: number,
  centenarian: boolean,
  reference: PlainDate,
): number {
  if (centenarian) {
    const latestYear = reference.year - 100;
    return latestYear - modulo(latestYear - yy, 100);
  }
  const year = reference.year - modulo(reference.year - yy, 100);
  // Compared as a tuple, so a 29 February that does not exist is still ordered correctly.
  return compareDates({ year, month, day }, reference) > 0 ? year - 100 : year;
}

function failure(code: PersonnummerErrorCode, message: string): PersonnummerResult {
  return { ok: false, error: { code, message } };
}

function toPlainDate(value: PlainDateLike, name: string): PlainDate {
  let date: PlainDate;
  if (typeof value === 'string') {
    const match = ISO_DATE.exec(value);
    if (!match) throw new RangeError(`${name} must be a YYYY-MM-DD date, got "${value}"`);
    date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  } else {
    date = { year: value.year, month: value.month, day: value.day };
  }
  const { year, month, day } = date;
  const valid =
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month);
  if (!valid) {
    throw new RangeError(`${name} is not a valid calendar date: ${JSON.stringify(value)}`);
  }
  return date;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function compareDates(a: PlainDate, b: PlainDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The same month and day `years` earlier; 29 February becomes 28 February in a common year. */
function subtractYears(date: PlainDate, years: number): PlainDate {
  const year = date.year - years;
  return { year, month: date.month, day: Math.min(date.day, daysInMonth(year, date.month)) };
}

// Proleptic Gregorian day numbers (days since 1970-01-01) computed arithmetically, because
// Date.UTC maps the years 0–99 to 1900–1999 and would need special-casing.
function toEpochDay({ year, month, day }: PlainDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function fromEpochDay(epochDay: number): PlainDate {
  const shifted = epochDay + 719468;
  const era = Math.floor(shifted / 146097);
  const dayOfEra = shifted - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function coprimeNear(start: number, modulus: number): number {
  let candidate = Math.max(start, 1);
  while (greatestCommonDivisor(candidate, modulus) !== 1) candidate += 1;
  return candidate;
}

function greatestCommonDivisor(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

function modulo(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}
