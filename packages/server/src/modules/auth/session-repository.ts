// Sessions and login attempts in PostgreSQL.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { isStaffRole } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from './actor.ts';

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

export interface NewSession {
  municipalityId: string;
  userId: string;
  token: string;
  csrfToken: string;
  authMethod: 'password' | 'oidc';
  acr: string | null;
  clientIp: string;
  userAgent: string | null;
  expiresAt: Date;
  now: Date;
}

export class SessionRepository {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  async create(session: NewSession): Promise<string> {
    const row = await this.#db
      .insertInto('app.staff_session')
      .values({
        municipality_id: session.municipalityId,
        user_id: session.userId,
        token_hash: tokenHash(session.token),
        csrf_token: session.csrfToken,
        auth_method: session.authMethod,
        acr: session.acr,
        client_ip: session.clientIp,
        user_agent: session.userAgent,
        expires_at: session.expiresAt,
        last_seen_at: session.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * The live session for a token: not revoked, not past its absolute end, used within the idle
   * limit, and its user enabled. Roles, units and groups come fresh from their tables.
   */
  async findActor(token: string, idleMinutes: number, now: Date): Promise<Actor | undefined> {
    const row = await this.#db
      .selectFrom('app.staff_session as s')
      .innerJoin('app.staff_user as u', 'u.id', 's.user_id')
      .select([
        's.id as session_id',
        's.csrf_token',
        's.auth_method',
        's.acr',
        's.expires_at',
        's.last_seen_at',
        'u.id as user_id',
        'u.municipality_id',
        'u.username',
        'u.display_name',
        sql<
          string[]
        >`array(select r.role from app.staff_role r where r.user_id = u.id order by r.role)`.as(
          'roles',
        ),
        sql<
          string[]
        >`array(select m.unit_id from app.unit_membership m where m.user_id = u.id order by m.unit_id)`.as(
          'unit_ids',
        ),
        sql<
          string[]
        >`array(select g.group_id from app.group_membership g where g.user_id = u.id order by g.group_id)`.as(
          'group_ids',
        ),
      ])
      .where('s.token_hash', '=', tokenHash(token))
      .where('s.revoked_at', 'is', null)
      .where('s.expires_at', '>', now)
      .where('s.last_seen_at', '>', new Date(now.getTime() - idleMinutes * 60_000))
      .where('u.disabled_at', 'is', null)
      .executeTakeFirst();
    if (!row) return undefined;
    // Keep the idle clock running without a write on every single request.
    if (now.getTime() - row.last_seen_at.getTime() > 30_000) {
      await this.#db
        .updateTable('app.staff_session')
        .set({ last_seen_at: now })
        .where('id', '=', row.session_id)
        .execute();
    }
    return {
      userId: row.user_id,
      municipalityId: row.municipality_id,
      username: row.username,
      displayName: row.display_name,
      roles: row.roles.filter(isStaffRole),
      unitIds: row.unit_ids,
      groupIds: row.group_ids,
      sessionId: row.session_id,
      csrfToken: row.csrf_token,
      authMethod: row.auth_method,
      acr: row.acr,
      expiresAt: row.expires_at,
    };
  }

  async revoke(sessionId: string, now: Date): Promise<void> {
    await this.#db
      .updateTable('app.staff_session')
      .set({ revoked_at: now })
      .where('id', '=', sessionId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async revokeAllForUser(userId: string, now: Date): Promise<void> {
    await this.#db
      .updateTable('app.staff_session')
      .set({ revoked_at: now })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async recordLoginAttempt(
    username: string,
    clientIp: string,
    succeeded: boolean,
    now: Date,
  ): Promise<void> {
    await this.#db
      .insertInto('app.login_attempt')
      .values({ username, client_ip: clientIp, succeeded, attempted_at: now })
      .execute();
  }

  /** Failed attempts within the window, since the last success, for a username and for an address. */
  async recentFailures(
    username: string,
    clientIp: string,
    since: Date,
  ): Promise<{ user: number; ip: number }> {
    const row = await this.#db
      .selectNoFrom([
        sql<number>`(select count(*)::int from app.login_attempt a
          where a.username = ${username} and a.succeeded = false and a.attempted_at > greatest(${since},
            coalesce((select max(b.attempted_at) from app.login_attempt b
              where b.username = ${username} and b.succeeded), ${since})))`.as('user_failures'),
        sql<number>`(select count(*)::int from app.login_attempt a
          where a.client_ip = ${clientIp} and a.succeeded = false and a.attempted_at > ${since})`.as(
          'ip_failures',
        ),
      ])
      .executeTakeFirstOrThrow();
    return { user: row.user_failures, ip: row.ip_failures };
  }
}
