// The actor of work that runs outside a request (the CLI, the demo seed): the staff user with the
// roles, units and groups a session of theirs would have, and a label in place of the session.
import { sql } from 'kysely';
import { isStaffRole } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { Actor } from './actor.ts';

/** The enabled staff user `userId` as an actor for `via` (e.g. "cli"); undefined if none. */
export async function staffActor(db: Db, userId: string, via: string): Promise<Actor | undefined> {
  const user = await db
    .selectFrom('app.staff_user as u')
    .select([
      'u.id',
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
    .where('u.id', '=', userId)
    .where('u.disabled_at', 'is', null)
    .executeTakeFirst();
  if (!user) return undefined;
  return {
    userId: user.id,
    municipalityId: user.municipality_id,
    username: user.username,
    displayName: user.display_name,
    roles: user.roles.filter(isStaffRole),
    unitIds: user.unit_ids,
    groupIds: user.group_ids,
    sessionId: via,
    csrfToken: via,
    authMethod: 'password',
    acr: null,
    expiresAt: new Date(8_640_000_000_000_000),
  };
}
