// Properties over generated households: no negative amounts, monotone in incomes and costs, batch = traced.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COST_TYPES,
  calculateBatch,
  calculateIncomeSupport,
  compileMonth,
  monthFromIndex,
  monthIndex,
  parseHouseholdMonth,
  toHouseholdColumns,
  type HouseholdMonth,
} from '../src/index.ts';
import { generateHouseholds } from '../bench/generate-households.ts';
import { bundled } from './support/bundled.ts';

// Months from every encoded year, across the 2025-07-01 change of act and table.
const MONTHS = [
  '2014-05',
  '2019-03',
  '2021-11',
  '2025-02',
  '2025-06',
  '2025-07',
  '2025-12',
  '2026-01',
  '2026-08',
];
const PLAIN_INCOMES = [
  'child_allowance',
  'housing_allowance',
  'maintenance_support',
  'sickness_benefit',
  'unemployment_benefit',
  'other',
] as const;

const amount = fc.integer({ min: 0, max: 25_000 });

function householdFor(month: string): fc.Arbitrary<HouseholdMonth> {
  const current = monthIndex(month);
  return fc
    .record({
      couple: fc.boolean(),
      adultSalaries: fc.tuple(fc.option(amount), fc.option(amount)),
      windows: fc.tuple(
        fc.option(fc.integer({ min: -30, max: 3 })),
        fc.option(fc.integer({ min: -30, max: 3 })),
      ),
      children: fc.array(
        fc.record({
          // Months since the birth month; 251 is 20 years 11 months, the oldest possible child.
          months: fc.integer({ min: 0, max: 251 }),
          day: fc.integer({ min: 1, max: 28 }),
          lunch: fc.option(fc.boolean(), { nil: undefined }),
          salary: fc.option(fc.integer({ min: 0, max: 12_000 })),
          earnedBefore: fc.integer({ min: 0, max: 80_000 }),
        }),
        { maxLength: 8 },
      ),
      community: fc.option(fc.integer({ min: 2, max: 12 })),
      costs: fc.array(fc.record({ type: fc.constantFrom(...COST_TYPES), amount }), {
        maxLength: 6,
      }),
      incomes: fc.array(fc.record({ type: fc.constantFrom(...PLAIN_INCOMES), amount }), {
        maxLength: 4,
      }),
    })
    .map((drawn) => {
      const adults = drawn.couple ? ['a1', 'a2'] : ['a1'];
      const members: HouseholdMonth['members'] = adults.map((id, index) => ({
        id,
        role: 'adult' as const,
        birthDate: `19${80 + index}-0${index + 1}-15`,
        ...(drawn.couple ? { cohabitsWith: index === 0 ? 'a2' : 'a1' } : {}),
      }));
      const incomes: HouseholdMonth['incomes'] = [...drawn.incomes];
      const jobStimulus: NonNullable<HouseholdMonth['jobStimulus']> = [];
      adults.forEach((id, index) => {
        const salary = drawn.adultSalaries[index];
        if (salary === null || salary === undefined) return;
        incomes.push({ type: 'salary', memberId: id, amount: salary });
        const offset = drawn.windows[index];
        if (offset !== null && offset !== undefined) {
          jobStimulus.push({ memberId: id, windowStart: monthFromIndex(current + offset) });
        }
      });
      drawn.children.forEach((child, index) => {
        const id = `c${index + 1}`;
        members.push({
          id,
          role: 'child',
          birthDate: `${monthFromIndex(current - child.months)}-${String(child.day).padStart(2, '0')}`,
          lunchOutsideHome: child.lunch,
          earnedIncomeYearToDate: child.earnedBefore,
        });
        // There is no prisbasbelopp for 2014 to apply to a child's earnings.
        if (child.salary !== null && !month.startsWith('2014')) {
          incomes.push({ type: 'salary', memberId: id, amount: child.salary });
        }
      });
      const alone = !drawn.couple && drawn.children.length === 0;
      return {
        month,
        members,
        householdCommunitySize: alone ? drawn.community : null,
        costs: drawn.costs,
        incomes,
        ...(jobStimulus.length > 0 ? { jobStimulus } : {}),
      };
    })
    .map((raw) => {
      // Every generated household must be valid input; a generator bug fails here, loudly.
      const parsed = parseHouseholdMonth(raw);
      if (!parsed.ok) throw new Error(`generated invalid input: ${JSON.stringify(parsed.errors)}`);
      return parsed.value;
    });
}

