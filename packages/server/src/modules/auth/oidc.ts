// Staff single sign-on over OpenID Connect: authorization code flow with PKCE, acr check, account linking.
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import * as client from 'openid-client';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AppConfig, OidcConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { errorResponses } from '../../http/schemas.ts';
import { ChangeLog } from '../change-log/change-log.ts';
import { setSessionCookie } from './routes.ts';
import type { AuthService, IssuedSession } from './service.ts';

export interface OidcRouteDeps {
  db: Db;
  auth: AuthService;
  config: AppConfig;
  clock: () => Date;
}

/** Holds state, nonce and PKCE verifier between /start and /callback; signed, never readable by scripts. */
export const OIDC_TRANSACTION_COOKIE = 'skyddsnat_oidc';
const TRANSACTION_MAX_AGE_SECONDS = 600;
const DISCOVERY_TIMEOUT_SECONDS = 10;

/** Codes the login page shows (query parameter "fel"). */
export type OidcFailureCode = 'oidc_failed' | 'oidc_low_assurance' | 'oidc_unknown_user';

class OidcRejection extends Error {
  override name = 'OidcRejection';
  readonly code: OidcFailureCode;
  constructor(code: OidcFailureCode, reason: string) {
    super(reason);
    this.code = code;
  }
}

const transactionSchema = z.object({
  state: z.string().min(1),
  nonce: z.string().min(1),
  codeVerifier: z.string().min(43),
  /** Milliseconds since the epoch by the application clock; the cookie's maxAge is only advice to the browser. */
  createdAt: z.number().int(),
});
type Transaction = z.infer<typeof transactionSchema>;

const queryValue = z.union([z.string(), z.array(z.string())]).optional();

function notConfigured(): AppError {
  return new AppError(404, 'oidc_not_configured', 'Single sign-on is not configured');
}

/** Plain-http issuers are accepted only outside production (a local test identity provider). */
export function allowsInsecureIssuer(oidc: OidcConfig, env: AppConfig['env']): boolean {
  return new URL(oidc.issuer).protocol === 'http:' && env !== 'production';
}

/** The acceptable levels, lowest first: the configured minimum and everything above it. */
export function acceptableAcrValues(oidc: OidcConfig): string[] {
  const min = oidc.acrLevels.indexOf(oidc.minAcr);
  return min < 0 ? [oidc.minAcr] : oidc.acrLevels.slice(min);
}

export function meetsMinimumAcr(oidc: OidcConfig, acr: unknown): acr is string {
  return typeof acr === 'string' && acceptableAcrValues(oidc).includes(acr);
}

/** Discovers the identity provider once per application; a failed discovery is retried on the next use. */
function configurationLoader(
  oidc: OidcConfig,
  env: AppConfig['env'],
): () => Promise<client.Configuration> {
  let pending: Promise<client.Configuration> | undefined;
  return () => {
    pending ??= client
      .discovery(
        new URL(oidc.issuer),
        oidc.clientId,
        { client_secret: oidc.clientSecret },
        client.ClientSecretBasic(oidc.clientSecret),
        {
          timeout: DISCOVERY_TIMEOUT_SECONDS,
          // Deprecated only as a warning sign; allowed just for a plain-http issuer outside production.
          // eslint-disable-next-line @typescript-eslint/no-deprecated
          ...(allowsInsecureIssuer(oidc, env) ? { execute: [client.allowInsecureRequests] } : {}),
        },
      )
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}

/**
 * Enough to diagnose a failed login: names, messages and OAuth error codes only. Causes and
 * response bodies of protocol errors may carry tokens or claims, so they are never logged whole.
 */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const parts = [`${error.name}: ${error.message}`];
  const { error: oauthError, error_description: description } = error as {
    error?: unknown;
    error_description?: unknown;
  };
  if (typeof oauthError === 'string') parts.push(`error=${oauthError}`);
  if (typeof description === 'string') parts.push(`error_description=${description}`);
  if (error.cause instanceof Error) parts.push(`cause: ${error.cause.message}`);
  return parts.join('; ');
}

function readTransaction(request: FastifyRequest, now: Date): Transaction {
  const raw = request.cookies[OIDC_TRANSACTION_COOKIE];
  if (!raw) {
    throw new OidcRejection(
      'oidc_failed',
      'no transaction cookie (expired, or the login was not started here)',
    );
  }
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid) {
    throw new OidcRejection('oidc_failed', 'transaction cookie signature invalid');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(unsigned.value);
  } catch {
    throw new OidcRejection('oidc_failed', 'transaction cookie is not JSON');
  }
  const transaction = transactionSchema.safeParse(parsed);
  if (!transaction.success) throw new OidcRejection('oidc_failed', 'transaction cookie malformed');
  const age = now.getTime() - transaction.data.createdAt;
  if (age < 0 || age > TRANSACTION_MAX_AGE_SECONDS * 1000) {
    throw new OidcRejection('oidc_failed', 'transaction expired');
  }
  return transaction.data;
}

interface LoginUser {
  id: string;
  municipalityId: string;
  username: string;
  linked: boolean;
}

