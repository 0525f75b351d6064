// Tests for Swedish personnummer/samordningsnummer parsing, validation and synthetic demo numbers.
import { describe, it, expect } from 'vitest';
import {
  PERSONNUMMER_ERROR_CODES,
  SYNTHETIC_AGE_RANGES,
  formatPersonnummer,
  isValidPersonnummer,
  luhnCheckDigit,
  parsePersonnummer,
  syntheticPersonnummer,
  syntheticPersonnummerCapacity,
  type ParsedPersonnummer,
  type PersonnummerErrorCode,
} from '../src/personnummer.ts';

const TODAY = '2025-06-15';

// An independent Luhn (doubling every other digit from the right of the payload) so that the
// tests do not trust the implementation under test to build their own fixtures.
function checkDigit(nine: string): string {
  let sum = 0;
  for (let fromRight = 0; fromRight < nine.length; fromRight += 1) {
    const digit = Number(nine.charAt(nine.length - 1 - fromRight));
    const weighted = fromRight % 2 === 0 ? digit * 2 : digit;
    sum += Math.floor(weighted / 10) + (weighted % 10);
  }
  return String((10 - (sum % 10)) % 10);
}

/** `yymmdd` + `serial` (3 digits) with a correct check digit appended. */
function withCheck(yymmdd: string, serial: string): string {
  return `${yymmdd}${serial}${checkDigit(`${yymmdd}${serial}`)}`;
}

/** A correct 12-digit number for a YYYYMMDD and serial. */
function long(yyyymmdd: string, serial: string): string {
  return `${yyyymmdd.slice(0, 2)}${withCheck(yyyymmdd.slice(2), serial)}`;
}

function parsed(input: string, today: string = TODAY): ParsedPersonnummer {
  const result = parsePersonnummer(input, today);
  if (!result.ok)
    throw new Error(
      `expected ${input} to parse, got ${result.error.code}: ${result.error.message}`,
    );
  return result.value;
}

function errorOf(
  input: string,
  today: string = TODAY,
): { code: PersonnummerErrorCode; message: string } {
  const result = parsePersonnummer(input, today);
  if (result.ok)
    throw new Error(`expected ${input} to be rejected, got ${result.value.normalized}`);
  return result.error;
}

function primeFactors(value: number): number[] {
  const factors: number[] = [];
  let rest = value;
  for (let divisor = 2; divisor * divisor <= rest; divisor += 1) {
    if (rest % divisor === 0) factors.push(divisor);
    while (rest % divisor === 0) rest /= divisor;
  }
  if (rest > 1) factors.push(rest);
  return factors;
}

function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

describe('luhnCheckDigit', () => {
  it('computes the check digit of the published example 811218-9876', () => {
    expect(luhnCheckDigit('811218987')).toBe(6);
  });

  it('agrees with an independent implementation', () => {
    for (const nine of ['000000000', '640823323', '900101001', '121212121', '999999999']) {
      expect(luhnCheckDigit(nine)).toBe(Number(checkDigit(nine)));
    }
  });

  it('rejects anything but nine ASCII digits', () => {
    expect(() => luhnCheckDigit('81121898')).toThrow(RangeError);
    expect(() => luhnCheckDigit('8112189876')).toThrow(RangeError);
    expect(() => luhnCheckDigit('81121898a')).toThrow(RangeError);
  });
});

describe('parsePersonnummer: accepted forms', () => {
  const expected: ParsedPersonnummer = {
    normalized: '198112189876',
    kind: 'personnummer',
    birthDate: '1981-12-18',
    display: '19811218-9876',
    sex: 'male',
  };

  it.each(['811218-9876', '8112189876', '19811218-9876', '198112189876'])(
    'parses %s to the same normalized number',
    (input) => {
      expect(parsePersonnummer(input, TODAY)).toEqual({ ok: true, value: expected });
    },
  );

  it('trims surrounding whitespace', () => {
    expect(parsed('  811218-9876\n').normalized).toBe('198112189876');
    expect(parsed('\t19811218-9876 ').normalized).toBe('198112189876');
  });

  it('accepts today as an object as well as a string', () => {
    expect(parsePersonnummer('811218-9876', { year: 2025, month: 6, day: 15 })).toEqual(
      parsePersonnummer('811218-9876', TODAY),
    );
  });

  it('reads sex from the second-to-last digit: even is female, odd is male', () => {
    expect(parsed(long('19900101', '238')).sex).toBe('female');
    expect(parsed(long('19900101', '230')).sex).toBe('female');
    expect(parsed(long('19900101', '239')).sex).toBe('male');
  });

  it('accepts a person born today', () => {
    expect(parsed(long('20250615', '002')).birthDate).toBe('2025-06-15');
  });
});

