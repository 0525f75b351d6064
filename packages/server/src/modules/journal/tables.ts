// Kysely table types for the journal and household tables of migration 0003 (module-local).
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';

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

export const NOTE_STATUSES = ['draft', 'signed'] as const;
export type NoteStatus = (typeof NOTE_STATUSES)[number];

/** date: written as 'YYYY-MM-DD', read back as text (to_char) so no time zone shifts it. */
type PlainDate = ColumnType<string, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface JournalNoteTable {
  id: Generated<string>;
  municipality_id: string;
  case_id: string;
  event_date: PlainDate;
  note_type: NoteType;
  body: Generated<string>;
  children_situation: string | null;
  children_not_addressed_reason: string | null;
  violence_assessment: string | null;
  status: Generated<NoteStatus>;
  author_id: string;
  signed_by: string | null;
  signed_at: Date | null;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Generated tsvector; never written. */
  search: ColumnType<string, never, never>;
}

export interface JournalAddendumTable {
  id: Generated<string>;
  municipality_id: string;
  note_id: string;
  body: string;
  author_id: string;
  created_at: Timestamp;
}

export interface HouseholdMemberTable {
  id: Generated<string>;
  municipality_id: string;
  case_id: string;
  person_id: string;
  member_role: 'applicant' | 'partner' | 'child' | 'other';
  valid_from: PlainDate;
  valid_to: ColumnType<string | null, string | null | undefined, string | null>;
  recorded_by: string;
  recorded_at: Generated<Date>;
}

// A type alias (not an interface) so it satisfies $extendTables' record constraint.
export type JournalTables = {
  'app.journal_note': JournalNoteTable;
  'app.journal_addendum': JournalAddendumTable;
  'app.household_member': HouseholdMemberTable;
};

export type JournalDb = Kysely<Database & JournalTables>;

/** The application's connection, typed with the journal tables as well. */
export function journalDb(db: Db): JournalDb {
  return db.$extendTables<JournalTables>();
}
