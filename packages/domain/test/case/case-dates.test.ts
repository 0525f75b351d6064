// Plain-date arithmetic and Stockholm dates for the case log, checked against Date.UTC.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  isInstant,
  isPlainDate,
  isPlainMonth,
  stockholmDate,
} from '../../src/case/case-dates.ts';
import { oracleAddDays } from './case-test-support.ts';

describe('plain dates', () => {
  it('adds days across month ends, leap days and year ends', () => {
    expect(addDays('2025-03-03', 14)).toBe('2025-03-17');
    expect(addDays('2024-02-20', 14)).toBe('2024-03-05');
    expect(addDays('2025-02-20', 14)).toBe('2025-03-06');
    expect(addDays('2025-12-25', 14)).toBe('2026-01-08');
    expect(addDays('2000-03-01', -1)).toBe('2000-02-29');
    expect(addDays('1900-03-01', -1)).toBe('1900-02-28');
  });

  it('agrees with Date.UTC for any date and offset', () => {
    const date = fc
      .date({
        min: new Date('1600-01-01T00:00:00Z'),
        max: new Date('9000-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(date, fc.integer({ min: -100_000, max: 100_000 }), (d, days) => {
        expect(addDays(d, days)).toBe(oracleAddDays(d, days));
      }),
    );
  });

  it('refuses to add to something that is not a calendar date', () => {
    expect(() => addDays('2025-02-29', 1)).toThrow(RangeError);
    expect(() => addDays('2025-3-1', 1)).toThrow(RangeError);
    expect(() => addDays('2025-03-01', 1.5)).toThrow(RangeError);
  });

  it('accepts only real dates and months written with fixed widths', () => {
    expect(isPlainDate('2024-02-29')).toBe(true);
    expect(isPlainDate('2025-02-29')).toBe(false);
    expect(isPlainDate('2000-02-29')).toBe(true);
    expect(isPlainDate('1900-02-29')).toBe(false);
    expect(isPlainDate('2025-3-01')).toBe(false);
    expect(isPlainDate('0000-01-01')).toBe(false);
    expect(isPlainDate(20250301)).toBe(false);
    expect(isPlainMonth('2025-12')).toBe(true);
    expect(isPlainMonth('2025-13')).toBe(false);
    expect(isPlainMonth('2025-00')).toBe(false);
    expect(isPlainMonth('2025-3')).toBe(false);
  });
});

describe('instants', () => {
  it('need seconds and an explicit offset, so the server clock zone never matters', () => {
    expect(isInstant('2025-03-03T09:00:00Z')).toBe(true);
    expect(isInstant('2025-03-03T09:00:00.123+01:00')).toBe(true);
    expect(isInstant('2025-03-03T09:00:00')).toBe(false);
    expect(isInstant('2025-03-03T09:00Z')).toBe(false);
    expect(isInstant('2025-03-03')).toBe(false);
    expect(isInstant('2025-02-30T09:00:00Z')).toBe(false);
    expect(isInstant('2025-03-03T24:00:00Z')).toBe(false);
  });

  it('fall on the Stockholm calendar date, also around midnight and daylight-saving changes', () => {
    expect(stockholmDate('2025-03-03T22:59:59Z')).toBe('2025-03-03');
    expect(stockholmDate('2025-03-03T23:00:00Z')).toBe('2025-03-04');
    // Summer time: Stockholm is UTC+2, so 22:00 UTC is already the next day.
    expect(stockholmDate('2025-06-30T21:59:59Z')).toBe('2025-06-30');
    expect(stockholmDate('2025-06-30T22:00:00Z')).toBe('2025-07-01');
    expect(stockholmDate('2025-03-29T23:00:00Z')).toBe('2025-03-30');
    expect(stockholmDate('2025-10-25T22:00:00Z')).toBe('2025-10-26');
    expect(stockholmDate('2025-12-31T23:00:00Z')).toBe('2026-01-01');
    expect(stockholmDate('2026-01-01T00:30:00+01:00')).toBe('2026-01-01');
  });
});
