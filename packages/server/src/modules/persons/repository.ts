// Person register queries, each joined with the requesting user's relation to the person.
import { sql, type Expression, type SqlBool } from 'kysely';
import {
  relationFromStrength,
  type PersonAccessContext,
  type ProtectionLevel,
} from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { NewPerson } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { protectedDataGrant } from '../cases/relation-sql.ts';

export interface PersonWithRelation extends PersonAccessContext {
  id: string;
  personnummer: string;
  identityKind: 'personnummer' | 'samordningsnummer';
  firstName: string;
  lastName: string;
  streetAddress: string | null;
  postalCode: string | null;
  city: string | null;
  districtId: string;
  districtName: string;
  relationCaseId: string | null;
  version: number;
}

interface RawPersonRow {
  id: string;
  personnummer: string;
  identity_kind: 'personnummer' | 'samordningsnummer';
  first_name: string;
  last_name: string;
  street_address: string | null;
  postal_code: string | null;
  city: string | null;
  district_id: string;
  district_name: string;
  protection: ProtectionLevel;
  version: number;
  relation_rank: number;
  relation_case_id: string | null;
  has_grant: boolean;
}

function toPerson(row: RawPersonRow): PersonWithRelation {
  return {
    id: row.id,
    personnummer: row.personnummer,
    identityKind: row.identity_kind,
    firstName: row.first_name,
    lastName: row.last_name,
    streetAddress: row.street_address,
    postalCode: row.postal_code,
    city: row.city,
    districtId: row.district_id,
    districtName: row.district_name,
    protection: row.protection,
    version: row.version,
    relation: relationFromStrength(row.relation_rank),
    relationCaseId: row.relation_case_id,
    hasProtectedDataGrant: row.has_grant,
  };
}

export class PersonRepository {
  readonly #db: Db;
  readonly #clock: () => Date;
  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Persons of the actor's municipality matching `where`, with the actor's relation to each. */
  #selectWithRelation(actor: Actor, where: Expression<SqlBool>, limit: number) {
    const units = sql`${actor.unitIds}::uuid[]`;
    const groups = sql`${actor.groupIds}::uuid[]`;
    return this.#db
      .selectFrom('app.person as p')
      .innerJoin('app.district as d', 'd.id', 'p.district_id')
      .leftJoinLateral(
        (eb) =>
          eb
            .selectFrom('app.assistance_case as c')
            .select([
              'c.id as case_id',
              sql<number>`case
                when exists (select 1 from app.case_assignment a
                  where a.case_id = c.id and a.user_id = ${actor.userId} and a.ended_at is null) then 4
                when c.group_id = any(${groups}) then 3
                when c.unit_id = any(${units}) then 2
                else 0 end`.as('rank'),
            ])
            .whereRef('c.person_id', '=', 'p.id')
            .where('c.status', '=', 'open')
            .orderBy('rank', 'desc')
            .limit(1)
            .as('rc'),
        (join) => join.onTrue(),
      )
      .select([
        'p.id',
        'p.personnummer',
        'p.identity_kind',
        'p.first_name',
        'p.last_name',
        'p.street_address',
        'p.postal_code',
        'p.city',
        'p.district_id',
        'd.name as district_name',
        'p.protection',
        'p.version',
        sql<number>`greatest(coalesce(rc.rank, 0), case when exists (select 1 from app.unit_district ud
          where ud.district_id = p.district_id and ud.unit_id = any(${units})) then 1 else 0 end)`.as(
          'relation_rank',
        ),
        sql<string | null>`case when rc.rank > 0 then rc.case_id end`.as('relation_case_id'),
        protectedDataGrant(actor, 'p.id', this.#clock()).as('has_grant'),
      ])
      .where('p.municipality_id', '=', actor.municipalityId)
      .where(where)
      .limit(limit);
  }

  async findWithRelation(actor: Actor, personId: string): Promise<PersonWithRelation | undefined> {
    const row = await this.#selectWithRelation(
      actor,
      sql<SqlBool>`p.id = ${personId}`,
      1,
    ).executeTakeFirst();
    return row ? toPerson(row) : undefined;
  }

  async findByPersonnummer(actor: Actor, personnummer: string): Promise<PersonWithRelation[]> {
    const rows = await this.#selectWithRelation(
      actor,
      sql<SqlBool>`p.personnummer = ${personnummer}`,
      1,
    ).execute();
    return rows.map((row) => toPerson(row));
  }

  /** Name search: every word must prefix the first or last name, case-insensitively. */
  async searchByName(
    actor: Actor,
    words: readonly string[],
    limit: number,
  ): Promise<PersonWithRelation[]> {
    const conditions = words.map((word) => {
      const pattern = `${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return sql<SqlBool>`(lower(p.first_name) like ${pattern} or lower(p.last_name) like ${pattern})`;
    });
    const where = conditions.reduce((acc, condition) => sql<SqlBool>`${acc} and ${condition}`);
    const rows = await this.#selectWithRelation(actor, where, limit)
      .orderBy('p.last_name')
      .orderBy('p.first_name')
      .execute();
    return rows.map((row) => toPerson(row));
  }

  async openCases(
    personId: string,
  ): Promise<{ id: string; districtName: string; unitName: string; openedAt: Date }[]> {
    const rows = await this.#db
      .selectFrom('app.assistance_case as c')
      .innerJoin('app.district as d', 'd.id', 'c.district_id')
      .innerJoin('app.unit as u', 'u.id', 'c.unit_id')
      .select(['c.id', 'd.name as district_name', 'u.name as unit_name', 'c.opened_at'])
      .where('c.person_id', '=', personId)
      .where('c.status', '=', 'open')
      .orderBy('c.opened_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      districtName: r.district_name,
      unitName: r.unit_name,
      openedAt: r.opened_at,
    }));
  }

  async insert(person: NewPerson): Promise<string> {
    const row = await this.#db
      .insertInto('app.person')
      .values(person)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}
