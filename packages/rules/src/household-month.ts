// The input of one calculation, one household for one calendar month: schema and strict parsing.
import { z } from 'zod';
import { lastDayOfMonth } from './plain-month.ts';
import { formatPath } from './parameter-definitions.ts';

export const COST_TYPES = [
  'rent',
  'electricity',
  'work_travel',
  'home_insurance',
  'union_fee',
  'unemployment_fund_fee',
  'other',
] as const;
export type CostType = (typeof COST_TYPES)[number];

export const INCOME_TYPES = [
  'salary',
  'child_allowance',
  'housing_allowance',
  'maintenance_support',
  'sickness_benefit',
  'unemployment_benefit',
  'other',
] as const;
export type IncomeType = (typeof INCOME_TYPES)[number];

/** Bounds that keep every sum inside the 32-bit integer columns of the batch path. */
export const INPUT_LIMITS = Object.freeze({
  maxAmount: 10_000_000,
  maxMembers: 30,
  maxItems: 100,
  maxCommunitySize: 100,
});

// Patterns rather than bare refinements, so that the JSON Schema in the OpenAPI document says
// what a month and a date look like; z.iso.date() also refuses impossible days (2025-02-30).
const month = z
  .string()
  .regex(/^\d{4}-(?:0[1-9]|1[0-2])$/, { message: 'must be a calendar month written YYYY-MM' });
const plainDate = z.iso.date({ message: 'must be a real calendar date written YYYY-MM-DD' });
const memberId = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,64}$/, { message: 'must be 1–64 letters, digits, _ . or -' });
const kronor = z.int().min(0).max(INPUT_LIMITS.maxAmount);

const memberSchema = z.strictObject({
  id: memberId,
  /** `child` covers hemmavarande barn and school youths up to and including 20. */
  role: z.enum(['adult', 'child']),
  birthDate: plainDate,
  /** Adults only: the member this adult cohabits with (sambo or spouse); must point back. */
  cohabitsWith: memberId.optional(),
  /** Children only: eats lunch outside the home five days a week (lower norm for ages 0–6). */
  lunchOutsideHome: z.boolean().optional(),
  /** Children only: own earned income earlier this calendar year, before this month. */
  earnedIncomeYearToDate: kronor.optional(),
});

const costSchema = z.strictObject({
  type: z.enum(COST_TYPES),
  amount: kronor,
  /** Only for `other`: what the approved need is (e.g. "Tandvård"). */
  description: z.string().min(1).max(200).optional(),
});

const incomeSchema = z.strictObject({
  type: z.enum(INCOME_TYPES),
  /** Whose income it is; required for `salary`, whose rules depend on the earner. */
  memberId: memberId.optional(),
  amount: kronor,
  description: z.string().min(1).max(200).optional(),
});

const jobStimulusSchema = z.strictObject({
  memberId,
  /** First month of the 24-month window (after six consecutive months of försörjningsstöd). */
  windowStart: month,
});

/**
 * One household for one calendar month, as the CLI and `POST /api/v1/calculations` accept it.
 * Objects are strict (unknown keys are errors); cross-field rules are checked by a refinement.
 */
export const householdMonthSchema = z
  .strictObject({
    month,
    members: z.array(memberSchema).min(1).max(INPUT_LIMITS.maxMembers),
    /**
     * For one adult who is not a cohabitant but lives in a household community: the number of
     * people living there, the applicant included. Null or absent otherwise.
     */
    householdCommunitySize: z.int().min(2).max(INPUT_LIMITS.maxCommunitySize).nullable().optional(),
    costs: z.array(costSchema).max(INPUT_LIMITS.maxItems),
    incomes: z.array(incomeSchema).max(INPUT_LIMITS.maxItems),
    jobStimulus: z.array(jobStimulusSchema).max(INPUT_LIMITS.maxMembers).optional(),
  })
  .superRefine((household, context) => {
    for (const problem of householdProblems(household)) {
      context.addIssue({ code: 'custom', path: [...problem.path], message: problem.message });
    }
  });

export type HouseholdMonth = z.output<typeof householdMonthSchema>;
export type HouseholdMember = HouseholdMonth['members'][number];
export type HouseholdCost = HouseholdMonth['costs'][number];
export type HouseholdIncome = HouseholdMonth['incomes'][number];

type Problem = { path: readonly (string | number)[]; message: string };

