// Delegation (delegationsordning): which role may decide which kind of decision, up to which amount.
import type { DecisionOutcome } from '../case/case-actions.ts';
import type { StaffRole } from '../roles.ts';
import { isAdverse, type DecisionKind } from './decision-kinds.ts';

/** One line of a municipality's delegation order. `maxAmount` null: no upper limit. */
export type DelegationRule = {
  readonly role: StaffRole;
  readonly kind: DecisionKind;
  /** Whole kronor for the month; a decision paying more needs a rule with a higher limit. */
  readonly maxAmount: number | null;
  /** Whether the role may also decide refusals, partial grants and reductions of this kind. */
  readonly mayDecideAdverse: boolean;
};

export type DelegationCheck =
  | { readonly allowed: true; readonly rule: DelegationRule }
  | {
      readonly allowed: false;
      readonly message: string;
      /** Roles whose delegation covers the decision: whom to route it to. */
      readonly eligibleRoles: readonly StaffRole[];
    };

function covers(
  rule: DelegationRule,
  kind: DecisionKind,
  outcome: DecisionOutcome,
  amount: number,
): boolean {
  return (
    rule.kind === kind &&
    (rule.maxAmount === null || amount <= rule.maxAmount) &&
    (rule.mayDecideAdverse || !isAdverse(kind, outcome))
  );
}

/** The roles whose delegation covers `decision` (each once, in rule order). */
export function coveringRoles(
  rules: readonly DelegationRule[],
  decision: {
    readonly kind: DecisionKind;
    readonly outcome: DecisionOutcome;
    readonly amount: number;
  },
): StaffRole[] {
  return [
    ...new Set(
      rules
        .filter((rule) => covers(rule, decision.kind, decision.outcome, decision.amount))
        .map((rule) => rule.role),
    ),
  ];
}

/** Deny by default: a decision no rule covers can be signed by nobody. */
export function checkDelegation(
  rules: readonly DelegationRule[],
  signerRoles: readonly StaffRole[],
  decision: {
    readonly kind: DecisionKind;
    readonly outcome: DecisionOutcome;
    readonly amount: number;
  },
): DelegationCheck {
  const applicable = rules.filter((rule) =>
    covers(rule, decision.kind, decision.outcome, decision.amount),
  );
  const mine = applicable.find((rule) => signerRoles.includes(rule.role));
  if (mine) return { allowed: true, rule: mine };
  const eligibleRoles = coveringRoles(applicable, decision);
  return {
    allowed: false,
    eligibleRoles,
    message:
      eligibleRoles.length === 0
        ? 'Ingen roll har delegation att fatta det här beslutet. Kontakta den som förvaltar delegationsordningen.'
        : 'Beslutet ligger utanför din delegation. Skicka det till någon med delegation att besluta.',
  };
}
