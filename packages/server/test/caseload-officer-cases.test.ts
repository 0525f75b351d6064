// GET /caseload/:userId/cases: a supervisor's list of one officer's open cases to hand over. Only
// open cases with a live assignment, only officers of the supervisor's units, only cases the
// supervisor may hand over (named), one access-log entry naming every applicant listed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatPersonnummer } from '@skyddsnat/domain';
import { apiClient } from './support/api-client.ts';
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

let ctx: TestContext;
let org: OrgFixture;
const { call, ok } = apiClient(() => ctx.app);

let supervisorId: string;
let supervisor: Session;
let unitManager: Session;
let farSupervisor: Session;
let colleague: Session;
let officerId: string;
let farOfficerId: string;

interface Row {
  caseId: string;
  personId: string;
  applicantName: string;
  personnummer: string;
  protection: string;
  districtName: string;
  role: string;
  openedAt: string;
  lastActionAt: string | null;
  version: number;
}
interface Body {
  officer: { userId: string; displayName: string };
  cases: Row[];
  truncated: boolean;
  notListed: number;
}

/** The cases placed for the officer, by what the list must do with them. */
const placed = {
  listed: [] as { caseId: string; personId: string; name: string; personnummer: string }[],
  /** Not the officer's open assignment at all: never listed, not counted. */
  absent: [] as { caseId: string; name: string }[],
  /** The officer's, in a unit the supervisor cannot hand over from: counted, never named. */
  hidden: [] as { caseId: string; name: string }[],
};

async function place(spec: {
  firstName: string;
  lastName: string;
  districtId: string;
  unitId: string;
  protection?: 'none' | 'sekretessmarkering' | 'skyddad_folkbokforing';
  assignee?: string;
  status?: 'open' | 'closed';
  streetAddress?: string;
}) {
  const person = await createPerson(ctx.ownerDb, org, {
    districtId: spec.districtId,
    protection: spec.protection ?? 'none',
    firstName: spec.firstName,
    lastName: spec.lastName,
    ...(spec.streetAddress ? { streetAddress: spec.streetAddress } : {}),
  });
  const caseId = await createCase(ctx.ownerDb, org, {
    personId: person.id,
    districtId: spec.districtId,
    unitId: spec.unitId,
    assignee: spec.assignee ?? officerId,
    status: spec.status ?? 'open',
  });
  return {
    caseId,
    personId: person.id,
    name: `${spec.firstName} ${spec.lastName}`,
    personnummer: person.personnummer,
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
  supervisorId = (
    await createUser(ctx.ownerDb, org, { roles: ['supervisor'], unitIds: [org.units.joint] })
  ).id;
  supervisor = await sessionFor(ctx, supervisorId);
  unitManager = await sessionFor(
    ctx,
    (await createUser(ctx.ownerDb, org, { roles: ['unit_manager'], unitIds: [org.units.joint] }))
      .id,
  );
  farSupervisor = await sessionFor(
    ctx,
    (await createUser(ctx.ownerDb, org, { roles: ['supervisor'], unitIds: [org.units.far] })).id,
  );
  const colleagueUser = await createUser(ctx.ownerDb, org, {
    roles: ['social_worker'],
    unitIds: [org.units.joint],
    groupIds: [org.groups.investigation],
  });
  colleague = await sessionFor(ctx, colleagueUser.id);
  officerId = (
    await createUser(ctx.ownerDb, org, {
      roles: ['social_worker'],
      unitIds: [org.units.joint],
      groupIds: [org.groups.investigation],
    })
  ).id;
  farOfficerId = (
    await createUser(ctx.ownerDb, org, { roles: ['social_worker'], unitIds: [org.units.far] })
  ).id;
  const { north, south, far } = org.districts;
  const { joint, far: farUnit } = org.units;

  // Listed: open, assigned now, handled by the supervisor's unit (names in Swedish order below).
  placed.listed.push(
    await place({ firstName: 'Örjan', lastName: 'Ek', districtId: north, unitId: joint }),
    await place({ firstName: 'Anna', lastName: 'Berg', districtId: south, unitId: joint }),
    await place({ firstName: 'Åsa', lastName: 'Lind', districtId: north, unitId: joint }),
    // A protected applicant in the supervisor's own unit: the policy lets the unit see them.
    await place({
      firstName: 'Skyddad',
      lastName: 'Sökande',
      districtId: north,
      unitId: joint,
      protection: 'skyddad_folkbokforing',
      streetAddress: 'Hemligvägen 9',
    }),
  );
  // A protected applicant handled by the far unit, but with a grant to the supervisor.
  const granted = await place({
    firstName: 'Beviljad',
    lastName: 'Skyddsson',
    districtId: south,
    unitId: farUnit,
    protection: 'sekretessmarkering',
  });
  await ctx.ownerDb
    .insertInto('app.protected_data_grant')
    .values({
      municipality_id: org.municipalityId,
      person_id: granted.personId,
      user_id: supervisorId,
      granted_by: supervisorId,
      reason: 'Test: omfördelning',
      valid_until: new Date(ctx.clock.now.getTime() + 86_400_000),
    })
    .execute();
  placed.listed.push(granted);

  // Absent: a closed case, an ended assignment, another officer's case.
  const closed = await place({
    firstName: 'Stängd',
    lastName: 'Ärendesson',
    districtId: north,
    unitId: joint,
    status: 'closed',
  });
  const ended = await place({
    firstName: 'Avslutad',
    lastName: 'Tilldelning',
    districtId: north,
    unitId: joint,
  });
  await ctx.ownerDb
    .updateTable('app.case_assignment')
    .set({ ended_at: new Date('2026-03-01T12:00:00Z') })
    .where('case_id', '=', ended.caseId)
    .execute();
  const others = await place({
    firstName: 'Annans',
    lastName: 'Ärende',
    districtId: north,
    unitId: joint,
    assignee: colleagueUser.id,
  });
  placed.absent.push(closed, ended, others);

  // Hidden: the far unit's cases, in a district the joint unit serves (protected) and in one it
  // does not (not protected). The supervisor could hand over neither.
  placed.hidden.push(
    await place({
      firstName: 'Dold',
      lastName: 'Skyddadsson',
      districtId: south,
      unitId: farUnit,
      protection: 'skyddad_folkbokforing',
    }),
    await place({ firstName: 'Fjärran', lastName: 'Farstason', districtId: far, unitId: farUnit }),
  );
});
afterAll(async () => ctx.close());

