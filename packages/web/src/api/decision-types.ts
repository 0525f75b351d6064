// Shapes of the applications and decisions answers of /api/v1 (applications, documents, decisions,
// the work list, guidance and the municipality's decision settings).
import type {
  ChildImpact,
  DecisionItem,
  DecisionKind,
  DecisionOutcome,
  DelegationRule,
  DocumentKind,
  Hearing,
  RequiredDocument,
  RoutineReason,
  RoutineRuleCode,
  SigningBlocker,
} from '@skyddsnat/domain';

export type {
  ChildImpact,
  DecisionItem,
  DecisionKind,
  DecisionOutcome,
  DelegationRule,
  DocumentKind,
  Hearing,
  RequiredDocument,
  RoutineReason,
  RoutineRuleCode,
  SigningBlocker,
};

// The cost and income types the calculation engine takes (`COST_TYPES` and `INCOME_TYPES` of
// @skyddsnat/rules, which the web app does not depend on); the server refuses any other (400).
export const COST_TYPES = [
  'rent',
  'electricity',
  'work_travel',
  'home_insurance',
  'union_fee',
  'unemployment_fund_fee',
  'other',
] as const;
export type CostType = (typeof COST_TYPES)[number];

export const INCOME_TYPES = [
  'salary',
  'child_allowance',
  'housing_allowance',
  'maintenance_support',
  'sickness_benefit',
  'unemployment_benefit',
  'other',
] as const;
export type IncomeType = (typeof INCOME_TYPES)[number];

export const CONFIRMATION_METHODS = ['signed_paper', 'e_service', 'in_person'] as const;
export type ConfirmationMethod = (typeof CONFIRMATION_METHODS)[number];

/** Largest document the server accepts (10 MiB). */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** What the server recognises by content; any other file is refused (415). */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;

export interface ApplicationCost {
  type: CostType;
  /** Whole kronor. */
  amount: number;
  /** Only for `other`. */
  description?: string;
}

export interface ApplicationIncome {
  type: IncomeType;
  amount: number;
  /** The household member (person id) whose income it is; required for salary. */
  memberId?: string;
  /** Only for `other`. */
  description?: string;
}

export type MonthMemberRole = 'applicant' | 'partner' | 'child' | 'other';

export interface MonthMember {
  personId: string;
  name: string;
  role: MonthMemberRole;
  birthDate: string;
  protection: string;
}

export interface TraceParameter {
  id: string;
  effectiveFrom: string;
  status: 'verified' | 'derived' | (string & {});
  source: string;
  valueUsed: number | string;
}

export interface TraceLine {
  section: 'norm' | 'reasonable_costs' | 'income' | 'result';
  kind: string;
  /** Swedish, as printed in a decision letter; members are named by id in parentheses. */
  label: string;
  amount: number;
  memberIds?: string[];
  reported?: number;
  notCounted?: number;
  calculation?: string;
  parameters: TraceParameter[];
  source: string;
  legalReference?: { id: string; citation: string };
}

export interface CalculationResult {
  month: string;
  amount: number;
  surplus: number;
  need: number;
  norm: { total: number; personalCosts: number; householdCosts: number };
  reasonableCosts: { total: number };
  income: { reported: number; notCounted: number; counted: number };
  parameters: { id: string; effectiveFrom: string; status: string; source: string }[];
  usesDerivedParameters: boolean;
  legalReferences: { id: string; citation: string; validFrom: string; status: string }[];
  trace: TraceLine[];
}

export interface DocumentMeta {
  id: string;
  kind: DocumentKind;
  fileName: string;
  contentType: string;
  byteSize: number;
  uploadedAt: string;
}

export interface CompletionRequest {
  id: string;
  missing: string[];
  message: string;
  dueDate: string;
  requestedAt: string;
  resolvedAt: string | null;
}

