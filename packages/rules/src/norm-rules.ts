// The arithmetic of the norm shared by the traced and the batch calculation, so the two cannot drift.
import type {
  AgeBandTransitionRule,
  ChildNormBand,
  ChildNormValue,
  HouseholdCommonCostsValue,
} from './parameter-definitions.ts';
import { TABULATED_HOUSEHOLD_SIZES } from './parameter-definitions.ts';

/**
 * Rounds `numerator / denominator` (non-negative, denominator > 0) to a whole number, halves up:
 * the rule of lag (1970:1029) om avrundning av vissa öresbelopp 2 § (1–49 öre down, 50–99 up),
 * applied once, at the line where a division or percentage produces öre.
 */
export function divideRoundingHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/**
 * Completed years that decide the child's age band in the month, from the months between the
 * birth month and the calculated month (`monthsSinceBirthMonth` ≥ 0).
 * `from-month-after-birthday`: the new band applies from the month after the birthday month.
 * `from-birthday-month`: it applies from the birthday month itself.
 */
export function ageForMonth(monthsSinceBirthMonth: number, rule: AgeBandTransitionRule): number {
  if (rule === 'from-birthday-month') return Math.floor(monthsSinceBirthMonth / 12);
  // A child born in the month is 0 in that month under either rule.
  return monthsSinceBirthMonth === 0 ? 0 : Math.floor((monthsSinceBirthMonth - 1) / 12);
}

export function otherTransitionRule(rule: AgeBandTransitionRule): AgeBandTransitionRule {
  return rule === 'from-birthday-month' ? 'from-month-after-birthday' : 'from-birthday-month';
}

/** The band covering `age`, or undefined past the oldest band (a child of 21 or more). */
export function findChildBand(value: ChildNormValue, age: number): ChildNormBand | undefined {
  for (const band of value.bands) {
    if (age >= band.minAge && age <= band.maxAge) return band;
  }
  return undefined;
}

/** The band's amount; the lower one when the child eats lunch outside the home and one exists. */
export function childBandAmount(band: ChildNormBand, lunchOutsideHome: boolean): number {
  return lunchOutsideHome && band.amountWithoutLunch !== undefined
    ? band.amountWithoutLunch
    : band.amount;
}

/** "0 år", "7–10 år". */
export function childBandLabel(band: ChildNormBand): string {
  return band.minAge === band.maxAge ? `${band.minAge} år` : `${band.minAge}–${band.maxAge} år`;
}

function tableAmount(value: HouseholdCommonCostsValue, size: number): number {
  const key = String(size) as keyof HouseholdCommonCostsValue['bySize'];
  return value.bySize[key];
}

/**
 * Common household costs for `size` people (≥ 1). Above seven, each extra member adds the
 * difference between the amounts for seven and six (SoF 2025:468 12 kap. 3 § första stycket).
 */
export function householdCommonCosts(value: HouseholdCommonCostsValue, size: number): number {
  if (size <= TABULATED_HOUSEHOLD_SIZES) return tableAmount(value, size);
  return tableAmount(value, 7) + (size - 7) * extraMemberAmount(value);
}

/** The amount each member beyond seven adds: cost for seven minus cost for six. */
export function extraMemberAmount(value: HouseholdCommonCostsValue): number {
  return tableAmount(value, 7) - tableAmount(value, 6);
}

/**
 * The part of a child's own earned income this month that counts: only what takes the calendar
 * year's total above one prisbasbelopp (SoL 2025:400 12 kap. 9 §; before: 2001:453 4 kap. 1 a §).
 */
export function countedChildEarnings(
  earnedBeforeThisMonth: number,
  earnedThisMonth: number,
  prisbasbelopp: number,
): number {
  const over = earnedBeforeThisMonth + earnedThisMonth - prisbasbelopp;
  if (over <= 0) return 0;
  return over > earnedThisMonth ? earnedThisMonth : over;
}

/** Kronor of employment income not counted under job stimulus, halves rounded up. */
export function jobStimulusDisregard(salary: number, disregardedPercent: number): number {
  return divideRoundingHalfUp(salary * disregardedPercent, 100);
}
