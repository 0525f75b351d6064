// The user's relation to one case (and its applicant's protection), for the access check.
import { relationFromStrength } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { CaseAccessContext } from '../../http/access-control.ts';
import type { Actor } from '../auth/actor.ts';
import { caseRelationStrength, protectedDataGrant } from './relation-sql.ts';

export async function resolveCaseContext(
  db: Db,
  actor: Actor,
  caseId: string,
  now: Date,
): Promise<CaseAccessContext | undefined> {
  const row = await db
    .selectFrom('app.assistance_case as c')
    .innerJoin('app.person as p', 'p.id', 'c.person_id')
    .select([
      'c.id',
      'c.municipality_id',
      'c.person_id',
      'c.status',
      'p.protection',
      caseRelationStrength(actor, 'c').as('rank'),
      protectedDataGrant(actor, 'p.id', now).as('has_grant'),
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
    relation: relationFromStrength(row.rank),
    hasProtectedDataGrant: row.has_grant,
  };
}
