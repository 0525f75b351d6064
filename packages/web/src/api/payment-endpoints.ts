// Typed calls of the payments endpoints: payees, a case's payments and urgent payments, payment
// runs, bank files, status reports, rejected-payment tasks, the reconciliation, payment settings,
// recovery decisions and cost per district.
import { apiUrl, request, uploadFile } from './client.ts';
import type { DistrictCostReport } from './cost-types.ts';
import type {
  DueSummary,
  ImportSummary,
  NewPayee,
  PayeeAccount,
  PayeeView,
  PaymentLine,
  PaymentRun,
  PaymentSettings,
  Reconciliation,
  RejectedPaymentTask,
} from './payment-types.ts';
import type { RecoveryInput, RecoverySummary, RecoveryView } from './recovery-types.ts';

type Signal = AbortSignal | undefined;
const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;
const payeePath = (caseId: string, payeeId: string) =>
  `${casePath(caseId)}/payees/${encodeURIComponent(payeeId)}`;
const runPath = (runId: string) => `/payment-runs/${encodeURIComponent(runId)}`;
const recoveryPath = (caseId: string, recoveryId: string) =>
  `${casePath(caseId)}/recoveries/${encodeURIComponent(recoveryId)}`;
const created = (value: unknown): { id: string } => value as { id: string };

// Payees of a case
export async function fetchPayees(caseId: string, signal?: Signal): Promise<PayeeView[]> {
  const result = (await request(`${casePath(caseId)}/payees`, { signal })) as {
    payees: PayeeView[];
  };
  return result.payees;
}

export async function createPayee(caseId: string, payee: NewPayee): Promise<{ id: string }> {
  return created(await request(`${casePath(caseId)}/payees`, { method: 'POST', body: payee }));
}

export async function requestAccountChange(
  caseId: string,
  payeeId: string,
  input: { account: PayeeAccount; reason: string },
): Promise<{ id: string }> {
  return created(
    await request(`${payeePath(caseId, payeeId)}/accounts`, { method: 'POST', body: input }),
  );
}

export async function decideAccount(
  caseId: string,
  payeeId: string,
  accountId: string,
  approve: boolean,
): Promise<void> {
  const verb = approve ? 'approve' : 'reject';
  await request(`${payeePath(caseId, payeeId)}/accounts/${encodeURIComponent(accountId)}/${verb}`, {
    method: 'POST',
  });
}

// A case's payments
export async function fetchCasePayments(caseId: string, signal?: Signal): Promise<PaymentLine[]> {
  const result = (await request(`${casePath(caseId)}/payments`, { signal })) as {
    payments: PaymentLine[];
  };
  return result.payments;
}

export async function planCasePayments(caseId: string): Promise<{ created: number }> {
  return (await request(`${casePath(caseId)}/payments/plan`, { method: 'POST' })) as {
    created: number;
  };
}

export async function cancelPayment(caseId: string, lineId: string): Promise<void> {
  await request(`${casePath(caseId)}/payments/${encodeURIComponent(lineId)}/cancel`, {
    method: 'POST',
  });
}

export async function urgentPayment(caseId: string, decisionId: string): Promise<PaymentRun> {
  return (await request(
    `${casePath(caseId)}/decisions/${encodeURIComponent(decisionId)}/urgent-payment`,
    { method: 'POST' },
  )) as PaymentRun;
}

// Payment runs
export async function fetchDue(date: string, signal?: Signal): Promise<DueSummary> {
  return (await request('/payments/due', { query: { date }, signal })) as DueSummary;
}

export async function fetchRuns(signal?: Signal): Promise<PaymentRun[]> {
  const result = (await request('/payment-runs', { signal })) as { runs: PaymentRun[] };
  return result.runs;
}

/**
 * Starts (or finds) the run for a date. The server answers at once with the collected run, or
 * with the run still `collecting` while it goes on in the background: poll `fetchRun`.
 */
export async function startRun(date: string): Promise<PaymentRun> {
  return (await request('/payment-runs', {
    method: 'POST',
    body: { date, dryRun: false },
  })) as PaymentRun;
}

