// The kinds of decision on economic assistance and what makes one adverse.
import type { DecisionOutcome } from '../case/case-actions.ts';

/**
 * `regular`: försörjningsstöd and other assistance for a month (the right to assistance);
 * `emergency`: nödbistånd decided the same day on an acute need;
 * `reduction`: nedsättning of the norm (the applicant declined a suitable offer);
 * `beyond_entitlement`: assistance beyond what the applicant is entitled to, not appealable
 * by förvaltningsbesvär.
 */
export const DECISION_KINDS = ['regular', 'emergency', 'reduction', 'beyond_entitlement'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/** Per cost item and for the whole decision. */
export const LINE_OUTCOMES = ['granted', 'partly_granted', 'refused'] as const;
export type LineOutcome = (typeof LINE_OUTCOMES)[number];

/** What a line of a decision is for: the norm or one of the reasonable costs applied for. */
export const DECISION_ITEMS = [
  'norm',
  'rent',
  'electricity',
  'work_travel',
  'home_insurance',
  'union_fee',
  'unemployment_fund_fee',
  'other',
  'emergency',
] as const;
export type DecisionItem = (typeof DECISION_ITEMS)[number];

/**
 * Adverse for the applicant (förvaltningslagen 25 § hearing, no automatic decision): a refusal,
 * a partial grant, or a reduction of whatever outcome.
 */
export function isAdverse(kind: DecisionKind, outcome: DecisionOutcome): boolean {
  return kind === 'reduction' || outcome !== 'granted';
}

export type DecisionLineAmounts = { readonly applied: number; readonly granted: number };

/**
 * What the decision pays for the month: the approved need (the lines' granted amounts) less
 * the counted incomes, never below zero. Whole kronor.
 */
export function decisionAmount(
  lines: readonly DecisionLineAmounts[],
  countedIncome: number,
): number {
  const approvedNeed = lines.reduce((sum, line) => sum + line.granted, 0);
  return Math.max(0, approvedNeed - countedIncome);
}

/**
 * The outcome of a whole decision: refused when it pays nothing, granted when every line was
 * approved as applied for, partly granted otherwise.
 */
export function overallOutcome(
  lines: readonly DecisionLineAmounts[],
  countedIncome: number,
): DecisionOutcome {
  if (decisionAmount(lines, countedIncome) === 0) return 'refused';
  return lines.every((line) => line.granted >= line.applied) ? 'granted' : 'partly_granted';
}

/** The outcome of one line. */
export function lineOutcome(applied: number, granted: number): LineOutcome {
  if (granted <= 0) return 'refused';
  return granted >= applied ? 'granted' : 'partly_granted';
}
