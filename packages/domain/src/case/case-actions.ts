// The actions a case (ärende om ekonomiskt bistånd) is made of: the entries of its append-only log.
import type { DecisionKind } from '../decisions/decision-kinds.ts';

/** Every kind of action, in the order a case usually meets them. */
export const CASE_ACTION_TYPES = [
  'opened',
  'first_contact_recorded',
  'first_visit_booked',
  'first_visit_held',
  'application_received',
  'investigation_started',
  'decision_recorded',
  'payment_registered',
  'officer_assigned',
  'officer_unassigned',
  'handed_over',
  'transferred',
  'closed',
  'reopened',
  'corrected',
] as const;
export type CaseActionType = (typeof CASE_ACTION_TYPES)[number];

/** How the applicant first reached the unit. */
export const CONTACT_CHANNELS = ['phone', 'visit', 'e_service', 'referral'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** An initial application (ansökan) or a monthly continued one (fortsatt ansökan). */
export const APPLICATION_KINDS = ['initial', 'continued'] as const;
export type ApplicationKind = (typeof APPLICATION_KINDS)[number];

/** Bifall, delvis bifall, avslag. */
export const DECISION_OUTCOMES = ['granted', 'partly_granted', 'refused'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

/** Outcomes under which money may be paid for the month. */
export const PAYABLE_OUTCOMES: readonly DecisionOutcome[] = ['granted', 'partly_granted'];

/** The two officer functions on a case (handläggare); `app.case_assignment.assignment_role`. */
export const CASE_OFFICER_ROLES = ['social_worker', 'benefit_officer'] as const;
export type CaseOfficerRole = (typeof CASE_OFFICER_ROLES)[number];

/** Why a case was closed: the basis of result follow-up, so it is always recorded. */
export const CLOSURE_REASONS = [
  'work',
  'studies',
  'other_benefit',
  'moved',
  'no_longer_in_need',
  'deceased',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

/** Who recorded an action and when: `at` is an ISO instant with an offset, `by` a user id. */
type Recorded = { readonly at: string; readonly by: string };

export type CaseOpenedAction = Recorded & {
  readonly type: 'opened';
  readonly districtId: string;
  readonly unitId: string;
  readonly groupId?: string | null;
  readonly channel: ContactChannel;
};

export type FirstContactRecordedAction = Recorded & {
  readonly type: 'first_contact_recorded';
  readonly channel: ContactChannel;
  readonly summary: string;
  /**
   * The acute need assessment: whether the person needs help today (nödbistånd is then decided
   * the same day, as its own decision).
   */
  readonly acuteNeedAssessment?: string;
};

export type FirstVisitBookedAction = Recorded & {
  readonly type: 'first_visit_booked';
  /** `YYYY-MM-DD`, the day of the visit. */
  readonly date: string;
  /** Required when `date` is after the 14-day deadline. */
  readonly lateReason?: string;
};

export type FirstVisitHeldAction = Recorded & {
  readonly type: 'first_visit_held';
  readonly date: string;
};

export type ApplicationReceivedAction = Recorded & {
  readonly type: 'application_received';
  /** `YYYY-MM`, the month applied for. */
  readonly month: string;
  readonly kind: ApplicationKind;
};

export type InvestigationStartedAction = Recorded & { readonly type: 'investigation_started' };

/**
 * Records that a decision was signed for a month; the decision document itself (lines, reasons,
 * legal basis, calculation) lives in `app.decision`, named by `decisionId`.
 */
export type DecisionRecordedAction = Recorded & {
  readonly type: 'decision_recorded';
  readonly month: string;
  readonly outcome: DecisionOutcome;
  readonly decisionId?: string;
  /** Absent on older entries: `regular`. */
  readonly kind?: DecisionKind;
  /** A new decision that changes an earlier signed one for the same month. */
  readonly replacesDecisionId?: string | null;
};

export type PaymentRegisteredAction = Recorded & {
  readonly type: 'payment_registered';
  readonly month: string;
  /** Whole kronor, more than zero. */
  readonly amount: number;
};

export type OfficerAssignedAction = Recorded & {
  readonly type: 'officer_assigned';
  readonly userId: string;
  readonly role: CaseOfficerRole;
};

export type OfficerUnassignedAction = Recorded & {
  readonly type: 'officer_unassigned';
  readonly userId: string;
  readonly role: CaseOfficerRole;
};

/**
 * `fromUserId` leaves the case (all of their assignments end) and `toUserId` takes it over in
 * `role`, after a hand-over review: the seeds' turnover makes the review what the next officer
 * has to go on.
 */
export type HandedOverAction = Recorded & {
  readonly type: 'handed_over';
  readonly fromUserId: string;
  readonly toUserId: string;
  readonly role: CaseOfficerRole;
  readonly review: string;
};

export type TransferredAction = Recorded & {
  readonly type: 'transferred';
  readonly toUnitId: string;
  readonly toDistrictId: string;
  readonly reason: string;
};

export type ClosedAction = Recorded & {
  readonly type: 'closed';
  readonly reason: ClosureReason;
  /** Required when `reason` is `'other'`. */
  readonly note?: string;
};

export type ReopenedAction = Recorded & { readonly type: 'reopened'; readonly reason: string };

/** Every action that can itself be corrected: all but a correction. */
export type CorrectableCaseAction =
  | CaseOpenedAction
  | FirstContactRecordedAction
  | FirstVisitBookedAction
  | FirstVisitHeldAction
  | ApplicationReceivedAction
  | InvestigationStartedAction
  | DecisionRecordedAction
  | PaymentRegisteredAction
  | OfficerAssignedAction
  | OfficerUnassignedAction
  | HandedOverAction
  | TransferredAction
  | ClosedAction
  | ReopenedAction;

/** An action without who and when: what a correction puts in place of the corrected action. */
export type CaseActionPayload<A extends CorrectableCaseAction = CorrectableCaseAction> =
  A extends CorrectableCaseAction ? Omit<A, 'at' | 'by'> : never;

/**
 * Supersedes action `correctsSeq`: from now on the case reads as if `replacement` (same type)
 * had been recorded there, by the same person at the same time; `null` voids it. The corrected
 * action stays in the log, and the latest correction of a seq is the one in effect.
 */
export type CorrectedAction = Recorded & {
  readonly type: 'corrected';
  readonly correctsSeq: number;
  readonly reason: string;
  readonly replacement: CaseActionPayload | null;
};

export type CaseAction = CorrectableCaseAction | CorrectedAction;

/** One entry of a case's log: `seq` runs 1, 2, 3, … without gaps. */
export type CaseActionRecord = { readonly seq: number; readonly action: CaseAction };