/**
 * The staff user for an identity: by subject, else by username for an account not linked yet
 * (then the subject is stored, so later logins match on it even if the username claim changes).
 */
async function resolveUser(
  db: Db,
  sub: string,
  readUsernameClaim: () => Promise<unknown>,
  clientIp: string,
): Promise<LoginUser> {
  const bySubject = await db
    .selectFrom('app.staff_user')
    .select(['id', 'municipality_id', 'username', 'disabled_at'])
    .where('oidc_subject', '=', sub)
    .executeTakeFirst();
  if (bySubject) {
    if (bySubject.disabled_at !== null) {
      throw new OidcRejection('oidc_unknown_user', `account ${bySubject.username} is disabled`);
    }
    return {
      id: bySubject.id,
      municipalityId: bySubject.municipality_id,
      username: bySubject.username,
      linked: false,
    };
  }

  const usernameClaim = await readUsernameClaim();
  if (typeof usernameClaim !== 'string' || usernameClaim.trim() === '') {
    throw new OidcRejection(
      'oidc_unknown_user',
      'subject not linked and the username claim is missing',
    );
  }
  const username = usernameClaim.trim().toLowerCase();
  const byName = await db
    .selectFrom('app.staff_user')
    .select(['id', 'municipality_id', 'username', 'oidc_subject', 'disabled_at'])
    .where('username', '=', username)
    .executeTakeFirst();
  if (!byName) throw new OidcRejection('oidc_unknown_user', `no account with username ${username}`);
  if (byName.oidc_subject !== null) {
    throw new OidcRejection(
      'oidc_unknown_user',
      `account ${username} is linked to another subject`,
    );
  }
  if (byName.disabled_at !== null) {
    throw new OidcRejection('oidc_unknown_user', `account ${username} is disabled`);
  }

  const ctx = {
    municipalityId: byName.municipality_id,
    actorUserId: byName.id,
    actorUsername: byName.username,
    clientIp,
  };
  try {
    const linked = await db.transaction().execute(async (tx) => {
      const result = await tx
        .updateTable('app.staff_user')
        .set({ oidc_subject: sub, version: sql<number>`version + 1` })
        .where('id', '=', byName.id)
        .where('oidc_subject', 'is', null)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return false;
      // The subject itself is not recorded: some identity providers use the personal identity number.
      await new ChangeLog(db).record(
        ctx,
        {
          entity: 'staff_user',
          entityId: byName.id,
          change: 'updated',
          before: { oidcLinked: false },
          after: { oidcLinked: true },
        },
        tx,
      );
      return true;
    });
    if (!linked) {
      throw new OidcRejection(
        'oidc_unknown_user',
        `account ${username} changed while being linked`,
      );
    }
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === '23505') {
      throw new OidcRejection(
        'oidc_unknown_user',
        `subject was linked to another account concurrently`,
      );
    }
    throw error;
  }
  return {
    id: byName.id,
    municipalityId: byName.municipality_id,
    username: byName.username,
    linked: true,
  };
}

interface CompletedLogin {
  issued: IssuedSession;
  acr: string;
  linkedNow: boolean;
}

/** Everything between the identity provider's redirect and a new session; OidcRejection for every expected failure. */
async function completeLogin(
  deps: OidcRouteDeps,
  request: FastifyRequest,
  oidc: OidcConfig,
  loadConfiguration: () => Promise<client.Configuration>,
): Promise<CompletedLogin> {
  const transaction = readTransaction(request, deps.clock());
  const configuration = await loadConfiguration().catch((error: unknown) => {
    request.log.error({ reason: describeError(error) }, 'OIDC discovery failed');
    throw new OidcRejection('oidc_failed', 'identity provider unavailable');
  });
  // The registered redirect URI with the parameters as received (the request's own host may be a proxy's view).
  const currentUrl = new URL(oidc.redirectUri);
  const queryStart = request.url.indexOf('?');
  currentUrl.search = queryStart >= 0 ? request.url.slice(queryStart) : '';
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      expectedState: transaction.state,
      expectedNonce: transaction.nonce,
      pkceCodeVerifier: transaction.codeVerifier,
      idTokenExpected: true,
    });
  } catch (error) {
    throw new OidcRejection(
      'oidc_failed',
      `authorization code exchange failed: ${describeError(error)}`,
    );
  }
  const claims = tokens.claims();
  if (!claims) throw new OidcRejection('oidc_failed', 'no ID token in the token response');
  const { acr, sub } = claims;
  if (!meetsMinimumAcr(oidc, acr)) {
    throw new OidcRejection(
      'oidc_low_assurance',
      `acr ${typeof acr === 'string' ? acr : '(none)'} is below the minimum ${oidc.minAcr}`,
    );
  }
  const fromIdToken = claims[oidc.usernameClaim];
  // Providers that follow the core spec strictly give profile claims only at the userinfo endpoint.
  const readUsernameClaim = async (): Promise<unknown> => {
    if (fromIdToken !== undefined) return fromIdToken;
    try {
      const userInfo = await client.fetchUserInfo(configuration, tokens.access_token, sub);
      return userInfo[oidc.usernameClaim];
    } catch (error) {
      throw new OidcRejection('oidc_failed', `userinfo request failed: ${describeError(error)}`);
    }
  };
  const user = await resolveUser(deps.db, sub, readUsernameClaim, request.ip);
  const issued = await deps.auth.issueSession(user.id, user.municipalityId, 'oidc', acr, {
    clientIp: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  });
  return { issued, acr, linkedNow: user.linked };
}

