// The traced calculation beyond the golden cases: trace options, citations, errors and edge rules.
import { describe, expect, it } from 'vitest';
import {
  CalculationInputError,
  MissingParameterError,
  calculateBatch,
  calculateIncomeSupport,
  compileMonth,
  toHouseholdColumns,
  type HouseholdMonth,
} from '../src/index.ts';
import { bundled, household } from './support/bundled.ts';

const family = household({
  month: '2025-09',
  members: [
    { id: 'a1', role: 'adult', birthDate: '1986-04-12', cohabitsWith: 'a2' },
    { id: 'a2', role: 'adult', birthDate: '1988-09-30', cohabitsWith: 'a1' },
    { id: 'c1', role: 'child', birthDate: '2021-02-03', lunchOutsideHome: true },
    { id: 'c2', role: 'child', birthDate: '2008-05-05', earnedIncomeYearToDate: 57000 },
  ],
  costs: [
    { type: 'rent', amount: 8200 },
    { type: 'electricity', amount: 350 },
    { type: 'work_travel', amount: 970 },
    { type: 'home_insurance', amount: 150 },
    { type: 'union_fee', amount: 300 },
    { type: 'unemployment_fund_fee', amount: 140 },
  ],
  incomes: [
    { type: 'salary', memberId: 'a1', amount: 4000 },
    { type: 'salary', memberId: 'a1', amount: 2001 },
    { type: 'salary', memberId: 'c2', amount: 3000 },
    { type: 'child_allowance', amount: 2500 },
    { type: 'other', amount: 500, description: 'Skatteåterbäring' },
  ],
  jobStimulus: [{ memberId: 'a1', windowStart: '2024-11' }],
});

