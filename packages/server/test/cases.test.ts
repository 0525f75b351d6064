// The case as an append-only log: opening, actions validated by the domain fold, optimistic
// concurrency, my cases and the unit's caseload.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
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
let reception: Session;
let worker: { id: string; session: Session };
let supervisor: Session;
let farWorker: Session;

interface CaseViewBody {
  version: number;
  status: string;
  allowedNextActions: string[];
  officers: { userId: string; role: string }[];
  state: {
    firstVisit: { deadline: string };
    closure: { reason: string } | null;
    pendingApplicationMonths: string[];
  };
}

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
  reception = await sessionFor(
    ctx,
    (
      await createUser(ctx.ownerDb, org, {
        roles: ['reception_officer'],
        unitIds: [org.units.joint],
        groupIds: [org.groups.reception],
      })
    ).id,
  );
  const w = await createUser(ctx.ownerDb, org, {
    roles: ['social_worker'],
    unitIds: [org.units.joint],
    groupIds: [org.groups.investigation],
  });
  worker = { id: w.id, session: await sessionFor(ctx, w.id) };
  supervisor = await sessionFor(
    ctx,
    (await createUser(ctx.ownerDb, org, { roles: ['supervisor'], unitIds: [org.units.joint] })).id,
  );
  farWorker = await sessionFor(
    ctx,
    (await createUser(ctx.ownerDb, org, { roles: ['social_worker'], unitIds: [org.units.far] })).id,
  );
});
afterAll(async () => ctx.close());

async function openCase(): Promise<string> {
  const person = await createPerson(ctx.ownerDb, org, { districtId: org.districts.north });
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: reception.headers,
    payload: {
      personId: person.id,
      unitId: org.units.joint,
      groupId: org.groups.reception,
      channel: 'phone',
    },
  });
  expect(res.statusCode).toBe(201);
  return res.json<{ id: string }>().id;
}

