// API hygiene: every route has an access rule, bad input gets a clear 4xx, the OpenAPI
// document is served, configuration is validated at start.
import Fastify from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { registerAccessControl } from '../src/http/access-control.ts';
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

beforeAll(async () => {
  ctx = await createTestContext();
  org = await createOrg(ctx.ownerDb);
  const user = await createUser(ctx.ownerDb, org, {
    roles: ['reception_officer'],
    unitIds: [org.units.joint],
    groupIds: [org.groups.reception],
  });
  reception = await sessionFor(ctx, user.id);
});
afterAll(async () => ctx.close());

describe('access rules on routes', () => {
  it('every API route declares an access rule, and person routes reveal personal data only behind the policy', () => {
    const rules = ctx.app.accessRules;
    expect(rules.length).toBeGreaterThan(15);
    for (const rule of rules) {
      expect(rule.url.startsWith('/api/v1/')).toBe(true);
      if (rule.access.kind === 'public') {
        expect(
          [
            '/api/v1/health',
            '/api/v1/system',
            '/api/v1/openapi.json',
            '/api/v1/auth/login',
          ].includes(rule.url) || rule.url.startsWith('/api/v1/auth/oidc/'),
        ).toBe(true);
      }
      if (rule.access.kind === 'person' || rule.access.kind === 'case')
        expect(rule.revealsPersonalData).toBe(true);
    }
  });

  it('registering a route without an access rule fails', async () => {
    const app = Fastify();
    await app.register(fastifyCookie, { secret: 'x'.repeat(32) });
    registerAccessControl(app, {
      findActor: async () => undefined,
      resolvePersonContext: async () => undefined,
      resolveCaseContext: async () => undefined,
    });
    expect(() => app.get('/api/v1/forgotten', async () => ({ secret: true }))).toThrow(
      /has no access rule/,
    );
    await app.close();
  });
});

