// The user's relation to one case (and its applicant's protection), for the access check.
import { sql } from 'kysely';
import type { Relation } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { CaseAccessContext } from '../../http/access-control.ts';
import type { Actor } from '../auth/actor.ts';

const RELATION_BY_RANK: Record<number, Relation> = {
  4: 'assigned',
  3: 'same_group',
  2: 'same_unit',
  1: 'serving_unit',
  0: 'none',
};

export async function resolveCaseContext(
  db: Db,
  actor: Actor,
  caseId: string,
  now: Date,
): Promise<CaseAccessContext | undefined> {
  const units = sql`${actor.unitIds}::uuid[]`;
  const groups = sql`${actor.groupIds}::uuid[]`;
  const row = await db
    .selectFrom('app.assistance_case as c')
    .innerJoin('app.person as p', 'p.id', 'c.person_id')
    .select([
      'c.id',
      'c.municipality_id',
      'c.person_id',
      'c.status',
      'p.protection',
      sql<number>`case
        when exists (select 1 from app.case_assignment a
          where a.case_id = c.id and a.user_id = ${actor.userId} and a.ended_at is null) then 4
        when c.group_id = any(${groups}) then 3
        when c.unit_id = any(${units}) then 2
        when exists (select 1 from app.unit_district ud
          where ud.district_id = c.district_id and ud.unit_id = any(${units})) then 1
        else 0 end`.as('rank'),
      sql<boolean>`exists (select 1 from app.protected_data_grant g
        where g.person_id = p.id and g.user_id = ${actor.userId} and g.revoked_at is null
          and g.valid_until > ${now})`.as('has_grant'),
    ])
    .where('c.id', '=', caseId)
    .where('c.municipality_id', '=', actor.municipalityId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    caseId: row.id,
    personId: row.person_id,
    municipalityId: row.municipality_id,
    status: row.status,
    protection: row.protection,
    relation: RELATION_BY_RANK[row.rank] ?? 'none',
    hasProtectedDataGrant: row.has_grant,
  };
}
