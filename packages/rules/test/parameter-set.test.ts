// Parameter versions by date: calendar-year lapse, the bundled figures, overrides and history.
import { describe, expect, it } from 'vitest';
import {
  MissingParameterError,
  ParameterSetError,
  calculateIncomeSupport,
  createParameterSet,
  findParameterVersion,
  getParameterVersion,
  parameterHistory,
  parseParameterFile,
  validateParameterValue,
  type ChildNormValue,
  type HouseholdCommonCostsValue,
  type ParameterOverride,
} from '../src/index.ts';
import { readBundledParameterSources } from '../src/node/index.ts';
import { bundled, household } from './support/bundled.ts';

const files = readBundledParameterSources().map(parseParameterFile);

const single2026 = household({
  month: '2026-02',
  members: [{ id: 'a1', role: 'adult', birthDate: '1995-03-03' }],
  costs: [],
  incomes: [],
});

function official(
  parameterId: string,
  value: unknown,
  recordedAt = '2026-01-20T08:00:00Z',
): ParameterOverride {
  return {
    parameterId,
    effectiveFrom: '2026-01-01',
    value,
    source: 'SFS 2025:1234, förordning om ändring i socialtjänstförordningen (2025:468)',
    status: 'verified',
    recordedAt,
    recordedBy: 'admin@kommun.se',
  };
}

describe('lookups by date', () => {
  it('uses the table in force on the date and lets a yearly table lapse at year end', () => {
    expect(findParameterVersion(bundled, 'national-norm.adults', '2021-12-31')?.value).toEqual({
      single: 3160,
      couple: 5700,
    });
    // No 2022 table is encoded: the 2021 one must not be used for 2022.
    expect(findParameterVersion(bundled, 'national-norm.adults', '2022-01-01')).toBeUndefined();
    expect(findParameterVersion(bundled, 'national-norm.adults', '2013-12-31')).toBeUndefined();
  });

  it('keeps a rule version until it is replaced', () => {
    expect(findParameterVersion(bundled, 'job-stimulus', '2019-05-01')?.effectiveFrom).toBe(
      '2013-07-01',
    );
    expect(findParameterVersion(bundled, 'job-stimulus', '2025-07-01')?.effectiveFrom).toBe(
      '2025-07-01',
    );
    expect(findParameterVersion(bundled, 'job-stimulus', '2013-06-30')).toBeUndefined();
  });

  it('throws a MissingParameterError naming the parameter and the year, in Swedish and English', () => {
    let caught: unknown;
    try {
      getParameterVersion(bundled, 'national-norm.adults', '2024-03-01');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingParameterError);
    const error = caught as MissingParameterError;
    expect(error.code).toBe('missing_parameter');
    expect(error.parameterId).toBe('national-norm.adults');
    expect(error.year).toBe(2024);
    expect(error.messageSv).toContain('riksnorm');
    expect(error.messageSv).toContain('år 2024');
    expect(error.messageEn).toContain('national norm');
    expect(error.messageEn).toContain('year 2024');
  });
});