describe('parsePersonnummer: format errors', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'only whitespace'],
    ['81121-9876', 'nine digits'],
    ['81121898761', 'eleven digits'],
    ['1981121898761', 'thirteen digits'],
    ['811218--9876', 'two separators'],
    ['8112-189876', 'separator in the wrong place'],
    ['19811218+-9876', 'plus and dash'],
  ])('rejects %j (%s) with code format', (input) => {
    expect(errorOf(input).code).toBe('format');
  });

  it.each([
    '81121B-9876',
    'abcdef-ghij',
    '811218 9876',
    '811218–9876',
    '811218/9876',
    '８１１２１８-９８７６',
  ])('rejects %j because of its characters', (input) => {
    const error = errorOf(input);
    expect(error.code).toBe('format');
    expect(error.message).toMatch(/siffror/);
  });

  it('says which forms are expected', () => {
    expect(errorOf('12345').message).toContain('ÅÅMMDD-NNNN');
    expect(errorOf('12345').message).toContain('ÅÅÅÅMMDD-NNNN');
  });
});

describe('parsePersonnummer: checksum', () => {
  it('rejects a wrong check digit in every form', () => {
    for (const input of ['811218-9875', '8112189877', '19811218-9870', '198112189871']) {
      const error = errorOf(input);
      expect(error.code).toBe('checksum');
      expect(error.message).toMatch(/[Kk]ontrollsiffran stämmer inte/);
    }
  });

  it('rejects two swapped digits', () => {
    expect(errorOf('811218-9786').code).toBe('checksum');
  });
});

describe('parsePersonnummer: dates', () => {
  it('rejects month 00 and 13', () => {
    expect(errorOf(withCheck('811318', '987')).code).toBe('invalid_date');
    expect(errorOf(withCheck('811318', '987')).message).toContain('13');
    expect(errorOf(withCheck('810018', '987')).code).toBe('invalid_date');
  });

  it('rejects day 00 and day 32', () => {
    expect(errorOf(withCheck('811200', '987')).code).toBe('invalid_date');
    const error = errorOf(withCheck('811232', '987'));
    expect(error.code).toBe('invalid_date');
    expect(error.message).toContain('32');
  });

  it('rejects 31 April and names the date', () => {
    const error = errorOf(long('19810431', '123'));
    expect(error.code).toBe('invalid_date');
    expect(error.message).toContain('1981-04-31 finns inte');
  });

  it('accepts 31 in months that have it', () => {
    for (const month of ['01', '03', '05', '07', '08', '10', '12']) {
      expect(parsed(long(`1981${month}31`, '123')).birthDate).toBe(`1981-${month}-31`);
    }
  });

  it('accepts 29 February in leap years (2000, 2024, 1996)', () => {
    expect(parsed(long('20000229', '123')).birthDate).toBe('2000-02-29');
    expect(parsed(long('20240229', '123')).birthDate).toBe('2024-02-29');
    expect(parsed(withCheck('960229', '123')).birthDate).toBe('1996-02-29');
  });

  it('rejects 29 February in common years, including 1900', () => {
    expect(errorOf(long('19000229', '123')).message).toContain('1900-02-29 finns inte');
    expect(errorOf(long('20230229', '123')).message).toContain('2023-02-29 finns inte');
    expect(errorOf(withCheck('990229', '123')).message).toContain('1999-02-29 finns inte');
  });

  it('resolves the century before checking 29 February in the 10-digit form', () => {
    const nine = '000229123';
    const digits = `${nine}${checkDigit(nine)}`;
    const dash = `${digits.slice(0, 6)}-${digits.slice(6)}`;
    const plus = `${digits.slice(0, 6)}+${digits.slice(6)}`;
    expect(parsed(dash).birthDate).toBe('2000-02-29');
    // With + the century is the 1900s, and 1900 was not a leap year.
    const error = errorOf(plus);
    expect(error.code).toBe('invalid_date');
    expect(error.message).toContain('1900-02-29 finns inte');
  });

  it('rejects a birth date in the future', () => {
    const error = errorOf(long('20250616', '123'));
    expect(error.code).toBe('future_date');
    expect(error.message).toContain('2025-06-16');
    expect(errorOf(long('20990101', '123')).code).toBe('future_date');
  });

  it('rejects centuries other than 18, 19 and 20', () => {
    expect(errorOf(long('17990101', '123')).code).toBe('invalid_century');
    expect(errorOf(long('21000101', '123')).code).toBe('invalid_century');
    expect(parsed(long('18991231', '123'), TODAY).birthDate).toBe('1899-12-31');
  });

  it('rejects birth number 000', () => {
    expect(errorOf(withCheck('811218', '000')).code).toBe('invalid_birth_number');
  });
});

