// Writes access-log entries (who, whom, what, when, why) before personal data leaves the server.
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db/database.ts';
import { requireCaseAccess } from '../../http/access-control.ts';
import { AppError } from '../../http/errors.ts';

export interface AccessLogEntry {
  personIds: readonly string[];
  /** What was read, e.g. "person", "person.search", "person.access_history". */
  resource: string;
  /** Which kinds of data were shown, e.g. ["name", "personnummer", "address"]. */
  fields: readonly string[];
  caseId: string | null;
  /** Why: a stated purpose, the case, or the policy basis. */
  purpose: string;
}

export interface AccessLogWriter {
  record(request: FastifyRequest, entry: AccessLogEntry): Promise<void>;
}

export class AccessLogUnavailableError extends AppError {
  constructor() {
    super(
      503,
      'access_log_unavailable',
      'The access log could not be written, so no personal data is shown',
    );
  }
}

export class DatabaseAccessLog implements AccessLogWriter {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  async record(request: FastifyRequest, entry: AccessLogEntry): Promise<void> {
    const actor = request.actor;
    if (!actor)
      throw new AppError(500, 'access_log_without_actor', 'An anonymous read cannot be logged');
    // A response that names nobody revealed nothing: no entry, and nothing to withhold.
    if (entry.personIds.length === 0) {
      request.accessLogged = true;
      return;
    }
    try {
      await this.#db
        .insertInto('audit.access_log')
        .values({
          municipality_id: actor.municipalityId,
          actor_user_id: actor.userId,
          actor_username: actor.username,
          actor_roles: actor.roles,
          actor_unit_ids: actor.unitIds,
          person_ids: [...new Set(entry.personIds)],
          resource: entry.resource,
          fields: [...entry.fields],
          case_id: entry.caseId,
          purpose: entry.purpose.slice(0, 500),
          session_id: actor.sessionId,
          client_ip: request.ip,
        })
        .execute();
    } catch (error) {
      request.log.error({ err: error }, 'access log write failed');
      throw new AccessLogUnavailableError();
    }
    request.accessLogged = true;
  }
}

/**
 * Records a read of one case's personal data (the applicant, under the case's access decision):
 * the common entry of every case route.
 */
export async function recordCaseRead(
  accessLog: AccessLogWriter,
  request: FastifyRequest,
  resource: string,
  fields: string[],
): Promise<void> {
  const access = requireCaseAccess(request);
  await accessLog.record(request, {
    personIds: [access.personId],
    resource,
    fields,
    caseId: access.caseId,
    purpose: access.purpose,
  });
}