describe('the bundled figures', () => {
  it('encode the verified years 2014, 2019, 2021 and 2025 and no 2023 or 2024 norm', () => {
    const dates = parameterHistory(bundled, 'national-norm.adults').map(
      (v) => `${v.effectiveFrom} ${v.status}`,
    );
    expect(dates).toEqual([
      '2014-01-01 verified',
      '2019-01-01 verified',
      '2021-01-01 verified',
      '2025-01-01 derived',
      '2025-07-01 verified',
      '2026-01-01 derived',
    ]);
  });

  it('assume the January–June 2025 tables equal SoF 2025:468, and mark them derived', () => {
    for (const id of [
      'national-norm.adults',
      'national-norm.children',
      'national-norm.household-common-costs',
    ] as const) {
      const first = getParameterVersion(bundled, id, '2025-06-30');
      const second = getParameterVersion(bundled, id, '2025-07-01');
      expect(first.effectiveFrom).toBe('2025-01-01');
      expect(first.status).toBe('derived');
      expect(first.source).toContain('2024:1016');
      expect(second.status).toBe('verified');
      expect(second.source).toContain('2025:468');
      expect(first.value).toEqual(second.value);
    }
  });

  it('derive 2026 as 2025 × 1.007 rounded to the nearest ten, for every sub-item', () => {
    const uprate = (amount: number): number => Math.round((amount * 1007) / 10000) * 10;
    const date2025 = '2025-07-01';
    const date2026 = '2026-01-01';
    const adults2025 = getParameterVersion(bundled, 'national-norm.adults', date2025).value;
    const adults2026 = getParameterVersion(bundled, 'national-norm.adults', date2026);
    expect(adults2026.status).toBe('derived');
    expect(adults2026.value).toEqual({
      single: uprate(adults2025.single),
      couple: uprate(adults2025.couple),
    });

    const children2025: ChildNormValue = getParameterVersion(
      bundled,
      'national-norm.children',
      date2025,
    ).value;
    const children2026 = getParameterVersion(bundled, 'national-norm.children', date2026);
    expect(children2026.status).toBe('derived');
    expect(children2026.value.bands).toEqual(
      children2025.bands.map((band) => ({
        ...band,
        amount: uprate(band.amount),
        ...(band.amountWithoutLunch === undefined
          ? {}
          : { amountWithoutLunch: uprate(band.amountWithoutLunch) }),
      })),
    );

    const common2025: HouseholdCommonCostsValue = getParameterVersion(
      bundled,
      'national-norm.household-common-costs',
      date2025,
    ).value;
    const common2026 = getParameterVersion(
      bundled,
      'national-norm.household-common-costs',
      date2026,
    );
    expect(common2026.status).toBe('derived');
    for (const size of ['1', '2', '3', '4', '5', '6', '7'] as const) {
      expect(common2026.value.bySize[size]).toBe(uprate(common2025.bySize[size]));
    }

    // The published 2026 totals (Regeringen, November 2025): 5 220 single, 8 510 cohabiting.
    expect(adults2026.value.single + common2026.value.bySize['1']).toBe(5220);
    expect(adults2026.value.couple + common2026.value.bySize['2']).toBe(8510);
  });

  it('add 170 kr per member beyond seven in 2014 and 2019, as Socialstyrelsen stated', () => {
    for (const date of ['2014-06-01', '2019-06-01']) {
      const bySize = getParameterVersion(bundled, 'national-norm.household-common-costs', date)
        .value.bySize;
      expect(bySize['7'] - bySize['6']).toBe(170);
    }
  });

  it('hold the prisbasbelopp with their sources, and none for 2014 or 2022', () => {
    const amounts = parameterHistory(bundled, 'prisbasbelopp').map((v) => [
      v.effectiveFrom.slice(0, 4),
      v.value,
    ]);
    expect(amounts).toEqual([
      ['2018', 45500],
      ['2019', 46500],
      ['2020', 47300],
      ['2021', 47600],
      ['2023', 52500],
      ['2024', 57300],
      ['2025', 58800],
      ['2026', 59200],
    ]);
    for (const version of parameterHistory(bundled, 'prisbasbelopp')) {
      expect(version.source).toMatch(/regeringen\.se\/artiklar/);
    }
    expect(findParameterVersion(bundled, 'prisbasbelopp', '2014-06-01')).toBeUndefined();
    expect(findParameterVersion(bundled, 'prisbasbelopp', '2022-06-01')).toBeUndefined();
  });

  it('give the job stimulus rule as 25 % for 24 months after 6 consecutive months, from 2013-07-01', () => {
    const rule = getParameterVersion(bundled, 'job-stimulus', '2013-07-01');
    expect(rule.value).toEqual({ disregardedPercent: 25, qualifyingMonths: 6, windowMonths: 24 });
    expect(rule.source).toContain('2013:421');
  });
});

