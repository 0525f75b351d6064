// Shapes of the case file and journal answers of /api/v1 (cases, my cases, caseload, journal notes).
import type {
  ApplicationKind,
  CaseActionRecord,
  CaseOfficerRole,
  CaseState,
  ClosureReason,
  ContactChannel,
  DecisionOutcome,
} from '@skyddsnat/domain';
import type { ProtectionLevel } from './types.ts';

export type {
  ApplicationKind,
  CaseActionRecord,
  CaseOfficerRole,
  CaseState,
  ClosureReason,
  ContactChannel,
  DecisionOutcome,
};

export interface CaseView {
  id: string;
  version: number;
  status: 'open' | 'closed';
  applicant: {
    personId: string;
    name: string;
    personnummer: string;
    protection: ProtectionLevel;
  };
  district: { id: string; name: string };
  unit: { id: string; name: string };
  officers: { userId: string; displayName: string; role: string }[];
  household: {
    id: string;
    personId: string;
    name: string;
    role: string;
    validFrom: string;
    validTo: string | null;
  }[];
  state: CaseState;
  allowedNextActions: string[];
  firstVisitOverdue: boolean;
}

export interface MyCase {
  id: string;
  personId: string;
  applicantName: string;
  personnummer: string;
  protection: ProtectionLevel;
  districtName: string;
  openedAt: string;
  firstVisitDeadline: string | null;
  firstVisitBooked: string | null;
  firstVisitOverdue: boolean;
  pendingApplications: string[];
  lastActionAt: string | null;
  role: string;
}

export interface Caseload {
  threshold: number;
  officers: { userId: string; displayName: string; activeCases: number; overThreshold: boolean }[];
}

/** One of an officer's open cases, as their supervisor sees it to hand it over. */
export interface OfficerCase {
  caseId: string;
  personId: string;
  applicantName: string;
  personnummer: string;
  protection: ProtectionLevel;
  districtName: string;
  /** The officer's function in the case; whoever takes the case over takes the same one. */
  role: CaseOfficerRole;
  openedAt: string;
  lastActionAt: string | null;
  /** The case's version when listed, for the optimistic hand-over. */
  version: number;
}

/** GET /caseload/:userId/cases: the cases the supervisor may hand over, by applicant name. */
export interface OfficerCases {
  officer: { userId: string; displayName: string };
  cases: OfficerCase[];
  /** There were more cases than the list holds. */
  truncated: boolean;
  /** The officer's other open cases (another unit's), which the supervisor may not hand over. */
  notListed: number;
}

/**
 * An action as the API accepts it: who and when are added by the server. Applications and
 * decisions record `application_received` and `decision_recorded` themselves.
 */
export type CaseActionInput =
  | {
      type: 'first_contact_recorded';
      channel: ContactChannel;
      summary: string;
      acuteNeedAssessment?: string;
    }
  | { type: 'first_visit_booked'; date: string; lateReason?: string }
  | { type: 'first_visit_held'; date: string }
  | { type: 'investigation_started' }
  | { type: 'officer_assigned'; userId: string; role: CaseOfficerRole }
  | {
      type: 'handed_over';
      fromUserId: string;
      toUserId: string;
      role: CaseOfficerRole;
      review: string;
    }
  | { type: 'closed'; reason: ClosureReason; note?: string }
  | { type: 'reopened'; reason: string };

export const NOTE_TYPES = [
  'visit',
  'phone',
  'home_visit',
  'collaboration',
  'document_received',
  'letter',
  'other',
] as const;
export type NoteType = (typeof NOTE_TYPES)[number];

export interface StaffRef {
  id: string;
  displayName: string;
}

export interface Addendum {
  id: string;
  noteId: string;
  body: string;
  author: StaffRef;
  createdAt: string;
}

export interface JournalNote {
  id: string;
  caseId: string;
  eventDate: string;
  noteType: NoteType;
  body: string;
  childrenSituation: string | null;
  childrenNotAddressedReason: string | null;
  violenceAssessment: string | null;
  status: 'draft' | 'signed';
  author: StaffRef;
  signedBy: StaffRef | null;
  signedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  addenda: Addendum[];
}

/** A part of a search hit's snippet; `match` parts are the words the search matched. */
export interface SnippetPart {
  text: string;
  match: boolean;
}

/** One note found by the journal search (signed, or the user's own draft). */
export interface JournalSearchHit {
  noteId: string;
  caseId: string;
  personId: string;
  applicantName: string;
  eventDate: string;
  noteType: NoteType;
  status: 'draft' | 'signed';
  authorName: string;
  snippet: SnippetPart[];
  rank: number;
}

/** The hits, newest first; `limit` is the most the server returns. */
export interface JournalSearchResult {
  hits: JournalSearchHit[];
  limit: number;
}

/** The editable fields of a note. */
export interface NoteFields {
  eventDate: string;
  noteType: NoteType;
  body: string;
  childrenSituation: string;
  childrenNotAddressedReason: string;
  violenceAssessment: string;
}

/** One membership of the household, with the dates it held (validTo null: still living there). */
export type HouseholdMember = CaseView['household'][number];

/** The roles a member can be added with; the applicant is a member from the case's opening. */
export const HOUSEHOLD_MEMBER_ROLES = ['child', 'partner', 'other'] as const;
export type HouseholdMemberRole = (typeof HOUSEHOLD_MEMBER_ROLES)[number];

export interface NewHouseholdMember {
  personId: string;
  memberRole: HouseholdMemberRole;
  validFrom: string;
}
