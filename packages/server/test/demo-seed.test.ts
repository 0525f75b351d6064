// The demo municipality seeds into an empty database only, and its cases read back through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoMunicipality } from '../src/demo/seed.ts';
import { createTestContext, login, type TestContext } from './support/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ start: new Date('2026-11-22T10:00:00Z') });
});
afterAll(async () => ctx.close());

describe('demo data', () => {
  it('seeds once, with every role, synthetic persons and cases whose logs fold', async () => {
    const seedStart = Date.now();
    expect(await seedDemoMunicipality(ctx.ownerUrl, { now: ctx.clock.now })).toBe(true);
    console.log(`demo seed: ${String(Date.now() - seedStart)} ms`);
    expect(await seedDemoMunicipality(ctx.ownerUrl)).toBe(false);
    const roles = new Set(DEMO_USERS.flatMap((u) => u.roles));
    expect(roles.size).toBe(10);
    const { session } = await login(ctx.app, 'socialsekreterare', DEMO_PASSWORD);
    if (!session) throw new Error('demo login failed');
    const mine = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/my-cases',
      headers: session.headers,
    });
    expect(mine.statusCode).toBe(200);
    const cases = mine.json<{ cases: { id: string; firstVisitOverdue: boolean }[] }>().cases;
    expect(cases.length).toBeGreaterThan(20);
    // The logs agree with the journals: every demo case had its first visit.
    expect(cases.filter((c) => c.firstVisitOverdue)).toEqual([]);
    const first = cases[0];
    if (!first) throw new Error('no case');
    const view = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/cases/${first.id}`,
      headers: session.headers,
    });
    expect(view.statusCode).toBe(200);
    expect(view.json<{ version: number; officers: unknown[] }>().officers).toHaveLength(1);
  });

  it('has decided months and this month in every state of the work list', async () => {
    const { session } = await login(ctx.app, 'socialsekreterare', DEMO_PASSWORD);
    if (!session) throw new Error('demo login failed');
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/decision-worklist',
      headers: session.headers,
    });
    expect(res.statusCode).toBe(200);
    const list = res.json<{
      readyToSign: { month: string }[];
      needsAttention: { reasons: string[] }[];
      waitingForApplicant: unknown[];
    }>();
    expect(list.readyToSign.length).toBeGreaterThan(0);
    expect(list.readyToSign.every((item) => item.month === '2026-11')).toBe(true);
    expect(list.needsAttention.length).toBeGreaterThan(0);
    expect(list.waitingForApplicant.length).toBeGreaterThan(0);
    const signed = await ctx.ownerDb
      .selectFrom('app.case_action')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action_type', '=', 'decision_recorded')
      .executeTakeFirstOrThrow();
    expect(Number(signed.n)).toBeGreaterThan(50);
  });
});
