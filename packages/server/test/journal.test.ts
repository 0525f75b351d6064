// The journal: drafts, autosave with versions, signing locked by the database, addenda, the
// children's heading, Swedish full-text search behind need-to-know, and the printed journal.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCase,
  createOrg,
  createPerson,
  createTestContext,
  createUser,
  sessionFor,
  type OrgFixture,
  type Session,
  type TestContext,
} from './support/harness.ts';
import {
  accessLogCount,
  addHouseholdMember,
  extractPdfText,
  lastAccessLogEntry,
} from './support/journal-fixtures.ts';

interface StaffRef {
  id: string;
  displayName: string;
}
interface Addendum {
  id: string;
  noteId: string;
  body: string;
  author: StaffRef;
  createdAt: string;
}
interface Note {
  id: string;
  caseId: string;
  eventDate: string;
  noteType: string;
  body: string;
  childrenSituation: string | null;
  childrenNotAddressedReason: string | null;
  violenceAssessment: string | null;
  status: 'draft' | 'signed';
  author: StaffRef;
  signedBy: StaffRef | null;
  signedAt: string | null;
  version: number;
  addenda: Addendum[];
}
interface SearchHit {
  noteId: string;
  caseId: string;
  personId: string;
  applicantName: string;
  eventDate: string;
  status: string;
  snippet: { text: string; match: boolean }[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

const API = '/api/v1';
let ctx: TestContext;
let org: OrgFixture;
let worker: { id: string; username: string };
let colleague: { id: string; username: string };
let farWorker: { id: string; username: string };
let workerS: Session;
let colleagueS: Session;
let farS: Session;
/** Case in the joint unit, handled by worker; a child lives in the household from 2025-06-01. */
let familyCase: string;
let familyApplicant: { id: string; personnummer: string };
/** A second joint-unit case with no children. */
let plainCase: string;
/** Cases handled by the far unit in district north (which the joint unit serves). */
let farOpenCase: string;
let farOpenApplicant: string;
let farProtectedCase: string;
let farProtectedApplicant: string;

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
  worker = await createUser(ctx.ownerDb, org, {
    username: 'asa.oberg',
    roles: ['social_worker'],
    unitIds: [org.units.joint],
    groupIds: [org.groups.investigation],
  });
  colleague = await createUser(ctx.ownerDb, org, {
    roles: ['social_worker'],
    unitIds: [org.units.joint],
    groupIds: [org.groups.investigation],
  });
  farWorker = await createUser(ctx.ownerDb, org, {
    roles: ['social_worker'],
    unitIds: [org.units.far],
    groupIds: [org.groups.farWork],
  });
  workerS = await sessionFor(ctx, worker.id);
  colleagueS = await sessionFor(ctx, colleague.id);
  farS = await sessionFor(ctx, farWorker.id);

  familyApplicant = await createPerson(ctx.ownerDb, org, {
    districtId: org.districts.north,
    firstName: 'Märta',
    lastName: 'Ångström-Öhman',
  });
  familyCase = await createCase(ctx.ownerDb, org, {
    personId: familyApplicant.id,
    districtId: org.districts.north,
    unitId: org.units.joint,
    groupId: org.groups.investigation,
    assignee: worker.id,
  });
  const child = await createPerson(ctx.ownerDb, org, {
    districtId: org.districts.north,
    firstName: 'Lill',
    lastName: 'Ångström',
  });
  await addHouseholdMember(ctx.ownerDb, org, {
    caseId: familyCase,
    personId: familyApplicant.id,
    role: 'applicant',
    validFrom: '2024-01-01',
    recordedBy: worker.id,
  });
  await addHouseholdMember(ctx.ownerDb, org, {
    caseId: familyCase,
    personId: child.id,
    role: 'child',
    validFrom: '2025-06-01',
    recordedBy: worker.id,
  });

  const plain = await createPerson(ctx.ownerDb, org, { districtId: org.districts.south });
  plainCase = await createCase(ctx.ownerDb, org, {
    personId: plain.id,
    districtId: org.districts.south,
    unitId: org.units.joint,
    groupId: org.groups.benefits,
    assignee: colleague.id,
  });

  const farOpen = await createPerson(ctx.ownerDb, org, { districtId: org.districts.north });
  farOpenApplicant = farOpen.id;
  farOpenCase = await createCase(ctx.ownerDb, org, {
    personId: farOpen.id,
    districtId: org.districts.north,
    unitId: org.units.far,
    groupId: org.groups.farWork,
    assignee: farWorker.id,
  });
  const farProtected = await createPerson(ctx.ownerDb, org, {
    districtId: org.districts.north,
    protection: 'skyddad_folkbokforing',
    firstName: 'Skyddad',
    lastName: 'Persson',
  });
  farProtectedApplicant = farProtected.id;
  farProtectedCase = await createCase(ctx.ownerDb, org, {
    personId: farProtected.id,
    districtId: org.districts.north,
    unitId: org.units.far,
    groupId: org.groups.farWork,
    assignee: farWorker.id,
  });
});

