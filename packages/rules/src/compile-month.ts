// One month's parameters flattened into lookup tables for bulk recalculation of a caseload.
import { getProvision, type ProvisionId } from './legal-references.ts';
import { firstDayOfMonth, monthIndex } from './plain-month.ts';
import {
  ageForMonth,
  childBandAmount,
  divideRoundingHalfUp,
  findChildBand,
  householdCommonCosts,
  otherTransitionRule,
} from './norm-rules.ts';
import { OLDEST_CHILD_AGE, type ParameterId } from './parameter-definitions.ts';
import {
  MissingParameterError,
  getParameterVersion,
  type ParameterSet,
  type ParameterVersion,
} from './parameter-set.ts';
import { INPUT_LIMITS } from './household-month.ts';
import type { UsedParameter } from './calculate-income-support.ts';

/** Tables for one month. Amounts are whole kronor; -1 marks "no value" (see `missing`). */
export type CompiledMonth = {
  readonly month: string;
  readonly monthIndex: number;
  readonly adultSingle: number;
  readonly adultCouple: number;
  /** Common household costs by household size (index = number of people). */
  readonly commonBySize: Int32Array;
  /** A household-community member's share, rounded, by community size. */
  readonly communityShareBySize: Int32Array;
  /** By months since the birth month: the child's amount, and with lunch outside the home. */
  readonly childAmount: Int32Array;
  readonly childAmountLunchOutside: Int32Array;
  /** By months since the birth month: bit 1 set when the transition rule decided the amount, bit 2 the same with lunch outside the home. */
  readonly childRuleDecisive: Uint8Array;
  readonly prisbasbelopp: number;
  readonly jobDisregardPercent: number;
  readonly jobWindowMonths: number;
  /** Whether each parameter's version is `derived`, for the per-household flag. */
  readonly derived: Readonly<Record<ParameterId, boolean>>;
  /** Parameters a household may need but that have no version this month, thrown on use. */
  readonly missing: ReadonlyMap<string, MissingParameterError>;
  /** Every version compiled in, for the decision record of the whole run. */
  readonly parameters: readonly UsedParameter[];
};

// Children are 0–20; one spare year of months lets a 21-year-old be reported rather than read
// past the end of the table.
const CHILD_TABLE_MONTHS = (OLDEST_CHILD_AGE + 2) * 12;

function used(version: ParameterVersion): UsedParameter {
  return {
    id: version.parameterId,
    effectiveFrom: version.effectiveFrom,
    status: version.status,
    source: version.source,
    origin: version.origin.kind,
    note: version.note,
  };
}

/**
 * Resolves every parameter for `month` (`YYYY-MM`) once and flattens it into tables for
 * `calculateBatch`. Throws `MissingParameterError` at once when the adults' norm is missing (the
 * first thing every calculation looks up); anything else missing is thrown by `calculateBatch`
 * for the first household that needs it, as `calculateIncomeSupport` would.
 */
export function compileMonth(set: ParameterSet, month: string): CompiledMonth {
  const date = firstDayOfMonth(month);
  const missing = new Map<string, MissingParameterError>();
  const parameters: UsedParameter[] = [];
  const derived: Record<ParameterId, boolean> = {
    'national-norm.adults': false,
    'national-norm.children': false,
    'national-norm.household-common-costs': false,
    prisbasbelopp: false,
    'job-stimulus': false,
    'age-band-transition': false,
  };

  function take<Id extends ParameterId>(id: Id): ParameterVersion<Id> | undefined {
    try {
      const version = getParameterVersion(set, id, date);
      parameters.push(used(version));
      derived[id] = version.status === 'derived';
      return version;
    } catch (error) {
      if (!(error instanceof MissingParameterError)) throw error;
      missing.set(id, error);
      return undefined;
    }
  }

  function provision(id: ProvisionId): void {
    try {
      getProvision(id, date);
    } catch {
      const error = new MissingParameterError(`legal-provision:${id}`, date, {
        sv: 'lagrum',
        en: 'statute provision',
      });
      missing.set(`legal-provision:${id}`, error);
    }
  }

  // The same order of lookups as the traced path, so the same parameter is reported missing.
  const adults = take('national-norm.adults');
  if (adults === undefined) throw missing.get('national-norm.adults') ?? new Error('unreachable');
  const children = take('national-norm.children');
  const transition = take('age-band-transition');
  const common = take('national-norm.household-common-costs');
  const pbb = take('prisbasbelopp');
  const stimulus = take('job-stimulus');
  provision('economic-assistance.national-norm');
  provision('economic-assistance.right');
  provision('economic-assistance.earned-income-disregard');
  provision('economic-assistance.child-income');

  const largest = Math.max(INPUT_LIMITS.maxMembers, INPUT_LIMITS.maxCommunitySize);
  const commonBySize = new Int32Array(largest + 1).fill(-1);
  const communityShareBySize = new Int32Array(largest + 1).fill(-1);
  for (let size = 1; size <= largest && common !== undefined; size += 1) {
    const amount = householdCommonCosts(common.value, size);
    commonBySize[size] = amount;
    communityShareBySize[size] = divideRoundingHalfUp(amount, size);
  }

  const childAmount = new Int32Array(CHILD_TABLE_MONTHS).fill(-1);
  const childAmountLunchOutside = new Int32Array(CHILD_TABLE_MONTHS).fill(-1);
  const childRuleDecisive = new Uint8Array(CHILD_TABLE_MONTHS);
  if (children !== undefined && transition !== undefined) {
    const rule = transition.value.rule;
    const alternative = otherTransitionRule(rule);
    for (let months = 0; months < CHILD_TABLE_MONTHS; months += 1) {
      const band = findChildBand(children.value, ageForMonth(months, rule));
      const other = findChildBand(children.value, ageForMonth(months, alternative));
      if (band === undefined) continue;
      const plain = childBandAmount(band, false);
      const lunch = childBandAmount(band, true);
      childAmount[months] = plain;
      childAmountLunchOutside[months] = lunch;
      let decisive = 0;
      if (other === undefined || childBandAmount(other, false) !== plain) decisive |= 1;
      if (other === undefined || childBandAmount(other, true) !== lunch) decisive |= 2;
      childRuleDecisive[months] = decisive;
    }
  }

  return Object.freeze({
    month,
    monthIndex: monthIndex(month),
    adultSingle: adults.value.single,
    adultCouple: adults.value.couple,
    commonBySize,
    communityShareBySize,
    childAmount,
    childAmountLunchOutside,
    childRuleDecisive,
    prisbasbelopp: pbb?.value ?? -1,
    jobDisregardPercent: stimulus?.value.disregardedPercent ?? -1,
    jobWindowMonths: stimulus?.value.windowMonths ?? -1,
    derived: Object.freeze(derived),
    missing,
    parameters: Object.freeze(parameters),
  });
}