describe('parsePersonnummer: samordningsnummer', () => {
  it('recognises day + 60 and reports the real birth date', () => {
    const input = long('19811278', '987');
    expect(parsed(input)).toEqual({
      normalized: input,
      kind: 'samordningsnummer',
      birthDate: '1981-12-18',
      display: `${input.slice(0, 8)}-${input.slice(8)}`,
      sex: 'male',
    });
  });

  it('accepts day 61 and 91, and the 10-digit forms', () => {
    expect(parsed(long('19810161', '002')).birthDate).toBe('1981-01-01');
    expect(parsed(long('19810191', '002')).birthDate).toBe('1981-01-31');
    expect(parsed(withCheck('811278', '987')).normalized).toBe(long('19811278', '987'));
    expect(parsed(long('20000289', '002')).birthDate).toBe('2000-02-29');
  });

  it('rejects day + 60 beyond the end of the month', () => {
    const april = errorOf(long('19810491', '002'));
    expect(april.code).toBe('invalid_date');
    expect(april.message).toContain('1981-04-31 finns inte');
    expect(errorOf(long('19810289', '002')).message).toContain('1981-02-29 finns inte');
  });

  it('rejects day fields 60 and 92', () => {
    expect(errorOf(long('19810160', '002')).code).toBe('invalid_date');
    expect(errorOf(long('19810192', '002')).code).toBe('invalid_date');
  });

  it('checks the future against the real day', () => {
    expect(errorOf(long('20250676', '002')).code).toBe('future_date'); // 2025-06-16
    expect(parsed(long('20250675', '002')).birthDate).toBe('2025-06-15');
  });
});

describe('parsePersonnummer: century of the 10-digit forms', () => {
  const tenDigit = (yymmdd: string, separator: '' | '-' | '+', serial = '123'): string => {
    const digits = withCheck(yymmdd, serial);
    return `${digits.slice(0, 6)}${separator}${digits.slice(6)}`;
  };

  it('with - or no separator chooses the most recent date not in the future', () => {
    // Today is 2025-06-15.
    expect(parsed(tenDigit('250615', '-')).birthDate).toBe('2025-06-15');
    expect(parsed(tenDigit('250614', '')).birthDate).toBe('2025-06-14');
    expect(parsed(tenDigit('250616', '-')).birthDate).toBe('1925-06-16'); // aged 99
    expect(parsed(tenDigit('260101', '-')).birthDate).toBe('1926-01-01');
    expect(parsed(tenDigit('991231', '-')).birthDate).toBe('1999-12-31');
    expect(parsed(tenDigit('000101', '')).birthDate).toBe('2000-01-01');
  });

  it('with + chooses a birth year at least 100 years before the current year', () => {
    expect(parsed(tenDigit('250615', '+')).birthDate).toBe('1925-06-15'); // turns 100 today
    expect(parsed(tenDigit('250101', '+')).birthDate).toBe('1925-01-01');
    // The sign changes on 1 January of the year the person turns 100 (folkbokföringslagen 18 §).
    expect(parsed(tenDigit('251231', '+')).birthDate).toBe('1925-12-31');
    expect(parsed(tenDigit('240101', '+')).birthDate).toBe('1924-01-01');
    expect(parsed(tenDigit('260101', '+')).birthDate).toBe('1826-01-01');
  });

  it('moves the boundary with today', () => {
    const number = tenDigit('250616', '-');
    expect(parsed(number, '2025-06-16').birthDate).toBe('2025-06-16');
    expect(parsed(number, '2025-06-15').birthDate).toBe('1925-06-16');
    expect(parsed(tenDigit('250616', '+'), '2024-12-31').birthDate).toBe('1825-06-16');
    expect(parsed(tenDigit('250616', '+'), '2025-01-01').birthDate).toBe('1925-06-16');
  });

  it('normalizes the centenarian form to 12 digits with a dash for display', () => {
    const value = parsed(tenDigit('200101', '+', '457'));
    expect(value.normalized).toBe(`1920${withCheck('200101', '457').slice(2)}`);
    expect(value.display).toBe(`19200101-${withCheck('200101', '457').slice(6)}`);
  });

  it('rejects + in the 12-digit form', () => {
    const twelve = long('19250101', '123');
    const centenarian = `${twelve.slice(0, 8)}+${twelve.slice(8)}`;
    expect(errorOf(centenarian).code).toBe('century_conflict');
    const young = long('19810101', '123');
    const error = errorOf(`${young.slice(0, 8)}+${young.slice(8)}`);
    expect(error.code).toBe('century_conflict');
    expect(error.message).toContain('1981-01-01');
  });
});

