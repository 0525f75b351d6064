// Which kinds of action a case can take next: what API and UI offer, derived from the same rules.
import { CASE_ACTION_TYPES, PAYABLE_OUTCOMES, type CaseActionType } from './case-actions.ts';
import type { CaseState } from './case-state.ts';

/**
 * The action types that `appendCaseAction` can accept next. The rule, tested as a property:
 * a type is listed if and only if there is at least one action of that type which would be
 * accepted, for any `at` not before the case's last action and any `by`. A listed type may
 * still be refused for a particular payload (a duplicate month, a missing reason); an unlisted
 * type is refused whatever the payload. Who may act is the access policy's concern, not this.
 *
 * `corrected` is always listed on an opened case: replacing the opening with itself replays.
 */
export function allowedNextActions(state: CaseState | null): readonly CaseActionType[] {
  if (!state) return ['opened'];
  if (state.status === 'closed') return ['reopened', 'corrected'];
  const { firstVisit } = state;
  const allowed: Record<CaseActionType, boolean> = {
    opened: false,
    first_contact_recorded: state.firstContactAt === null,
    first_visit_booked: firstVisit.heldDate === null,
    first_visit_held: firstVisit.bookedDate !== null && firstVisit.heldDate === null,
    application_received: true,
    investigation_started: state.investigationStartedAt === null,
    decision_recorded: state.pendingApplicationMonths.length > 0,
    payment_registered: state.decisions.some((d) => PAYABLE_OUTCOMES.includes(d.outcome)),
    officer_assigned: true,
    officer_unassigned: state.officers.length > 0,
    handed_over: state.officers.length > 0,
    transferred: true,
    closed: true,
    reopened: false,
    corrected: true,
  };
  return CASE_ACTION_TYPES.filter((type) => allowed[type]);
}
