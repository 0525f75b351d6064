// Försörjningsstöd for one household-month: riksnorm + reasonable costs − counted incomes, explained line by line.
import { getProvision, type ProvisionId, type ProvisionStatus } from './legal-references.ts';
import { formatKronor, formatOre } from './money-format.ts';
import { firstDayOfMonth, monthFromIndex, monthIndex } from './plain-month.ts';
import {
  ageForMonth,
  childBandAmount,
  childBandLabel,
  countedChildEarnings,
  divideRoundingHalfUp,
  extraMemberAmount,
  findChildBand,
  householdCommonCosts,
  jobStimulusDisregard,
  otherTransitionRule,
} from './norm-rules.ts';
import {
  TABULATED_HOUSEHOLD_SIZES,
  type ChildNormBand,
  type ParameterId,
  type ParameterStatus,
} from './parameter-definitions.ts';
import {
  MissingParameterError,
  getParameterVersion,
  type ParameterSet,
  type ParameterVersion,
} from './parameter-set.ts';
import type { CostType, HouseholdMonth, IncomeType } from './household-month.ts';

/** A parameter version as a result cites it. */
export type UsedParameter = {
  readonly id: ParameterId;
  readonly effectiveFrom: string;
  readonly status: ParameterStatus;
  readonly source: string;
  readonly origin: 'file' | 'override';
  readonly note?: string | undefined;
};

/** The parameter behind a trace line, with the part of its value the line used. */
export type TraceParameter = {
  readonly id: ParameterId;
  readonly effectiveFrom: string;
  readonly status: ParameterStatus;
  readonly source: string;
  readonly valueUsed: number | string;
};

export type TraceLegalReference = {
  readonly id: ProvisionId;
  /** As printed in a decision letter: "Socialtjänstlagen (2025:400) 12 kap. 7 §". */
  readonly citation: string;
};

export type TraceLineKind =
  | 'adult_single'
  | 'adult_couple'
  | 'child'
  | 'household_common_costs'
  | 'household_community_share'
  | 'cost'
  | 'income'
  | 'salary'
  | 'salary_job_stimulus'
  | 'child_earnings'
  | 'total_norm'
  | 'total_reasonable_costs'
  | 'total_need'
  | 'total_counted_income'
  | 'amount'
  | 'surplus';

export type TraceLine = {
  readonly section: 'norm' | 'reasonable_costs' | 'income' | 'result';
  readonly kind: TraceLineKind;
  /** Swedish, as printed in a decision letter: "Personlig kostnad, barn 7–10 år (c1)". */
  readonly label: string;
  /** Whole kronor this line contributes: for an income, the part that is counted. */
  readonly amount: number;
  readonly memberIds?: readonly string[];
  /** Incomes: the amount reported, before any part is left out. */
  readonly reported?: number;
  /** Incomes: the part not counted (job stimulus, a child's earnings under one prisbasbelopp). */
  readonly notCounted?: number;
  /** The arithmetic in words: "1 710 kr ÷ 5 = 342 kr". */
  readonly calculation?: string;
  /** Where a division or percentage produced öre: the exact amount before rounding, in öre. */
  readonly exactOre?: number;
  readonly parameters: readonly TraceParameter[];
  /** The parameter's source, or where the figure came from ("Uppgift i ansökan"). */
  readonly source: string;
  readonly legalReference?: TraceLegalReference;
};

export type CitedProvision = {
  readonly id: ProvisionId;
  readonly citation: string;
  readonly validFrom: string;
  readonly status: ProvisionStatus;
};