const url = (userId: string) => `/api/v1/caseload/${userId}/cases`;

async function accessLogEntries() {
  return ctx.ownerDb
    .selectFrom('audit.access_log')
    .select(['actor_user_id', 'person_ids', 'resource', 'fields', 'purpose', 'case_id'])
    .where('resource', '=', 'caseload.officer_cases')
    .orderBy('seq')
    .execute();
}

describe('GET /caseload/:userId/cases', () => {
  it("lists exactly the officer's open, assigned cases the supervisor may hand over, in Swedish name order", async () => {
    const body = await ok<Body>(supervisor, 'GET', `/caseload/${officerId}/cases`);
    expect(body.officer.userId).toBe(officerId);
    expect(body.officer.displayName).toMatch(/^Test /);
    expect(body.truncated).toBe(false);
    expect(body.notListed).toBe(placed.hidden.length);
    expect(body.cases.map((c) => c.applicantName)).toEqual([
      'Anna Berg',
      'Beviljad Skyddsson',
      'Skyddad Sökande',
      'Åsa Lind',
      'Örjan Ek',
    ]);
    expect(new Set(body.cases.map((c) => c.caseId))).toEqual(
      new Set(placed.listed.map((c) => c.caseId)),
    );
    const anna = body.cases.find((c) => c.applicantName === 'Anna Berg');
    const annaPlaced = placed.listed.find((c) => c.name === 'Anna Berg');
    expect(anna).toEqual({
      caseId: annaPlaced?.caseId,
      personId: annaPlaced?.personId,
      applicantName: 'Anna Berg',
      personnummer: formatPersonnummer(annaPlaced?.personnummer ?? ''),
      protection: 'none',
      districtName: 'Södermalm',
      role: 'social_worker',
      openedAt: '2026-03-01T08:00:00.000Z',
      lastActionAt: '2026-03-01T08:00:00.000Z',
      version: 2,
    });
    // Nothing about the others: neither their names nor their cases.
    const text = JSON.stringify(body);
    for (const c of [...placed.absent, ...placed.hidden]) {
      expect(text).not.toContain(c.name);
      expect(text).not.toContain(c.caseId);
    }
    // There is no address in the list, protected or not.
    expect(text).not.toContain('Hemligvägen');
    expect(text).not.toContain('Hemliga gatan');
  });

  it('names protected applicants only as the policy allows: the handling unit, or a grant', async () => {
    const body = await ok<Body>(supervisor, 'GET', `/caseload/${officerId}/cases`);
    const protectedRows = body.cases.filter((c) => c.protection !== 'none');
    expect(protectedRows.map((c) => [c.applicantName, c.protection])).toEqual([
      ['Beviljad Skyddsson', 'sekretessmarkering'],
      ['Skyddad Sökande', 'skyddad_folkbokforing'],
    ]);
    // The far unit's supervisor has no relation to the joint unit's officer at all.
    const far = await call(farSupervisor, 'GET', `/caseload/${officerId}/cases`);
    expect(far.statusCode).toBe(404);
    expect(far.body).not.toContain('Skyddad');
  });

  it('writes one access-log entry naming every applicant listed, and none for a list naming nobody', async () => {
    const before = (await accessLogEntries()).length;
    const body = await ok<Body>(supervisor, 'GET', `/caseload/${officerId}/cases`);
    const after = await accessLogEntries();
    expect(after).toHaveLength(before + 1);
    const entry = after.at(-1);
    expect(entry?.actor_user_id).toBe(supervisorId);
    expect(entry?.fields).toEqual(['name', 'personnummer']);
    expect(entry?.purpose).toBe('caseload.reassign');
    expect(entry?.case_id).toBeNull();
    expect([...(entry?.person_ids ?? [])].sort()).toEqual(
      placed.listed.map((c) => c.personId).sort(),
    );
    expect(body.cases).toHaveLength(placed.listed.length);

    // An officer of the unit without cases: an empty list reveals nothing and logs nothing.
    const idle = await createUser(ctx.ownerDb, org, {
      roles: ['benefit_officer'],
      unitIds: [org.units.joint],
    });
    const empty = await ok<Body>(supervisor, 'GET', `/caseload/${idle.id}/cases`);
    expect(empty).toMatchObject({ cases: [], truncated: false, notListed: 0 });
    expect(await accessLogEntries()).toHaveLength(before + 1);
  });

  it('the unit manager may list too', async () => {
    const body = await ok<Body>(unitManager, 'GET', `/caseload/${officerId}/cases`);
    expect(body.cases.map((c) => c.caseId).sort()).toEqual(
      placed.listed
        .filter((c) => c.name !== 'Beviljad Skyddsson') // the grant is the supervisor's
        .map((c) => c.caseId)
        .sort(),
    );
    expect(body.notListed).toBe(placed.hidden.length + 1);
  });

  it('404 for an officer outside your units or unknown; 400 for a malformed id', async () => {
    for (const userId of [farOfficerId, '00000000-0000-4000-8000-000000000000']) {
      const res = await call(supervisor, 'GET', `/caseload/${userId}/cases`);
      expect(res.statusCode).toBe(404);
      expect(res.json<{ error: { code: string; message: string } }>().error).toMatchObject({
        code: 'not_found',
        message: 'Officer was not found',
      });
    }
    // The far unit's supervisor does see their own officer.
    expect((await ok<Body>(farSupervisor, 'GET', `/caseload/${farOfficerId}/cases`)).cases).toEqual(
      [],
    );
    const malformed = await call(supervisor, 'GET', '/caseload/not-a-uuid/cases');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
  });

  it('403 for a case officer (no caseload.unit), 401 without a session', async () => {
    const denied = await call(colleague, 'GET', `/caseload/${officerId}/cases`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'role_missing',
    );
    expect(denied.body).not.toContain('Anna');
    const anonymous = await ctx.app.inject({ method: 'GET', url: url(officerId) });
    expect(anonymous.statusCode).toBe(401);
  });

  it("the listed version hands the case over; it then leaves the officer's list", async () => {
    const body = await ok<Body>(supervisor, 'GET', `/caseload/${officerId}/cases`);
    const row = body.cases.find((c) => c.applicantName === 'Örjan Ek');
    if (!row) throw new Error('Örjan Ek not listed');
    const receiver = await createUser(ctx.ownerDb, org, {
      roles: ['social_worker'],
      unitIds: [org.units.joint],
    });
    await ok(supervisor, 'POST', `/cases/${row.caseId}/actions`, {
      version: row.version,
      action: {
        type: 'handed_over',
        fromUserId: officerId,
        toUserId: receiver.id,
        role: row.role,
        review: 'Överlämning: utredningen pågår.',
      },
    });
    const after = await ok<Body>(supervisor, 'GET', `/caseload/${officerId}/cases`);
    expect(after.cases.map((c) => c.caseId)).not.toContain(row.caseId);
    const theirs = await ok<Body>(supervisor, 'GET', `/caseload/${receiver.id}/cases`);
    expect(theirs.cases.map((c) => [c.caseId, c.version])).toEqual([[row.caseId, row.version + 1]]);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(Object.keys(doc.json<{ paths: Record<string, unknown> }>().paths)).toContain(
      '/api/v1/caseload/{userId}/cases',
    );
  });
});
