// Login, sessions and logout for staff: local passwords (argon2id) and, via oidc.ts, SSO.
import { randomBytes } from 'node:crypto';
import type { AppConfig } from '../../config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../http/errors.ts';
import { dummyPasswordHash, verifyPassword } from './password.ts';
import type { SessionRepository } from './session-repository.ts';

export interface IssuedSession {
  token: string;
  sessionId: string;
  userId: string;
}

export interface LoginContext {
  clientIp: string;
  userAgent: string | null;
}

// An address may try many accounts (a shared office NAT), but not without end.
const IP_FAILURE_FACTOR = 10;

export class AuthService {
  readonly #db: Db;
  readonly #sessions: SessionRepository;
  readonly #config: AppConfig;
  readonly #clock: () => Date;

  constructor(db: Db, sessions: SessionRepository, config: AppConfig, clock: () => Date) {
    this.#db = db;
    this.#sessions = sessions;
    this.#config = config;
    this.#clock = clock;
  }

  async loginWithPassword(
    usernameInput: string,
    password: string,
    ctx: LoginContext,
  ): Promise<IssuedSession> {
    const username = usernameInput.trim().toLowerCase();
    const now = this.#clock();
    const windowStart = new Date(now.getTime() - this.#config.login.windowMinutes * 60_000);
    const failures = await this.#sessions.recentFailures(username, ctx.clientIp, windowStart);
    const max = this.#config.login.maxFailures;
    if (failures.user >= max || failures.ip >= max * IP_FAILURE_FACTOR) {
      throw new AppError(429, 'login_throttled', 'Too many failed logins; wait and try again', {
        retryAfterMinutes: this.#config.login.windowMinutes,
      });
    }
    const user = await this.#db
      .selectFrom('app.staff_user')
      .select(['id', 'municipality_id', 'password_hash', 'disabled_at'])
      .where('username', '=', username)
      .executeTakeFirst();
    const passwordOk = await verifyPassword(
      user?.password_hash ?? (await dummyPasswordHash()),
      password,
    );
    if (!user || !user.password_hash || !passwordOk || user.disabled_at !== null) {
      await this.#sessions.recordLoginAttempt(username, ctx.clientIp, false, now);
      // One message for every cause, so the response does not reveal which accounts exist.
      throw new AppError(
        401,
        'invalid_credentials',
        'Wrong username or password, or the account is disabled',
      );
    }
    await this.#sessions.recordLoginAttempt(username, ctx.clientIp, true, now);
    return this.issueSession(user.id, user.municipality_id, 'password', null, ctx);
  }

  async issueSession(
    userId: string,
    municipalityId: string,
    method: 'password' | 'oidc',
    acr: string | null,
    ctx: LoginContext,
  ): Promise<IssuedSession> {
    const now = this.#clock();
    const token = randomBytes(32).toString('base64url');
    const sessionId = await this.#sessions.create({
      municipalityId,
      userId,
      token,
      csrfToken: randomBytes(24).toString('base64url'),
      authMethod: method,
      acr,
      clientIp: ctx.clientIp,
      userAgent: ctx.userAgent,
      expiresAt: new Date(now.getTime() + this.#config.sessionAbsoluteHours * 3_600_000),
      now,
    });
    return { token, sessionId, userId };
  }

  logout(sessionId: string): Promise<void> {
    return this.#sessions.revoke(sessionId, this.#clock());
  }
}
