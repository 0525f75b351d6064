// The catalogue of legal parameters: ids, names, the shape of each value and how long a version lasts.
import { z } from 'zod';

/** Every parameter the rules know. A data file or override for any other id is refused. */
export const PARAMETER_IDS = [
  'national-norm.adults',
  'national-norm.children',
  'national-norm.household-common-costs',
  'prisbasbelopp',
  'job-stimulus',
  'age-band-transition',
] as const;

export type ParameterId = (typeof PARAMETER_IDS)[number];

/**
 * `calendar-year`: the value is set for one calendar year at a time (the riksnorm "för ett hushåll
 * under 2025", a prisbasbelopp "för år 2026"), so a version lapses on 31 December even when no
 * successor exists: a 2024 calculation must not silently use the 2021 table.
 * `until-replaced`: the value holds until a later version replaces it (a statutory rule).
 */
export type ParameterValidity = 'calendar-year' | 'until-replaced';

/**
 * `verified`: confirmed against the published text cited as source. `derived`: computed or
 * inferred, not yet confirmed against the published text; a calculation using it says so.
 */
export const PARAMETER_STATUSES = ['verified', 'derived'] as const;
export type ParameterStatus = (typeof PARAMETER_STATUSES)[number];

// Amounts in whole kronor; the ceiling keeps every sum inside the 32-bit columns of the batch path.
const kronor = z.int().min(0).max(10_000_000);

export type AdultNormValue = { readonly single: number; readonly couple: number };

const adultNormSchema = z.strictObject({
  /** Personliga kostnader för en ensamstående vuxen. */
  single: kronor,
  /** Personliga kostnader för sambor: one amount for the couple together. */
  couple: kronor,
});

export type ChildNormBand = {
  readonly minAge: number;
  readonly maxAge: number;
  readonly amount: number;
  /** The lower amount for a child who eats lunch outside the home five days a week. */
  readonly amountWithoutLunch?: number | undefined;
};

export type ChildNormValue = { readonly bands: readonly ChildNormBand[] };

/** Children and school youths living at home are covered up to and including this age. */
export const OLDEST_CHILD_AGE = 20;

const childNormSchema = z
  .strictObject({
    bands: z
      .array(
        z.strictObject({
          minAge: z.int().min(0).max(OLDEST_CHILD_AGE),
          maxAge: z.int().min(0).max(OLDEST_CHILD_AGE),
          amount: kronor,
          amountWithoutLunch: kronor.optional(),
        }),
      )
      .min(1),
  })
  .superRefine((value, context) => {
    // The bands must cover 0–20 without gaps or overlaps, or some child would get no amount.
    let expectedMin = 0;
    value.bands.forEach((band, index) => {
      if (band.minAge !== expectedMin) {
        context.addIssue({
          code: 'custom',
          path: ['bands', index, 'minAge'],
          message: `expected minAge ${expectedMin} so that the bands cover every age without gaps or overlaps`,
        });
      }
      if (band.maxAge < band.minAge) {
        context.addIssue({
          code: 'custom',
          path: ['bands', index, 'maxAge'],
          message: `maxAge ${band.maxAge} is below minAge ${band.minAge}`,
        });
      }
      if (band.amountWithoutLunch !== undefined && band.amountWithoutLunch > band.amount) {
        context.addIssue({
          code: 'custom',
          path: ['bands', index, 'amountWithoutLunch'],
          message: 'the amount without lunch at home cannot exceed the full amount',
        });
      }
      expectedMin = band.maxAge + 1;
    });
    const last = value.bands.at(-1);
    if (last !== undefined && last.maxAge !== OLDEST_CHILD_AGE) {
      context.addIssue({
        code: 'custom',
        path: ['bands', value.bands.length - 1, 'maxAge'],
        message: `the last band must end at age ${OLDEST_CHILD_AGE}`,
      });
    }
  });

/** Household sizes with their own amount in the table; larger households extend it (12 kap. 3 §). */
export const TABULATED_HOUSEHOLD_SIZES = 7;

export type HouseholdCommonCostsValue = {
  readonly bySize: {
    readonly '1': number;
    readonly '2': number;
    readonly '3': number;
    readonly '4': number;
    readonly '5': number;
    readonly '6': number;
    readonly '7': number;
  };
};

const householdCommonCostsSchema = z.strictObject({
  bySize: z.strictObject({
    '1': kronor,
    '2': kronor,
    '3': kronor,
    '4': kronor,
    '5': kronor,
    '6': kronor,
    '7': kronor,
  }),
});

const prisbasbeloppSchema = z.int().min(1).max(10_000_000);

export type JobStimulusValue = {
  /** Share of income from employment that is not counted, in whole percent. */
  readonly disregardedPercent: number;
  /** Consecutive months of försörjningsstöd that qualify; the case system applies it. */
  readonly qualifyingMonths: number;
  /** Length of the window in which the disregard applies, in months. */
  readonly windowMonths: number;
};

