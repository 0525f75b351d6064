// The yearly check: from 1 December the coming year must have norm tables and a prisbasbelopp.
import { describe, expect, it } from 'vitest';
import {
  checkFreshness,
  createParameterSet,
  parseParameterFile,
  type ParameterOverride,
} from '../src/index.ts';
import { readBundledParameterSources } from '../src/node/index.ts';
import { bundled } from './support/bundled.ts';

const YEARLY = [
  'national-norm.adults',
  'national-norm.children',
  'national-norm.household-common-costs',
  'prisbasbelopp',
];

function summary(today: string, set = bundled): string[] {
  return checkFreshness(set, today).map(
    (warning) => `${warning.kind} ${warning.parameterId} ${warning.year}`,
  );
}

describe('checkFreshness', () => {
  it('before 1 December only reports the derived 2026 norm tables in force', () => {
    expect(summary('2026-11-30')).toEqual([
      'derived_in_force national-norm.adults 2026',
      'derived_in_force national-norm.children 2026',
      'derived_in_force national-norm.household-common-costs 2026',
    ]);
  });

  it('from 1 December warns that no yearly parameter has a 2027 version', () => {
    const missing = checkFreshness(bundled, '2026-12-01').filter(
      (warning) => warning.kind === 'missing_coming_year',
    );
    expect(missing.map((warning) => warning.parameterId)).toEqual(YEARLY);
    expect(missing.every((warning) => warning.year === 2027)).toBe(true);
    expect(missing[0]?.message).toContain('no version for 2027');
    expect(summary('2026-12-31')).toContain('missing_coming_year prisbasbelopp 2027');
  });

  it('warns about the current year when its table is missing (2024)', () => {
    expect(summary('2024-06-15')).toEqual([
      'missing_current_year national-norm.adults 2024',
      'missing_current_year national-norm.children 2024',
      'missing_current_year national-norm.household-common-costs 2024',
    ]);
  });

  it('is quiet once the coming year has verified versions', () => {
    const files = readBundledParameterSources().map(parseParameterFile);
    const values: [string, unknown][] = [
      ['national-norm.adults', { single: 4000, couple: 7200 }],
      ['national-norm.children', { bands: [{ minAge: 0, maxAge: 20, amount: 4000 }] }],
      [
        'national-norm.household-common-costs',
        { bySize: { 1: 1300, 2: 1430, 3: 1800, 4: 2050, 5: 2350, 6: 2660, 7: 2860 } },
      ],
      ['prisbasbelopp', 60000],
    ];
    const overrides: ParameterOverride[] = values.map(([parameterId, value]) => ({
      parameterId,
      effectiveFrom: '2027-01-01',
      value,
      source: 'SFS 2026:999 (test)',
      status: 'verified',
      recordedAt: '2026-11-20T12:00:00Z',
      recordedBy: 'test',
    }));
    const set = createParameterSet(files, overrides);
    expect(summary('2026-12-15', set).filter((line) => line.startsWith('missing'))).toEqual([]);
    expect(summary('2027-02-01', set)).toEqual([]);
  });

  it('refuses a today that is not a date', () => {
    expect(() => checkFreshness(bundled, '2026-12')).toThrow(RangeError);
  });
});