export async function fetchRun(runId: string, signal?: Signal): Promise<PaymentRun> {
  return (await request(runPath(runId), { signal })) as PaymentRun;
}

export async function attestRun(runId: string): Promise<PaymentRun> {
  return (await request(`${runPath(runId)}/attest`, { method: 'POST' })) as PaymentRun;
}

export async function cancelRun(runId: string): Promise<PaymentRun> {
  return (await request(`${runPath(runId)}/cancel`, { method: 'POST' })) as PaymentRun;
}

export async function createBankFile(
  runId: string,
): Promise<{ messageId: string; sha256: string }> {
  return (await request(`${runPath(runId)}/file`, { method: 'POST' })) as {
    messageId: string;
    sha256: string;
  };
}

export function bankFileUrl(runId: string): string {
  return apiUrl(`${runPath(runId)}/file`);
}

/** Sends the bank's pain.002 as the request body (`application/xml`). */
export async function importStatusReport(
  file: Blob,
  onProgress: (share: number) => void,
  signal?: Signal,
): Promise<ImportSummary> {
  return (await uploadFile('/payment-status-reports', file, {
    contentType: 'application/xml',
    onProgress,
    ...(signal ? { signal } : {}),
  })) as ImportSummary;
}

export async function fetchPaymentTasks(signal?: Signal): Promise<RejectedPaymentTask[]> {
  const result = (await request('/payment-tasks', { signal })) as {
    tasks: RejectedPaymentTask[];
  };
  return result.tasks;
}

export async function fetchReconciliation(date: string, signal?: Signal): Promise<Reconciliation> {
  return (await request('/payment-reconciliation', { query: { date }, signal })) as Reconciliation;
}

// Payment settings (administrators)
export async function fetchPaymentSettings(signal?: Signal): Promise<PaymentSettings | null> {
  const result = (await request('/payment-settings', { signal })) as PaymentSettings | null;
  return result ?? null;
}

export async function savePaymentSettings(settings: PaymentSettings): Promise<void> {
  await request('/payment-settings', { method: 'PUT', body: settings });
}

// Recovery (återkrav)
export async function fetchRecoveries(caseId: string, signal?: Signal): Promise<RecoverySummary[]> {
  const result = (await request(`${casePath(caseId)}/recoveries`, { signal })) as {
    recoveries: RecoverySummary[];
  };
  return result.recoveries;
}

export async function createRecovery(
  caseId: string,
  input: RecoveryInput,
): Promise<{ id: string }> {
  return created(await request(`${casePath(caseId)}/recoveries`, { method: 'POST', body: input }));
}

export async function fetchRecovery(
  caseId: string,
  recoveryId: string,
  signal?: Signal,
): Promise<RecoveryView> {
  return (await request(recoveryPath(caseId, recoveryId), { signal })) as RecoveryView;
}

export async function saveRecovery(
  caseId: string,
  recoveryId: string,
  version: number,
  input: RecoveryInput,
): Promise<void> {
  await request(recoveryPath(caseId, recoveryId), {
    method: 'PUT',
    body: { version, ...input },
  });
}

export async function signRecovery(
  caseId: string,
  recoveryId: string,
  version: number,
): Promise<void> {
  await request(`${recoveryPath(caseId, recoveryId)}/sign`, {
    method: 'POST',
    body: { version },
  });
}

export function recoveryLetterUrl(caseId: string, recoveryId: string): string {
  return apiUrl(`${recoveryPath(caseId, recoveryId)}/letter.pdf`);
}

// Cost per district
export async function fetchDistrictCosts(
  year: number,
  signal?: Signal,
): Promise<DistrictCostReport> {
  return (await request('/district-costs', { query: { year }, signal })) as DistrictCostReport;
}

export function districtCostsExportUrl(year: number, format: 'csv' | 'xlsx'): string {
  return apiUrl(`/district-costs.${format}`, { year });
}

export async function saveDistrictBudget(
  districtId: string,
  year: number,
  amount: number,
): Promise<void> {
  await request(
    `/district-budgets/${encodeURIComponent(districtId)}/${encodeURIComponent(String(year))}`,
    { method: 'PUT', body: { amount } },
  );
}