function loginFailed(
  reply: FastifyReply,
  log: FastifyBaseLogger,
  rejection: OidcRejection,
): FastifyReply {
  log.warn({ oidcFailure: rejection.code, reason: rejection.message }, 'OIDC login rejected');
  return reply.redirect(`/login?fel=${rejection.code}`, 302);
}

export function oidcRoutes(deps: OidcRouteDeps): FastifyPluginAsyncZod {
  return (app) => {
    const { config } = deps;
    const oidc = config.oidc;
    const loadConfiguration = oidc ? configurationLoader(oidc, config.env) : undefined;
    const cookiePath = `${app.prefix}/auth/oidc`;
    const clearTransaction = (reply: FastifyReply): void => {
      void reply.clearCookie(OIDC_TRANSACTION_COOKIE, {
        path: cookiePath,
        httpOnly: true,
        sameSite: 'lax',
        secure: config.env === 'production',
      });
    };

    app.get(
      '/auth/oidc/config',
      {
        config: {
          access: { kind: 'public', why: 'the login page asks whether to offer single sign-on' },
        },
        schema: {
          summary: 'Whether single sign-on (OpenID Connect) is available',
          tags: ['auth'],
          response: { 200: z.object({ enabled: z.boolean() }) },
        },
      },
      () => Promise.resolve({ enabled: oidc !== undefined }),
    );

    app.get(
      '/auth/oidc/start',
      {
        config: { access: { kind: 'public', why: 'starting a single sign-on login' } },
        schema: {
          summary: 'Start a single sign-on login: redirects to the identity provider',
          description:
            'Responds 302 to the identity provider, requesting at least the configured assurance level (acr_values). State, nonce and PKCE verifier are kept in a short-lived signed cookie.',
          tags: ['auth'],
          response: { 404: errorResponses[404] },
        },
      },
      async (request, reply) => {
        if (!oidc || !loadConfiguration) throw notConfigured();
        let configuration: client.Configuration;
        try {
          configuration = await loadConfiguration();
        } catch (error) {
          request.log.error({ reason: describeError(error) }, 'OIDC discovery failed');
          return loginFailed(
            reply,
            request.log,
            new OidcRejection('oidc_failed', 'identity provider unavailable'),
          );
        }
        const codeVerifier = client.randomPKCECodeVerifier();
        const transaction: Transaction = {
          state: client.randomState(),
          nonce: client.randomNonce(),
          codeVerifier,
          createdAt: deps.clock().getTime(),
        };
        const url = client.buildAuthorizationUrl(configuration, {
          redirect_uri: oidc.redirectUri,
          scope: 'openid profile',
          response_type: 'code',
          state: transaction.state,
          nonce: transaction.nonce,
          code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          acr_values: acceptableAcrValues(oidc).join(' '),
        });
        void reply.setCookie(OIDC_TRANSACTION_COOKIE, JSON.stringify(transaction), {
          signed: true,
          httpOnly: true,
          sameSite: 'lax',
          secure: config.env === 'production',
          path: cookiePath,
          maxAge: TRANSACTION_MAX_AGE_SECONDS,
        });
        return reply.redirect(url.href, 302);
      },
    );

    app.get(
      '/auth/oidc/callback',
      {
        config: {
          access: { kind: 'public', why: 'the identity provider returns the browser here' },
        },
        schema: {
          summary:
            'Single sign-on callback: redirects to / with a session, or to /login?fel=<code>',
          description:
            'Failure codes: oidc_failed (protocol, state or transaction errors), oidc_low_assurance (acr below the configured minimum), oidc_unknown_user (no enabled account for the identity).',
          tags: ['auth'],
          // Documentation only: anything the identity provider (or anyone) sends ends in a redirect.
          querystring: z.looseObject({
            code: queryValue,
            state: queryValue,
            iss: queryValue,
            error: queryValue,
            error_description: queryValue,
          }),
          response: { 404: errorResponses[404] },
        },
      },
      async (request, reply) => {
        if (!oidc || !loadConfiguration) throw notConfigured();
        // One use only, whatever the outcome.
        clearTransaction(reply);
        let login: CompletedLogin;
        try {
          login = await completeLogin(deps, request, oidc, loadConfiguration);
        } catch (error) {
          if (error instanceof OidcRejection) return loginFailed(reply, request.log, error);
          throw error;
        }
        setSessionCookie(reply, config, login.issued);
        request.log.info(
          { userId: login.issued.userId, acr: login.acr, linkedNow: login.linkedNow },
          'OIDC login',
        );
        return reply.redirect('/', 302);
      },
    );
    return Promise.resolve();
  };
}
