// Tests for the dated catalogue of statute provisions: which paragraph is in force on a date.
import { describe, it, expect } from 'vitest';
import {
  LEGAL_PROVISIONS,
  PROVISION_IDS,
  assertValidCatalogue,
  createProvisionLookup,
  findProvision,
  getProvision,
  isPlainDate,
  provisionVersionKey,
  provisionsInForce,
  validateCatalogue,
  type LegalProvision,
  type ProvisionId,
} from '../src/index.ts';

const LAST_DAY_OF_OLD_ACT = '2025-06-30';
const FIRST_DAY_OF_NEW_ACT = '2025-07-01';

function citationOn(id: ProvisionId, date: string): string {
  return getProvision(id, date).citation;
}

describe('the right to economic assistance', () => {
  it('On 2025-06-30 the right to assistance is SoL (2001:453) 4 kap. 1 §', () => {
    const right = getProvision('economic-assistance.right', LAST_DAY_OF_OLD_ACT);
    expect(right.act).toEqual({ sfs: '2001:453', title: 'Socialtjänstlag' });
    expect(right.chapter).toBe(4);
    expect(right.sections).toBe('1 §');
    expect(right.citation).toBe('Socialtjänstlagen (2001:453) 4 kap. 1 §');
    expect(right.validTo).toBe(FIRST_DAY_OF_NEW_ACT);
    expect(right.status).toBe('verified');
  });

  it('On 2025-07-01 it is Socialtjänstlagen (2025:400) 12 kap. 1 §', () => {
    const right = getProvision('economic-assistance.right', FIRST_DAY_OF_NEW_ACT);
    expect(right.act).toEqual({ sfs: '2025:400', title: 'Socialtjänstlag' });
    expect(right.chapter).toBe(12);
    expect(right.sections).toBe('1 §');
    expect(right.citation).toBe('Socialtjänstlagen (2025:400) 12 kap. 1 §');
    expect(right.validFrom).toBe(FIRST_DAY_OF_NEW_ACT);
    expect(right.validTo).toBeNull();
  });

  it('is still 12 kap. 1 § years later, because the new act has no end date', () => {
    expect(citationOn('economic-assistance.right', '2031-12-31')).toBe(
      'Socialtjänstlagen (2025:400) 12 kap. 1 §',
    );
  });
});

describe('assistance beyond the entitlement', () => {
  it('is absent on 2025-06-30: findProvision returns undefined before the new act', () => {
    expect(findProvision('economic-assistance.beyond-entitlement', LAST_DAY_OF_OLD_ACT)).toBe(
      undefined,
    );
    expect(findProvision('economic-assistance.beyond-entitlement', '2020-01-01')).toBe(undefined);
  });

  it('is Socialtjänstlagen (2025:400) 12 kap. 2 § from 2025-07-01, noted as not appealable', () => {
    const beyond = getProvision('economic-assistance.beyond-entitlement', FIRST_DAY_OF_NEW_ACT);
    expect(beyond.citation).toBe('Socialtjänstlagen (2025:400) 12 kap. 2 §');
    expect(beyond.note).toMatch(/not appealable/i);
    expect(beyond.note).toMatch(/laglighetsprövning/);
  });
});