describe('overrides: official figures replace derived ones without a code change', () => {
  const adults = official('national-norm.adults', { single: 3950, couple: 7090 });
  const common = official('national-norm.household-common-costs', {
    bySize: { 1: 1270, 2: 1420, 3: 1780, 4: 2020, 5: 2330, 6: 2640, 7: 2830 },
  });

  it('supersede the file version with the same id and date, and keep it in the history', () => {
    const set = createParameterSet(files, [adults]);
    const inForce = getParameterVersion(set, 'national-norm.adults', '2026-03-01');
    expect(inForce.value).toEqual({ single: 3950, couple: 7090 });
    expect(inForce.status).toBe('verified');
    expect(inForce.origin).toEqual({
      kind: 'override',
      recordedAt: adults.recordedAt,
      recordedBy: adults.recordedBy,
    });

    const history = parameterHistory(set, 'national-norm.adults').filter(
      (v) => v.effectiveFrom === '2026-01-01',
    );
    expect(history.map((v) => [v.origin.kind, v.status, v.superseded])).toEqual([
      ['file', 'derived', true],
      ['override', 'verified', false],
    ]);
    expect(history[0]?.value).toEqual({ single: 3940, couple: 7100 });
  });

  it('make a 2026 calculation verified once every parameter it uses is official', () => {
    expect(calculateIncomeSupport(single2026, bundled).usesDerivedParameters).toBe(true);
    const set = createParameterSet(files, [adults, common]);
    const result = calculateIncomeSupport(single2026, set);
    expect(result.amount).toBe(3950 + 1270);
    expect(result.usesDerivedParameters).toBe(false);
    expect(result.parameters.map((p) => p.origin)).toEqual(['override', 'override']);
    expect(result.parameters[0]?.source).toContain('SFS 2025:1234');
  });

  it('let the latest recorded override win when several are stored for one date', () => {
    const later = {
      ...official(
        'national-norm.adults',
        { single: 3960, couple: 7100 },
        '2026-02-01T10:00:00+01:00',
      ),
      note: 'rättelse',
    };
    const set = createParameterSet(files, [later, adults]);
    expect(getParameterVersion(set, 'national-norm.adults', '2026-06-01').value.single).toBe(3960);
    const superseded = parameterHistory(set, 'national-norm.adults')
      .filter((v) => v.effectiveFrom === '2026-01-01')
      .map((v) => v.superseded);
    expect(superseded).toEqual([true, true, false]);
  });

  it('add a version for a new date, e.g. a 2024 table found later', () => {
    const set = createParameterSet(files, [
      {
        ...official('national-norm.adults', { single: 3800, couple: 6850 }),
        effectiveFrom: '2024-01-01',
      },
    ]);
    expect(getParameterVersion(set, 'national-norm.adults', '2024-05-01').value.single).toBe(3800);
    expect(() =>
      getParameterVersion(set, 'national-norm.household-common-costs', '2024-05-01'),
    ).toThrow(MissingParameterError);
  });

  it('are validated like file versions; every problem is listed', () => {
    let caught: unknown;
    try {
      createParameterSet(files, [
        official('national-norm.adults', { single: -1, couple: 7090 }),
        official('national-norm.pets', 1),
        {
          ...official('prisbasbelopp', 59200),
          effectiveFrom: '2026-13-01',
          recordedAt: 'yesterday',
          recordedBy: ' ',
          source: '',
        },
        { ...official('prisbasbelopp', 59200), extra: true } as ParameterOverride,
      ]);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ParameterSetError);
    const problems = (caught as ParameterSetError).problems.join('\n');
    expect(problems).toContain('override 0 (national-norm.adults@2026-01-01): value.single');
    expect(problems).toContain("unknown parameter 'national-norm.pets'");
    expect(problems).toContain('effectiveFrom must be a date');
    expect(problems).toContain('recordedAt must be an ISO 8601 timestamp');
    expect(problems).toContain('recordedBy must name');
    expect(problems).toContain('source must be a non-empty text');
    expect(problems).toContain("unknown key 'extra'");
  });

  it('refuse two files for one parameter, and values built by hand of the wrong shape', () => {
    const adultsFile = files.find((file) => file.parameterId === 'national-norm.adults');
    if (adultsFile === undefined) throw new Error('no adults file');
    expect(() => createParameterSet([adultsFile, adultsFile])).toThrow(/already defined/);
    const broken = {
      ...adultsFile,
      versions: [{ ...adultsFile.versions[0], value: { single: 1 } }],
    };
    expect(() => createParameterSet([broken as typeof adultsFile])).toThrow(ParameterSetError);
  });
});

describe('validateParameterValue', () => {
  it('accepts official figures in the right shape', () => {
    expect(validateParameterValue('national-norm.adults', { single: 3950, couple: 7090 })).toEqual({
      ok: true,
      value: { single: 3950, couple: 7090 },
    });
    expect(validateParameterValue('prisbasbelopp', 59200).ok).toBe(true);
  });

  it('names the path of each problem', () => {
    const result = validateParameterValue('national-norm.children', {
      bands: [
        { minAge: 0, maxAge: 3, amount: 2000, amountWithoutLunch: 2500 },
        { minAge: 5, maxAge: 20, amount: 4000, lunch: 1 },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((error) => error.path)).toEqual(
      expect.arrayContaining(['bands[1].lunch']),
    );
    const refined = validateParameterValue('national-norm.children', {
      bands: [
        { minAge: 0, maxAge: 3, amount: 2000, amountWithoutLunch: 2500 },
        { minAge: 5, maxAge: 20, amount: 4000 },
      ],
    });
    if (refined.ok) throw new Error('expected errors');
    expect(refined.errors.map((error) => error.path)).toEqual([
      'bands[0].amountWithoutLunch',
      'bands[1].minAge',
    ]);
  });

  it('refuses an unknown parameter', () => {
    const result = validateParameterValue('riksnorm', {});
    expect(result.ok).toBe(false);
  });
});
