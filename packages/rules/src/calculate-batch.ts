// Bulk recalculation over struct-of-arrays input: the same formula as the traced path, without the trace.
import { CalculationInputError } from './calculate-income-support.ts';
import type { CompiledMonth } from './compile-month.ts';
import type { HouseholdMonth } from './household-month.ts';
import { jobStimulusDisregard, countedChildEarnings } from './norm-rules.ts';
import { monthIndex } from './plain-month.ts';
import type { MissingParameterError } from './parameter-set.ts';

/**
 * Many households for one month, column by column. Household `h` owns members
 * `memberOffset[h]` to `memberOffset[h + 1] - 1`. Amounts are whole kronor. Costs and every
 * income except salary count in full, so they arrive summed per household; salaries arrive
 * summed per member, because their rules depend on the earner. Fill it with
 * `toHouseholdColumns`, or directly (after `allocateHouseholdColumns`) for bulk data.
 */
export type HouseholdColumns = {
  readonly month: string;
  readonly count: number;
  readonly memberOffset: Int32Array;
  /** People in the household community, or 0 when the applicant does not live in one. */
  readonly communitySize: Int32Array;
  readonly reasonableCosts: Int32Array;
  /** Every income except salaries, summed. */
  readonly otherIncome: Int32Array;
  readonly memberIsChild: Uint8Array;
  /** `year * 12 + month - 1` of the birth date (see `monthIndex`). */
  readonly memberBirthMonth: Int32Array;
  readonly memberLunchOutsideHome: Uint8Array;
  /** The member's salaries this month, summed. */
  readonly memberSalary: Int32Array;
  /** Children: earned income earlier this calendar year. */
  readonly memberEarnedYearToDate: Int32Array;
  /** Adults: `monthIndex` of the job stimulus window's first month, or -1 for none. */
  readonly memberJobStimulusStart: Int32Array;
};

export type BatchResult = {
  /** Försörjningsstöd per household, whole kronor. */
  readonly amount: Int32Array;
  readonly surplus: Int32Array;
  /** 1 where the household's result depends on a `derived` parameter version. */
  readonly usesDerivedParameters: Uint8Array;
};

/** Zeroed columns for `count` households with `memberCount` members in all. */
export function allocateHouseholdColumns(
  month: string,
  count: number,
  memberCount: number,
): HouseholdColumns {
  return {
    month,
    count,
    memberOffset: new Int32Array(count + 1),
    communitySize: new Int32Array(count),
    reasonableCosts: new Int32Array(count),
    otherIncome: new Int32Array(count),
    memberIsChild: new Uint8Array(memberCount),
    memberBirthMonth: new Int32Array(memberCount),
    memberLunchOutsideHome: new Uint8Array(memberCount),
    memberSalary: new Int32Array(memberCount),
    memberEarnedYearToDate: new Int32Array(memberCount),
    memberJobStimulusStart: new Int32Array(memberCount).fill(-1),
  };
}

/** Columns for validated household-months, all for the same month. */
export function toHouseholdColumns(households: readonly HouseholdMonth[]): HouseholdColumns {
  const first = households[0];
  if (first === undefined) throw new RangeError('toHouseholdColumns needs at least one household');
  let memberCount = 0;
  for (const household of households) memberCount += household.members.length;
  const columns = allocateHouseholdColumns(first.month, households.length, memberCount);
  let member = 0;
  households.forEach((household, index) => {
    if (household.month !== first.month) {
      throw new RangeError(
        `households[${index}] is for ${household.month}; a batch is for one month (${first.month})`,
      );
    }
    columns.memberOffset[index] = member;
    columns.communitySize[index] = household.householdCommunitySize ?? 0;
    let costs = 0;
    for (const cost of household.costs) costs += cost.amount;
    columns.reasonableCosts[index] = costs;
    let other = 0;
    for (const income of household.incomes) {
      if (income.type !== 'salary' || income.memberId === undefined) other += income.amount;
    }
    columns.otherIncome[index] = other;
    for (const person of household.members) {
      columns.memberIsChild[member] = person.role === 'child' ? 1 : 0;
      columns.memberBirthMonth[member] = monthIndex(person.birthDate);
      columns.memberLunchOutsideHome[member] = person.lunchOutsideHome === true ? 1 : 0;
      columns.memberEarnedYearToDate[member] = person.earnedIncomeYearToDate ?? 0;
      let salary = 0;
      for (const income of household.incomes) {
        if (income.type === 'salary' && income.memberId === person.id) salary += income.amount;
      }
      columns.memberSalary[member] = salary;
      const window = household.jobStimulus?.find((entry) => entry.memberId === person.id);
      columns.memberJobStimulusStart[member] =
        window === undefined ? -1 : monthIndex(window.windowStart);
      member += 1;
    }
  });
  columns.memberOffset[households.length] = member;
  return columns;
}

function fail(compiled: CompiledMonth, key: string): never {
  const error: MissingParameterError | undefined = compiled.missing.get(key);
  throw error ?? new Error(`compiled month ${compiled.month} lacks '${key}'`);
}

/**
 * Amounts for every household in `columns`, identical to `calculateIncomeSupport` for the same
 * households (property-tested). Throws the same `MissingParameterError` for a household that
 * needs a parameter the month lacks, and a `CalculationInputError` naming the household for a
 * child past the oldest age band. Pass `output` to reuse arrays across runs.
 */