const jobStimulusSchema = z.strictObject({
  // Whole percent keeps the disregard exact in integer arithmetic (25 % of 6 002 kr = 1 500,50 kr).
  disregardedPercent: z.int().min(0).max(100),
  qualifyingMonths: z.int().min(1).max(120),
  windowMonths: z.int().min(1).max(120),
});

export const AGE_BAND_TRANSITION_RULES = [
  'from-month-after-birthday',
  'from-birthday-month',
] as const;
export type AgeBandTransitionRule = (typeof AGE_BAND_TRANSITION_RULES)[number];
export type AgeBandTransitionValue = { readonly rule: AgeBandTransitionRule };

const ageBandTransitionSchema = z.strictObject({ rule: z.enum(AGE_BAND_TRANSITION_RULES) });

/** The type of each parameter's value. */
export type ParameterValues = {
  'national-norm.adults': AdultNormValue;
  'national-norm.children': ChildNormValue;
  'national-norm.household-common-costs': HouseholdCommonCostsValue;
  prisbasbelopp: number;
  'job-stimulus': JobStimulusValue;
  'age-band-transition': AgeBandTransitionValue;
};

export type ParameterDefinition = {
  readonly id: ParameterId;
  /** Swedish name, as in a decision letter. */
  readonly titleSv: string;
  readonly titleEn: string;
  readonly validity: ParameterValidity;
  readonly valueSchema: z.ZodType;
};

const DEFINITIONS: Readonly<Record<ParameterId, ParameterDefinition>> = {
  'national-norm.adults': {
    id: 'national-norm.adults',
    titleSv: 'riksnorm, personliga kostnader för vuxna',
    titleEn: "national norm, adults' personal costs",
    validity: 'calendar-year',
    valueSchema: adultNormSchema,
  },
  'national-norm.children': {
    id: 'national-norm.children',
    titleSv: 'riksnorm, personliga kostnader för barn och skolungdomar',
    titleEn: "national norm, children's personal costs",
    validity: 'calendar-year',
    valueSchema: childNormSchema,
  },
  'national-norm.household-common-costs': {
    id: 'national-norm.household-common-costs',
    titleSv: 'riksnorm, gemensamma hushållskostnader',
    titleEn: 'national norm, common household costs',
    validity: 'calendar-year',
    valueSchema: householdCommonCostsSchema,
  },
  prisbasbelopp: {
    id: 'prisbasbelopp',
    titleSv: 'prisbasbelopp',
    titleEn: 'price base amount (prisbasbelopp)',
    validity: 'calendar-year',
    valueSchema: prisbasbeloppSchema,
  },
  'job-stimulus': {
    id: 'job-stimulus',
    titleSv: 'jobbstimulans (särskild beräkningsregel)',
    titleEn: 'job stimulus (earned-income disregard)',
    validity: 'until-replaced',
    valueSchema: jobStimulusSchema,
  },
  'age-band-transition': {
    id: 'age-band-transition',
    titleSv: 'övergång till nästa åldersgrupp i riksnormen',
    titleEn: 'age-band transition month in the national norm',
    validity: 'until-replaced',
    valueSchema: ageBandTransitionSchema,
  },
};

const KNOWN_IDS: ReadonlySet<string> = new Set(PARAMETER_IDS);

export function isParameterId(value: string): value is ParameterId {
  return KNOWN_IDS.has(value);
}

/** The definition of a known parameter id. */
export function getParameterDefinition(id: ParameterId): ParameterDefinition {
  return DEFINITIONS[id];
}

/** One problem with a value: `path` is dotted (`bands[2].amount`), empty for the value itself. */
export type ValueProblem = {
  readonly path: readonly (string | number)[];
  readonly message: string;
};

export type ParameterValueValidation =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly errors: readonly { path: string; message: string }[] };

/** Formats a path like `bands[2].amount`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

/** Problems with `value` as a value of parameter `id`, with paths as arrays; empty when valid. */
export function parameterValueProblems(id: ParameterId, value: unknown): ValueProblem[] {
  const result = DEFINITIONS[id].valueSchema.safeParse(value);
  if (result.success) return [];
  const problems: ValueProblem[] = [];
  for (const issue of result.error.issues) {
    const path = issue.path.filter(
      (segment): segment is string | number => typeof segment !== 'symbol',
    );
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ path: [...path, key], message: 'unknown key' });
    } else {
      problems.push({ path, message: issue.message });
    }
  }
  return problems;
}

/**
 * Checks a value against a parameter's value shape before it is stored, e.g. official 2026
 * figures entered by an administrator. An unknown parameter id is an error too.
 */
export function validateParameterValue(
  parameterId: string,
  value: unknown,
): ParameterValueValidation {
  if (!isParameterId(parameterId)) {
    return {
      ok: false,
      errors: [
        {
          path: '',
          message: `unknown parameter '${parameterId}'; known: ${PARAMETER_IDS.join(', ')}`,
        },
      ],
    };
  }
  const problems = parameterValueProblems(parameterId, value);
  if (problems.length === 0) return { ok: true, value };
  return {
    ok: false,
    errors: problems.map((problem) => ({
      path: formatPath(problem.path),
      message: problem.message,
    })),
  };
}
