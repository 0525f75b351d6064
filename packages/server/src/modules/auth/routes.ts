// HTTP routes for staff login, the current session and logout.
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { STAFF_ROLES } from '@skyddsnat/domain';
import type { AppConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { requireActor, SESSION_COOKIE } from '../../http/access-control.ts';
import { errorBodySchema, errorResponses } from '../../http/schemas.ts';
import type { Actor } from './actor.ts';
import type { AuthService, IssuedSession } from './service.ts';

export const sessionInfoSchema = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(STAFF_ROLES)),
  municipality: z.object({ id: z.uuid(), name: z.string() }),
  units: z.array(z.object({ id: z.uuid(), name: z.string() })),
  groups: z.array(z.object({ id: z.uuid(), name: z.string(), unitId: z.uuid() })),
  csrfToken: z.string(),
  expiresAt: z.string(),
  idleTimeoutMinutes: z.number().int(),
  authMethod: z.enum(['password', 'oidc']),
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export interface AuthRouteDeps {
  db: Db;
  auth: AuthService;
  config: AppConfig;
  findActor: (token: string) => Promise<Actor | undefined>;
}

export function setSessionCookie(
  reply: FastifyReply,
  config: AppConfig,
  session: IssuedSession,
): void {
  void reply.setCookie(SESSION_COOKIE, session.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.env === 'production',
    signed: true,
    maxAge: config.sessionAbsoluteHours * 3600,
  });
}

export async function sessionInfo(db: Db, actor: Actor, config: AppConfig): Promise<SessionInfo> {
  const [municipality, units, groups] = await Promise.all([
    db
      .selectFrom('app.municipality')
      .select(['id', 'name'])
      .where('id', '=', actor.municipalityId)
      .executeTakeFirstOrThrow(),
    actor.unitIds.length
      ? db
          .selectFrom('app.unit')
          .select(['id', 'name'])
          .where('id', 'in', actor.unitIds)
          .orderBy('name')
          .execute()
      : [],
    actor.groupIds.length
      ? db
          .selectFrom('app.staff_group')
          .select(['id', 'name', 'unit_id'])
          .where('id', 'in', actor.groupIds)
          .orderBy('name')
          .execute()
      : [],
  ]);
  return {
    userId: actor.userId,
    username: actor.username,
    displayName: actor.displayName,
    roles: actor.roles,
    municipality,
    units,
    groups: groups.map((g) => ({ id: g.id, name: g.name, unitId: g.unit_id })),
    csrfToken: actor.csrfToken,
    expiresAt: actor.expiresAt.toISOString(),
    idleTimeoutMinutes: config.sessionIdleMinutes,
    authMethod: actor.authMethod,
  };
}

export function authRoutes(deps: AuthRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/auth/login',
      {
        config: { access: { kind: 'public', why: 'logging in' } },
        schema: {
          summary: 'Log in with a local account',
          tags: ['auth'],
          body: z
            .object({
              username: z.string().trim().min(1).max(64),
              password: z.string().min(1).max(1024),
            })
            .strict(),
          response: { 200: sessionInfoSchema, 429: errorBodySchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const issued = await deps.auth.loginWithPassword(
          request.body.username,
          request.body.password,
          {
            clientIp: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
          },
        );
        setSessionCookie(reply, deps.config, issued);
        const actor = await deps.findActor(issued.token);
        if (!actor) throw new Error('A session that was just created could not be read back');
        return sessionInfo(deps.db, actor, deps.config);
      },
    );

    app.get(
      '/auth/session',
      {
        config: { access: { kind: 'general', action: 'session.self' } },
        schema: {
          summary: 'The current session: user, roles, units, groups and the CSRF token',
          tags: ['auth'],
          response: { 200: sessionInfoSchema, ...errorResponses },
        },
      },
      async (request) => sessionInfo(deps.db, requireActor(request), deps.config),
    );

    app.post(
      '/auth/logout',
      {
        config: { access: { kind: 'general', action: 'session.self' } },
        schema: {
          summary: 'Log out (revokes the session)',
          tags: ['auth'],
          response: { 204: z.null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await deps.auth.logout(requireActor(request).sessionId);
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );
  };
}