export type CalculationResult = {
  readonly month: string;
  /** Försörjningsstöd for the month, whole kronor: max(0, need − counted incomes). */
  readonly amount: number;
  /** Counted incomes above the need, whole kronor: max(0, counted incomes − need). */
  readonly surplus: number;
  /** Riksnorm + reasonable costs, whole kronor. */
  readonly need: number;
  readonly norm: {
    readonly total: number;
    /** Personal costs of every member (or of the applicant in a household community). */
    readonly personalCosts: number;
    /** Common household costs, or the applicant's share of a household community's. */
    readonly householdCosts: number;
  };
  readonly reasonableCosts: { readonly total: number };
  readonly income: {
    readonly reported: number;
    readonly notCounted: number;
    readonly counted: number;
  };
  /** Every parameter version the result depends on, in order of first use. */
  readonly parameters: readonly UsedParameter[];
  /** True when any of `parameters` is `derived`: not confirmed against the published text. */
  readonly usesDerivedParameters: boolean;
  /** The provisions cited, as in force on the first day of the month. */
  readonly legalReferences: readonly CitedProvision[];
  /** Every line of the calculation; empty when called with `{ trace: false }`. */
  readonly trace: readonly TraceLine[];
};

export type CalculateOptions = {
  /** Build the line-by-line trace and legal references (default true). */
  readonly trace?: boolean;
};

/** Input that passed the schema but cannot be calculated, e.g. a child of 21 or more. */
export class CalculationInputError extends Error {
  readonly code = 'invalid_input';
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'CalculationInputError';
    this.path = path;
  }
}

const APPLICATION_SOURCE = 'Uppgift i ansökan';
const CALCULATION_SOURCE = 'Beräkning';

const COST_LABELS: Readonly<Record<CostType, string>> = {
  rent: 'Hyra',
  electricity: 'Hushållsel',
  work_travel: 'Arbetsresor',
  home_insurance: 'Hemförsäkring',
  union_fee: 'Avgift till fackförening',
  unemployment_fund_fee: 'Avgift till arbetslöshetskassa',
  other: 'Övrig kostnad',
};

const INCOME_LABELS: Readonly<Record<IncomeType, string>> = {
  salary: 'Lön',
  child_allowance: 'Barnbidrag',
  housing_allowance: 'Bostadsbidrag',
  maintenance_support: 'Underhållsstöd',
  sickness_benefit: 'Sjukpenning',
  unemployment_benefit: 'Arbetslöshetsersättning',
  other: 'Övrig inkomst',
};

// The order parameters are listed in a result: the order the calculation consults them.
const PARAMETER_ORDER = [
  'national-norm.adults',
  'national-norm.children',
  'age-band-transition',
  'national-norm.household-common-costs',
  'prisbasbelopp',
  'job-stimulus',
] as const satisfies readonly ParameterId[];

// The order provisions are listed in a result: the catalogue's order.
const CITED_PROVISIONS = [
  'economic-assistance.right',
  'economic-assistance.national-norm',
  'economic-assistance.earned-income-disregard',
  'economic-assistance.child-income',
] as const satisfies readonly ProvisionId[];

type CitedProvisionId = (typeof CITED_PROVISIONS)[number];

/**
 * Everything about one month that does not depend on the household: parameter versions (or the
 * error for a missing one), the provisions in force on the first day, and the immutable objects
 * a result shares. A caseload recalculates one month many times, so it is built once per set and
 * month.
 */
class MonthContext {
  readonly month: string;
  readonly firstDay: string;
  readonly index: number;
  readonly #set: ParameterSet;
  readonly #versions = new Map<ParameterId, ParameterVersion | MissingParameterError>();
  readonly #used = new Map<ParameterId, UsedParameter>();
  readonly #provisions = new Map<
    ProvisionId,
    { reference: TraceLegalReference; cited: CitedProvision } | MissingParameterError
  >();
  readonly #bandLabels = new Map<ChildNormBand, { plain: string; lunch: string }>();

  constructor(set: ParameterSet, month: string) {
    this.month = month;
    this.firstDay = firstDayOfMonth(month);
    this.index = monthIndex(month);
    this.#set = set;
  }

