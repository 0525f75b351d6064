// Stable codes for why an action was refused: API and UI branch on the code, people read the message.

export const CASE_RULE_CODES = [
  // The log itself
  'invalid_seq',
  'unknown_action',
  'invalid_instant',
  'out_of_order',
  'opened_first',
  'case_closed',
  'case_open',
  // Field values
  'field_required',
  'invalid_choice',
  'invalid_date',
  'invalid_month',
  'invalid_amount',
  // First contact and first visit
  'first_contact_already_recorded',
  'first_visit_late_reason_required',
  'first_visit_not_booked',
  'first_visit_already_held',
  'date_before_opening',
  'date_in_future',
  // Applications, investigation, decisions, payments
  'investigation_already_started',
  'duplicate_application',
  'decision_without_application',
  'decision_already_recorded',
  'replaced_decision_unknown',
  'payment_without_grant',
  // Officers and units
  'already_assigned',
  'not_assigned',
  'same_officer',
  'handover_review_required',
  'transfer_to_same_unit',
  // Closure
  'closure_reason_required',
  'closure_note_required',
  // Corrections
  'unknown_seq',
  'cannot_correct_correction',
  'correction_type_mismatch',
  'correction_conflict',
] as const;
export type CaseRuleCode = (typeof CASE_RULE_CODES)[number];

/** A refused action: `code` is stable, `message` is Swedish and may be reworded. */
export type CaseRuleViolation = {
  readonly ok: false;
  readonly code: CaseRuleCode;
  readonly message: string;
};

export function violation(code: CaseRuleCode, message: string): CaseRuleViolation {
  return { ok: false, code, message };
}

/**
 * Thrown when a stored log does not replay: the store holds something the rules never accepted,
 * and reading on would show a case that never existed.
 */
export class CaseLogError extends Error {
  readonly seq: number;
  readonly code: CaseRuleCode;

  constructor(seq: number, code: CaseRuleCode, message: string) {
    super(`Händelse ${seq} i ärendeloggen: ${message} (${code})`);
    this.name = 'CaseLogError';
    this.seq = seq;
    this.code = code;
  }
}
