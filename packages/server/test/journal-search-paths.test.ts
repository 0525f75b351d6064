// Journal search takes one of three paths (a walk over the newest notes, a second walk sized by
// the hits of the first, the full-text index for the rest). Whatever the path, the answer must
// be the same as a full scan: the 50 newest matching notes the policy lets the user read.
// Small walk sizes force every path on a journal of a few hundred generated notes.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decidePersonAction, type StaffRole } from '@skyddsnat/domain';
import type { Actor } from '../src/modules/auth/actor.ts';
import { resolveCaseContext } from '../src/modules/cases/case-access.ts';
import { JournalRepository } from '../src/modules/journal/repository.ts';
import { JournalService, SEARCH_LIMIT } from '../src/modules/journal/service.ts';
import {
  createCase,
  createOrg,
  createPerson,
  createTestContext,
  createUser,
  type OrgFixture,
  type TestContext,
} from './support/harness.ts';

let ctx: TestContext;
let org: OrgFixture;
const actors: Actor[] = [];

/** A repeatable pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function actorOf(
  user: { id: string; username: string },
  roles: StaffRole[],
  unitIds: string[],
  groupIds: string[],
): Actor {
  return {
    userId: user.id,
    municipalityId: org.municipalityId,
    username: user.username,
    displayName: user.username,
    roles,
    unitIds,
    groupIds,
    sessionId: '00000000-0000-4000-8000-000000000000',
    csrfToken: 'x',
    authMethod: 'password',
    acr: null,
    expiresAt: new Date(ctx.clock.now.getTime() + 3_600_000),
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
  const specs: { roles: StaffRole[]; unitIds: string[]; groupIds: string[] }[] = [
    { roles: ['social_worker'], unitIds: [org.units.joint], groupIds: [org.groups.investigation] },
    { roles: ['social_worker'], unitIds: [org.units.far], groupIds: [org.groups.farWork] },
    { roles: ['benefit_officer'], unitIds: [org.units.joint], groupIds: [org.groups.benefits] },
  ];
  for (const spec of specs) {
    const user = await createUser(ctx.ownerDb, org, spec);
    actors.push(actorOf(user, spec.roles, spec.unitIds, spec.groupIds));
  }
  const rnd = random(20261122);
  const districts = [org.districts.north, org.districts.south, org.districts.far];
  const cases: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    const districtId = districts[i % 3] ?? org.districts.north;
    const person = await createPerson(ctx.ownerDb, org, {
      districtId,
      protection: i % 5 === 4 ? 'sekretessmarkering' : 'none',
    });
    cases.push(
      await createCase(ctx.ownerDb, org, {
        personId: person.id,
        districtId,
        unitId: districtId === org.districts.far ? org.units.far : org.units.joint,
        groupId: districtId === org.districts.far ? org.groups.farWork : org.groups.investigation,
        assignee: actors[i % 3]?.userId ?? '',
      }),
    );
  }
  // 600 notes: "vanlig" in about 60 %, "mellan" in 8 %, "sällsynt" in 1 %, over ten years;
  // one in ten a draft of one of the three users.
  const today = Date.parse('2026-03-02T00:00:00Z');
  for (let i = 0; i < 600; i += 1) {
    const words = [
      rnd() < 0.6 ? 'vanlig' : 'annan',
      rnd() < 0.08 ? 'mellan' : 'övrig',
      rnd() < 0.01 ? 'sällsynt' : 'text',
    ];
    const eventDate = new Date(today - Math.floor(rnd() * 3650) * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const author = actors[Math.floor(rnd() * 3)]?.userId ?? '';
    const draft = rnd() < 0.1;
    await sql`insert into app.journal_note
        (municipality_id, case_id, event_date, note_type, body, status, author_id, signed_by, signed_at)
      values (${org.municipalityId}, ${cases[Math.floor(rnd() * cases.length)] ?? ''},
        ${eventDate}::date, 'phone', ${`Samtal: ${words.join(' ')}.`},
        ${draft ? 'draft' : 'signed'}, ${author}, ${draft ? null : author},
        ${draft ? null : ctx.clock.now})`.execute(ctx.ownerDb);
  }
}, 120_000);

afterAll(async () => {
  await ctx.close();
});

/** The answer by a full scan: every match, the policy case by case, newest first, the first 50. */
async function fullScan(actor: Actor, word: string): Promise<string[]> {
  const rows = (
    await sql<{ id: string; case_id: string }>`select id, case_id from app.journal_note
      where municipality_id = ${org.municipalityId}
        and search @@ websearch_to_tsquery('swedish', ${word})
        and (status = 'signed' or author_id = ${actor.userId})
      order by event_date desc, id desc`.execute(ctx.db)
  ).rows;
  const allowed = new Map<string, boolean>();
  const result: string[] = [];
  for (const row of rows) {
    let may = allowed.get(row.case_id);
    if (may === undefined) {
      const context = await resolveCaseContext(ctx.db, actor, row.case_id, ctx.clock.now);
      may = context !== undefined && decidePersonAction(actor.roles, 'case.read', context).allowed;
      allowed.set(row.case_id, may);
    }
    if (may) result.push(row.id);
  }
  return result.slice(0, SEARCH_LIMIT);
}

describe('journal search paths', () => {
  const walks = [
    { first: 5, max: 12 }, // mostly the full-text index
    { first: 10, max: 200 }, // a second walk for common words
    { first: 40, max: 41 }, // a walk, then the index
    { first: 30, max: 400, matches: 3 }, // walks cut short by the number of matches
    { first: 4000, max: 24_000, matches: 7 }, // one long walk, cut again and again
    { first: 4000, max: 24_000 }, // the production sizes: one walk covers this journal
  ];
  it.each(walks)('gives the full scan’s answer with walks sized %j', async (walk) => {
    const service = new JournalService(new JournalRepository(ctx.db), () => ctx.clock.now, walk);
    for (const actor of actors) {
      for (const word of ['vanlig', 'mellan', 'sällsynt', 'vanlig mellan', 'saknas']) {
        const hits = await service.search(actor, word, undefined);
        const expected = await fullScan(actor, word);
        expect(
          hits.map((h) => h.noteId),
          `${actor.username} "${word}"`,
        ).toEqual(expected);
      }
    }
    // The words do reach the limit and the rare one does not: the paths were all exercised.
    expect((await fullScan(actors[0] as Actor, 'vanlig')).length).toBe(SEARCH_LIMIT);
    expect((await fullScan(actors[0] as Actor, 'sällsynt')).length).toBeLessThan(SEARCH_LIMIT);
  });
});