describe('bad input', () => {
  it('invalid personnummer: a 400 naming the kind of error', async () => {
    const cases: [string, string][] = [
      ['19811218-9875', 'checksum'],
      ['19811318-9876', 'invalid_date'],
      ['20230229-1234', 'invalid_date'],
      ['1981121', 'format'],
    ];
    for (const [q, reason] of cases) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/persons?q=${encodeURIComponent(q)}`,
        headers: reception.headers,
      });
      expect(res.statusCode, q).toBe(400);
      const body = res.json<{
        error: { code: string; message: string; details?: { reason: string } };
      }>();
      expect(body.error.code).toBe('invalid_personnummer');
      expect(body.error.details?.reason).toBe(reason);
      expect(body.error.message.length).toBeGreaterThan(5);
    }
    const short = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/persons?q=a',
      headers: reception.headers,
    });
    expect(short.json<{ error: { code: string } }>().error.code).toBe('query_too_short');
  });

  it('registering persons validates everything and writes nothing on error', async () => {
    const count = async () =>
      (
        await ctx.ownerDb
          .selectFrom('app.person')
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const base = {
      personnummer: '19811218-9876',
      firstName: 'Eva',
      lastName: 'Exempel',
      districtId: org.districts.north,
    };
    const bad = [
      { body: { ...base, personnummer: '19811218-9875' }, code: 'invalid_personnummer' },
      {
        body: { ...base, districtId: '00000000-0000-4000-8000-000000000000' },
        code: 'unknown_district',
      },
      { body: { ...base, districtId: 'not-a-uuid' }, code: 'validation_failed' },
      { body: { ...base, postalCode: '1234' }, code: 'validation_failed' },
      { body: { ...base, protection: 'hemlig' }, code: 'validation_failed' },
      { body: { ...base, nickname: 'E' }, code: 'validation_failed' },
      { body: { ...base, firstName: 42 }, code: 'validation_failed' },
    ];
    for (const c of bad) {
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/persons',
        headers: reception.headers,
        payload: c.body,
      });
      expect(res.statusCode, c.code).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe(c.code);
    }
    expect(await count()).toBe(before);
    const ok = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: reception.headers,
      payload: { ...base, postalCode: '112 34' },
    });
    expect(ok.statusCode).toBe(201);
    const dup = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/persons',
      headers: reception.headers,
      payload: { ...base, personnummer: '198112189876' },
    });
    expect(dup.statusCode).toBe(409);
    expect(await count()).toBe(before + 1);
    const change = await ctx.ownerDb
      .selectFrom('audit.change_log')
      .selectAll()
      .where('entity', '=', 'person')
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(change.after)).not.toContain('Exempel');
  });

  it('unknown ids and unknown routes are 404 with a code; malformed ids never reach SQL', async () => {
    for (const url of [
      '/api/v1/persons/00000000-0000-4000-8000-000000000000',
      '/api/v1/persons/1%27%20OR%201=1',
      '/api/v1/persons/x/access-history',
    ]) {
      const res = await ctx.app.inject({ method: 'GET', url, headers: reception.headers });
      expect(res.statusCode, url).toBe(404);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('not_found');
    }
    const missing = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/no-such-route',
      headers: reception.headers,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('route_not_found');
  });

  it('a name search with SQL or LIKE characters is just text', async () => {
    await createPerson(ctx.ownerDb, org, { districtId: org.districts.north, lastName: "O'Brien" });
    for (const q of ["O'Br", "'; DROP TABLE app.person; --", '%%', '__']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/persons?q=${encodeURIComponent(q)}`,
        headers: reception.headers,
      });
      expect(res.statusCode, q).toBe(200);
    }
    const hits = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/persons?q=${encodeURIComponent('%%')}`,
      headers: reception.headers,
    });
    expect(hits.json<{ hits: unknown[] }>().hits).toHaveLength(0);
  });
});

describe('grants to protected persons', () => {
  it('a unit manager grants one user time-limited access to a protected person; the grant is logged', async () => {
    const manager = await createUser(ctx.ownerDb, org, {
      roles: ['unit_manager'],
      unitIds: [org.units.joint],
    });
    const worker = await createUser(ctx.ownerDb, org, {
      roles: ['social_worker'],
      unitIds: [org.units.joint],
    });
    const managerSession = await sessionFor(ctx, manager.id);
    const workerSession = await sessionFor(ctx, worker.id);
    const shielded = await createPerson(ctx.ownerDb, org, {
      districtId: org.districts.south,
      protection: 'skyddad_folkbokforing',
    });
    const plain = await createPerson(ctx.ownerDb, org, { districtId: org.districts.south });
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/persons/${shielded.id}`,
          headers: workerSession.headers,
        })
      ).statusCode,
    ).toBe(403);

    const validUntil = new Date(ctx.clock.now.getTime() + 7 * 86_400_000).toISOString();
    const grant = (
      personId: string,
      s: Session,
      body: object = { userId: worker.id, reason: 'Utredning av akut behov', validUntil },
    ) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/persons/${personId}/protected-data-grants`,
        headers: s.headers,
        payload: body,
      });
    expect((await grant(shielded.id, workerSession)).statusCode).toBe(403);
    expect(
      (await grant(plain.id, managerSession)).json<{ error: { code: string } }>().error.code,
    ).toBe('not_protected');
    expect(
      (await grant(shielded.id, managerSession, { userId: worker.id, reason: 'x', validUntil }))
        .statusCode,
    ).toBe(400);
    const past = new Date(ctx.clock.now.getTime() - 1000).toISOString();
    expect(
      (
        await grant(shielded.id, managerSession, {
          userId: worker.id,
          reason: 'Utredning av akut behov',
          validUntil: past,
        })
      ).json<{ error: { code: string } }>().error.code,
    ).toBe('invalid_valid_until');
    const ok = await grant(shielded.id, managerSession);
    expect(ok.statusCode).toBe(201);

    const page = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/persons/${shielded.id}`,
      headers: workerSession.headers,
    });
    expect(page.statusCode).toBe(200);
    expect(page.json<{ address: { streetAddress: string } | null }>().address?.streetAddress).toBe(
      'Hemliga gatan 1',
    );
    const logged = await ctx.ownerDb
      .selectFrom('audit.change_log')
      .selectAll()
      .where('entity', '=', 'protected_data_grant')
      .executeTakeFirstOrThrow();
    expect(logged.actor_username).toBe(manager.username);

    // The grant ends by itself.
    ctx.clock.now = new Date(ctx.clock.now.getTime() + 8 * 86_400_000);
    const expiredSession = await sessionFor(ctx, worker.id);
    expect(
      (
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/persons/${shielded.id}`,
          headers: expiredSession.headers,
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('OpenAPI and docs', () => {
  it('serves an OpenAPI 3.1 document with every route and a browsable page', async () => {
    const doc = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(doc.statusCode).toBe(200);
    const body = doc.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(body.openapi).toBe('3.1.0');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/persons/{personId}',
        '/api/v1/access-log',
        '/api/v1/admin/users',
      ]),
    );
    const page = await ctx.app.inject({ method: 'GET', url: '/api-docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
  });
});

describe('configuration', () => {
  it('production refuses to start without its secrets', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /DATABASE_URL.*SESSION_SECRET.*DATABASE_APP_PASSWORD/,
    );
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://a@b/c',
        SESSION_SECRET: 'x'.repeat(40),
        DATABASE_APP_PASSWORD: 'y'.repeat(20),
        DEMO_DATA: 'true',
      }),
    ).toThrow(/DEMO_DATA/);
    const ok = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://a@b/c',
      SESSION_SECRET: 'x'.repeat(40),
      DATABASE_APP_PASSWORD: 'y'.repeat(20),
    });
    expect(ok.demoData).toBe(false);
  });

  it('development has defaults; invalid values are named', () => {
    const dev = loadConfig({});
    expect(dev.port).toBe(3000);
    expect(dev.demoData).toBe(true);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ OIDC_ISSUER: 'https://idp.example' })).toThrow(
      /OIDC_ISSUER, OIDC_CLIENT_ID/,
    );
  });
});
