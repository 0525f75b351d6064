// Whether a continued application is routine: prepared in full for an officer to review and sign.

/**
 * The rules that take an application out of the routine path. `alwaysOn` rules guard against
 * anything adverse being prepared as routine, so a municipality cannot switch them off.
 */
export const ROUTINE_RULES = [
  {
    code: 'no_previous_grant',
    alwaysOn: true,
    label: 'Ingen tidigare beviljad månad att jämföra med',
  },
  { code: 'household_changed', alwaysOn: false, label: 'Hushållet har ändrats' },
  { code: 'costs_changed', alwaysOn: false, label: 'Kostnaderna har ändrats' },
  {
    code: 'income_types_changed',
    alwaysOn: false,
    label: 'Andra slags inkomster än förra månaden',
  },
  { code: 'documents_missing', alwaysOn: false, label: 'Handlingar saknas' },
  { code: 'open_flag', alwaysOn: false, label: 'Öppen flagga i ärendet' },
  { code: 'not_confirmed', alwaysOn: true, label: 'Ansökan är inte bekräftad av den sökande' },
  { code: 'would_refuse', alwaysOn: true, label: 'Beräkningen ger inget bistånd' },
  { code: 'amount_lower', alwaysOn: true, label: 'Lägre belopp än förra beviljade månaden' },
  {
    code: 'derived_parameters',
    alwaysOn: false,
    label: 'Beräkningen bygger på parametrar som inte är bekräftade mot källan',
  },
] as const;
export type RoutineRuleCode = (typeof ROUTINE_RULES)[number]['code'];
export const ROUTINE_RULE_CODES: readonly RoutineRuleCode[] = ROUTINE_RULES.map((r) => r.code);

/** Switches per municipality; a rule missing from the map is on. */
export type RoutineSettings = Readonly<Partial<Record<RoutineRuleCode, boolean>>>;

/** What is compared between this month's application and the last granted one. */
export type RoutineSnapshot = {
  /** Household members as `personId:role`, any order. */
  readonly members: readonly string[];
  readonly costs: readonly { readonly type: string; readonly amount: number }[];
  readonly incomeTypes: readonly string[];
};

export type RoutineInput = {
  readonly current: RoutineSnapshot;
  /** The last month with a granted decision, or null. */
  readonly previous: (RoutineSnapshot & { readonly amount: number }) | null;
  readonly calculatedAmount: number;
  readonly applicantConfirmed: boolean;
  readonly missingDocuments: readonly string[];
  /** Open flags in words: an open completion request, a hearing in progress, a note to check. */
  readonly openFlags: readonly string[];
  readonly usesDerivedParameters: boolean;
};

export type RoutineReason = { readonly code: RoutineRuleCode; readonly message: string };
export type RoutineClassification = {
  readonly routine: boolean;
  /** Why the application is not routine; empty when it is. */
  readonly reasons: readonly RoutineReason[];
};

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = [...new Set(a)].sort();
  const right = [...new Set(b)].sort();
  return left.length === right.length && left.every((value, i) => value === right[i]);
}

function costKey(costs: RoutineSnapshot['costs']): string[] {
  return costs.filter((c) => c.amount > 0).map((c) => `${c.type}:${String(c.amount)}`);
}

export function isRuleEnabled(settings: RoutineSettings, code: RoutineRuleCode): boolean {
  const rule = ROUTINE_RULES.find((r) => r.code === code);
  return rule?.alwaysOn === true || settings[code] !== false;
}

export function classifyContinuedApplication(
  input: RoutineInput,
  settings: RoutineSettings = {},
): RoutineClassification {
  const found: RoutineReason[] = [];
  const add = (code: RoutineRuleCode, message: string): void => {
    if (isRuleEnabled(settings, code)) found.push({ code, message });
  };
  const { current, previous } = input;
  if (previous === null) {
    add('no_previous_grant', 'Det finns ingen tidigare beviljad månad att jämföra med.');
  } else {
    if (!sameSet(current.members, previous.members)) {
      add('household_changed', 'Hushållet är inte detsamma som den senast beviljade månaden.');
    }
    if (!sameSet(costKey(current.costs), costKey(previous.costs))) {
      add('costs_changed', 'Kostnaderna skiljer sig från den senast beviljade månaden.');
    }
    if (!sameSet(current.incomeTypes, previous.incomeTypes)) {
      add('income_types_changed', 'Inkomsterna är av annat slag än den senast beviljade månaden.');
    }
    if (input.calculatedAmount > 0 && input.calculatedAmount < previous.amount) {
      add(
        'amount_lower',
        `Beräkningen ger ${String(input.calculatedAmount)} kr, mindre än förra beviljade månadens ${String(previous.amount)} kr: en handläggare ska pröva det.`,
      );
    }
  }
  if (!input.applicantConfirmed) {
    add('not_confirmed', 'Den sökande har inte bekräftat ansökan.');
  }
  if (input.calculatedAmount === 0) {
    add(
      'would_refuse',
      'Beräkningen ger inget bistånd: ett avslag prövas alltid av en handläggare.',
    );
  }
  if (input.missingDocuments.length > 0) {
    add('documents_missing', `Saknas: ${input.missingDocuments.join(', ')}.`);
  }
  for (const flag of input.openFlags) add('open_flag', flag);
  if (input.usesDerivedParameters) {
    add(
      'derived_parameters',
      'Beräkningen använder parametrar som inte är bekräftade mot publicerad källa.',
    );
  }
  return { routine: found.length === 0, reasons: found };
}

/** Names the routine rule set a prepared or automatic decision was classified by. */
export const ROUTINE_RULE_VERSION = 'routine-rules/2026-11';