describe('the paragraph map across the change of act on 2025-07-01', () => {
  // Old and new citations side by side, as in the reference's mapping table.
  const map: readonly (readonly [ProvisionId, string, string])[] = [
    [
      'economic-assistance.norm-calculation',
      'Socialtjänstlagen (2001:453) 4 kap. 1 a, 1 b och 3 §§',
      'Socialtjänstlagen (2025:400) 12 kap. 7–9 §§',
    ],
    [
      'economic-assistance.national-norm',
      'Socialtjänstlagen (2001:453) 4 kap. 3 §',
      'Socialtjänstlagen (2025:400) 12 kap. 7 §',
    ],
    [
      'economic-assistance.earned-income-disregard',
      'Socialtjänstlagen (2001:453) 4 kap. 1 b §',
      'Socialtjänstlagen (2025:400) 12 kap. 8 §',
    ],
    [
      'economic-assistance.child-income',
      'Socialtjänstlagen (2001:453) 4 kap. 1 a §',
      'Socialtjänstlagen (2025:400) 12 kap. 9 §',
    ],
    [
      'economic-assistance.reduction',
      'Socialtjänstlagen (2001:453) 4 kap. 5 §',
      'Socialtjänstlagen (2025:400) 12 kap. 5 §',
    ],
    [
      'appeal',
      'Socialtjänstlagen (2001:453) 16 kap. 3 §',
      'Socialtjänstlagen (2025:400) 35 kap. 1 §',
    ],
    [
      'recovery',
      'Socialtjänstlagen (2001:453) 9 kap. 1–2 §§',
      'Socialtjänstlagen (2025:400) 33 kap. 1–3 §§',
    ],
    [
      'documentation',
      'Socialtjänstlagen (2001:453) 11 kap. 5 §',
      'Socialtjänstlagen (2025:400) 14 kap. 3 §',
    ],
    [
      'disposal',
      'Socialtjänstlagen (2001:453) 12 kap. 1 §',
      'Socialtjänstlagen (2025:400) 16 kap. 1 §',
    ],
    [
      'lex-sarah',
      'Socialtjänstlagen (2001:453) 14 kap. 2–7 §§',
      'Socialtjänstlagen (2025:400) 27 kap. 1–6 §§',
    ],
  ];

  it.each(map)('%s is "%s" on 2025-06-30 and "%s" on 2025-07-01', (id, before, after) => {
    expect(citationOn(id, LAST_DAY_OF_OLD_ACT)).toBe(before);
    expect(citationOn(id, FIRST_DAY_OF_NEW_ACT)).toBe(after);
  });

  it('covers every catalogued id except beyond-entitlement and the right, tested above', () => {
    const mapped = new Set<string>([
      ...map.map(([id]) => id),
      'economic-assistance.right',
      'economic-assistance.beyond-entitlement',
    ]);
    expect([...mapped].sort()).toEqual([...PROVISION_IDS].sort());
  });

  it('marks new-act entries verified and old paragraphs the reference did not confirm derived', () => {
    const statusOn = (id: ProvisionId, date: string) => getProvision(id, date).status;
    expect(statusOn('appeal', FIRST_DAY_OF_NEW_ACT)).toBe('verified');
    expect(statusOn('appeal', LAST_DAY_OF_OLD_ACT)).toBe('derived');
    expect(statusOn('recovery', LAST_DAY_OF_OLD_ACT)).toBe('derived');
    expect(statusOn('lex-sarah', LAST_DAY_OF_OLD_ACT)).toBe('derived');
    expect(statusOn('economic-assistance.norm-calculation', LAST_DAY_OF_OLD_ACT)).toBe('verified');
    for (const entry of LEGAL_PROVISIONS) {
      if (entry.act.sfs === '2025:400') expect(entry.status, entry.id).toBe('verified');
    }
  });

  it('tells the caller which date to look up for appeals and recoveries under the transitional rules', () => {
    expect(getProvision('appeal', FIRST_DAY_OF_NEW_ACT).note).toMatch(/decision date/);
    expect(getProvision('recovery', FIRST_DAY_OF_NEW_ACT).note).toMatch(/granted/);
  });
});

describe('provisionsInForce', () => {
  it('on 2025-06-30 lists every id except beyond-entitlement, all from SFS 2001:453', () => {
    const inForce = provisionsInForce(LAST_DAY_OF_OLD_ACT);
    expect(inForce.map((p) => p.id)).toEqual(
      [...PROVISION_IDS].filter((id) => id !== 'economic-assistance.beyond-entitlement').sort(),
    );
    expect(new Set(inForce.map((p) => p.act.sfs))).toEqual(new Set(['2001:453']));
  });

  it('on 2025-07-01 lists every id once, all from SFS 2025:400', () => {
    const inForce = provisionsInForce(FIRST_DAY_OF_NEW_ACT);
    expect(inForce.map((p) => p.id)).toEqual([...PROVISION_IDS].sort());
    expect(new Set(inForce.map((p) => p.act.sfs))).toEqual(new Set(['2025:400']));
  });

  it('is empty before the earliest catalogued date', () => {
    expect(provisionsInForce('2013-06-30')).toEqual([]);
  });
});

describe('getProvision when nothing is in force', () => {
  it('names the id and the date for beyond-entitlement on 2025-06-30', () => {
    expect(() => getProvision('economic-assistance.beyond-entitlement', '2025-06-30')).toThrow(
      /'economic-assistance\.beyond-entitlement'.*2025-06-30/,
    );
  });

  it('names the id, the date and the catalogued periods for a date before the earliest entry', () => {
    expect(() => getProvision('economic-assistance.right', '2013-06-30')).toThrow(
      "No version of legal provision 'economic-assistance.right' is in force on 2013-06-30; " +
        'catalogued periods: from 2013-07-01 until 2025-07-01 (exclusive); from 2025-07-01',
    );
  });

  it('says an unknown id is not catalogued at all', () => {
    const lookup = createProvisionLookup<string>(LEGAL_PROVISIONS);
    expect(() => lookup.get('economic-assistance.rigth', '2025-07-01')).toThrow(
      "No legal provision 'economic-assistance.rigth' is catalogued (asked for 2025-07-01)",
    );
  });
});

