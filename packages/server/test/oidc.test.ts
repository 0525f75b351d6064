// Single sign-on against a real OpenID Connect provider: acr levels, account linking and rejections.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { SESSION_COOKIE } from '../src/http/access-control.ts';
import type { OidcConfig } from '../src/config.ts';
import {
  acceptableAcrValues,
  allowsInsecureIssuer,
  meetsMinimumAcr,
  OIDC_TRANSACTION_COOKIE,
} from '../src/modules/auth/oidc.ts';
import {
  createOrg,
  createTestContext,
  createUser,
  type OrgFixture,
  type TestContext,
} from './support/harness.ts';
import {
  LOA2,
  LOA3,
  LOA4,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from './support/oidc-provider.ts';

const CLIENT_ID = 'skyddsnat-test';
const CLIENT_SECRET = 'a-test-client-secret-that-is-long-enough';
const REDIRECT_URI = 'http://127.0.0.1/api/v1/auth/oidc/callback';

function oidcEnv(issuer: string): Record<string, string> {
  return {
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_REDIRECT_URI: REDIRECT_URI,
    OIDC_MIN_ACR: LOA3,
    OIDC_ACR_LEVELS: [LOA2, LOA3, LOA4].join(','),
  };
}

interface Started {
  location: URL;
  /** "name=value" of the signed transaction cookie. */
  cookie: string;
}

async function start(ctx: TestContext): Promise<Started> {
  const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/start' });
  expect(response.statusCode).toBe(302);
  const location = response.headers.location;
  if (typeof location !== 'string') throw new Error('no Location from /start');
  const set = response.cookies.find((c) => c.name === OIDC_TRANSACTION_COOKIE);
  if (!set) throw new Error('no transaction cookie from /start');
  expect(set.httpOnly).toBe(true);
  expect(set.sameSite?.toLowerCase()).toBe('lax');
  expect(set.path).toBe('/api/v1/auth/oidc');
  return { location: new URL(location), cookie: `${OIDC_TRANSACTION_COOKIE}=${set.value}` };
}

function callback(
  ctx: TestContext,
  returned: URL,
  cookie?: string,
): Promise<LightMyRequestResponse> {
  return ctx.app.inject({
    method: 'GET',
    url: `${returned.pathname}${returned.search}`,
    headers: { 'user-agent': 'vitest', ...(cookie ? { cookie } : {}) },
  });
}

/** The whole browser round trip: start, the provider's login as `sub` at `acr`, and the callback. */
async function loginVia(
  ctx: TestContext,
  idp: TestIdentityProvider,
  sub: string,
  acr: string,
): Promise<LightMyRequestResponse> {
  const started = await start(ctx);
  const returned = await idp.authorize(started.location.href, { sub, acr });
  return callback(ctx, returned, started.cookie);
}

function sessionCookieOf(response: LightMyRequestResponse): string | undefined {
  const set = response.cookies.find((c) => c.name === SESSION_COOKIE && c.value !== '');
  return set ? `${SESSION_COOKIE}=${set.value}` : undefined;
}

function expectClearedTransaction(response: LightMyRequestResponse): void {
  const cleared = response.cookies.find((c) => c.name === OIDC_TRANSACTION_COOKIE);
  expect(cleared?.value).toBe('');
}

async function sessionCount(ctx: TestContext, userId: string): Promise<number> {
  const rows = await ctx.ownerDb
    .selectFrom('app.staff_session')
    .select('id')
    .where('user_id', '=', userId)
    .execute();
  return rows.length;
}

describe('OIDC login', () => {
  let idp: TestIdentityProvider;
  let ctx: TestContext;
  let org: OrgFixture;

  beforeAll(async () => {
    idp = await startTestIdentityProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
    });
    ctx = await createTestContext({ env: oidcEnv(idp.issuer) });
    org = await createOrg(ctx.ownerDb);
  });

  afterAll(async () => {
    await ctx.close();
    await idp.stop();
  });

  it('says that single sign-on is enabled', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/config' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ enabled: true });
  });

  it('sends the browser to the provider with PKCE, state, nonce and the acceptable acr values', async () => {
    const { location } = await start(ctx);
    expect(location.origin).toBe(idp.issuer);
    const params = location.searchParams;
    expect(params.get('client_id')).toBe(CLIENT_ID);
    expect(params.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(params.get('response_type')).toBe('code');
    expect(params.get('scope')).toBe('openid profile');
    expect(params.get('code_challenge_method')).toBe('S256');
    expect(params.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(params.get('state')).toBeTruthy();
    expect(params.get('nonce')).toBeTruthy();
    expect(params.get('acr_values')).toBe(`${LOA3} ${LOA4}`);
  });

  it('logs in at loa3, links the subject on first login and matches on it afterwards', async () => {
    const user = await createUser(ctx.ownerDb, org, {
      username: 'anna.andersson',
      roles: ['social_worker'],
      password: false,
    });
    idp.addAccount({
      sub: 'idp-subject-anna',
      preferredUsername: 'Anna.Andersson',
      name: 'Anna Andersson',
    });
    const userinfoBefore = idp.requestedPaths.filter((path) => path === '/me').length;

    const response = await loginVia(ctx, idp, 'idp-subject-anna', LOA3);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/');
    expectClearedTransaction(response);
    const cookie = sessionCookieOf(response);
    expect(cookie).toBeDefined();

    const session = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/session',
      headers: { cookie: cookie ?? '' },
    });
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({
      userId: user.id,
      username: 'anna.andersson',
      authMethod: 'oidc',
    });
    // This provider gives profile claims at the userinfo endpoint only, so the username came from there.
    expect(idp.requestedPaths.filter((path) => path === '/me').length).toBe(userinfoBefore + 1);

    const stored = await ctx.ownerDb
      .selectFrom('app.staff_user')
      .select(['oidc_subject', 'version'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored.oidc_subject).toBe('idp-subject-anna');
    const sessionRow = await ctx.ownerDb
      .selectFrom('app.staff_session')
      .select(['auth_method', 'acr', 'user_agent'])
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(sessionRow).toEqual({ auth_method: 'oidc', acr: LOA3, user_agent: 'vitest' });
    const linkLog = await ctx.ownerDb
      .selectFrom('audit.change_log')
      .select(['entity', 'change', 'after', 'actor_username'])
      .where('entity_id', '=', user.id)
      .execute();
    expect(linkLog).toEqual([
      {
        entity: 'staff_user',
        change: 'updated',
        after: { oidcLinked: true },
        actor_username: 'anna.andersson',
      },
    ]);

    // A later login matches on the subject alone, even when the username claim has changed.
    idp.addAccount({ sub: 'idp-subject-anna', preferredUsername: 'anna.renamed' });
    const again = await loginVia(ctx, idp, 'idp-subject-anna', LOA4);
    expect(again.statusCode).toBe(302);
    expect(again.headers.location).toBe('/');
    expect(sessionCookieOf(again)).toBeDefined();
    expect(await sessionCount(ctx, user.id)).toBe(2);
  });

  it('rejects a login below the minimum assurance level (loa2)', async () => {
    const user = await createUser(ctx.ownerDb, org, {
      username: 'bertil.berg',
      roles: ['social_worker'],
    });
    idp.addAccount({ sub: 'idp-subject-bertil', preferredUsername: 'bertil.berg' });

    const response = await loginVia(ctx, idp, 'idp-subject-bertil', LOA2);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login?fel=oidc_low_assurance');
    expect(sessionCookieOf(response)).toBeUndefined();
    expectClearedTransaction(response);
    expect(await sessionCount(ctx, user.id)).toBe(0);
    const stored = await ctx.ownerDb
      .selectFrom('app.staff_user')
      .select('oidc_subject')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored.oidc_subject).toBeNull();
  });

  it('rejects an acr outside the configured levels', async () => {
    idp.addAccount({ sub: 'idp-subject-bertil', preferredUsername: 'bertil.berg' });
    const response = await loginVia(ctx, idp, 'idp-subject-bertil', 'urn:example:unknown-level');
    expect(response.headers.location).toBe('/login?fel=oidc_low_assurance');
  });

  it('rejects an identity with no matching account', async () => {
    idp.addAccount({ sub: 'idp-subject-nobody', preferredUsername: 'nobody.here' });
    const response = await loginVia(ctx, idp, 'idp-subject-nobody', LOA3);
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/login?fel=oidc_unknown_user');
    expect(sessionCookieOf(response)).toBeUndefined();
  });

  it('does not link an account that is already linked to another subject', async () => {
    const user = await createUser(ctx.ownerDb, org, {
      username: 'cecilia.carlsson',
      roles: ['social_worker'],
    });
    await ctx.ownerDb
      .updateTable('app.staff_user')
      .set({ oidc_subject: 'the-real-cecilia' })
      .where('id', '=', user.id)
      .execute();
    idp.addAccount({ sub: 'idp-subject-impostor', preferredUsername: 'cecilia.carlsson' });

    const response = await loginVia(ctx, idp, 'idp-subject-impostor', LOA3);
    expect(response.headers.location).toBe('/login?fel=oidc_unknown_user');
    expect(await sessionCount(ctx, user.id)).toBe(0);
  });

  it('rejects a disabled account, whether linked already or not', async () => {
    const unlinked = await createUser(ctx.ownerDb, org, {
      username: 'david.dahl',
      roles: ['social_worker'],
    });
    const linked = await createUser(ctx.ownerDb, org, {
      username: 'eva.ek',
      roles: ['social_worker'],
    });
    await ctx.ownerDb
      .updateTable('app.staff_user')
      .set({ disabled_at: new Date() })
      .where('id', 'in', [unlinked.id, linked.id])
      .execute();
    await ctx.ownerDb
      .updateTable('app.staff_user')
      .set({ oidc_subject: 'idp-subject-eva' })
      .where('id', '=', linked.id)
      .execute();
    idp.addAccount({ sub: 'idp-subject-david', preferredUsername: 'david.dahl' });
    idp.addAccount({ sub: 'idp-subject-eva', preferredUsername: 'eva.ek' });

    for (const sub of ['idp-subject-david', 'idp-subject-eva']) {
      const response = await loginVia(ctx, idp, sub, LOA3);
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/login?fel=oidc_unknown_user');
      expect(sessionCookieOf(response)).toBeUndefined();
    }
    expect(await sessionCount(ctx, unlinked.id)).toBe(0);
    expect(await sessionCount(ctx, linked.id)).toBe(0);
    const stored = await ctx.ownerDb
      .selectFrom('app.staff_user')
      .select('oidc_subject')
      .where('id', '=', unlinked.id)
      .executeTakeFirstOrThrow();
    expect(stored.oidc_subject).toBeNull();
  });

  describe('bad callbacks end in a redirect, never a 500', () => {
    it('without a transaction cookie', async () => {
      await createUser(ctx.ownerDb, org, { username: 'fia.falk', roles: ['social_worker'] });
      idp.addAccount({ sub: 'idp-subject-fia', preferredUsername: 'fia.falk' });
      const started = await start(ctx);
      const returned = await idp.authorize(started.location.href, {
        sub: 'idp-subject-fia',
        acr: LOA3,
      });
      const response = await callback(ctx, returned);
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/login?fel=oidc_failed');
      expect(sessionCookieOf(response)).toBeUndefined();
    });

    it('with a forged state', async () => {
      idp.addAccount({ sub: 'idp-subject-fia', preferredUsername: 'fia.falk' });
      const started = await start(ctx);
      const returned = await idp.authorize(started.location.href, {
        sub: 'idp-subject-fia',
        acr: LOA3,
      });
      returned.searchParams.set('state', 'forged-state');
      const response = await callback(ctx, returned, started.cookie);
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/login?fel=oidc_failed');
      expect(sessionCookieOf(response)).toBeUndefined();
    });

    it('with the state missing', async () => {
      const started = await start(ctx);
      const returned = await idp.authorize(started.location.href, {
        sub: 'idp-subject-fia',
        acr: LOA3,
      });
      returned.searchParams.delete('state');
      const response = await callback(ctx, returned, started.cookie);
      expect(response.headers.location).toBe('/login?fel=oidc_failed');
    });

    it('with another login attempt’s transaction cookie', async () => {
      const mine = await start(ctx);
      const theirs = await start(ctx);
      const returned = await idp.authorize(mine.location.href, {
        sub: 'idp-subject-fia',
        acr: LOA3,
      });
      const response = await callback(ctx, returned, theirs.cookie);
      expect(response.headers.location).toBe('/login?fel=oidc_failed');
    });

    it('with a tampered transaction cookie', async () => {
      const started = await start(ctx);
      const returned = await idp.authorize(started.location.href, {
        sub: 'idp-subject-fia',
        acr: LOA3,
      });
      const [name, value = ''] = started.cookie.split('=', 2);
      const forged = JSON.stringify({
        state: returned.searchParams.get('state'),
        nonce: 'x',
        codeVerifier: 'y'.repeat(43),
        createdAt: Date.now(),
      });
      const response = await callback(
        ctx,
        returned,
        `${name ?? ''}=${encodeURIComponent(forged)}.${value.split('.').pop() ?? ''}`,
      );
      expect(response.headers.location).toBe('/login?fel=oidc_failed');
    });

    it('with a garbage code', async () => {
      const started = await start(ctx);
      const state = started.location.searchParams.get('state') ?? '';
      const returned = new URL(REDIRECT_URI);
      returned.search = new URLSearchParams({ code: 'garbage', state, iss: idp.issuer }).toString();
      const response = await callback(ctx, returned, started.cookie);
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/login?fel=oidc_failed');
    });

    it('with a replayed code', async () => {
      const started = await start(ctx);
      const returned = await idp.authorize(started.location.href, {
        sub: 'idp-subject-fia',
        acr: LOA3,
      });
      const first = await callback(ctx, returned, started.cookie);
      expect(first.headers.location).toBe('/');
      const replay = await callback(ctx, returned, started.cookie);
      expect(replay.headers.location).toBe('/login?fel=oidc_failed');
    });

    it('with an error from the provider, or odd parameters', async () => {
      const started = await start(ctx);
      for (const search of [
        '?error=access_denied&state=x',
        '?code=a&code=b&state=c&state=d',
        '',
        '?%zz=1',
      ]) {
        const response = await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/auth/oidc/callback${search}`,
          headers: { cookie: started.cookie },
        });
        expect(response.statusCode).toBe(302);
        expect(response.headers.location).toBe('/login?fel=oidc_failed');
      }
    });

    it('after the transaction has expired', async () => {
      const started = await start(ctx);
      const returned = await idp.authorize(started.location.href, {
        sub: 'idp-subject-fia',
        acr: LOA3,
      });
      const before = ctx.clock.now;
      ctx.clock.now = new Date(before.getTime() + 11 * 60_000);
      try {
        const response = await callback(ctx, returned, started.cookie);
        expect(response.headers.location).toBe('/login?fel=oidc_failed');
      } finally {
        ctx.clock.now = before;
      }
    });
  });
});

describe('OIDC with profile claims in the ID token', () => {
  it('maps the username from the ID token without a userinfo request', async () => {
    const idp = await startTestIdentityProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
      claimsInIdToken: true,
    });
    const ctx = await createTestContext({ env: oidcEnv(idp.issuer) });
    try {
      const org = await createOrg(ctx.ownerDb);
      const user = await createUser(ctx.ownerDb, org, {
        username: 'gustav.gran',
        roles: ['social_worker'],
      });
      idp.addAccount({ sub: 'idp-subject-gustav', preferredUsername: 'GUSTAV.GRAN' });
      const response = await loginVia(ctx, idp, 'idp-subject-gustav', LOA4);
      expect(response.headers.location).toBe('/');
      expect(idp.requestedPaths).not.toContain('/me');
      const stored = await ctx.ownerDb
        .selectFrom('app.staff_user')
        .select('oidc_subject')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow();
      expect(stored.oidc_subject).toBe('idp-subject-gustav');
    } finally {
      await ctx.close();
      await idp.stop();
    }
  });
});

describe('OIDC not configured', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(async () => {
    await ctx.close();
  });

  it('reports single sign-on as disabled and refuses to start', async () => {
    const config = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/config' });
    expect(config.json()).toEqual({ enabled: false });
    const startResponse = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/start' });
    expect(startResponse.statusCode).toBe(404);
    expect(startResponse.json()).toMatchObject({ error: { code: 'oidc_not_configured' } });
    const callbackResponse = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/auth/oidc/callback?code=a&state=b',
    });
    expect(callbackResponse.statusCode).toBe(404);
  });
});

describe('OIDC provider unreachable', () => {
  it('redirects to the login page instead of failing', async () => {
    const idp = await startTestIdentityProvider({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
    });
    const issuer = idp.issuer;
    await idp.stop();
    const ctx = await createTestContext({ env: oidcEnv(issuer) });
    try {
      const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/start' });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/login?fel=oidc_failed');
    } finally {
      await ctx.close();
    }
  });
});

describe('OIDC policy helpers', () => {
  const oidc: OidcConfig = {
    issuer: 'https://idp.example.se',
    clientId: 'c',
    clientSecret: 's',
    redirectUri: 'https://skyddsnat.example.se/api/v1/auth/oidc/callback',
    minAcr: LOA3,
    acrLevels: [LOA2, LOA3, LOA4],
    usernameClaim: 'preferred_username',
  };

  it('accepts the minimum and above, nothing else', () => {
    expect(acceptableAcrValues(oidc)).toEqual([LOA3, LOA4]);
    expect(meetsMinimumAcr(oidc, LOA3)).toBe(true);
    expect(meetsMinimumAcr(oidc, LOA4)).toBe(true);
    expect(meetsMinimumAcr(oidc, LOA2)).toBe(false);
    expect(meetsMinimumAcr(oidc, undefined)).toBe(false);
    expect(meetsMinimumAcr(oidc, 'loa3')).toBe(false);
  });

  it('allows a plain-http issuer only outside production', () => {
    const http = { ...oidc, issuer: 'http://127.0.0.1:4000' };
    expect(allowsInsecureIssuer(http, 'test')).toBe(true);
    expect(allowsInsecureIssuer(http, 'development')).toBe(true);
    expect(allowsInsecureIssuer(http, 'production')).toBe(false);
    expect(allowsInsecureIssuer(oidc, 'test')).toBe(false);
  });
});
