// Reading the access log: a person's history and the supervisors' and auditors' log search.
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { formatPersonnummer, isStaffRole, type StaffRole } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from '../auth/actor.ts';

export interface AccessHistoryEntry {
  id: string;
  occurredAt: string;
  actorUsername: string;
  actorDisplayName: string;
  actorRoles: StaffRole[];
  resource: string;
  fields: string[];
  purpose: string;
  caseId: string | null;
}

export interface LogSearchFilter {
  username?: string | undefined;
  personId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
  offset: number;
}

export interface LogSearchEntry {
  id: string;
  seq: string;
  occurredAt: string;
  actorUsername: string;
  actorRoles: StaffRole[];
  persons: { id: string; personnummer: string }[];
  resource: string;
  fields: string[];
  purpose: string;
  caseId: string | null;
  clientIp: string;
}

/** Supervisors and unit managers see what staff of their own units did; auditors see everything. */
function scopeToActor(actor: Actor): RawBuilder<SqlBool> {
  if (actor.roles.includes('internal_auditor')) return sql<SqlBool>`true`;
  return sql<SqlBool>`l.actor_unit_ids && ${actor.unitIds}::uuid[]`;
}

export class AccessLogQueries {
  readonly #db: Db;
  constructor(db: Db) {
    this.#db = db;
  }

  async historyOfPerson(
    municipalityId: string,
    personId: string,
    limit = 500,
  ): Promise<AccessHistoryEntry[]> {
    const rows = await this.#db
      .selectFrom('audit.access_log as l')
      .leftJoin('app.staff_user as u', 'u.id', 'l.actor_user_id')
      .select([
        'l.id',
        'l.occurred_at',
        'l.actor_username',
        'u.display_name',
        'l.actor_roles',
        'l.resource',
        'l.fields',
        'l.purpose',
        'l.case_id',
      ])
      .where('l.municipality_id', '=', municipalityId)
      .where(sql<SqlBool>`l.person_ids @> array[${personId}]::uuid[]`)
      .orderBy('l.occurred_at', 'desc')
      .orderBy('l.seq', 'desc')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurred_at.toISOString(),
      actorUsername: row.actor_username,
      actorDisplayName: row.display_name ?? row.actor_username,
      actorRoles: row.actor_roles.filter(isStaffRole),
      resource: row.resource,
      fields: row.fields,
      purpose: row.purpose,
      caseId: row.case_id,
    }));
  }

  #filtered(actor: Actor, filter: LogSearchFilter) {
    let query = this.#db
      .selectFrom('audit.access_log as l')
      .where('l.municipality_id', '=', actor.municipalityId)
      .where(scopeToActor(actor));
    if (filter.username)
      query = query.where('l.actor_username', '=', filter.username.toLowerCase());
    if (filter.personId)
      query = query.where(sql<SqlBool>`l.person_ids @> array[${filter.personId}]::uuid[]`);
    // Dates are Swedish calendar days.
    if (filter.from)
      query = query.where(
        sql<SqlBool>`l.occurred_at >= (${filter.from}::date::timestamp AT TIME ZONE 'Europe/Stockholm')`,
      );
    if (filter.to)
      query = query.where(
        sql<SqlBool>`l.occurred_at < ((${filter.to}::date + 1)::timestamp AT TIME ZONE 'Europe/Stockholm')`,
      );
    return query;
  }

  async search(
    actor: Actor,
    filter: LogSearchFilter,
  ): Promise<{ entries: LogSearchEntry[]; total: number }> {
    const base = this.#filtered(actor, filter);
    const [countRow, rows] = await Promise.all([
      base.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
      base
        .select([
          'l.id',
          sql<string>`l.seq::text`.as('seq'),
          'l.occurred_at',
          'l.actor_username',
          'l.actor_roles',
          sql<
            { id: string; personnummer: string }[]
          >`(select coalesce(json_agg(json_build_object('id', p.id, 'personnummer', p.personnummer) order by p.personnummer), '[]'::json)
            from app.person p where p.id = any(l.person_ids))`.as('persons'),
          'l.resource',
          'l.fields',
          'l.purpose',
          'l.case_id',
          'l.client_ip',
        ])
        .orderBy('l.occurred_at', 'desc')
        .orderBy('l.seq', 'desc')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
    ]);
    return {
      total: countRow.total,
      entries: rows.map((row) => ({
        id: row.id,
        seq: row.seq,
        occurredAt: row.occurred_at.toISOString(),
        actorUsername: row.actor_username,
        actorRoles: row.actor_roles.filter(isStaffRole),
        persons: row.persons.map((p) => ({
          id: p.id,
          personnummer: formatPersonnummer(p.personnummer),
        })),
        resource: row.resource,
        fields: row.fields,
        purpose: row.purpose,
        caseId: row.case_id,
        clientIp: row.client_ip,
      })),
    };
  }

  async findPersonIdByPersonnummer(
    municipalityId: string,
    personnummer: string,
  ): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('app.person')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .where('personnummer', '=', personnummer)
      .executeTakeFirst();
    return row?.id;
  }
}

const CSV_COLUMNS = [
  'seq',
  'tidpunkt',
  'användare',
  'roller',
  'personer',
  'resurs',
  'fält',
  'syfte',
  'ärende',
  'klientadress',
];

function csvCell(value: string): string {
  // Quote every cell; neutralise spreadsheet formulas (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function accessLogCsv(entries: readonly LogSearchEntry[]): string {
  const lines = [CSV_COLUMNS.map(csvCell).join(';')];
  for (const e of entries) {
    lines.push(
      [
        e.seq,
        e.occurredAt,
        e.actorUsername,
        e.actorRoles.join(' '),
        e.persons.map((p) => p.personnummer).join(' '),
        e.resource,
        e.fields.join(' '),
        e.purpose,
        e.caseId ?? '',
        e.clientIp,
      ]
        .map(csvCell)
        .join(';'),
    );
  }
  // BOM so Excel opens å, ä, ö correctly.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