  /** The version in force on the first day; throws the `MissingParameterError` otherwise. */
  version<Id extends ParameterId>(id: Id): ParameterVersion<Id> {
    let found = this.#versions.get(id);
    if (found === undefined) {
      try {
        found = getParameterVersion(this.#set, id, this.firstDay);
      } catch (error) {
        if (!(error instanceof MissingParameterError)) throw error;
        found = error;
      }
      this.#versions.set(id, found);
    }
    if (found instanceof MissingParameterError) throw found;
    return found as ParameterVersion<Id>;
  }

  used(id: ParameterId): UsedParameter {
    let found = this.#used.get(id);
    if (found === undefined) {
      const version = this.version(id);
      found = Object.freeze({
        id: version.parameterId,
        effectiveFrom: version.effectiveFrom,
        status: version.status,
        source: version.source,
        origin: version.origin.kind,
        note: version.note,
      });
      this.#used.set(id, found);
    }
    return found;
  }

  provision(id: ProvisionId): { reference: TraceLegalReference; cited: CitedProvision } {
    let found = this.#provisions.get(id);
    if (found === undefined) {
      try {
        const provision = getProvision(id, this.firstDay);
        found = {
          reference: Object.freeze({ id, citation: provision.citation }),
          cited: Object.freeze({
            id,
            citation: provision.citation,
            validFrom: provision.validFrom,
            status: provision.status,
          }),
        };
      } catch {
        // A provision the catalogue does not cover on the date is as missing as a parameter.
        found = new MissingParameterError(`legal-provision:${id}`, this.firstDay, {
          sv: 'lagrum',
          en: 'statute provision',
        });
      }
      this.#provisions.set(id, found);
    }
    if (found instanceof MissingParameterError) throw found;
    return found;
  }

  bandLabel(band: ChildNormBand, lunch: boolean): string {
    let labels = this.#bandLabels.get(band);
    if (labels === undefined) {
      const plain = `Personlig kostnad, barn ${childBandLabel(band)}`;
      labels = { plain, lunch: `${plain}, lunch utanför hemmet fem dagar i veckan` };
      this.#bandLabels.set(band, labels);
    }
    return lunch && band.amountWithoutLunch !== undefined ? labels.lunch : labels.plain;
  }
}

const contexts = new WeakMap<ParameterSet, Map<string, MonthContext>>();
// Bulk runs ask for the same set and month over and over; skip even the map lookups then.
let lastContext: { set: ParameterSet; context: MonthContext } | undefined;

function contextFor(set: ParameterSet, month: string): MonthContext {
  if (lastContext !== undefined && lastContext.set === set && lastContext.context.month === month) {
    return lastContext.context;
  }
  let byMonth = contexts.get(set);
  if (byMonth === undefined) {
    byMonth = new Map();
    contexts.set(set, byMonth);
  }
  let context = byMonth.get(month);
  if (context === undefined) {
    context = new MonthContext(set, month);
    byMonth.set(month, context);
  }
  lastContext = { set, context };
  return context;
}

function cite<Id extends ParameterId>(
  version: ParameterVersion<Id>,
  valueUsed: number | string,
): TraceParameter {
  return {
    id: version.parameterId,
    effectiveFrom: version.effectiveFrom,
    status: version.status,
    source: version.source,
    valueUsed,
  };
}

// Every trace line is built here, with the same keys in the same order, so that the engine sees
// one object shape; absent optional fields are undefined (and vanish in JSON).
function line(
  section: TraceLine['section'],
  kind: TraceLineKind,
  label: string,
  amount: number,
  source: string,
  legalReference: TraceLegalReference | undefined,
  parameters: readonly TraceParameter[],
  extra?: {
    memberIds?: readonly string[];
    reported?: number;
    notCounted?: number;
    calculation?: string;
    exactOre?: number;
  },
): TraceLine {
  return {
    section,
    kind,
    label,
    amount,
    memberIds: extra?.memberIds,
    reported: extra?.reported,
    notCounted: extra?.notCounted,
    calculation: extra?.calculation,
    exactOre: extra?.exactOre,
    parameters,
    source,
    legalReference,
  };
}

const NO_PARAMETERS: readonly TraceParameter[] = Object.freeze([]);

function peopleLabel(size: number): string {
  return size === 1 ? '1 person' : `${size} personer`;
}

/**
 * Calculates försörjningsstöd for one household and one calendar month, using the parameter
 * versions in force on the first day of the month. Expects input that passed
 * `parseHouseholdMonth`. Throws `MissingParameterError` (code `missing_parameter`) when a
 * parameter the household needs has no version for the month, and `CalculationInputError` for
 * a child past the oldest age band.
 */
export function calculateIncomeSupport(
  input: HouseholdMonth,
  set: ParameterSet,
  options: CalculateOptions = {},
): CalculationResult {
  const traced = options.trace !== false;
  const context = contextFor(set, input.month);
  const month = context.month;
  const currentMonth = context.index;
  const trace: TraceLine[] = [];
  // Which parameters and provisions the result depends on; listed in a fixed order at the end.
  const uses = new Set<ParameterId>();
  let citesDisregard = false;
  let citesChildIncome = false;
  // Norm: personal costs.
  const members = input.members;
  let adultCount = 0;
  let firstAdult = '';
  let secondAdult = '';
  for (const member of members) {
    if (member.role !== 'adult') continue;
    adultCount += 1;
    if (adultCount === 1) firstAdult = member.id;
    else secondAdult = member.id;
  }
  // The adults' norm is looked up first, so a month without a table reports that table.
  const adultNorm = context.version('national-norm.adults');
  uses.add('national-norm.adults');
  const normReference = traced
    ? context.provision('economic-assistance.national-norm').reference
    : undefined;
  const rightReference = traced
    ? context.provision('economic-assistance.right').reference
    : undefined;

  const couple = adultCount === 2;
  let personalCosts = couple ? adultNorm.value.couple : adultNorm.value.single;
  if (traced) {
    trace.push(
      couple
        ? line(
            'norm',
            'adult_couple',
            `Personlig kostnad, sammanboende (${firstAdult} och ${secondAdult})`,
            personalCosts,
            adultNorm.source,
            normReference,
            [cite(adultNorm, personalCosts)],
            { memberIds: [firstAdult, secondAdult] },
          )
        : line(
            'norm',
            'adult_single',
            `Personlig kostnad, ensamstående vuxen (${firstAdult})`,
            personalCosts,
            adultNorm.source,
            normReference,
            [cite(adultNorm, personalCosts)],
            { memberIds: [firstAdult] },
          ),
    );
  }

  if (adultCount < members.length) {
    const childNorm = context.version('national-norm.children');
    const transition = context.version('age-band-transition');
    uses.add('national-norm.children');
    const rule = transition.value.rule;
    const alternative = otherTransitionRule(rule);
    for (let index = 0; index < members.length; index += 1) {
      const member = members[index];
      if (member === undefined || member.role !== 'child') continue;
      const sinceBirth = currentMonth - monthIndex(member.birthDate);
      const band = findChildBand(childNorm.value, ageForMonth(sinceBirth, rule));
      if (band === undefined) {
        throw new CalculationInputError(
          `members[${index}].birthDate`,
          `a child must be under 21 in ${month}; '${member.id}' is past the oldest age band of the norm`,
        );
      }
      const lunch = member.lunchOutsideHome === true;
      const amount = childBandAmount(band, lunch);
      personalCosts += amount;
      // The transition rule is cited only where it decided the amount: a birthday this month
      // that moves the child to a band with another amount.
      const otherBand = findChildBand(childNorm.value, ageForMonth(sinceBirth, alternative));
      const decisive = otherBand === undefined || childBandAmount(otherBand, lunch) !== amount;
      if (decisive) uses.add('age-band-transition');
      if (traced) {
        trace.push(
          line(
            'norm',
            'child',
            `${context.bandLabel(band, lunch)} (${member.id})`,
            amount,
            childNorm.source,
            normReference,
            decisive
              ? [cite(childNorm, amount), cite(transition, rule)]
              : [cite(childNorm, amount)],
            {
              memberIds: [member.id],
              calculation: decisive
                ? `Fyller ${ageForMonth(sinceBirth, 'from-birthday-month')} år i ${month}; ${
                    rule === 'from-month-after-birthday'
                      ? 'ny åldersgrupp från och med månaden efter födelsemånaden'
                      : 'ny åldersgrupp från och med födelsemånaden'
                  }`
                : undefined,
            },
          ),
        );
      }
    }
  }

  // Norm: common household costs, or the applicant's share of a household community's.
  const commonNorm = context.version('national-norm.household-common-costs');
  uses.add('national-norm.household-common-costs');
  let householdCosts: number;
  const community = input.householdCommunitySize ?? null;
  if (community !== null) {
    const common = householdCommonCosts(commonNorm.value, community);
    householdCosts = divideRoundingHalfUp(common, community);
    if (traced) {
      const exact = common % community === 0;
      const exactOre = divideRoundingHalfUp(common * 100, community);
      trace.push(
        line(
          'norm',
          'household_community_share',
          `Andel av gemensamma hushållskostnader, hushållsgemenskap med ${peopleLabel(community)}`,
          householdCosts,
          commonNorm.source,
          normReference,
          [cite(commonNorm, common)],
          {
            calculation: exact
              ? `${formatKronor(common)} ÷ ${community} = ${formatKronor(householdCosts)}`
              : `${formatKronor(common)} ÷ ${community} = ${formatOre(exactOre)}, avrundat till ${formatKronor(householdCosts)}`,
            exactOre: exact ? undefined : exactOre,
          },
        ),
      );
    }
  } else {
    const size = members.length;
    householdCosts = householdCommonCosts(commonNorm.value, size);
    if (traced) {
      const beyond = size - TABULATED_HOUSEHOLD_SIZES;
      const extra = extraMemberAmount(commonNorm.value);
      trace.push(
        line(
          'norm',
          'household_common_costs',
          `Gemensamma hushållskostnader, ${peopleLabel(size)}`,
          householdCosts,
          commonNorm.source,
          normReference,
          [cite(commonNorm, householdCosts)],
          beyond > 0
            ? {
                calculation: `${formatKronor(householdCosts - beyond * extra)} för 7 personer + ${beyond} × ${formatKronor(extra)} (skillnaden mellan 7 och 6 personer) = ${formatKronor(householdCosts)}`,
              }
            : undefined,
        ),
      );
    }
  }
  const normTotal = personalCosts + householdCosts;

  // Reasonable costs, each counted as applied for.
  let costTotal = 0;
  for (const cost of input.costs) {
    costTotal += cost.amount;
    if (traced) {
      const other = cost.type === 'other';
      trace.push(
        line(
          'reasonable_costs',
          'cost',
          other && cost.description !== undefined
            ? `Övrig kostnad: ${cost.description}`
            : COST_LABELS[cost.type],
          cost.amount,
          APPLICATION_SOURCE,
          // 12 kap. 7 § första stycket 2 lists these costs; any other approved need is
          // assistance for livsföring i övrigt under 12 kap. 1 §.
          other ? rightReference : normReference,
          NO_PARAMETERS,
        ),
      );
    }
  }

  // Incomes: in full, except employment income under job stimulus and children's earnings.
  const incomes = input.incomes;
  let reported = 0;
  let counted = 0;
  for (let position = 0; position < incomes.length; position += 1) {
    const income = incomes[position];
    if (income === undefined) continue;
    reported += income.amount;
    const memberId = income.memberId;
    if (income.type !== 'salary' || memberId === undefined) {
      counted += income.amount;
      if (traced) {
        const base =
          income.type === 'other' && income.description !== undefined
            ? `Övrig inkomst: ${income.description}`
            : INCOME_LABELS[income.type];
        trace.push(
          line(
            'income',
            'income',
            memberId === undefined ? base : `${base} (${memberId})`,
            income.amount,
            APPLICATION_SOURCE,
            rightReference,
            NO_PARAMETERS,
            {
              memberIds: memberId === undefined ? undefined : [memberId],
              reported: income.amount,
              notCounted: 0,
            },
          ),
        );
      }
      continue;
    }
    // A member's salaries are taken together (the rules speak of the person's income), at the
    // first of them.
    if (hasEarlierSalary(incomes, position, memberId)) continue;
    let salary = 0;
    let parts = 0;
    for (let later = position; later < incomes.length; later += 1) {
      const other = incomes[later];
      if (other?.type === 'salary' && other.memberId === memberId) {
        salary += other.amount;
        parts += 1;
      }
    }
    const partsText = traced && parts > 1 ? salaryParts(incomes, memberId, salary) : '';
    const member = members.find((candidate) => candidate.id === memberId);

    if (member?.role === 'child') {
      citesChildIncome = true;
      let part = 0;
      let calculation = `${partsText}ingen arbetsinkomst denna månad`;
      let parameters = NO_PARAMETERS;
      if (salary > 0) {
        const pbb = context.version('prisbasbelopp');
        uses.add('prisbasbelopp');
        const before = member.earnedIncomeYearToDate ?? 0;
        part = countedChildEarnings(before, salary, pbb.value);
        if (traced) {
          calculation = `${partsText}hittills i år ${formatKronor(before)} + denna månad ${formatKronor(salary)} = ${formatKronor(before + salary)}; det som överstiger ett prisbasbelopp (${formatKronor(pbb.value)}) räknas: ${formatKronor(part)}`;
          parameters = [cite(pbb, pbb.value)];
        }
      }
      counted += part;
      if (traced) {
        trace.push(
          line(
            'income',
            'child_earnings',
            `Lön (${memberId}), barns inkomst av eget arbete räknas bara över ett prisbasbelopp per år`,
            part,
            APPLICATION_SOURCE,
            context.provision('economic-assistance.child-income').reference,
            parameters,
            { memberIds: [memberId], reported: salary, notCounted: salary - part, calculation },
          ),
        );
      }
      continue;
    }

    const window =
      salary > 0 ? input.jobStimulus?.find((entry) => entry.memberId === memberId) : undefined;
    if (window === undefined) {
      counted += salary;
      if (traced) {
        trace.push(
          line(
            'income',
            'salary',
            `Lön (${memberId})`,
            salary,
            APPLICATION_SOURCE,
            rightReference,
            NO_PARAMETERS,
            {
              memberIds: [memberId],
              reported: salary,
              notCounted: 0,
              calculation: partsText === '' ? undefined : partsText.slice(0, -2),
            },
          ),
        );
      }
      continue;
    }
    const stimulus = context.version('job-stimulus');
    uses.add('job-stimulus');
    const start = monthIndex(window.windowStart);
    const end = start + stimulus.value.windowMonths - 1;
    const inside = currentMonth >= start && currentMonth <= end;
    const percent = stimulus.value.disregardedPercent;
    const disregard = inside ? jobStimulusDisregard(salary, percent) : 0;
    if (inside) citesDisregard = true;
    counted += salary - disregard;
    if (traced) {
      const period = `${window.windowStart}–${monthFromIndex(end)}`;
      const exactOre = salary * percent;
      const rounded = exactOre % 100 !== 0;
      trace.push(
        line(
          'income',
          inside ? 'salary_job_stimulus' : 'salary',
          inside
            ? `Lön (${memberId}), ${percent} % räknas inte (jobbstimulans)`
            : `Lön (${memberId})`,
          salary - disregard,
          APPLICATION_SOURCE,
          inside
            ? context.provision('economic-assistance.earned-income-disregard').reference
            : rightReference,
          [cite(stimulus, inside ? `${percent} %` : `${stimulus.value.windowMonths} månader`)],
          {
            memberIds: [memberId],
            reported: salary,
            notCounted: disregard,
            calculation: inside
              ? `${partsText}${formatKronor(salary)} − ${percent} % (${rounded ? `${formatOre(exactOre)}, avrundat till ` : ''}${formatKronor(disregard)}) = ${formatKronor(salary - disregard)}; jobbstimulans ${period}`
              : `${partsText}räknas i sin helhet: utanför jobbstimulansens period ${period}`,
            exactOre: inside && rounded ? exactOre : undefined,
          },
        ),
      );
    }
  }

  const need = normTotal + costTotal;
  const amount = need > counted ? need - counted : 0;
  const surplus = counted > need ? counted - need : 0;

  if (traced) {
    const amountReference = rightReference;
    trace.push(
      line(
        'result',
        'total_norm',
        'Summa riksnorm',
        normTotal,
        CALCULATION_SOURCE,
        undefined,
        NO_PARAMETERS,
      ),
    );
    trace.push(
      line(
        'result',
        'total_reasonable_costs',
        'Summa skäliga kostnader',
        costTotal,
        CALCULATION_SOURCE,
        undefined,
        NO_PARAMETERS,
      ),
    );
    trace.push(
      line(
        'result',
        'total_need',
        'Summa behov (riksnorm och skäliga kostnader)',
        need,
        CALCULATION_SOURCE,
        undefined,
        NO_PARAMETERS,
      ),
    );
    trace.push(
      line(
        'result',
        'total_counted_income',
        'Summa inkomster som räknas',
        counted,
        CALCULATION_SOURCE,
        undefined,
        NO_PARAMETERS,
      ),
    );
    trace.push(
      line(
        'result',
        'amount',
        'Försörjningsstöd',
        amount,
        CALCULATION_SOURCE,
        amountReference,
        NO_PARAMETERS,
      ),
    );
    if (surplus > 0) {
      trace.push(
        line(
          'result',
          'surplus',
          'Överskott (inkomster som räknas över behovet)',
          surplus,
          CALCULATION_SOURCE,
          undefined,
          NO_PARAMETERS,
        ),
      );
    }
  }

  const parameters: UsedParameter[] = [];
  let usesDerivedParameters = false;
  for (const id of PARAMETER_ORDER) {
    if (!uses.has(id)) continue;
    const used = context.used(id);
    parameters.push(used);
    if (used.status === 'derived') usesDerivedParameters = true;
  }

  // Resolved in both modes, so that a month without a catalogued provision fails either way.
  const legalReferences: CitedProvision[] = [];
  for (const id of CITED_PROVISIONS) {
    if (!isCited(id, citesDisregard, citesChildIncome)) continue;
    legalReferences.push(context.provision(id).cited);
  }

  return {
    month,
    amount,
    surplus,
    need,
    norm: { total: normTotal, personalCosts, householdCosts },
    reasonableCosts: { total: costTotal },
    income: { reported, notCounted: reported - counted, counted },
    parameters,
    usesDerivedParameters,
    legalReferences,
    trace,
  };
}

function isCited(id: CitedProvisionId, disregard: boolean, childIncome: boolean): boolean {
  if (id === 'economic-assistance.earned-income-disregard') return disregard;
  if (id === 'economic-assistance.child-income') return childIncome;
  return true;
}

function hasEarlierSalary(
  incomes: HouseholdMonth['incomes'],
  position: number,
  memberId: string,
): boolean {
  for (let earlier = 0; earlier < position; earlier += 1) {
    const income = incomes[earlier];
    if (income?.type === 'salary' && income.memberId === memberId) return true;
  }
  return false;
}

// "4 000 kr + 2 001 kr = 6 001 kr; " for a member with several salaries.
function salaryParts(incomes: HouseholdMonth['incomes'], memberId: string, total: number): string {
  const parts: string[] = [];
  for (const income of incomes) {
    if (income.type === 'salary' && income.memberId === memberId)
      parts.push(formatKronor(income.amount));
  }
  return `${parts.join(' + ')} = ${formatKronor(total)}; `;
}