export interface ApplicationView {
  id: string;
  caseId: string;
  month: string;
  kind: 'initial' | 'continued';
  status: 'open' | 'decided';
  version: number;
  costs: ApplicationCost[];
  incomes: ApplicationIncome[];
  household: MonthMember[];
  confirmedAt: string | null;
  confirmationMethod: ConfirmationMethod | null;
  calculation: CalculationResult | null;
  calculationError: string | null;
  documents: DocumentMeta[];
  requiredDocuments: RequiredDocument[];
  missingDocuments: RequiredDocument[];
  completionRequest: CompletionRequest | null;
}

export interface ApplicationSummary {
  id: string;
  month: string;
  kind: 'initial' | 'continued';
  status: 'open' | 'decided';
  calculatedAmount: number | null;
  confirmed: boolean;
}

export interface NewApplication {
  month: string;
  kind: 'initial' | 'continued';
  costs: ApplicationCost[];
  incomes: ApplicationIncome[];
  copyFromPrevious?: boolean;
}

export interface DecisionLine {
  item: DecisionItem;
  label: string;
  applied: number;
  calculated: number;
  granted: number;
  deviationReason: string | null;
}

export interface LegalBasisEntry {
  key: string;
  citation: string;
  status: string;
}

export type AppealEntry =
  { kind: 'administrative_appeal'; citation: string } | { kind: 'legality_review' };

export interface DecisionView {
  id: string;
  caseId: string;
  applicationId: string | null;
  month: string;
  kind: DecisionKind;
  outcome: DecisionOutcome;
  status: 'draft' | 'signed';
  version: number;
  amount: number;
  countedIncome: number;
  lines: DecisionLine[];
  reasons: string;
  legalBasis: LegalBasisEntry[];
  appeal: AppealEntry | null;
  children: { personId: string; name: string }[];
  childImpact: ChildImpact[];
  hearing: Hearing | null;
  routine: boolean;
  routineReasons: RoutineReason[];
  automatic: boolean;
  ruleVersion: string | null;
  preparedBySystem: boolean;
  routedTo: { userId: string; name: string; note: string | null } | null;
  signedBy: { userId: string; name: string } | null;
  signedAt: string | null;
  decisionDate: string | null;
  replacesDecisionId: string | null;
  replacedByDecisionId: string | null;
  calculation: CalculationResult | null;
  blockers: SigningBlocker[];
  eligibleSigners: { userId: string; name: string }[];
}

export interface DecisionSummary {
  id: string;
  month: string;
  kind: DecisionKind;
  outcome: DecisionOutcome;
  status: 'draft' | 'signed';
  amount: number;
  decisionDate: string | null;
  routine: boolean;
  replacesDecisionId: string | null;
}

/** The editable parts of a draft, as PUT takes them (all optional). */
export interface DraftUpdate {
  kind?: DecisionKind;
  lines?: { item: DecisionItem; granted: number; deviationReason: string | null }[];
  reasons?: string;
  childImpact?: ChildImpact[];
  hearing?: Hearing | null;
}

export type NewDraft =
  | { kind: 'regular' | 'reduction' | 'beyond_entitlement'; applicationId: string }
  | { kind: 'emergency'; amount: number; purpose: string };

export interface WorklistItem {
  caseId: string;
  applicationId: string | null;
  decisionId: string | null;
  personId: string;
  applicantName: string;
  month: string;
  amount: number | null;
  /** Swedish, from the server: why the month is where it is. */
  reasons: string[];
}

export interface Worklist {
  readyToSign: WorklistItem[];
  needsAttention: WorklistItem[];
  waitingForApplicant: WorklistItem[];
}

export interface DecisionGuidance {
  reasonTemplates: { id: string; label: string; text: string }[];
  routineRules: { code: string; label: string; alwaysOn: boolean; enabled: boolean }[];
}

export interface DecisionSettings {
  routineRules: Partial<Record<RoutineRuleCode, boolean>>;
  autoDecideFullGrants: boolean;
  postalAddress: string;
  phone: string;
  email: string;
  delegation: DelegationRule[];
  /** 0 until the settings are first saved. */
  version: number;
}