describe('parsePersonnummer: error codes and today', () => {
  it('gives every error a non-empty message with a code from the published list', () => {
    const inputs = [
      'x',
      '811218-9875',
      withCheck('811318', '987'),
      long('20990101', '123'),
      withCheck('811218', '000'),
    ];
    for (const input of inputs) {
      const error = errorOf(input);
      expect(PERSONNUMMER_ERROR_CODES).toContain(error.code);
      expect(error.message.length).toBeGreaterThan(10);
    }
  });

  it('throws RangeError for an invalid today instead of guessing', () => {
    expect(() => parsePersonnummer('811218-9876', '2025-02-30')).toThrow(RangeError);
    expect(() => parsePersonnummer('811218-9876', '15/6/2025')).toThrow(RangeError);
    expect(() => parsePersonnummer('811218-9876', { year: 2025, month: 13, day: 1 })).toThrow(
      RangeError,
    );
    expect(() => parsePersonnummer('811218-9876', { year: 2025.5, month: 1, day: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('isValidPersonnummer and formatPersonnummer', () => {
  it('isValidPersonnummer mirrors parsePersonnummer', () => {
    expect(isValidPersonnummer('811218-9876', TODAY)).toBe(true);
    expect(isValidPersonnummer('811218-9875', TODAY)).toBe(false);
    expect(isValidPersonnummer('hello', TODAY)).toBe(false);
  });

  it('formats a normalized number with a dash', () => {
    expect(formatPersonnummer('198112189876')).toBe('19811218-9876');
  });

  it('refuses input that is not normalized', () => {
    expect(() => formatPersonnummer('811218-9876')).toThrow(RangeError);
    expect(() => formatPersonnummer('19811218-9876')).toThrow(RangeError);
  });
});

describe('syntheticPersonnummer', () => {
  const indexes = Array.from({ length: 1000 }, (_, i) => i);

  it.each(['adult', 'child'] as const)(
    'gives valid %s samordningsnummer in the age range',
    (ageGroup) => {
      const { min, max } = SYNTHETIC_AGE_RANGES[ageGroup];
      for (const index of indexes) {
        const number = syntheticPersonnummer(index, { today: TODAY, ageGroup });
        expect(number).toMatch(/^[0-9]{12}$/);
        const value = parsed(number);
        expect(value.normalized).toBe(number);
        expect(value.kind).toBe('samordningsnummer');
        const age = ageOn(value.birthDate, TODAY);
        expect(age).toBeGreaterThanOrEqual(min);
        expect(age).toBeLessThanOrEqual(max);
      }
    },
  );

  it('defaults to adults', () => {
    expect(syntheticPersonnummer(7, { today: TODAY })).toBe(
      syntheticPersonnummer(7, { today: TODAY, ageGroup: 'adult' }),
    );
  });

  it('is deterministic for the same index and reference date', () => {
    const first = indexes.map((i) => syntheticPersonnummer(i, { today: TODAY }));
    const second = indexes.map((i) =>
      syntheticPersonnummer(i, { today: { year: 2025, month: 6, day: 15 } }),
    );
    expect(second).toEqual(first);
  });

  it('gives distinct numbers for 1000 indexes, and adults and children never share one', () => {
    const adults = indexes.map((i) => syntheticPersonnummer(i, { today: TODAY }));
    const children = indexes.map((i) =>
      syntheticPersonnummer(i, { today: TODAY, ageGroup: 'child' }),
    );
    expect(new Set(adults).size).toBe(1000);
    expect(new Set(children).size).toBe(1000);
    expect(new Set([...adults, ...children]).size).toBe(2000);
  });

  it('stays distinct far beyond 1000 indexes', () => {
    const many = Array.from({ length: 50_000 }, (_, i) =>
      syntheticPersonnummer(i, { today: TODAY }),
    );
    expect(new Set(many).size).toBe(50_000);
  });

  it('spreads birth dates over the whole age range and both sexes', () => {
    const values = indexes.map((i) => parsed(syntheticPersonnummer(i, { today: TODAY })));
    const ages = values.map((value) => ageOn(value.birthDate, TODAY));
    expect(Math.min(...ages)).toBeLessThanOrEqual(19);
    expect(Math.max(...ages)).toBeGreaterThanOrEqual(89);
    // Every decade of age gets a fair share (each covers 10 of the 73 years).
    for (let decade = 20; decade < 90; decade += 10) {
      const inDecade = ages.filter((age) => age >= decade && age < decade + 10).length;
      expect(inDecade).toBeGreaterThan(100);
    }
    const women = values.filter((value) => value.sex === 'female').length;
    expect(women).toBeGreaterThan(400);
    expect(women).toBeLessThan(600);
  });

  it('respects the age bounds when the reference date is 29 February', () => {
    const today = '2024-02-29';
    for (const ageGroup of ['adult', 'child'] as const) {
      const { min, max } = SYNTHETIC_AGE_RANGES[ageGroup];
      for (const index of indexes) {
        const value = parsed(syntheticPersonnummer(index, { today, ageGroup }), today);
        const age = ageOn(value.birthDate, today);
        expect(age).toBeGreaterThanOrEqual(min);
        expect(age).toBeLessThanOrEqual(max);
      }
    }
  });

  it('uses exactly the birth dates of the age range, first and last day included', () => {
    const cases = [
      { today: TODAY, ageGroup: 'adult', first: '1934-06-16', last: '2007-06-15' },
      { today: TODAY, ageGroup: 'child', first: '2007-06-16', last: '2025-06-15' },
      { today: '2024-02-29', ageGroup: 'adult', first: '1933-03-01', last: '2006-02-28' },
      { today: '2024-02-29', ageGroup: 'child', first: '2006-03-01', last: '2024-02-29' },
    ] as const;
    for (const { today, ageGroup, first, last } of cases) {
      // The golden-ratio step reaches both ends of the range within the first 20 000 indexes.
      const dates = Array.from(
        { length: 20_000 },
        (_, i) => parsed(syntheticPersonnummer(i, { today, ageGroup }), today).birthDate,
      ).sort();
      expect([dates[0], dates.at(-1)]).toEqual([first, last]);
    }
  });

  it('is a bijection: no index collides with index 0 at any fraction of the capacity', () => {
    // If the step shared a prime factor p with the capacity, index capacity/p would repeat
    // index 0. Checked over a year of reference dates, since the capacity depends on the date.
    for (let dayOfYear = 0; dayOfYear < 366; dayOfYear += 1) {
      const date = new Date(Date.UTC(2024, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
      for (const ageGroup of ['adult', 'child'] as const) {
        const options = { today: date, ageGroup };
        const capacity = syntheticPersonnummerCapacity(options);
        const first = syntheticPersonnummer(0, options);
        for (const prime of primeFactors(capacity)) {
          expect(syntheticPersonnummer(capacity / prime, options)).not.toBe(first);
        }
      }
    }
  });

  it('reports its capacity and accepts every index below it', () => {
    const capacity = syntheticPersonnummerCapacity({ today: TODAY, ageGroup: 'child' });
    expect(capacity).toBe(6575 * 999);
    expect(
      parsed(syntheticPersonnummer(capacity - 1, { today: TODAY, ageGroup: 'child' })).kind,
    ).toBe('samordningsnummer');
    expect(() => syntheticPersonnummer(capacity, { today: TODAY, ageGroup: 'child' })).toThrow(
      RangeError,
    );
  });

  it('rejects indexes that are negative, fractional or beyond capacity', () => {
    expect(() => syntheticPersonnummer(-1, { today: TODAY })).toThrow(RangeError);
    expect(() => syntheticPersonnummer(1.5, { today: TODAY })).toThrow(RangeError);
    expect(() => syntheticPersonnummer(Number.NaN, { today: TODAY })).toThrow(RangeError);
    expect(() => syntheticPersonnummer(1e12, { today: TODAY })).toThrow(RangeError);
  });
});