const anyHousehold = fc.constantFrom(...MONTHS).chain(householdFor);

function amountOf(household: HouseholdMonth): number {
  return calculateIncomeSupport(household, bundled, { trace: false }).amount;
}

describe('properties of the calculation', () => {
  it('never gives a negative amount, and amount − surplus = need − counted incomes', () => {
    fc.assert(
      fc.property(anyHousehold, (household) => {
        const result = calculateIncomeSupport(household, bundled);
        expect(result.amount).toBeGreaterThanOrEqual(0);
        expect(result.surplus).toBeGreaterThanOrEqual(0);
        expect(result.amount === 0 || result.surplus === 0).toBe(true);
        expect(result.amount - result.surplus).toBe(result.need - result.income.counted);
        expect(Number.isInteger(result.amount)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('never raises the amount when an income is added', () => {
    const extraIncome = fc.record({
      kind: fc.constantFrom('plain', 'salary'),
      type: fc.constantFrom(...PLAIN_INCOMES),
      memberIndex: fc.nat(),
      amount: fc.integer({ min: 0, max: 30_000 }),
    });
    fc.assert(
      fc.property(anyHousehold, extraIncome, (household, extra) => {
        const member = household.members[extra.memberIndex % household.members.length];
        if (member === undefined) throw new Error('no member');
        const childEarningsIn2014 = member.role === 'child' && household.month.startsWith('2014');
        const income =
          extra.kind === 'salary' && !childEarningsIn2014
            ? { type: 'salary' as const, memberId: member.id, amount: extra.amount }
            : { type: extra.type, amount: extra.amount };
        const richer = { ...household, incomes: [...household.incomes, income] };
        expect(amountOf(richer)).toBeLessThanOrEqual(amountOf(household));
      }),
      { numRuns: 400 },
    );
  });

  it('never lowers the amount when a reasonable cost is added', () => {
    const extraCost = fc.record({
      type: fc.constantFrom(...COST_TYPES),
      amount: fc.integer({ min: 0, max: 30_000 }),
    });
    fc.assert(
      fc.property(anyHousehold, extraCost, (household, cost) => {
        const poorer = { ...household, costs: [...household.costs, cost] };
        expect(amountOf(poorer)).toBeGreaterThanOrEqual(amountOf(household));
      }),
      { numRuns: 400 },
    );
  });

  it('gives identical amounts, surpluses and derived flags in the batch and the traced path', () => {
    const batchOfOneMonth = fc
      .constantFrom(...MONTHS)
      .chain((month) => fc.array(householdFor(month), { minLength: 1, maxLength: 40 }));
    fc.assert(
      fc.property(batchOfOneMonth, (households) => {
        const month = households[0]?.month ?? '';
        const batch = calculateBatch(toHouseholdColumns(households), compileMonth(bundled, month));
        households.forEach((household, index) => {
          const traced = calculateIncomeSupport(household, bundled);
          expect(batch.amount[index]).toBe(traced.amount);
          expect(batch.surplus[index]).toBe(traced.surplus);
          expect(batch.usesDerivedParameters[index]).toBe(traced.usesDerivedParameters ? 1 : 0);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('the batch path on the benchmark generator', () => {
  for (const [month, seed] of [
    ['2025-03', 1],
    ['2025-10', 2],
    ['2026-02', 3],
    ['2021-06', 4],
  ] as const) {
    it(`equals the traced path on 20 000 realistic households for ${month}`, () => {
      const households = generateHouseholds(20_000, month, seed);
      const batch = calculateBatch(toHouseholdColumns(households), compileMonth(bundled, month));
      let mismatches = 0;
      let paid = 0;
      households.forEach((household, index) => {
        const traced = calculateIncomeSupport(household, bundled, { trace: false });
        if (traced.amount > 0) paid += 1;
        if (
          batch.amount[index] !== traced.amount ||
          batch.surplus[index] !== traced.surplus ||
          batch.usesDerivedParameters[index] !== (traced.usesDerivedParameters ? 1 : 0)
        ) {
          mismatches += 1;
        }
      });
      expect(mismatches).toBe(0);
      // The generator is realistic: most households get something, some have a surplus.
      expect(paid).toBeGreaterThan(15_000);
      expect(paid).toBeLessThan(20_000);
    });
  }
});
