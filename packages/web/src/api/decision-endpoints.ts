// Typed calls of the applications and decisions endpoints, the work list and decision settings.
import { apiUrl, request, uploadFile } from './client.ts';
import type {
  ApplicationCost,
  ApplicationIncome,
  ApplicationSummary,
  ApplicationView,
  ConfirmationMethod,
  DecisionGuidance,
  DecisionSettings,
  DecisionSummary,
  DecisionView,
  DocumentKind,
  DraftUpdate,
  NewApplication,
  NewDraft,
  Worklist,
} from './decision-types.ts';

type Signal = AbortSignal | undefined;
const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;
const applicationPath = (caseId: string, applicationId: string) =>
  `${casePath(caseId)}/applications/${encodeURIComponent(applicationId)}`;
const decisionPath = (caseId: string, decisionId: string) =>
  `${casePath(caseId)}/decisions/${encodeURIComponent(decisionId)}`;
const created = (value: unknown): { id: string } => value as { id: string };

// Applications
export async function fetchApplications(
  caseId: string,
  signal?: Signal,
): Promise<ApplicationSummary[]> {
  const result = (await request(`${casePath(caseId)}/applications`, { signal })) as {
    applications: ApplicationSummary[];
  };
  return result.applications;
}

export async function createApplication(
  caseId: string,
  application: NewApplication,
): Promise<{ id: string }> {
  return created(
    await request(`${casePath(caseId)}/applications`, { method: 'POST', body: application }),
  );
}

export async function fetchApplication(
  caseId: string,
  applicationId: string,
  signal?: Signal,
): Promise<ApplicationView> {
  return (await request(applicationPath(caseId, applicationId), { signal })) as ApplicationView;
}

export async function saveApplication(
  caseId: string,
  applicationId: string,
  version: number,
  content: { costs: ApplicationCost[]; incomes: ApplicationIncome[] },
): Promise<void> {
  await request(applicationPath(caseId, applicationId), {
    method: 'PUT',
    body: { version, ...content },
  });
}

export async function confirmApplication(
  caseId: string,
  applicationId: string,
  version: number,
  method: ConfirmationMethod,
): Promise<void> {
  await request(`${applicationPath(caseId, applicationId)}/confirm`, {
    method: 'POST',
    body: { version, method },
  });
}

export async function recalculateApplication(caseId: string, applicationId: string) {
  await request(`${applicationPath(caseId, applicationId)}/recalculate`, { method: 'POST' });
}

export async function uploadDocument(
  caseId: string,
  applicationId: string,
  input: { kind: DocumentKind; file: File; contentType: string },
  onProgress: (share: number) => void,
  signal?: Signal,
): Promise<{ id: string }> {
  return created(
    await uploadFile(`${applicationPath(caseId, applicationId)}/documents`, input.file, {
      query: { kind: input.kind, fileName: input.file.name || 'dokument' },
      contentType: input.contentType,
      onProgress,
      ...(signal ? { signal } : {}),
    }),
  );
}

export function documentUrl(caseId: string, applicationId: string, documentId: string): string {
  return apiUrl(
    `${applicationPath(caseId, applicationId)}/documents/${encodeURIComponent(documentId)}`,
  );
}

export async function requestCompletion(
  caseId: string,
  applicationId: string,
  input: { message: string; dueDate: string },
): Promise<{ id: string }> {
  return created(
    await request(`${applicationPath(caseId, applicationId)}/completion-requests`, {
      method: 'POST',
      body: input,
    }),
  );
}

// Decisions
export async function fetchDecisions(caseId: string, signal?: Signal): Promise<DecisionSummary[]> {
  const result = (await request(`${casePath(caseId)}/decisions`, { signal })) as {
    decisions: DecisionSummary[];
  };
  return result.decisions;
}

export async function createDraft(caseId: string, draft: NewDraft): Promise<{ id: string }> {
  return created(await request(`${casePath(caseId)}/decisions`, { method: 'POST', body: draft }));
}

export async function fetchDecision(
  caseId: string,
  decisionId: string,
  signal?: Signal,
): Promise<DecisionView> {
  return (await request(decisionPath(caseId, decisionId), { signal })) as DecisionView;
}

export async function saveDraft(
  caseId: string,
  decisionId: string,
  version: number,
  update: DraftUpdate,
): Promise<void> {
  await request(decisionPath(caseId, decisionId), {
    method: 'PUT',
    body: { version, ...update },
  });
}

export async function discardDraft(
  caseId: string,
  decisionId: string,
  version: number,
): Promise<void> {
  await request(decisionPath(caseId, decisionId), { method: 'DELETE', query: { version } });
}

export async function signDecision(
  caseId: string,
  decisionId: string,
  version: number,
): Promise<void> {
  await request(`${decisionPath(caseId, decisionId)}/sign`, { method: 'POST', body: { version } });
}

export async function routeDecision(
  caseId: string,
  decisionId: string,
  version: number,
  input: { toUserId: string; note: string | null },
): Promise<void> {
  await request(`${decisionPath(caseId, decisionId)}/route`, {
    method: 'POST',
    body: { version, ...input },
  });
}

export async function replaceDecision(caseId: string, decisionId: string): Promise<{ id: string }> {
  return created(await request(`${decisionPath(caseId, decisionId)}/replace`, { method: 'POST' }));
}

export function letterUrl(caseId: string, decisionId: string): string {
  return apiUrl(`${decisionPath(caseId, decisionId)}/letter.pdf`);
}

// Work list, guidance and settings
export async function fetchWorklist(signal?: Signal): Promise<Worklist> {
  return (await request('/decision-worklist', { signal })) as Worklist;
}

export async function fetchGuidance(signal?: Signal): Promise<DecisionGuidance> {
  return (await request('/decision-guidance', { signal })) as DecisionGuidance;
}

export async function fetchDecisionSettings(signal?: Signal): Promise<DecisionSettings> {
  return (await request('/decision-settings', { signal })) as DecisionSettings;
}

export async function saveDecisionSettings(settings: DecisionSettings): Promise<void> {
  await request('/decision-settings', { method: 'PUT', body: settings });
}
