// Shapes of the recovery (återkrav) answers of /api/v1: a case's recovery decisions and drafts.
import type { DecisionKind } from '@skyddsnat/domain';

// The grounds the server takes (`RECOVERY_GROUNDS` of the server's recovery module, which the web
// app does not depend on); the server refuses any other (400).
export const RECOVERY_GROUNDS = [
  'incorrect_information',
  'failure_to_report',
  'should_have_realised',
  'advance_on_benefit',
  'labour_dispute',
  'own_means_unavailable',
  'repayment_condition',
] as const;
export type RecoveryGround = (typeof RECOVERY_GROUNDS)[number];

/**
 * Grounds of 33 kap. 2–3 §§ SoL: they reach assistance only when the granting decision was
 * written, served and stated the repayment terms (the server's `needsStatedTerms`).
 */
export const GROUNDS_NEEDING_STATED_TERMS: readonly RecoveryGround[] = [
  'advance_on_benefit',
  'labour_dispute',
  'own_means_unavailable',
  'repayment_condition',
];

/** The longest repayment plan the server takes, in months. */
export const MAX_PLAN_MONTHS = 120;

export interface RepaymentPlanInput {
  installment: number;
  /** `YYYY-MM`. */
  firstMonth: string;
  months: number;
  lastInstallment?: number | null;
}

export interface RecoveryInput {
  decisionIds: string[];
  amount: number;
  ground: RecoveryGround;
  repaymentTermsStated: boolean;
  reasons: string;
  plan: RepaymentPlanInput;
  deductionConsent: { writtenConsentOn: string } | null;
}

export interface RecoverySource {
  decisionId: string;
  reference: string;
  month: string;
  kind: DecisionKind;
  decisionDate: string;
  granted: number;
  /** Whole kronor paid: payment lines sent to the bank or confirmed. */
  paid: number;
}

export interface RecoveryView {
  id: string;
  caseId: string;
  reference: string;
  status: 'draft' | 'signed';
  version: number;
  ground: RecoveryGround;
  /** Swedish, from the server. */
  groundLabel: string;
  repaymentTermsStated: boolean;
  amount: number;
  reasons: string;
  decisions: RecoverySource[];
  paidTotal: number;
  previouslyRecovered: number;
  recoverable: number;
  plan: {
    installment: number;
    firstMonth: string;
    months: number;
    lastInstallment: number;
    lastMonth: string;
  };
  deductionConsent: { writtenConsentOn: string } | null;
  legalBasis: { key: string; act: string; citation: string; status: 'verified' | 'derived' }[];
  preparedBy: { userId: string; name: string };
  signedBy: { userId: string; name: string } | null;
  signedAt: string | null;
  decisionDate: string | null;
}

export interface RecoverySummary {
  id: string;
  reference: string;
  status: 'draft' | 'signed';
  amount: number;
  ground: RecoveryGround;
  decisionDate: string | null;
  decisionIds: string[];
}
