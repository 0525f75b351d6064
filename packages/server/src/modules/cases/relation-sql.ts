// The SQL that measures a user's relation to a case and finds an explicit grant: one definition,
// used by every query that decides need-to-know (case access, journal search, person register).
import { sql, type RawBuilder } from 'kysely';
import type { Actor } from '../auth/actor.ts';

/**
 * Relation strength of `actor` to the case row aliased `alias` (see relationFromStrength):
 * 4 assigned to it, 3 its group, 2 its unit, 1 a unit serving its district, 0 none.
 */
export function caseRelationStrength(actor: Actor, alias: string): RawBuilder<number> {
  const units = sql`${actor.unitIds}::uuid[]`;
  const groups = sql`${actor.groupIds}::uuid[]`;
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql<number>`case
    when exists (select 1 from app.case_assignment a
      where a.case_id = ${column('id')} and a.user_id = ${actor.userId} and a.ended_at is null) then 4
    when ${column('group_id')} = any(${groups}) then 3
    when ${column('unit_id')} = any(${units}) then 2
    when exists (select 1 from app.unit_district ud
      where ud.district_id = ${column('district_id')} and ud.unit_id = any(${units})) then 1
    else 0 end`;
}

/** Whether `actor` holds a valid explicit grant for the person whose id is `personIdColumn`. */
export function protectedDataGrant(
  actor: Actor,
  personIdColumn: string,
  now: Date,
): RawBuilder<boolean> {
  return sql<boolean>`exists (select 1 from app.protected_data_grant g
    where g.person_id = ${sql.ref(personIdColumn)} and g.user_id = ${actor.userId}
      and g.revoked_at is null and g.valid_until > ${now})`;
}