const act = (caseId: string, version: number, action: object, s: Session = reception) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/actions`,
    headers: s.headers,
    payload: { version, action },
  });
const view = async (caseId: string, s: Session = reception) =>
  (
    await ctx.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, headers: s.headers })
  ).json<CaseViewBody>();

describe('cases', () => {
  it('reception opens a case; the log starts with "opened"; the first-visit deadline is 14 days on', async () => {
    const caseId = await openCase();
    const body = await view(caseId);
    expect(body.version).toBe(1);
    expect(body.status).toBe('open');
    expect(body.state.firstVisit.deadline).toBe('2026-03-16');
    expect(body.allowedNextActions).toContain('first_visit_booked');
    expect(body.allowedNextActions).not.toContain('reopened');
  });

  it('refuses to open a case for an unknown person, in a unit that does not serve the district, or twice', async () => {
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: reception.headers,
      payload: {
        personId: '00000000-0000-4000-8000-000000000000',
        unitId: org.units.joint,
        channel: 'phone',
      },
    });
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('unknown_person');
    const farPerson = await createPerson(ctx.ownerDb, org, { districtId: org.districts.far });
    const wrongUnit = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: reception.headers,
      payload: { personId: farPerson.id, unitId: org.units.joint, channel: 'phone' },
    });
    expect(wrongUnit.json<{ error: { code: string } }>().error.code).toBe(
      'unit_does_not_serve_district',
    );
    const person = await createPerson(ctx.ownerDb, org, { districtId: org.districts.south });
    const payload = { personId: person.id, unitId: org.units.joint, channel: 'visit' };
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: reception.headers,
          payload,
        })
      ).statusCode,
    ).toBe(201);
    const again = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: reception.headers,
      payload,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: { code: string } }>().error.code).toBe('case_already_open');
  });

  it('walks a case from first contact to closure and reopening; corrections are new actions', async () => {
    const caseId = await openCase();
    let version = 1;
    const step = async (action: object, s: Session = reception) => {
      const res = await act(caseId, version, action, s);
      expect(res.statusCode, JSON.stringify(action) + res.body).toBe(200);
      version = res.json<{ version: number }>().version;
    };
    await step({
      type: 'first_contact_recorded',
      channel: 'phone',
      summary: 'Ringde om akut behov av mat.',
    });
    await step({ type: 'first_visit_booked', date: '2026-03-10' });
    await step({ type: 'officer_assigned', userId: worker.id, role: 'social_worker' });
    // Applications and decisions are recorded by their own modules, never by hand.
    const manualDecision = await act(
      caseId,
      version,
      { type: 'decision_recorded', month: '2026-03', outcome: 'granted' },
      worker.session,
    );
    expect(manualDecision.statusCode).toBe(400);
    const application = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/applications`,
      headers: worker.session.headers,
      payload: { month: '2026-03', kind: 'initial', costs: [], incomes: [] },
    });
    expect(application.statusCode, application.body).toBe(201);
    version += 1;
    expect((await view(caseId)).state.pendingApplicationMonths).toEqual(['2026-03']);
    const voidApplication = await act(
      caseId,
      version,
      { type: 'corrected', correctsSeq: 5, reason: 'Fel månad', replacement: null },
      worker.session,
    );
    expect(voidApplication.statusCode).toBe(422);
    expect(voidApplication.json<{ error: { code: string } }>().error.code).toBe(
      'correct_in_module',
    );
    // A correction supersedes the booking without editing it.
    await step(
      {
        type: 'corrected',
        correctsSeq: 3,
        reason: 'Fel dag registrerad',
        replacement: { type: 'first_visit_booked', date: '2026-03-11' },
      },
      worker.session,
    );
    const closeWithoutReason = await act(caseId, version, { type: 'closed' }, worker.session);
    expect(closeWithoutReason.statusCode).toBe(400);
    const otherWithoutNote = await act(
      caseId,
      version,
      { type: 'closed', reason: 'other' },
      worker.session,
    );
    expect(otherWithoutNote.statusCode).toBe(422);
    await step({ type: 'closed', reason: 'work' }, worker.session);
    const closed = await view(caseId, worker.session);
    expect(closed.status).toBe('closed');
    expect(closed.state.closure?.reason).toBe('work');
    expect(closed.allowedNextActions).toEqual(expect.arrayContaining(['reopened', 'corrected']));
    const afterClose = await act(
      caseId,
      version,
      { type: 'investigation_started' },
      worker.session,
    );
    expect(afterClose.statusCode).toBe(422);
    expect(afterClose.json<{ error: { code: string } }>().error.code).toBe('case_closed');
    await step({ type: 'reopened', reason: 'Förlorade arbetet' }, worker.session);
    expect((await view(caseId, worker.session)).status).toBe('open');
    const log = await ctx.ownerDb
      .selectFrom('app.case_action')
      .select(['seq', 'action_type'])
      .where('case_id', '=', caseId)
      .orderBy('seq')
      .execute();
    expect(log.map((r) => r.action_type)).toEqual([
      'opened',
      'first_contact_recorded',
      'first_visit_booked',
      'officer_assigned',
      'application_received',
      'corrected',
      'closed',
      'reopened',
    ]);
  });

  it('a late first-visit booking needs a reason', async () => {
    const caseId = await openCase();
    const late = await act(caseId, 1, { type: 'first_visit_booked', date: '2026-03-25' });
    expect(late.statusCode).toBe(422);
    expect(late.json<{ error: { code: string } }>().error.code).toBe(
      'first_visit_late_reason_required',
    );
    expect(
      (
        await act(caseId, 1, {
          type: 'first_visit_booked',
          date: '2026-03-25',
          lateReason: 'Sökanden bad om senare tid',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('a stale version gets 409 naming who changed the case; 20 parallel writers → exactly one wins', async () => {
    const caseId = await openCase();
    expect((await act(caseId, 1, { type: 'investigation_started' })).statusCode).toBe(200);
    const stale = await act(caseId, 1, {
      type: 'first_contact_recorded',
      channel: 'phone',
      summary: 'x',
    });
    expect(stale.statusCode).toBe(409);
    expect(
      stale.json<{ error: { details: { changedBy: string } } }>().error.details.changedBy,
    ).toContain('Test');
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        act(caseId, 2, {
          type: 'first_contact_recorded',
          channel: 'phone',
          summary: `Samtal ${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(19);
    const count = await ctx.ownerDb
      .selectFrom('app.case_action')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(3);
  });

  it('household membership is kept with dates; unknown members and end-before-start are refused', async () => {
    const caseId = await openCase();
    const child = await createPerson(ctx.ownerDb, org, {
      districtId: org.districts.north,
      firstName: 'Barn',
    });
    const add = (payload: object) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/household-members`,
        headers: reception.headers,
        payload,
      });
    expect(
      (
        await add({
          personId: '00000000-0000-4000-8000-000000000000',
          memberRole: 'child',
          validFrom: '2026-03-01',
        })
      ).json<{ error: { code: string } }>().error.code,
    ).toBe('unknown_person');
    const added = await add({ personId: child.id, memberRole: 'child', validFrom: '2026-03-01' });
    expect(added.statusCode).toBe(201);
    expect(
      (await add({ personId: child.id, memberRole: 'child', validFrom: '2026-03-05' })).statusCode,
    ).toBe(409);
    const memberId = added.json<{ id: string }>().id;
    const end = (validTo: string) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/household-members/${memberId}/end`,
        headers: reception.headers,
        payload: { validTo },
      });
    expect((await end('2026-02-01')).json<{ error: { code: string } }>().error.code).toBe(
      'invalid_period',
    );
    expect((await end('2026-06-30')).statusCode).toBe(204);
    const household = (
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseId}`,
        headers: reception.headers,
      })
    ).json<{ household: { role: string; validFrom: string; validTo: string | null }[] }>()
      .household;
    expect(household.find((h) => h.role === 'child')).toMatchObject({
      validFrom: '2026-03-01',
      validTo: '2026-06-30',
    });
  });

  it('the log cannot be rewritten by the application role', async () => {
    await expect(
      sql`UPDATE app.case_action SET action_type = 'closed'`.execute(ctx.db),
    ).rejects.toThrow(/permission denied/);
    await expect(sql`DELETE FROM app.case_action`.execute(ctx.db)).rejects.toThrow(
      /permission denied/,
    );
  });

  it('hand-over records a review; my cases follow the assignment; the supervisor sees the caseload and another unit sees nothing', async () => {
    const caseId = await openCase();
    expect(
      (await act(caseId, 1, { type: 'officer_assigned', userId: worker.id, role: 'social_worker' }))
        .statusCode,
    ).toBe(200);
    const mine = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/my-cases',
        headers: worker.session.headers,
      })
    ).json<{ cases: { id: string; firstVisitDeadline: string }[] }>();
    expect(mine.cases.map((c) => c.id)).toContain(caseId);
    const benefit = await createUser(ctx.ownerDb, org, {
      roles: ['benefit_officer'],
      unitIds: [org.units.joint],
      groupIds: [org.groups.benefits],
    });
    const handOverWithoutReview = await act(
      caseId,
      2,
      {
        type: 'handed_over',
        fromUserId: worker.id,
        toUserId: benefit.id,
        role: 'social_worker',
        review: '',
      },
      supervisor,
    );
    expect(handOverWithoutReview.statusCode).toBe(400);
    const handOver = await act(
      caseId,
      2,
      {
        type: 'handed_over',
        fromUserId: worker.id,
        toUserId: benefit.id,
        role: 'social_worker',
        review: 'Genomgång: utredning klar, plan följs upp i maj.',
      },
      supervisor,
    );
    expect(handOver.statusCode).toBe(200);
    const mineAfter = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/my-cases',
        headers: worker.session.headers,
      })
    ).json<{ cases: { id: string }[] }>();
    expect(mineAfter.cases.map((c) => c.id)).not.toContain(caseId);
    const caseload = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/caseload',
      headers: supervisor.headers,
    });
    expect(caseload.statusCode).toBe(200);
    const body = caseload.json<{
      threshold: number;
      officers: { userId: string; activeCases: number; overThreshold: boolean }[];
    }>();
    expect(body.threshold).toBe(50);
    expect(body.officers.find((o) => o.userId === benefit.id)?.activeCases).toBe(1);
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: '/api/v1/caseload',
          headers: worker.session.headers,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/cases/${caseId}`,
          headers: farWorker.headers,
        })
      ).statusCode,
    ).toBe(403);
  });
});