function expectError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('calculateIncomeSupport', () => {
  it('labels every reasonable cost in Swedish and adds them up', () => {
    const result = calculateIncomeSupport(family, bundled);
    const costs = result.trace.filter((line) => line.section === 'reasonable_costs');
    expect(costs.map((line) => line.label)).toEqual([
      'Hyra',
      'Hushållsel',
      'Arbetsresor',
      'Hemförsäkring',
      'Avgift till fackförening',
      'Avgift till arbetslöshetskassa',
    ]);
    expect(result.reasonableCosts.total).toBe(10110);
  });

  it("takes a member's salaries together for job stimulus, listing the parts", () => {
    const line = calculateIncomeSupport(family, bundled).trace.find(
      (l) => l.kind === 'salary_job_stimulus',
    );
    expect(line?.reported).toBe(6001);
    expect(line?.notCounted).toBe(1500); // 1 500,25 rounds down
    expect(line?.amount).toBe(4501);
    expect(line?.exactOre).toBe(150025);
    expect(line?.calculation).toBe(
      '4\u00a0000\u00a0kr + 2\u00a0001\u00a0kr = 6\u00a0001\u00a0kr; 6\u00a0001\u00a0kr − 25 % (1\u00a0500,25\u00a0kr, avrundat till 1\u00a0500\u00a0kr) = 4\u00a0501\u00a0kr; jobbstimulans 2024-11–2026-10',
    );
  });

  it('gives the same numbers and parameters without the trace, and an empty trace', () => {
    const full = calculateIncomeSupport(family, bundled);
    const bare = calculateIncomeSupport(family, bundled, { trace: false });
    expect(bare.trace).toEqual([]);
    const { trace: _full, ...fullRest } = full;
    const { trace: _bare, ...bareRest } = bare;
    expect(bareRest).toEqual(fullRest);
    // 6 001 × 75 % → 4 501; the child: 57 000 + 3 000 − 58 800 = 1 200; benefits 3 000.
    expect(full.income).toEqual({ reported: 12001, notCounted: 3300, counted: 8701 });
  });

  it('cites each line with its parameter value, version, status and source', () => {
    const result = calculateIncomeSupport(family, bundled);
    const child = result.trace.find(
      (line) => line.memberIds?.includes('c1') && line.section === 'norm',
    );
    expect(child?.parameters).toEqual([
      {
        id: 'national-norm.children',
        effectiveFrom: '2025-07-01',
        status: 'verified',
        source: expect.stringContaining('SFS 2025:468') as string,
        valueUsed: 2700,
      },
    ]);
    expect(child?.legalReference).toEqual({
      id: 'economic-assistance.national-norm',
      citation: 'Socialtjänstlagen (2025:400) 12 kap. 7 §',
    });
    expect(result.legalReferences.map((reference) => reference.citation)).toEqual([
      'Socialtjänstlagen (2025:400) 12 kap. 1 §',
      'Socialtjänstlagen (2025:400) 12 kap. 7 §',
      'Socialtjänstlagen (2025:400) 12 kap. 8 §',
      'Socialtjänstlagen (2025:400) 12 kap. 9 §',
    ]);
  });

  it('gives every norm, cost and income line a source and a legal reference, and norm lines their parameter', () => {
    const result = calculateIncomeSupport(family, bundled);
    const lines = result.trace.filter((line) => line.section !== 'result');
    expect(lines).toHaveLength(4 + 6 + 4);
    for (const line of lines) {
      expect(line.source.length).toBeGreaterThan(0);
      expect(line.legalReference?.citation).toMatch(
        /^Socialtjänstlagen \(2025:400\) 12 kap\. \d+ §$/,
      );
      if (line.section === 'norm') {
        expect(line.parameters.length).toBeGreaterThan(0);
        expect(line.parameters[0]?.valueUsed).toBe(line.amount);
      }
    }
    // Serialised for the API, absent optional fields disappear.
    expect(Object.keys(JSON.parse(JSON.stringify(lines[0])) as object)).toEqual([
      'section',
      'kind',
      'label',
      'amount',
      'memberIds',
      'parameters',
      'source',
      'legalReference',
    ]);
  });

  it('cites the provisions in force on the first day of the month', () => {
    const june = calculateIncomeSupport({ ...family, month: '2025-06' }, bundled);
    expect(june.legalReferences.map((reference) => reference.citation)).toContain(
      'Socialtjänstlagen (2001:453) 4 kap. 1 a §',
    );
  });

  it('refuses a child past the oldest band, naming the member', () => {
    const tooOld = household({
      month: '2025-09',
      members: [
        { id: 'a1', role: 'adult', birthDate: '1970-01-01' },
        { id: 'c1', role: 'child', birthDate: '2004-08-01' },
      ],
      costs: [],
      incomes: [],
    });
    const error = expectError(() => calculateIncomeSupport(tooOld, bundled));
    expect(error).toBeInstanceOf(CalculationInputError);
    expect(error).toMatchObject({ code: 'invalid_input', path: 'members[1].birthDate' });
    expect(
      expectError(() =>
        calculateBatch(toHouseholdColumns([tooOld]), compileMonth(bundled, '2025-09')),
      ),
    ).toMatchObject({
      code: 'invalid_input',
      path: 'households[0].members[1].birthDate',
    });
  });

  it('keeps a child who turns 21 this month in the 19–20 band until the month after', () => {
    const turning = household({
      month: '2025-09',
      members: [
        { id: 'a1', role: 'adult', birthDate: '1970-01-01' },
        { id: 'c1', role: 'child', birthDate: '2004-09-20' },
      ],
      costs: [],
      incomes: [],
    });
    const result = calculateIncomeSupport(turning, bundled);
    expect(result.norm.personalCosts).toBe(3910 + 4960);
    expect(result.usesDerivedParameters).toBe(true); // the assumed transition rule decided it
  });

  it("refuses a child's earnings in a year without a prisbasbelopp (2014), in both paths", () => {
    const earning = household({
      month: '2014-05',
      members: [
        { id: 'a1', role: 'adult', birthDate: '1970-01-01' },
        { id: 'c1', role: 'child', birthDate: '1998-01-01', earnedIncomeYearToDate: 0 },
      ],
      costs: [],
      incomes: [{ type: 'salary', memberId: 'c1', amount: 2000 }],
    });
    const expected = { code: 'missing_parameter', parameterId: 'prisbasbelopp', year: 2014 };
    expect(expectError(() => calculateIncomeSupport(earning, bundled))).toMatchObject(expected);
    const compiled = compileMonth(bundled, '2014-05');
    expect(
      expectError(() => calculateBatch(toHouseholdColumns([earning]), compiled)),
    ).toMatchObject(expected);
    // Without the child's earnings, 2014 calculates.
    const withoutEarnings: HouseholdMonth = { ...earning, incomes: [] };
    expect(calculateIncomeSupport(withoutEarnings, bundled).amount).toBe(2950 + 3250 + 1040);
  });

  it('does not cite job stimulus for a member with a window but no salary', () => {
    const noSalary = household({
      month: '2025-09',
      members: [{ id: 'a1', role: 'adult', birthDate: '1970-01-01' }],
      costs: [],
      incomes: [{ type: 'sickness_benefit', memberId: 'a1', amount: 3000 }],
      jobStimulus: [{ memberId: 'a1', windowStart: '2025-01' }],
    });
    const result = calculateIncomeSupport(noSalary, bundled);
    expect(result.parameters.map((p) => p.id)).not.toContain('job-stimulus');
    expect(result.trace.find((line) => line.section === 'income')?.label).toBe('Sjukpenning (a1)');
  });

  it('shares a larger community’s costs using the rule for more than seven', () => {
    const big = household({
      month: '2025-09',
      members: [{ id: 'a1', role: 'adult', birthDate: '1970-01-01' }],
      householdCommunitySize: 9,
      costs: [],
      incomes: [],
    });
    // (2 810 + 2 × 190) ÷ 9 = 354,44 → 354.
    expect(calculateIncomeSupport(big, bundled).norm.householdCosts).toBe(354);
  });

  it('refuses a month before any national norm with the year in the error', () => {
    const early = household({
      month: '2013-03',
      members: [{ id: 'a1', role: 'adult', birthDate: '1970-01-01' }],
      costs: [],
      incomes: [],
    });
    const error = expectError(() => calculateIncomeSupport(early, bundled));
    expect(error).toBeInstanceOf(MissingParameterError);
    expect(error).toMatchObject({ parameterId: 'national-norm.adults', year: 2013 });
  });

  it('refuses a batch whose columns are for another month', () => {
    expect(() =>
      calculateBatch(toHouseholdColumns([family]), compileMonth(bundled, '2025-10')),
    ).toThrow(RangeError);
  });
});
