// Kysely table types for the payment tables of migration 0005 (module-local).
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { DecisionTables } from '../decisions/tables.ts';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type PlainDate = ColumnType<string, string, string>;
/** int8: node-postgres returns it as a string. */
type BigIntColumn = ColumnType<string, number | string | bigint, number | string | bigint>;

export const PAYEE_KINDS = ['applicant', 'landlord', 'utility', 'other'] as const;
export type PayeeKind = (typeof PAYEE_KINDS)[number];

export const PAYMENT_LINE_STATUSES = [
  'planned',
  'in_run',
  'instructed',
  'accepted',
  'rejected',
  'cancelled',
] as const;
export type PaymentLineStatus = (typeof PAYMENT_LINE_STATUSES)[number];

export type PaymentRunStatus =
  'collecting' | 'collected' | 'attested' | 'file_created' | 'cancelled';

export interface PayeeTable {
  id: Generated<string>;
  municipality_id: string;
  case_id: string;
  kind: PayeeKind;
  name: string;
  person_id: string | null;
  organisation_number: string | null;
  created_by: string;
  created_at: Timestamp;
}

export interface PayeeAccountTable {
  id: Generated<string>;
  municipality_id: string;
  payee_id: string;
  account: ColumnType<unknown, string, string>;
  display: string;
  status: Generated<'pending' | 'active' | 'rejected' | 'superseded'>;
  requested_by: string;
  requested_at: Timestamp;
  reason: string;
  decided_by: string | null;
  decided_at: Date | null;
}

export interface PaymentRunTable {
  id: Generated<string>;
  municipality_id: string;
  run_key: string;
  payment_date: PlainDate;
  urgent: Generated<boolean>;
  status: Generated<PaymentRunStatus>;
  lines_total: Generated<number>;
  total_kronor: Generated<BigIntColumn>;
  created_by: string;
  created_at: Timestamp;
  first_attest_by: string | null;
  first_attest_at: Date | null;
  second_attest_by: string | null;
  second_attest_at: Date | null;
  message_id: string | null;
  payment_information_id: string | null;
  file_xml: string | null;
  file_sha256: string | null;
  file_created_at: Date | null;
}

export interface PaymentLineTable {
  id: Generated<string>;
  municipality_id: string;
  decision_id: string;
  decision_status: Generated<'signed'>;
  case_id: string;
  district_id: string;
  payee_id: string;
  cost_item: string;
  amount: number;
  due_date: PlainDate;
  status: Generated<PaymentLineStatus>;
  run_id: string | null;
  payee_account_id: string | null;
  end_to_end_id: string;
  bank_status: string | null;
  bank_reason: string | null;
  bank_status_at: Date | null;
  created_by: string;
  created_at: Timestamp;
}

export interface PaymentStatusReportTable {
  id: Generated<string>;
  municipality_id: string;
  message_id: string;
  original_message_id: string;
  run_id: string;
  group_status: string | null;
  content_sha256: string;
  accepted: number;
  rejected: number;
  imported_by: string;
  imported_at: Timestamp;
}

export interface DistrictBudgetTable {
  municipality_id: string;
  district_id: string;
  year: number;
  amount: BigIntColumn;
  updated_by: string;
  updated_at: Timestamp;
}

export interface PaymentSettingsTable {
  municipality_id: string;
  debtor_name: string;
  organisation_number: string;
  debtor_account: ColumnType<unknown, string, string>;
  debtor_bic: string;
  bank_options: ColumnType<unknown, string | undefined, string>;
}

export type PaymentTables = DecisionTables & {
  'app.payee': PayeeTable;
  'app.payee_account': PayeeAccountTable;
  'app.payment_run': PaymentRunTable;
  'app.payment_line': PaymentLineTable;
  'app.payment_status_report': PaymentStatusReportTable;
  'app.district_budget': DistrictBudgetTable;
  'app.payment_settings': PaymentSettingsTable;
};

export type PaymentDb = Kysely<Database & PaymentTables>;

/** The application's connection, typed with the payment tables as well. */
export function paymentDb(db: Db): PaymentDb {
  return db.$extendTables<PaymentTables>();
}

/** The same connection or transaction seen with the base tables only (the change log's type). */
export function paymentBaseTables(db: PaymentDb): Kysely<Database> {
  return db;
}
