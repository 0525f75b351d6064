// Seeded generator of realistic household-months, shared by the benchmark and the equality tests.
import type { HouseholdMonth } from '../src/index.ts';
import { monthFromIndex, monthIndex } from '../src/index.ts';

/** Mulberry32: a tiny seeded generator, so that a run can be repeated exactly. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;

function between(random: Random, low: number, high: number): number {
  return low + Math.floor(random() * (high - low + 1));
}

function pick<T>(random: Random, weighted: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, weight] of weighted) total += weight;
  let roll = random() * total;
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll < 0) return value;
  }
  const last = weighted.at(-1);
  if (last === undefined) throw new Error('pick needs at least one choice');
  return last[0];
}

const CHILD_COUNTS = [
  [0, 45],
  [1, 20],
  [2, 17],
  [3, 10],
  [4, 5],
  [5, 3],
] as const;

function birthDate(random: Random, month: string, ageInMonths: number): string {
  const born = monthFromIndex(monthIndex(month) - ageInMonths);
  return `${born}-${String(between(random, 1, 28)).padStart(2, '0')}`;
}

/**
 * One household for `month`: one or two adults, 0–5 children aged 0–20 (lunch outside the home
 * for most 1–6-year-olds), rent, often electricity, salaries for some adults (half of them
 * inside or near a job stimulus window), benefits, and some teenagers' own earnings.
 */
export function generateHousehold(random: Random, month: string): HouseholdMonth {
  const couple = random() < 0.4;
  const childCount = pick(random, CHILD_COUNTS);
  const members: HouseholdMonth['members'] = [];
  const incomes: HouseholdMonth['incomes'] = [];
  const jobStimulus: NonNullable<HouseholdMonth['jobStimulus']> = [];
  members.push({
    id: 'a1',
    role: 'adult',
    birthDate: birthDate(random, month, between(random, 20 * 12, 64 * 12)),
    ...(couple ? { cohabitsWith: 'a2' } : {}),
  });
  if (couple) {
    members.push({
      id: 'a2',
      role: 'adult',
      birthDate: birthDate(random, month, between(random, 20 * 12, 64 * 12)),
      cohabitsWith: 'a1',
    });
  }
  let youngChildren = 0;
  for (let index = 1; index <= childCount; index += 1) {
    // Ages 0–20 in months; 19–20-year-olds (school youths at home) are rarer.
    const ageInMonths =
      random() < 0.9 ? between(random, 0, 19 * 12 - 1) : between(random, 19 * 12, 21 * 12 - 1);
    const years = Math.floor(ageInMonths / 12);
    if (years < 16) youngChildren += 1;
    const earns = years >= 15 && random() < 0.15;
    members.push({
      id: `c${index}`,
      role: 'child',
      birthDate: birthDate(random, month, ageInMonths),
      ...(years >= 1 && years <= 6 ? { lunchOutsideHome: random() < 0.8 } : {}),
      ...(earns ? { earnedIncomeYearToDate: between(random, 0, 65_000) } : {}),
    });
    if (earns)
      incomes.push({ type: 'salary', memberId: `c${index}`, amount: between(random, 500, 8_000) });
  }

  const costs: HouseholdMonth['costs'] = [{ type: 'rent', amount: between(random, 3_500, 14_000) }];
  if (random() < 0.8) costs.push({ type: 'electricity', amount: between(random, 150, 900) });
  if (random() < 0.3) costs.push({ type: 'home_insurance', amount: between(random, 80, 250) });
  if (random() < 0.05)
    costs.push({ type: 'other', amount: between(random, 300, 4_000), description: 'Tandvård' });

  for (const adult of members) {
    if (adult.role !== 'adult' || random() >= 0.3) continue;
    incomes.push({ type: 'salary', memberId: adult.id, amount: between(random, 1_000, 22_000) });
    if (random() < 0.5) {
      // Windows that started up to 30 months ago: most inside, some already over.
      jobStimulus.push({
        memberId: adult.id,
        windowStart: monthFromIndex(monthIndex(month) - between(random, 0, 30)),
      });
    }
  }
  if (youngChildren > 0) incomes.push({ type: 'child_allowance', amount: 1_250 * youngChildren });
  if (random() < 0.3)
    incomes.push({ type: 'housing_allowance', amount: between(random, 500, 4_000) });
  if (random() < 0.15)
    incomes.push({
      type: 'unemployment_benefit',
      memberId: 'a1',
      amount: between(random, 2_000, 15_000),
    });
  if (random() < 0.05)
    incomes.push({
      type: 'sickness_benefit',
      memberId: 'a1',
      amount: between(random, 2_000, 12_000),
    });
  if (!couple && childCount > 0 && random() < 0.5) {
    incomes.push({ type: 'maintenance_support', amount: 1_673 * childCount });
  }

  const community = !couple && childCount === 0 && random() < 0.08 ? between(random, 2, 8) : null;
  return {
    month,
    members,
    householdCommunitySize: community,
    costs,
    incomes,
    ...(jobStimulus.length > 0 ? { jobStimulus } : {}),
  };
}

/** `count` households for `month` from `seed`. */
export function generateHouseholds(count: number, month: string, seed: number): HouseholdMonth[] {
  const random = createRandom(seed);
  const households: HouseholdMonth[] = [];
  for (let index = 0; index < count; index += 1) households.push(generateHousehold(random, month));
  return households;
}