export function calculateBatch(
  columns: HouseholdColumns,
  compiled: CompiledMonth,
  output?: BatchResult,
): BatchResult {
  if (columns.month !== compiled.month) {
    throw new RangeError(
      `columns are for ${columns.month}, the compiled month is ${compiled.month}`,
    );
  }
  const count = columns.count;
  const result = output ?? {
    amount: new Int32Array(count),
    surplus: new Int32Array(count),
    usesDerivedParameters: new Uint8Array(count),
  };
  if (result.amount.length < count || result.surplus.length < count) {
    throw new RangeError(`output arrays hold fewer than ${count} households`);
  }

  const {
    memberOffset,
    communitySize,
    reasonableCosts,
    otherIncome,
    memberIsChild,
    memberBirthMonth,
    memberLunchOutsideHome,
    memberSalary,
    memberEarnedYearToDate,
    memberJobStimulusStart,
  } = columns;
  const {
    monthIndex: current,
    adultSingle,
    adultCouple,
    commonBySize,
    communityShareBySize,
    childAmount,
    childAmountLunchOutside,
    childRuleDecisive,
    prisbasbelopp,
    jobDisregardPercent,
    jobWindowMonths,
    derived,
    missing,
  } = compiled;
  const tableMonths = childAmount.length;
  const baseDerived =
    derived['national-norm.adults'] || derived['national-norm.household-common-costs'];
  const childrenDerived = derived['national-norm.children'];
  const ruleDerived = derived['age-band-transition'];
  const pbbDerived = derived.prisbasbelopp;
  const jobDerived = derived['job-stimulus'];
  const commonMissing = commonBySize[1] === -1;
  if (missing.has('legal-provision:economic-assistance.national-norm')) {
    if (count > 0) fail(compiled, 'legal-provision:economic-assistance.national-norm');
  }

  for (let household = 0; household < count; household += 1) {
    const start = memberOffset[household] ?? 0;
    const end = memberOffset[household + 1] ?? 0;
    let norm = 0;
    let adults = 0;
    let counted = otherIncome[household] ?? 0;
    let usesDerived = baseDerived;
    let hasChildren = false;

    for (let member = start; member < end; member += 1) {
      const salary = memberSalary[member] ?? 0;
      if (memberIsChild[member] === 1) {
        if (!hasChildren) {
          hasChildren = true;
          if (missing.has('national-norm.children')) fail(compiled, 'national-norm.children');
          if (missing.has('age-band-transition')) fail(compiled, 'age-band-transition');
          usesDerived ||= childrenDerived;
        }
        const months = current - (memberBirthMonth[member] ?? 0);
        const lunch = memberLunchOutsideHome[member] === 1;
        const amount =
          months < tableMonths
            ? ((lunch ? childAmountLunchOutside[months] : childAmount[months]) ?? -1)
            : -1;
        if (amount < 0) {
          throw new CalculationInputError(
            `households[${household}].members[${member - start}].birthDate`,
            `a child must be under 21 in ${compiled.month}`,
          );
        }
        norm += amount;
        if (ruleDerived && ((childRuleDecisive[months] ?? 0) & (lunch ? 2 : 1)) !== 0) {
          usesDerived = true;
        }
        if (salary > 0) {
          if (prisbasbelopp < 0) fail(compiled, 'prisbasbelopp');
          if (missing.has('legal-provision:economic-assistance.child-income')) {
            fail(compiled, 'legal-provision:economic-assistance.child-income');
          }
          counted += countedChildEarnings(
            memberEarnedYearToDate[member] ?? 0,
            salary,
            prisbasbelopp,
          );
          usesDerived ||= pbbDerived;
        }
      } else {
        adults += 1;
        const windowStart = memberJobStimulusStart[member] ?? -1;
        if (salary > 0 && windowStart >= 0) {
          if (jobWindowMonths < 0) fail(compiled, 'job-stimulus');
          usesDerived ||= jobDerived;
          if (current >= windowStart && current < windowStart + jobWindowMonths) {
            if (missing.has('legal-provision:economic-assistance.earned-income-disregard')) {
              fail(compiled, 'legal-provision:economic-assistance.earned-income-disregard');
            }
            counted += salary - jobStimulusDisregard(salary, jobDisregardPercent);
          } else {
            counted += salary;
          }
        } else {
          counted += salary;
        }
      }
    }

    if (commonMissing) fail(compiled, 'national-norm.household-common-costs');
    norm += adults === 2 ? adultCouple : adultSingle;
    const community = communitySize[household] ?? 0;
    norm +=
      community > 0 ? (communityShareBySize[community] ?? 0) : (commonBySize[end - start] ?? 0);
    const need = norm + (reasonableCosts[household] ?? 0);
    result.amount[household] = need > counted ? need - counted : 0;
    result.surplus[household] = counted > need ? counted - need : 0;
    result.usesDerivedParameters[household] = usesDerived ? 1 : 0;
  }
  if (count > 0 && missing.has('legal-provision:economic-assistance.right')) {
    fail(compiled, 'legal-provision:economic-assistance.right');
  }
  return result;
}