// The rules a schema of independent fields cannot express: references between members, ages
// against the month, and which fields belong to which role.
function householdProblems(household: {
  month: string;
  members: readonly {
    id: string;
    role: 'adult' | 'child';
    birthDate: string;
    cohabitsWith?: string | undefined;
    lunchOutsideHome?: boolean | undefined;
    earnedIncomeYearToDate?: number | undefined;
  }[];
  householdCommunitySize?: number | null | undefined;
  costs: readonly { type: CostType; description?: string | undefined }[];
  incomes: readonly {
    type: IncomeType;
    memberId?: string | undefined;
    description?: string | undefined;
  }[];
  jobStimulus?: readonly { memberId: string }[] | undefined;
}): Problem[] {
  const problems: Problem[] = [];
  const lastDay = lastDayOfMonth(household.month);
  const byId = new Map<string, (typeof household.members)[number]>();

  household.members.forEach((member, index) => {
    const at = (field: string): readonly (string | number)[] => ['members', index, field];
    if (byId.has(member.id))
      problems.push({ path: at('id'), message: `duplicate member id '${member.id}'` });
    byId.set(member.id, member);
    if (member.birthDate > lastDay) {
      problems.push({
        path: at('birthDate'),
        message: `born after the month being calculated (${household.month})`,
      });
    }
    if (member.role === 'child') {
      if (member.cohabitsWith !== undefined) {
        problems.push({ path: at('cohabitsWith'), message: 'a child cannot be a cohabitant' });
      }
    } else {
      if (member.lunchOutsideHome !== undefined) {
        problems.push({ path: at('lunchOutsideHome'), message: 'applies to children only' });
      }
      if (member.earnedIncomeYearToDate !== undefined) {
        problems.push({ path: at('earnedIncomeYearToDate'), message: 'applies to children only' });
      }
    }
  });

  const adults = household.members.filter((member) => member.role === 'adult');
  household.members.forEach((member, index) => {
    if (member.role !== 'adult' || member.cohabitsWith === undefined) return;
    const path = ['members', index, 'cohabitsWith'] as const;
    const partner = byId.get(member.cohabitsWith);
    if (member.cohabitsWith === member.id) {
      problems.push({ path, message: 'a member cannot cohabit with themself' });
    } else if (partner === undefined) {
      problems.push({ path, message: `no member has id '${member.cohabitsWith}'` });
    } else if (partner.role !== 'adult') {
      problems.push({ path, message: `'${partner.id}' is a child, not an adult` });
    } else if (partner.cohabitsWith !== member.id) {
      problems.push({ path, message: `'${partner.id}' does not point back with cohabitsWith` });
    }
  });
  if (adults.length === 0) {
    problems.push({ path: ['members'], message: 'at least one adult must apply' });
  } else if (adults.length === 2) {
    // Two adults share one application only as a couple; anyone else in the home is a case of
    // their own (12 kap. 3 § andra stycket SoF 2025:468 for a non-cohabitant in a community).
    const index = household.members.findIndex(
      (member) => member.role === 'adult' && member.cohabitsWith === undefined,
    );
    if (index >= 0) {
      problems.push({
        path: ['members', index, 'cohabitsWith'],
        message: 'two adults in one application must be cohabitants pointing at each other',
      });
    }
  } else if (adults.length > 2) {
    problems.push({
      path: ['members'],
      message: 'at most two adults (one couple) can share one application',
    });
  }

  const community = household.householdCommunitySize;
  if (community !== undefined && community !== null) {
    const oneAdultOnly =
      adults.length === 1 &&
      household.members.length === 1 &&
      adults[0]?.cohabitsWith === undefined;
    if (!oneAdultOnly) {
      problems.push({
        path: ['householdCommunitySize'],
        message:
          'applies to one adult who is not a cohabitant and applies alone (SoF 2025:468 12 kap. 3 § andra stycket)',
      });
    }
  }

  household.costs.forEach((cost, index) => {
    if (cost.description !== undefined && cost.type !== 'other') {
      problems.push({
        path: ['costs', index, 'description'],
        message: "only a cost of type 'other' has a description",
      });
    }
  });

  const salaried = new Set<string>();
  household.incomes.forEach((income, index) => {
    if (income.description !== undefined && income.type !== 'other') {
      problems.push({
        path: ['incomes', index, 'description'],
        message: "only an income of type 'other' has a description",
      });
    }
    if (income.memberId === undefined) {
      if (income.type === 'salary') {
        problems.push({
          path: ['incomes', index, 'memberId'],
          message: 'a salary must name the member who earned it',
        });
      }
      return;
    }
    if (!byId.has(income.memberId)) {
      problems.push({
        path: ['incomes', index, 'memberId'],
        message: `no member has id '${income.memberId}'`,
      });
    } else if (income.type === 'salary') {
      salaried.add(income.memberId);
    }
  });
  household.members.forEach((member, index) => {
    if (
      member.role === 'child' &&
      salaried.has(member.id) &&
      member.earnedIncomeYearToDate === undefined
    ) {
      problems.push({
        path: ['members', index, 'earnedIncomeYearToDate'],
        message:
          "required for a child with a salary: the child's earned income this year before this month",
      });
    }
  });

  const stimulated = new Set<string>();
  (household.jobStimulus ?? []).forEach((entry, index) => {
    const path = ['jobStimulus', index, 'memberId'] as const;
    const member = byId.get(entry.memberId);
    if (member === undefined) {
      problems.push({ path, message: `no member has id '${entry.memberId}'` });
    } else if (member.role !== 'adult') {
      problems.push({
        path,
        message: "job stimulus does not apply to children's income (SoL 2025:400 12 kap. 8 §)",
      });
    }
    if (stimulated.has(entry.memberId)) {
      problems.push({ path, message: `a second job stimulus window for '${entry.memberId}'` });
    }
    stimulated.add(entry.memberId);
  });
  return problems;
}

export type ValidationError = { readonly path: string; readonly message: string };

export type ParseHouseholdMonthResult =
  | { readonly ok: true; readonly value: HouseholdMonth }
  | { readonly ok: false; readonly errors: readonly ValidationError[] };

/**
 * Validates untrusted JSON as one household-month. Errors name the field path, e.g.
 * `members[1].cohabitsWith` or `incomes[0].type`; an unknown key is reported at its own path.
 */
export function parseHouseholdMonth(json: unknown): ParseHouseholdMonthResult {
  const result = householdMonthSchema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const errors: ValidationError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({ path: formatPath([...issue.path, key]), message: 'unknown key' });
      }
    } else {
      errors.push({ path: formatPath(issue.path), message: issue.message });
    }
  }
  return { ok: false, errors };
}
