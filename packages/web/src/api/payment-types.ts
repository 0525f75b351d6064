// Shapes of the payments answers of /api/v1: payees and their accounts, a case's payment lines,
// payment runs, status reports, rejected-payment tasks, the reconciliation and payment settings.
import type { PayeeAccount, PayeeAccountKind } from '@skyddsnat/domain';

export type { PayeeAccount, PayeeAccountKind };

export const PAYEE_KINDS = ['applicant', 'landlord', 'utility', 'other'] as const;
export type PayeeKind = (typeof PAYEE_KINDS)[number];

export type PayeeAccountStatus = 'pending' | 'active' | 'rejected' | 'superseded';

export interface PayeeView {
  id: string;
  kind: PayeeKind;
  name: string;
  organisationNumber: string | null;
  activeAccount: {
    id: string;
    display: string;
    approvedBy: string | null;
    approvedAt: string | null;
  } | null;
  pendingAccount: {
    id: string;
    display: string;
    requestedBy: string;
    requestedByName: string;
    requestedAt: string;
    reason: string;
  } | null;
  history: {
    id: string;
    display: string;
    status: PayeeAccountStatus;
    requestedAt: string;
    decidedAt: string | null;
  }[];
}

export interface NewPayee {
  kind: PayeeKind;
  /** Required for everyone but the applicant, whose name comes from the case. */
  name?: string;
  organisationNumber?: string | null;
  account: PayeeAccount;
  reason: string;
}

export const PAYMENT_LINE_STATUSES = [
  'planned',
  'in_run',
  'instructed',
  'accepted',
  'rejected',
  'cancelled',
] as const;
export type PaymentLineStatus = (typeof PAYMENT_LINE_STATUSES)[number];

export interface PaymentLine {
  id: string;
  decisionId: string;
  month: string;
  payeeName: string;
  payeeKind: PayeeKind;
  /** `rent`, `living` or `emergency`. */
  costItem: string;
  amount: number;
  dueDate: string;
  status: PaymentLineStatus;
  runKey: string | null;
  endToEndId: string;
  bankStatus: string | null;
  bankReason: string | null;
}

export type PaymentRunStatus =
  'collecting' | 'collected' | 'attested' | 'file_created' | 'cancelled';

export interface Attest {
  userId: string;
  name: string;
  at: string;
}

export interface PaymentRun {
  id: string;
  runKey: string;
  paymentDate: string;
  urgent: boolean;
  status: PaymentRunStatus;
  /** Lines collected so far (while collecting) or in all. */
  linesTotal: number;
  totalKronor: number;
  createdBy: string;
  firstAttest: Attest | null;
  secondAttest: Attest | null;
  messageId: string | null;
  fileSha256: string | null;
  statusReports: { messageId: string; accepted: number; rejected: number; importedAt: string }[];
}

export interface DueSummary {
  date: string;
  lines: number;
  totalKronor: number;
  /** Due lines whose payee has no approved account: they wait. */
  waitingForAccount: number;
  byDistrict: { districtId: string; districtName: string; lines: number; totalKronor: number }[];
}

export interface ImportSummary {
  reportId: string;
  runKey: string;
  accepted: number;
  rejected: number;
  pending: number;
}

export interface RejectedPaymentTask {
  lineId: string;
  caseId: string;
  personId: string;
  applicantName: string;
  payeeName: string;
  amount: number;
  dueDate: string;
  reason: string | null;
}

export const RECONCILIATION_FLAGS = [
  'overpaid',
  'not_planned',
  'due_not_instructed',
  'not_confirmed',
  'rejected',
] as const;
export type ReconciliationFlag = (typeof RECONCILIATION_FLAGS)[number];

export interface ReconciliationTotals {
  granted: number;
  planned: number;
  instructed: number;
  confirmed: number;
  rejected: number;
}

export interface ReconciliationRow extends ReconciliationTotals {
  decisionId: string;
  caseId: string;
  districtName: string;
  month: string;
  decisionDate: string;
  flags: ReconciliationFlag[];
  /** Swedish, from the server: what differs and what to do, one per flag. */
  explanations: string[];
}

export interface Reconciliation {
  date: string;
  totals: ReconciliationTotals;
  rows: ReconciliationRow[];
  balanced: number;
}

export type DebtorAccount =
  | { kind: 'iban'; iban: string }
  | { kind: 'bank_account'; clearing: string; account: string }
  | { kind: 'bankgiro'; number: string };

export interface PaymentSettings {
  debtorName: string;
  organisationNumber: string;
  debtorAccount: DebtorAccount;
  debtorBic: string;
  /** The bank's conventions (`Pain001BankOptions`); kept as they are by the settings page. */
  bankOptions: Record<string, unknown>;
}
