// Kysely table types for the application and decision tables of migration 0004 (module-local).
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { DecisionKind, DecisionOutcome, DocumentKind } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { JournalTables } from '../journal/tables.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** jsonb: written as a JSON string, read back parsed. */
type Json<T> = ColumnType<T, string, string>;
type JsonDefault<T> = ColumnType<T, string | undefined, string>;

export interface ApplicationTable {
  id: Generated<string>;
  municipality_id: string;
  case_id: string;
  month: string;
  kind: 'initial' | 'continued';
  costs: JsonDefault<unknown>;
  incomes: JsonDefault<unknown>;
  household_community_size: number | null;
  applicant_confirmed_at: Date | null;
  confirmation_method: 'signed_paper' | 'e_service' | 'in_person' | null;
  calculation: ColumnType<unknown, string | null, string | null>;
  calculated_amount: number | null;
  calculation_error: string | null;
  status: Generated<'open' | 'decided'>;
  version: Generated<number>;
  created_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ApplicationDocumentTable {
  id: Generated<string>;
  municipality_id: string;
  application_id: string;
  document_kind: DocumentKind;
  file_name: string;
  content_type: 'application/pdf' | 'image/jpeg' | 'image/png';
  byte_size: number;
  sha256: Buffer;
  content: Buffer;
  uploaded_by: string;
  uploaded_at: Timestamp;
}

export interface CompletionRequestTable {
  id: Generated<string>;
  municipality_id: string;
  application_id: string;
  missing: Json<unknown>;
  message: string;
  due_date: ColumnType<string, string, string>;
  requested_by: string;
  requested_at: Timestamp;
  resolved_at: Date | null;
}

export interface DecisionTable {
  id: Generated<string>;
  municipality_id: string;
  case_id: string;
  application_id: string | null;
  month: string;
  kind: DecisionKind;
  outcome: DecisionOutcome;
  status: Generated<'draft' | 'signed'>;
  amount: number;
  counted_income: number;
  lines: Json<unknown>;
  reasons: Generated<string>;
  legal_basis: JsonDefault<unknown>;
  appeal: ColumnType<unknown, string | null | undefined, string | null>;
  child_impact: JsonDefault<unknown>;
  hearing: ColumnType<unknown, string | null | undefined, string | null>;
  calculation: ColumnType<unknown, string | null | undefined, string | null>;
  routine: Generated<boolean>;
  routine_reasons: JsonDefault<unknown>;
  automatic: Generated<boolean>;
  rule_version: string | null;
  prepared_by: string | null;
  routed_to: string | null;
  routed_note: string | null;
  signed_by: string | null;
  signed_at: Date | null;
  decision_date: ColumnType<string | null, string | null | undefined, string | null>;
  replaces_decision_id: string | null;
  letter: ColumnType<unknown, string | null | undefined, string | null>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DelegationRuleTable {
  id: Generated<string>;
  municipality_id: string;
  role: string;
  decision_kind: DecisionKind;
  max_amount: number | null;
  may_decide_adverse: boolean;
}

export interface DecisionSettingsTable {
  municipality_id: string;
  routine_rules: JsonDefault<unknown>;
  auto_decide_full_grants: Generated<boolean>;
  letter_postal_address: Generated<string>;
  letter_phone: Generated<string>;
  letter_email: Generated<string>;
  version: Generated<number>;
}

export type DecisionTables = JournalTables & {
  'app.application': ApplicationTable;
  'app.application_document': ApplicationDocumentTable;
  'app.completion_request': CompletionRequestTable;
  'app.decision': DecisionTable;
  'app.delegation_rule': DelegationRuleTable;
  'app.decision_settings': DecisionSettingsTable;
};

export type DecisionDb = Kysely<Database & DecisionTables>;

/** The application's connection, typed with the application and decision tables as well. */
export function decisionDb(db: Db): DecisionDb {
  return db.$extendTables<DecisionTables>();
}

/**
 * The same connection or transaction seen with the base tables only, for services typed
 * against `Database` (the case log): the extra tables only widen the type.
 */
export function baseTables(db: DecisionDb): Kysely<Database> {
  return db;
}
