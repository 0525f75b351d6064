// Append-only record of administrative changes: who changed what, before and after.
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.ts';
import type { ChangeLogTable, Database } from '../../db/schema.ts';

export interface ChangeContext {
  municipalityId: string;
  actorUserId: string | null;
  actorUsername: string;
  clientIp: string | null;
}

export interface Change {
  entity: string;
  entityId: string;
  change: ChangeLogTable['change'];
  before: unknown;
  after: unknown;
}

export interface ChangeLogEntry {
  id: string;
  occurredAt: string;
  actorUsername: string;
  entity: string;
  entityId: string;
  change: string;
  before: unknown;
  after: unknown;
}

export class ChangeLog {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  /** Writes in the caller's transaction when given one, so the change and its record commit together. */
  async record(
    ctx: ChangeContext,
    change: Change,
    executor: Kysely<Database> = this.#db,
  ): Promise<void> {
    await executor
      .insertInto('audit.change_log')
      .values({
        municipality_id: ctx.municipalityId,
        actor_user_id: ctx.actorUserId,
        actor_username: ctx.actorUsername,
        entity: change.entity,
        entity_id: change.entityId,
        change: change.change,
        before: change.before === null ? null : JSON.stringify(change.before),
        after: change.after === null ? null : JSON.stringify(change.after),
        client_ip: ctx.clientIp,
      })
      .execute();
  }

  async list(
    municipalityId: string,
    filter: { entity?: string | undefined; limit: number },
  ): Promise<ChangeLogEntry[]> {
    let query = this.#db
      .selectFrom('audit.change_log')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .orderBy('id', 'desc')
      .limit(filter.limit);
    if (filter.entity) query = query.where('entity', '=', filter.entity);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at.toISOString(),
      actorUsername: row.actor_username,
      entity: row.entity,
      entityId: row.entity_id,
      change: row.change,
      before: row.before,
      after: row.after,
    }));
  }
}
