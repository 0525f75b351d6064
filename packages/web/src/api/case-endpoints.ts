// Typed calls of the case file and journal endpoints.
import { apiUrl, request } from './client.ts';
import type {
  Addendum,
  CaseActionInput,
  Caseload,
  CaseView,
  ContactChannel,
  JournalNote,
  JournalSearchResult,
  MyCase,
  NewHouseholdMember,
  NoteFields,
  OfficerCases,
} from './case-types.ts';

type Signal = AbortSignal | undefined;
const casePath = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;
const notePath = (caseId: string, noteId: string) =>
  `${casePath(caseId)}/journal-notes/${encodeURIComponent(noteId)}`;

export async function openCase(input: {
  personId: string;
  unitId: string;
  channel: ContactChannel;
}): Promise<{ id: string }> {
  return (await request('/cases', { method: 'POST', body: input })) as { id: string };
}

export async function fetchCase(caseId: string, signal?: Signal): Promise<CaseView> {
  return (await request(casePath(caseId), { signal })) as CaseView;
}

export async function appendCaseAction(
  caseId: string,
  version: number,
  action: CaseActionInput,
): Promise<{ version: number; status: 'open' | 'closed'; allowedNextActions: string[] }> {
  return (await request(`${casePath(caseId)}/actions`, {
    method: 'POST',
    body: { version, action },
  })) as { version: number; status: 'open' | 'closed'; allowedNextActions: string[] };
}

/** Adds a registered person to the household from a date; 409 `member_exists` on an overlap. */
export async function addHouseholdMember(
  caseId: string,
  member: NewHouseholdMember,
): Promise<{ id: string }> {
  return (await request(`${casePath(caseId)}/household-members`, {
    method: 'POST',
    body: member,
  })) as { id: string };
}

/** Ends a membership on its last day (`validTo`, inclusive); the row and its start stay. */
export async function endHouseholdMember(
  caseId: string,
  memberId: string,
  validTo: string,
): Promise<void> {
  await request(`${casePath(caseId)}/household-members/${encodeURIComponent(memberId)}/end`, {
    method: 'POST',
    body: { validTo },
  });
}

export async function fetchMyCases(signal?: Signal): Promise<MyCase[]> {
  const result = (await request('/my-cases', { signal })) as { cases: MyCase[] };
  return result.cases;
}

export async function fetchCaseload(signal?: Signal): Promise<Caseload> {
  return (await request('/caseload', { signal })) as Caseload;
}

/** An officer's open cases that the supervisor may hand over (404 outside the supervisor's units). */
export async function fetchOfficerCases(userId: string, signal?: Signal): Promise<OfficerCases> {
  return (await request(`/caseload/${encodeURIComponent(userId)}/cases`, {
    signal,
  })) as OfficerCases;
}

/** Empty headings are sent as null, so that the server stores "not written". */
function noteBody(fields: NoteFields) {
  const orNull = (text: string) => (text.trim() === '' ? null : text);
  return {
    eventDate: fields.eventDate,
    noteType: fields.noteType,
    body: fields.body,
    childrenSituation: orNull(fields.childrenSituation),
    childrenNotAddressedReason: orNull(fields.childrenNotAddressedReason),
    violenceAssessment: orNull(fields.violenceAssessment),
  };
}

export async function fetchJournal(caseId: string, signal?: Signal): Promise<JournalNote[]> {
  const result = (await request(`${casePath(caseId)}/journal-notes`, { signal })) as {
    notes: JournalNote[];
  };
  return result.notes;
}

export async function createNote(caseId: string, fields: NoteFields): Promise<JournalNote> {
  return (await request(`${casePath(caseId)}/journal-notes`, {
    method: 'POST',
    body: noteBody(fields),
  })) as JournalNote;
}

export async function saveNote(
  caseId: string,
  noteId: string,
  version: number,
  fields: NoteFields,
): Promise<JournalNote> {
  return (await request(notePath(caseId, noteId), {
    method: 'PATCH',
    body: { version, ...noteBody(fields) },
  })) as JournalNote;
}

export async function signNote(
  caseId: string,
  noteId: string,
  version: number,
): Promise<JournalNote> {
  return (await request(`${notePath(caseId, noteId)}/sign`, {
    method: 'POST',
    body: { version },
  })) as JournalNote;
}

export async function addAddendum(caseId: string, noteId: string, body: string): Promise<Addendum> {
  return (await request(`${notePath(caseId, noteId)}/addenda`, {
    method: 'POST',
    body: { body },
  })) as Addendum;
}

/**
 * Full-text search in the journals of the cases the user may read, newest first (at most
 * `limit` hits). A purpose is sent only when given; the server answers 400 `purpose_required`
 * if the user's roles need one.
 */
export async function searchJournal(
  q: string,
  purpose?: string,
  signal?: Signal,
): Promise<JournalSearchResult> {
  return (await request('/journal-search', {
    query: { q, purpose },
    signal,
  })) as JournalSearchResult;
}

export function journalPdfUrl(caseId: string): string {
  return apiUrl(`${casePath(caseId)}/journal.pdf`);
}
