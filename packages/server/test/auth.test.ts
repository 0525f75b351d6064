// Staff login and sessions: argon2id, cookie flags, CSRF, throttling, timeouts, revocation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/modules/auth/password.ts';
import {
  createOrg,
  createTestContext,
  createUser,
  login,
  TEST_PASSWORD,
  type OrgFixture,
  type TestContext,
} from './support/harness.ts';

let ctx: TestContext;
let org: OrgFixture;

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
});
afterAll(async () => ctx.close());

describe('login', () => {
  it('stores argon2id hashes and logs in with a secure, HttpOnly, SameSite cookie', async () => {
    expect(await hashPassword('whatever-password')).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const user = await createUser(ctx.ownerDb, org, {
      roles: ['social_worker'],
      unitIds: [org.units.joint],
      groupIds: [org.groups.investigation],
    });
    const { response, session } = await login(ctx.app, user.username);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'skyddsnat_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const body = response.json<{
      roles: string[];
      units: { name: string }[];
      groups: { name: string }[];
    }>();
    expect(body.roles).toEqual(['social_worker']);
    expect(body.units.map((u) => u.name)).toEqual(['Gemensamma enheten']);
    expect(body.groups.map((g) => g.name)).toEqual(['Utredning']);
    const me = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: session?.cookie ?? '' },
    });
    expect(me.statusCode).toBe(200);
  });

  it('gives one answer for a wrong password and an unknown user, and throttles repeated failures', async () => {
    const user = await createUser(ctx.ownerDb, org, { roles: ['social_worker'] });
    const wrong = await login(ctx.app, user.username, 'wrong password here');
    const unknown = await login(ctx.app, 'nobody.here', 'wrong password here');
    expect(wrong.response.statusCode).toBe(401);
    expect(unknown.response.statusCode).toBe(401);
    expect(wrong.response.json()).toEqual(unknown.response.json());
    for (let i = 0; i < 3; i += 1) await login(ctx.app, user.username, 'wrong password again');
    const throttled = await login(ctx.app, user.username, 'still wrong');
    expect(throttled.response.statusCode).toBe(401);
    const blocked = await login(ctx.app, user.username, TEST_PASSWORD);
    expect(blocked.response.statusCode).toBe(429);
    expect(blocked.response.json<{ error: { code: string } }>().error.code).toBe('login_throttled');
    // After the window the right password works again.
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 16 * 60_000);
    const later = await login(ctx.app, user.username, TEST_PASSWORD);
    expect(later.response.statusCode).toBe(200);
  });

  it('rejects malformed login bodies with 4xx, never 500', async () => {
    const cases = [
      {
        payload: '{"username": "a", "password": ',
        type: 'application/json',
        status: 400,
        code: 'malformed_json',
      },
      {
        payload: JSON.stringify({ username: 'a', password: 'b', extra: 1 }),
        type: 'application/json',
        status: 400,
        code: 'validation_failed',
      },
      {
        payload: JSON.stringify({ username: 5, password: 'b' }),
        type: 'application/json',
        status: 400,
        code: 'validation_failed',
      },
      {
        payload: 'username=a&password=b',
        type: 'application/x-www-form-urlencoded',
        status: 415,
        code: 'unsupported_media_type',
      },
      {
        payload: JSON.stringify({ username: 'a', password: 'x'.repeat(70_000) }),
        type: 'application/json',
        status: 413,
        code: 'body_too_large',
      },
    ];
    for (const c of cases) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: c.payload,
        headers: { 'content-type': c.type },
      });
      expect(res.statusCode, c.code).toBe(c.status);
      expect(res.json<{ error: { code: string } }>().error.code).toBe(c.code);
    }
  });
});

describe('sessions', () => {
  it('ends after 30 idle minutes', async () => {
    const user = await createUser(ctx.ownerDb, org, { roles: ['social_worker'] });
    const { session } = await login(ctx.app, user.username);
    const headers = { cookie: session?.cookie ?? '' };
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 29 * 60_000);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers })).statusCode,
    ).toBe(200);
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 29 * 60_000);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers })).statusCode,
    ).toBe(200);
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 31 * 60_000);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers })).statusCode,
    ).toBe(401);
  });

  it('ends after 12 hours however active', async () => {
    const user = await createUser(ctx.ownerDb, org, { roles: ['social_worker'] });
    const { session } = await login(ctx.app, user.username);
    const headers = { cookie: session?.cookie ?? '' };
    for (let hour = 0; hour < 11; hour += 1) {
      for (let quarter = 0; quarter < 4; quarter += 1) {
        ctx.clock.now = new Date(ctx.clock.now.getTime() + 15 * 60_000);
        expect(
          (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers }))
            .statusCode,
        ).toBe(200);
      }
    }
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 61 * 60_000 + 15 * 60_000);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers })).statusCode,
    ).toBe(401);
  });

  it('logout needs the CSRF token and revokes the session', async () => {
    const user = await createUser(ctx.ownerDb, org, { roles: ['social_worker'] });
    const { session } = await login(ctx.app, user.username);
    if (!session) throw new Error('no session');
    const noToken = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json<{ error: { code: string } }>().error.code).toBe('csrf_token_invalid');
    const badToken = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: session.cookie, 'x-csrf-token': 'forged' },
    });
    expect(badToken.statusCode).toBe(403);
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: session.headers,
    });
    expect(ok.statusCode).toBe(204);
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: '/api/v1/auth/session',
          headers: { cookie: session.cookie },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('a tampered cookie is no session', async () => {
    const user = await createUser(ctx.ownerDb, org, { roles: ['social_worker'] });
    const { session } = await login(ctx.app, user.username);
    const tampered = (session?.cookie ?? '').replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: '/api/v1/auth/session',
          headers: { cookie: tampered },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('disabling a user or removing a role takes effect on the very next request', async () => {
    const admin = await createUser(ctx.ownerDb, org, { roles: ['administrator'] });
    const adminLogin = await login(ctx.app, admin.username);
    const worker = await createUser(ctx.ownerDb, org, {
      roles: ['social_worker', 'supervisor'],
      unitIds: [org.units.joint],
    });
    const workerLogin = await login(ctx.app, worker.username);
    if (!adminLogin.session || !workerLogin.session) throw new Error('login failed');
    const workerHeaders = workerLogin.session.headers;
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/access-log', headers: workerHeaders }))
        .statusCode,
    ).toBe(200);

    const users = (
      await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/admin/users',
        headers: adminLogin.session.headers,
      })
    ).json<{ users: { id: string; version: number }[] }>().users;
    const version = users.find((u) => u.id === worker.id)?.version ?? 0;
    const removeRole = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${worker.id}`,
      headers: adminLogin.session.headers,
      payload: { roles: ['social_worker'], version },
    });
    expect(removeRole.statusCode).toBe(200);
    const denied = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/access-log',
      headers: workerHeaders,
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe(
      'role_missing',
    );

    const disable = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${worker.id}`,
      headers: adminLogin.session.headers,
      payload: { disabled: true, version: version + 1 },
    });
    expect(disable.statusCode).toBe(200);
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: workerHeaders }))
        .statusCode,
    ).toBe(401);
    expect((await login(ctx.app, worker.username)).response.statusCode).toBe(401);
  });
});
