// What a case is at a point in its log: the shape that `foldCase` derives and API and UI read.
import type {
  ApplicationKind,
  CaseActionRecord,
  CaseOfficerRole,
  ClosureReason,
  ContactChannel,
  CorrectableCaseAction,
  DecisionOutcome,
} from './case-actions.ts';
import type { DecisionKind } from '../decisions/decision-kinds.ts';

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** A first visit must be offered within 14 days of the case opening (DOMAIN.md, seeds). */
export const FIRST_VISIT_DEADLINE_DAYS = 14;

export type FirstVisitState = {
  /** The opening date in Stockholm plus 14 days, `YYYY-MM-DD`; on that day it is still in time. */
  readonly deadline: string;
  readonly bookedDate: string | null;
  /** When the (latest) booking was recorded. */
  readonly bookedAt: string | null;
  readonly lateReason: string | null;
  readonly heldDate: string | null;
  /** The visit is booked for a day after the deadline, or the booking was made after it. */
  readonly late: boolean;
};

export type CaseApplication = {
  readonly month: string;
  readonly kind: ApplicationKind;
  readonly receivedAt: string;
};

export type CaseDecision = {
  readonly month: string;
  readonly outcome: DecisionOutcome;
  readonly recordedAt: string;
  readonly kind: DecisionKind;
  readonly decisionId: string | null;
};

export type CasePayment = {
  readonly month: string;
  readonly amount: number;
  readonly registeredAt: string;
};

export type CaseOfficer = {
  readonly userId: string;
  readonly role: CaseOfficerRole;
  readonly since: string;
};

export type CaseClosure = {
  readonly reason: ClosureReason;
  readonly note: string | null;
  readonly at: string;
  readonly by: string;
};

/** An action as it stands after corrections, at the seq where it was first recorded. */
export type EffectiveCaseAction = {
  readonly seq: number;
  readonly action: CorrectableCaseAction;
  /** The correction now in effect for this seq, if any. */
  readonly correctedBySeq: number | null;
};

/** What the effective actions say about the case; independent of how the log got there. */
export type CaseFacts = {
  readonly status: CaseStatus;
  readonly districtId: string;
  readonly unitId: string;
  readonly groupId: string | null;
  readonly openedAt: string;
  /** The opening instant as a Stockholm date. */
  readonly openedDate: string;
  readonly openedBy: string;
  readonly openingChannel: ContactChannel;
  readonly firstContactAt: string | null;
  readonly firstVisit: FirstVisitState;
  /** Ordered by month. */
  readonly applications: readonly CaseApplication[];
  /** Months with an application and no decision yet, in order. */
  readonly pendingApplicationMonths: readonly string[];
  readonly investigationStartedAt: string | null;
  /**
   * Decisions in force, ordered by month: at most one regular decision per month (a replacing
   * decision takes the place of the one it changes); emergency decisions need no application.
   */
  readonly decisions: readonly CaseDecision[];
  /** In the order registered. */
  readonly payments: readonly CasePayment[];
  /** Current assignments, in the order made; a user appears at most once per role. */
  readonly officers: readonly CaseOfficer[];
  /** Null while open. */
  readonly closure: CaseClosure | null;
  readonly reopenCount: number;
};

export type CaseState = CaseFacts & {
  /** `at` of the last record, corrections included. */
  readonly lastActionAt: string;
  /** The seq of the last record: the number of accepted actions. */
  readonly version: number;
  /** The actions in force, in log order: voided ones left out, corrected ones replaced. */
  readonly effectiveActions: readonly EffectiveCaseAction[];
  /** Every accepted record as recorded, corrections included. */
  readonly log: readonly CaseActionRecord[];
};