describe('dates are strict YYYY-MM-DD calendar dates', () => {
  it.each(['2025-07-01', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31'])(
    'accepts %s',
    (date) => {
      expect(isPlainDate(date)).toBe(true);
    },
  );

  it.each([
    '2025-02-30',
    '2025-02-29',
    '1900-02-29',
    '2025-7-1',
    '2025-07-1',
    '25-07-01',
    '2025-13-01',
    '2025-00-10',
    '2025-04-31',
    '0000-01-01',
    '2025-07-01T00:00',
    ' 2025-07-01',
    '2025/07/01',
    '',
  ])('rejects "%s" in every lookup', (date) => {
    expect(isPlainDate(date)).toBe(false);
    expect(() => findProvision('economic-assistance.right', date)).toThrow(RangeError);
    expect(() => getProvision('economic-assistance.right', date)).toThrow(RangeError);
    expect(() => provisionsInForce(date)).toThrow(RangeError);
  });

  it('names the rejected value in the error', () => {
    expect(() => findProvision('appeal', '2025-02-30')).toThrow(/"2025-02-30"/);
  });
});

describe('catalogue validation', () => {
  it('passes for the real catalogue', () => {
    expect(validateCatalogue(LEGAL_PROVISIONS)).toEqual([]);
    expect(() => {
      assertValidCatalogue(LEGAL_PROVISIONS);
    }).not.toThrow();
  });

  it('every entry has a source, and no two versions share a version key', () => {
    for (const entry of LEGAL_PROVISIONS) expect(entry.source.trim(), entry.id).not.toBe('');
    const keys = LEGAL_PROVISIONS.map(provisionVersionKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the catalogue cannot be changed at run time', () => {
    const right = getProvision('economic-assistance.right', FIRST_DAY_OF_NEW_ACT);
    expect(Object.isFrozen(LEGAL_PROVISIONS)).toBe(true);
    expect(Object.isFrozen(right)).toBe(true);
    expect(Object.isFrozen(right.act)).toBe(true);
  });

  const base: LegalProvision = {
    id: 'test.provision',
    act: { sfs: '2025:400', title: 'Socialtjänstlag' },
    chapter: 12,
    sections: '1 §',
    validFrom: '2025-07-01',
    validTo: null,
    citation: 'Socialtjänstlagen (2025:400) 12 kap. 1 §',
    source: 'SFS 2025:400',
    status: 'verified',
  };

  it('fails for a deliberately overlapping catalogue, naming both versions', () => {
    const overlapping: LegalProvision[] = [
      { ...base, validFrom: '2020-01-01', validTo: '2025-08-01' },
      { ...base, validFrom: '2025-07-01', validTo: null },
    ];
    const problems = validateCatalogue(overlapping);
    expect(problems).toEqual([
      'test.provision@2025-07-01: overlaps test.provision@2020-01-01 (from 2020-01-01 until 2025-08-01 (exclusive))',
    ]);
    expect(() => {
      assertValidCatalogue(overlapping);
    }).toThrow(/overlaps/);
  });

  it('flags an open-ended version followed by a later one as overlapping', () => {
    const problems = validateCatalogue([
      { ...base, validFrom: '2020-01-01', validTo: null },
      { ...base, validFrom: '2025-07-01' },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/overlaps test\.provision@2020-01-01/);
  });

  it('accepts a version that starts on the day the previous one ends', () => {
    expect(
      validateCatalogue([
        { ...base, validFrom: '2020-01-01', validTo: '2025-07-01' },
        { ...base, validFrom: '2025-07-01' },
      ]),
    ).toEqual([]);
  });

  it('an overlapping catalogue also makes lookups refuse to pick a version', () => {
    const lookup = createProvisionLookup([
      { ...base, validFrom: '2020-01-01', validTo: '2025-08-01' },
      { ...base, validFrom: '2025-07-01' },
    ]);
    expect(() => lookup.find('test.provision', '2025-07-15')).toThrow(/2 versions in force/);
    expect(lookup.find('test.provision', '2025-06-15')?.validFrom).toBe('2020-01-01');
  });

  it.each<[string, Partial<LegalProvision> & Record<string, unknown>, RegExp]>([
    ['an empty period', { validFrom: '2025-07-01', validTo: '2025-07-01' }, /not before validTo/],
    ['a reversed period', { validFrom: '2025-07-01', validTo: '2025-01-01' }, /not before validTo/],
    ['an impossible date', { validFrom: '2025-02-30' }, /validFrom '2025-02-30'/],
    ['a sloppy date', { validTo: '2026-1-1' }, /validTo '2026-1-1'/],
    ['a missing source', { source: '  ' }, /source is empty/],
    ['a camelCase id', { id: 'economicAssistance.right' }, /kebab\/dot case/],
    ['an id with a trailing dot', { id: 'appeal.' }, /kebab\/dot case/],
    [
      'a citation that disagrees',
      { citation: 'Socialtjänstlagen (2025:400) 12 kap. 2 §' },
      /citation/,
    ],
    [
      'a plural sign on one section',
      { sections: '1 §§', citation: 'x (2025:400) 12 kap. 1 §§' },
      /end '§'/,
    ],
    ['a bad SFS number', { act: { sfs: '2025-400', title: 'Socialtjänstlag' } }, /act\.sfs/],
    ['an unknown key', { validUntil: '2026-01-01' }, /unknown key 'validUntil'/],
  ])('fails for %s', (_label, change, problem) => {
    const problems = validateCatalogue([{ ...base, ...change }]);
    expect(problems.join('\n')).toMatch(problem);
  });
});
