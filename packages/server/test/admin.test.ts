// Administration of organisation and staff: administrator only, validated, versioned, logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrg,
  createTestContext,
  createUser,
  login,
  sessionFor,
  type OrgFixture,
  type Session,
  type TestContext,
} from './support/harness.ts';

let ctx: TestContext;
let org: OrgFixture;
let admin: Session;
let adminId: string;

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
  const user = await createUser(ctx.ownerDb, org, { roles: ['administrator'] });
  adminId = user.id;
  admin = await sessionFor(ctx, user.id);
});
afterAll(async () => ctx.close());

const post = (url: string, payload: unknown, s: Session = admin) =>
  ctx.app.inject({ method: 'POST', url, payload: payload as object, headers: s.headers });
const patch = (url: string, payload: unknown, s: Session = admin) =>
  ctx.app.inject({ method: 'PATCH', url, payload: payload as object, headers: s.headers });

describe('administration', () => {
  it('builds municipality → districts → units (serving several districts) → groups → users', async () => {
    const d1 = (await post('/api/v1/admin/districts', { name: 'Östermalm' })).json<{ id: string }>()
      .id;
    const d2 = (await post('/api/v1/admin/districts', { name: 'Kungsholmen' })).json<{
      id: string;
    }>().id;
    const unitRes = await post('/api/v1/admin/units', {
      name: 'Försörjningsstöd',
      runByDistrictId: d1,
      servedDistrictIds: [d1, d2],
    });
    expect(unitRes.statusCode).toBe(201);
    const unitId = unitRes.json<{ id: string }>().id;
    const groupId = (
      await post(`/api/v1/admin/units/${unitId}/groups`, { name: 'Mottagning' })
    ).json<{ id: string }>().id;
    const userRes = await post('/api/v1/admin/users', {
      username: 'ny.handlaggare',
      displayName: 'Ny Handläggare',
      password: 'ett långt lösenord',
      roles: ['reception_officer'],
      unitIds: [unitId],
      groupIds: [groupId],
    });
    expect(userRes.statusCode).toBe(201);
    const orgView = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/org', headers: admin.headers })
    ).json<{ units: { id: string; servedDistrictIds: string[]; groups: { name: string }[] }[] }>();
    const unit = orgView.units.find((u) => u.id === unitId);
    expect(unit?.servedDistrictIds.sort()).toEqual([d1, d2].sort());
    expect(unit?.groups.map((g) => g.name)).toEqual(['Mottagning']);
    const loggedIn = await login(ctx.app, 'ny.handlaggare', 'ett långt lösenord');
    expect(loggedIn.response.statusCode).toBe(200);
  });

  it('refuses bad input with clear codes and writes nothing', async () => {
    const cases: [string, unknown, number, string][] = [
      ['/api/v1/admin/districts', { name: '' }, 400, 'validation_failed'],
      ['/api/v1/admin/districts', { name: 'Norrmalm' }, 409, 'name_taken'],
      [
        '/api/v1/admin/units',
        { name: 'X', runByDistrictId: org.districts.north, servedDistrictIds: [] },
        400,
        'validation_failed',
      ],
      [
        '/api/v1/admin/units',
        {
          name: 'X',
          runByDistrictId: '00000000-0000-4000-8000-000000000000',
          servedDistrictIds: [org.districts.north],
        },
        400,
        'unknown_district',
      ],
      [
        '/api/v1/admin/users',
        { username: 'Ä!', displayName: 'X', roles: ['social_worker'], unitIds: [], groupIds: [] },
        400,
        'validation_failed',
      ],
      [
        '/api/v1/admin/users',
        {
          username: 'kort',
          displayName: 'X',
          password: 'short',
          roles: ['social_worker'],
          unitIds: [],
          groupIds: [],
        },
        400,
        'weak_password',
      ],
      [
        '/api/v1/admin/users',
        { username: 'utan.roll', displayName: 'X', roles: [], unitIds: [], groupIds: [] },
        400,
        'validation_failed',
      ],
      [
        '/api/v1/admin/users',
        { username: 'fel.roll', displayName: 'X', roles: ['king'], unitIds: [], groupIds: [] },
        400,
        'validation_failed',
      ],
      [
        '/api/v1/admin/users',
        {
          username: 'fel.grupp',
          displayName: 'X',
          roles: ['social_worker'],
          unitIds: [org.units.far],
          groupIds: [org.groups.reception],
        },
        400,
        'group_outside_units',
      ],
    ];
    const before = await ctx.ownerDb
      .selectFrom('audit.change_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [url, body, status, code] of cases) {
      const res = await post(url, body);
      expect(res.statusCode, code).toBe(status);
      expect(res.json<{ error: { code: string } }>().error.code).toBe(code);
    }
    const after = await ctx.ownerDb
      .selectFrom('audit.change_log')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it('a stale write gets 409 version_conflict', async () => {
    const orgView = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/org', headers: admin.headers })
    ).json<{ districts: { id: string; name: string; version: number }[] }>();
    const district = orgView.districts.find((d) => d.name === 'Farsta');
    if (!district) throw new Error('no district');
    expect(
      (
        await patch(`/api/v1/admin/districts/${district.id}`, {
          name: 'Farsta stadsdel',
          version: district.version,
        })
      ).statusCode,
    ).toBe(204);
    const stale = await patch(`/api/v1/admin/districts/${district.id}`, {
      name: 'Farsta igen',
      version: district.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json<{ error: { code: string } }>().error.code).toBe('version_conflict');
  });

  it('only administrators may administer; an administrator cannot lock themselves out', async () => {
    const worker = await createUser(ctx.ownerDb, org, {
      roles: ['unit_manager'],
      unitIds: [org.units.joint],
    });
    const session = await sessionFor(ctx, worker.id);
    const res = await post('/api/v1/admin/districts', { name: 'Smygdistrikt' }, session);
    expect(res.statusCode).toBe(403);
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: '/api/v1/admin/users',
          headers: session.headers,
        })
      ).statusCode,
    ).toBe(403);
    const me = (
      await ctx.app.inject({ method: 'GET', url: '/api/v1/admin/users', headers: admin.headers })
    )
      .json<{ users: { id: string; version: number }[] }>()
      .users.find((u) => u.id === adminId);
    const lockout = await patch(`/api/v1/admin/users/${adminId}`, {
      disabled: true,
      version: me?.version ?? 1,
    });
    expect(lockout.statusCode).toBe(409);
  });

  it('every change is in the change log with who, before and after, and no password', async () => {
    const res = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/admin/change-log',
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(200);
    const entries = res.json<{
      entries: {
        entity: string;
        change: string;
        actorUsername: string;
        before: unknown;
        after: unknown;
      }[];
    }>().entries;
    expect(entries.map((e) => `${e.entity}:${e.change}`)).toEqual(
      expect.arrayContaining([
        'district:created',
        'unit:created',
        'group:created',
        'staff_user:created',
        'district:updated',
      ]),
    );
    const renamed = entries.find((e) => e.entity === 'district' && e.change === 'updated');
    expect(renamed?.before).toEqual({ name: 'Farsta' });
    expect(renamed?.after).toEqual({ name: 'Farsta stadsdel' });
    expect(JSON.stringify(entries)).not.toContain('ett långt lösenord');
  });
});