afterAll(async () => ctx.close());

// Helpers -------------------------------------------------------------------------------------

function call(
  session: Session,
  method: 'GET' | 'POST' | 'PATCH',
  url: string,
  payload?: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return ctx.app.inject({
    method,
    url: `${API}${url}`,
    headers: session.headers,
    ...(payload ? { payload } : {}),
  });
}

async function draft(
  session: Session,
  caseId: string,
  fields: Record<string, unknown> = {},
): Promise<Note> {
  const res = await call(session, 'POST', `/cases/${caseId}/journal-notes`, {
    eventDate: '2026-02-20',
    noteType: 'phone',
    body: 'Samtal med sökande om ansökan.',
    ...fields,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Note>();
}

async function signed(
  session: Session,
  caseId: string,
  fields: Record<string, unknown> = {},
): Promise<Note> {
  const note = await draft(session, caseId, fields);
  const res = await call(session, 'POST', `/cases/${caseId}/journal-notes/${note.id}/sign`, {
    version: note.version,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Note>();
}

const errorOf = (res: LightMyRequestResponse) => res.json<ErrorBody>().error;

// Tests ---------------------------------------------------------------------------------------

describe('draft → autosave → sign → locked', () => {
  it('saves a draft, autosaves it, signs it, and then nothing can change it', async () => {
    const created = await draft(workerS, familyCase, { body: 'Första utkast' });
    expect(created).toMatchObject({
      caseId: familyCase,
      status: 'draft',
      version: 1,
      author: { id: worker.id, displayName: 'Test asa.oberg' },
      signedBy: null,
      signedAt: null,
      addenda: [],
    });

    const url = `/cases/${familyCase}/journal-notes/${created.id}`;
    const saved = await call(workerS, 'PATCH', url, {
      version: 1,
      body: 'Sökande berättade om sin situation på kontoret. Hyran är betald.',
      violenceAssessment: 'Inga tecken på våld framkom.',
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<Note>()).toMatchObject({ version: 2, status: 'draft' });

    const sign = await call(workerS, 'POST', `${url}/sign`, { version: 2 });
    expect(sign.statusCode, sign.body).toBe(200);
    const signedNote = sign.json<Note>();
    expect(signedNote).toMatchObject({
      status: 'signed',
      version: 3,
      signedBy: { id: worker.id, displayName: 'Test asa.oberg' },
      signedAt: ctx.clock.now.toISOString(),
      violenceAssessment: 'Inga tecken på våld framkom.',
    });

    // Locked for the API …
    const patchSigned = await call(workerS, 'PATCH', url, { version: 3, body: 'Ändrad' });
    expect(patchSigned.statusCode).toBe(409);
    expect(errorOf(patchSigned).code).toBe('note_signed');
    const signAgain = await call(workerS, 'POST', `${url}/sign`, { version: 3 });
    expect(signAgain.statusCode).toBe(409);
    expect(errorOf(signAgain).code).toBe('note_signed');

    // … and for the database, even as the application role going around the API.
    await expect(
      sql`update app.journal_note set body = 'manipulerad' where id = ${created.id}`.execute(
        ctx.db,
      ),
    ).rejects.toThrow(/signed and cannot be changed/);
    await expect(
      sql`delete from app.journal_note where id = ${created.id}`.execute(ctx.db),
    ).rejects.toThrow(/signed and cannot be deleted/);

    // A change is an addendum, shown beside the note.
    const addendum = await call(workerS, 'POST', `${url}/addenda`, {
      body: 'Tillägg: hyran betalades först efter påminnelse.',
    });
    expect(addendum.statusCode, addendum.body).toBe(201);
    expect(addendum.json<Addendum>()).toMatchObject({
      noteId: created.id,
      author: { id: worker.id, displayName: 'Test asa.oberg' },
    });
    await expect(
      sql`update app.journal_addendum set body = 'x' where note_id = ${created.id}`.execute(ctx.db),
    ).rejects.toThrow(/permission denied/);

    const list = await call(colleagueS, 'GET', `/cases/${familyCase}/journal-notes`);
    expect(list.statusCode, list.body).toBe(200);
    const shown = list.json<{ notes: Note[] }>().notes.find((n) => n.id === created.id);
    expect(shown?.body).toBe('Sökande berättade om sin situation på kontoret. Hyran är betald.');
    expect(shown?.addenda.map((a) => a.body)).toEqual([
      'Tillägg: hyran betalades först efter påminnelse.',
    ]);
    expect(shown?.signedBy?.displayName).toBe('Test asa.oberg');
  });

  it('takes addenda only on signed notes', async () => {
    const note = await draft(workerS, familyCase);
    const res = await call(
      workerS,
      'POST',
      `/cases/${familyCase}/journal-notes/${note.id}/addenda`,
      { body: 'För tidigt' },
    );
    expect(res.statusCode).toBe(409);
    expect(errorOf(res).code).toBe('note_not_signed');
  });

  it('refuses to sign an empty note', async () => {
    const note = await draft(workerS, familyCase, { body: '   ' });
    const res = await call(workerS, 'POST', `/cases/${familyCase}/journal-notes/${note.id}/sign`, {
      version: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('empty_body');
  });
});

describe('only the author works on a draft', () => {
  it("someone else's draft cannot be signed or saved, and is not shown to them", async () => {
    const note = await draft(workerS, familyCase, { body: 'Mitt utkast, inte ditt' });
    const url = `/cases/${familyCase}/journal-notes/${note.id}`;
    const sign = await call(colleagueS, 'POST', `${url}/sign`, { version: 1 });
    expect(sign.statusCode).toBe(403);
    expect(errorOf(sign).code).toBe('not_author');
    const save = await call(colleagueS, 'PATCH', url, { version: 1, body: 'Kapat' });
    expect(save.statusCode).toBe(403);
    expect(errorOf(save).code).toBe('not_author');

    const theirList = await call(colleagueS, 'GET', `/cases/${familyCase}/journal-notes`);
    expect(theirList.json<{ notes: Note[] }>().notes.map((n) => n.id)).not.toContain(note.id);
    expect((await call(colleagueS, 'GET', url)).statusCode).toBe(404);
    const myList = await call(workerS, 'GET', `/cases/${familyCase}/journal-notes`);
    expect(myList.json<{ notes: Note[] }>().notes.map((n) => n.id)).toContain(note.id);
    expect((await call(workerS, 'GET', url)).json<Note>().body).toBe('Mitt utkast, inte ditt');
  });

  it('a user of another unit may not write in the case at all', async () => {
    const res = await call(farS, 'POST', `/cases/${familyCase}/journal-notes`, {
      eventDate: '2026-02-20',
      noteType: 'phone',
      body: 'Obehörig',
    });
    expect(res.statusCode).toBe(403);
    expect((await call(farS, 'GET', `/cases/${familyCase}/journal-notes`)).statusCode).toBe(403);
  });
});

describe('versions', () => {
  it('a stale version gets 409 naming who changed the note and when', async () => {
    const note = await draft(workerS, familyCase);
    const url = `/cases/${familyCase}/journal-notes/${note.id}`;
    expect((await call(workerS, 'PATCH', url, { version: 1, body: 'Flik ett' })).statusCode).toBe(
      200,
    );
    const stale = await call(workerS, 'PATCH', url, { version: 1, body: 'Flik två' });
    expect(stale.statusCode).toBe(409);
    const error = errorOf(stale);
    expect(error.code).toBe('version_conflict');
    expect(error.details).toMatchObject({
      yourVersion: 1,
      currentVersion: 2,
      changedBy: { id: worker.id, displayName: 'Test asa.oberg' },
      changedAt: ctx.clock.now.toISOString(),
    });
    const staleSign = await call(workerS, 'POST', `${url}/sign`, { version: 1 });
    expect(staleSign.statusCode).toBe(409);
    expect(errorOf(staleSign).code).toBe('version_conflict');
    expect((await call(workerS, 'GET', url)).json<Note>().body).toBe('Flik ett');
  });

  it('20 parallel autosaves of the same version: exactly one wins, no lost update', async () => {
    const note = await draft(workerS, familyCase);
    const url = `/cases/${familyCase}/journal-notes/${note.id}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(workerS, 'PATCH', url, { version: 1, body: `Version från flik ${i}` }),
      ),
    );
    const ok = results.filter((r) => r.statusCode === 200);
    const conflicts = results.filter((r) => r.statusCode === 409);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    for (const r of conflicts) expect(errorOf(r).code).toBe('version_conflict');
    const winner = ok[0]?.json<Note>();
    const stored = (await call(workerS, 'GET', url)).json<Note>();
    expect(stored.version).toBe(2);
    expect(stored.body).toBe(winner?.body);
  });
});

describe('event date', () => {
  it('may not be after today in Sweden', async () => {
    const future = await call(workerS, 'POST', `/cases/${familyCase}/journal-notes`, {
      eventDate: '2026-03-03',
      noteType: 'phone',
      body: 'Framtid',
    });
    expect(future.statusCode).toBe(400);
    expect(errorOf(future).code).toBe('future_event_date');
    await draft(workerS, familyCase, { eventDate: '2026-03-02' });

    const note = await draft(workerS, familyCase);
    const patch = await call(workerS, 'PATCH', `/cases/${familyCase}/journal-notes/${note.id}`, {
      version: 1,
      eventDate: '2026-04-01',
    });
    expect(patch.statusCode).toBe(400);
    expect(errorOf(patch).code).toBe('future_event_date');

    // 23:30 UTC on 2 March is already 3 March in Stockholm (a fresh session: the clock jumped).
    const saved = ctx.clock.now;
    ctx.clock.now = new Date('2026-03-02T23:30:00Z');
    try {
      await draft(await sessionFor(ctx, worker.id), familyCase, { eventDate: '2026-03-03' });
    } finally {
      ctx.clock.now = saved;
    }
  });

  it('must be a real date', async () => {
    const res = await call(workerS, 'POST', `/cases/${familyCase}/journal-notes`, {
      eventDate: '2026-02-30',
      noteType: 'phone',
      body: 'x',
    });
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('validation_failed');
  });
});

describe("the children's heading", () => {
  const signUrl = (note: Note) => `/cases/${familyCase}/journal-notes/${note.id}/sign`;

  it('a visit in a household with a child cannot be signed without it', async () => {
    for (const noteType of ['visit', 'home_visit']) {
      const note = await draft(workerS, familyCase, { noteType, body: 'Besök med sökande.' });
      const res = await call(workerS, 'POST', signUrl(note), { version: 1 });
      expect(res.statusCode, noteType).toBe(400);
      expect(errorOf(res)).toMatchObject({
        code: 'children_heading_required',
        message: 'Beskriv barnens situation eller ange varför det inte gjordes',
      });
    }
  });

  it("signs with the children's situation or a reason why it was not addressed", async () => {
    const withSituation = await draft(workerS, familyCase, { noteType: 'visit', body: 'Besök.' });
    const patched = await call(
      workerS,
      'PATCH',
      `/cases/${familyCase}/journal-notes/${withSituation.id}`,
      { version: 1, childrenSituation: 'Barnet går i förskola och mår bra enligt sökande.' },
    );
    expect(patched.statusCode).toBe(200);
    const a = await call(workerS, 'POST', signUrl(withSituation), { version: 2 });
    expect(a.statusCode, a.body).toBe(200);

    const withReason = await draft(workerS, familyCase, {
      noteType: 'home_visit',
      body: 'Hembesök.',
      childrenNotAddressedReason: 'Tolk saknades; tas upp vid nästa besök.',
    });
    const b = await call(workerS, 'POST', signUrl(withReason), { version: 1 });
    expect(b.statusCode, b.body).toBe(200);
    expect(b.json<Note>().childrenNotAddressedReason).toBe(
      'Tolk saknades; tas upp vid nästa besök.',
    );
  });

  it('is not required for other note types, before the child moved in, or without children', async () => {
    const phone = await draft(workerS, familyCase, { noteType: 'phone' });
    expect((await call(workerS, 'POST', signUrl(phone), { version: 1 })).statusCode).toBe(200);
    const before = await draft(workerS, familyCase, { noteType: 'visit', eventDate: '2025-05-31' });
    expect((await call(workerS, 'POST', signUrl(before), { version: 1 })).statusCode).toBe(200);
    const noKids = await draft(colleagueS, plainCase, { noteType: 'visit' });
    const res = await call(
      colleagueS,
      'POST',
      `/cases/${plainCase}/journal-notes/${noKids.id}/sign`,
      { version: 1 },
    );
    expect(res.statusCode).toBe(200);
  });
});

describe('listing the journal', () => {
  it('filters by period, logs one entry, and rejects a period that ends before it starts', async () => {
    const inPeriod = await signed(colleagueS, plainCase, {
      eventDate: '2026-01-15',
      body: 'Januarianteckning',
    });
    const outside = await signed(colleagueS, plainCase, {
      eventDate: '2025-12-01',
      body: 'Decemberanteckning',
    });
    const before = await accessLogCount(ctx.ownerDb);
    const res = await call(
      workerS,
      'GET',
      `/cases/${plainCase}/journal-notes?from=2026-01-01&to=2026-01-31`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json<{ notes: Note[] }>().notes.map((n) => n.id);
    expect(ids).toContain(inPeriod.id);
    expect(ids).not.toContain(outside.id);
    expect(await accessLogCount(ctx.ownerDb)).toBe(before + 1);
    const entry = await lastAccessLogEntry(ctx.ownerDb);
    expect(entry).toMatchObject({
      actor_user_id: worker.id,
      resource: 'journal',
      fields: ['journal'],
      case_id: plainCase,
    });
    const plainApplicant = await ctx.ownerDb
      .selectFrom('app.assistance_case')
      .select('person_id')
      .where('id', '=', plainCase)
      .executeTakeFirstOrThrow();
    expect(entry.person_ids).toEqual([plainApplicant.person_id]);

    const bad = await call(
      workerS,
      'GET',
      `/cases/${plainCase}/journal-notes?from=2026-02-01&to=2026-01-01`,
    );
    expect(bad.statusCode).toBe(400);
    expect(errorOf(bad).code).toBe('invalid_period');
  });
});

describe('unknown notes', () => {
  it('404 for a note that does not exist, belongs to another case, or is not an id', async () => {
    const other = await signed(colleagueS, plainCase);
    for (const noteId of [randomUUID(), other.id, 'inte-ett-id']) {
      const url = `/cases/${familyCase}/journal-notes/${noteId}`;
      const responses = [
        await call(workerS, 'GET', url),
        await call(workerS, 'PATCH', url, { version: 1, body: 'x' }),
        await call(workerS, 'POST', `${url}/sign`, { version: 1 }),
        await call(workerS, 'POST', `${url}/addenda`, { body: 'x' }),
      ];
      for (const res of responses) {
        expect(res.statusCode, `${noteId} ${res.body}`).toBe(404);
        expect(errorOf(res).code).toBe('not_found');
      }
    }
    const noCase = await call(workerS, 'GET', `/cases/${randomUUID()}/journal-notes`);
    expect(noCase.statusCode).toBe(404);
  });
});

describe('full-text search', () => {
  let jointNote: Note;
  let farOpenNote: Note;
  let farProtectedNote: Note;

  beforeAll(async () => {
    jointNote = await signed(workerS, familyCase, {
      body: 'Sökande har börjat arbetsträning hos kommunens praktikenhet.',
    });
    farOpenNote = await signed(farS, farOpenCase, {
      body: 'Planerad arbetsträning från april.',
    });
    farProtectedNote = await signed(farS, farProtectedCase, {
      body: 'Arbetsträning på hemlig ort diskuterades.',
    });
    // A colleague's draft is not part of anyone else's search.
    await draft(colleagueS, familyCase, { body: 'Utkast om arbetsträningen' });
  });

  async function search(session: Session, q: string): Promise<SearchHit[]> {
    const res = await call(session, 'GET', `/journal-search?q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ hits: SearchHit[] }>().hits;
  }

  it('finds Swedish inflections of a word, with a highlighted snippet', async () => {
    for (const q of ['arbetsträningen', 'arbetsträning']) {
      const hits = await search(workerS, q);
      const hit = hits.find((h) => h.noteId === jointNote.id);
      expect(hit, q).toBeDefined();
      expect(hit?.applicantName).toBe('Märta Ångström-Öhman');
      expect(hit?.snippet.some((part) => part.match && /arbetsträning/i.test(part.text))).toBe(
        true,
      );
      expect(hit?.snippet.map((part) => part.text).join('')).toContain('praktikenhet');
    }
  });

  it('keeps to need-to-know: other units, protected persons and others’ drafts stay hidden', async () => {
    // The joint unit serves district north: it may read the far unit's ordinary case there, but
    // not the protected person's case.
    const workerHits = (await search(workerS, 'arbetsträningen')).map((h) => h.noteId);
    expect(workerHits).toContain(jointNote.id);
    expect(workerHits).toContain(farOpenNote.id);
    expect(workerHits).not.toContain(farProtectedNote.id);
    expect(workerHits).toHaveLength(2);

    // The far unit does not serve district north: the joint unit's case is not theirs.
    const farHits = (await search(farS, 'arbetsträning')).map((h) => h.noteId);
    expect(farHits).toEqual(expect.arrayContaining([farOpenNote.id, farProtectedNote.id]));
    expect(farHits).not.toContain(jointNote.id);

    // The colleague sees their own draft, but the search shows it to nobody else.
    const colleagueHits = await search(colleagueS, 'arbetsträningen');
    expect(colleagueHits.filter((h) => h.status === 'draft')).toHaveLength(1);
    expect(colleagueHits.map((h) => h.noteId)).not.toContain(farProtectedNote.id);

    // A grant makes the protected case readable.
    await ctx.ownerDb
      .insertInto('app.protected_data_grant')
      .values({
        municipality_id: org.municipalityId,
        person_id: farProtectedApplicant,
        user_id: worker.id,
        granted_by: farWorker.id,
        reason: 'Samordning mellan enheterna',
        valid_until: new Date(ctx.clock.now.getTime() + 86_400_000),
      })
      .execute();
    try {
      const granted = (await search(workerS, 'arbetsträning')).map((h) => h.noteId);
      expect(granted).toContain(farProtectedNote.id);
    } finally {
      await ctx.ownerDb
        .deleteFrom('app.protected_data_grant')
        .where('person_id', '=', farProtectedApplicant)
        .execute();
    }
  });

  it('writes one access-log entry naming the applicants shown, and none when nothing is shown', async () => {
    const before = await accessLogCount(ctx.ownerDb);
    await search(workerS, 'arbetsträning');
    expect(await accessLogCount(ctx.ownerDb)).toBe(before + 1);
    const entry = await lastAccessLogEntry(ctx.ownerDb);
    expect(entry.resource).toBe('journal.search');
    expect([...entry.person_ids].sort()).toEqual([familyApplicant.id, farOpenApplicant].sort());

    expect(await search(workerS, 'zebrafink')).toEqual([]);
    expect(await accessLogCount(ctx.ownerDb)).toBe(before + 1);
  });

  it('answers newest first across the date windows, at most 50 hits, old notes included', async () => {
    const today = ctx.clock.now.toISOString().slice(0, 10);
    const daysAgo = (days: number): string =>
      new Date(Date.parse(`${today}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
    // One note in each window (recent, within 400 days, within 1500 days, older), written as
    // signed notes straight into the table (event dates that far back are history).
    const spread = [5, 200, 1000, 3000];
    const insert = async (eventDate: string, body: string): Promise<string> => {
      const result = await sql<{ id: string }>`insert into app.journal_note
          (municipality_id, case_id, event_date, note_type, body, status, author_id, signed_by, signed_at)
        values (${org.municipalityId}, ${plainCase}, ${eventDate}::date, 'phone', ${body}, 'signed',
          ${worker.id}, ${worker.id}, ${ctx.clock.now})
        returning id`.execute(ctx.ownerDb);
      const id = result.rows[0]?.id;
      if (!id) throw new Error('note not inserted');
      return id;
    };
    const spreadIds: string[] = [];
    for (const days of spread) {
      spreadIds.push(
        await insert(daysAgo(days), `Samtal om fönsterputsning, ${days} dagar sedan.`),
      );
    }
    const hits = await search(workerS, 'fönsterputsning');
    expect(hits.map((h) => h.noteId)).toEqual(spreadIds);
    expect(hits.map((h) => h.eventDate)).toEqual(spread.map(daysAgo));

    // 55 more in the recent window: the answer is the 50 newest, no older window is read.
    for (let i = 0; i < 55; i += 1) {
      await insert(daysAgo(10 + (i % 30)), `Fönsterputsning igen, samtal ${i}.`);
    }
    const full = await search(workerS, 'fönsterputsning');
    expect(full).toHaveLength(50);
    const dates = full.map((h) => h.eventDate);
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates[0]).toBe(daysAgo(5));
    expect(dates.every((d) => d >= daysAgo(40))).toBe(true);
  });

  it('is for casework roles only', async () => {
    const admin = await createUser(ctx.ownerDb, org, { roles: ['administrator'] });
    const res = await call(await sessionFor(ctx, admin.id), 'GET', '/journal-search?q=arbete');
    expect(res.statusCode).toBe(403);
  });
});

describe('the printed journal', () => {
  it('prints the signed notes of the period with addenda, name and personnummer, never an address', async () => {
    const note = await signed(workerS, familyCase, {
      eventDate: '2026-02-10',
      noteType: 'collaboration',
      body: 'Samverkansmöte med Arbetsförmedlingen om åtgärder för sökande.',
    });
    const addendum = await call(
      workerS,
      'POST',
      `/cases/${familyCase}/journal-notes/${note.id}/addenda`,
      { body: 'Tillägg: mötet följs upp i maj, överenskommet med handläggaren.' },
    );
    expect(addendum.statusCode).toBe(201);
    await draft(workerS, familyCase, { eventDate: '2026-02-11', body: 'Osignerat utkast XYZ' });
    await signed(workerS, familyCase, { eventDate: '2026-01-05', body: 'Utanför perioden QRS' });

    const before = await accessLogCount(ctx.ownerDb);
    const res = await call(
      workerS,
      'GET',
      `/cases/${familyCase}/journal.pdf?from=2026-02-01&to=2026-02-28`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/pdf/);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = extractPdfText(res.rawPayload);
    expect(text).toContain('Journalutdrag');
    expect(text).toContain(familyCase);
    expect(text).toContain('2026-02-01 – 2026-02-28');
    expect(text).toContain('Märta Ångström-Öhman');
    const pnr = familyApplicant.personnummer;
    expect(text).toContain(`${pnr.slice(0, 8)}-${pnr.slice(8)}`);
    expect(text).toContain('Utskriven av');
    expect(text).toContain('Test asa.oberg');
    expect(text).toContain('Samverkansmöte med Arbetsförmedlingen');
    expect(text).toContain('Tillägg: mötet följs upp i maj');
    expect(text).not.toContain('Osignerat utkast XYZ');
    expect(text).not.toContain('Utanför perioden QRS');
    for (const address of ['Hemliga gatan', '111 22', 'Stockholm']) {
      expect(text).not.toContain(address);
    }
    expect(await accessLogCount(ctx.ownerDb)).toBe(before + 1);
    expect(await lastAccessLogEntry(ctx.ownerDb)).toMatchObject({
      resource: 'journal.pdf',
      case_id: familyCase,
      person_ids: [familyApplicant.id],
    });
  });

  it("a protected applicant's journal shows the name to those who may read it, no address", async () => {
    await signed(farS, farProtectedCase, { eventDate: '2026-02-12', body: 'Skyddat ärende.' });
    const res = await call(farS, 'GET', `/cases/${farProtectedCase}/journal.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    const text = extractPdfText(res.rawPayload);
    expect(text).toContain('Skyddad Persson');
    expect(text).toContain('Hela journalen');
    expect(text).not.toContain('Hemliga gatan');
    expect(text).not.toContain('111 22');
    // Those who may not read the case get no PDF.
    expect((await call(workerS, 'GET', `/cases/${farProtectedCase}/journal.pdf`)).statusCode).toBe(
      403,
    );
  });

  it('rejects a period that ends before it starts', async () => {
    const res = await call(
      workerS,
      'GET',
      `/cases/${familyCase}/journal.pdf?from=2026-03-01&to=2026-02-01`,
    );
    expect(res.statusCode).toBe(400);
    expect(errorOf(res).code).toBe('invalid_period');
  });
});
