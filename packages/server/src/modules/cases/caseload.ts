// One officer's open cases for their supervisor, to pick cases to hand over (GET /caseload/:userId/cases).
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  CASE_OFFICER_ROLES,
  PROTECTION_LEVELS,
  decidePersonAction,
  formatPersonnummer,
  relationFromStrength,
  type CaseOfficerRole,
  type PersonAccessContext,
  type ProtectionLevel,
} from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import { requireActor } from '../../http/access-control.ts';
import { notFound } from '../../http/errors.ts';
import { errorResponses, uuidSchema } from '../../http/schemas.ts';
import type { AccessLogWriter } from '../access-log/access-log.ts';
import type { Actor } from '../auth/actor.ts';
import { caseRelationStrength, protectedDataGrant } from './relation-sql.ts';

/** At most this many cases are listed; `truncated` says that there were more. */
export const OFFICER_CASES_LIMIT = 1000;
/** A bound on what one request reads; one officer's open cases are far fewer in practice. */
const CANDIDATE_LIMIT = 10_000;

export interface OfficerCaseRow {
  caseId: string;
  personId: string;
  applicantName: string;
  personnummer: string;
  protection: ProtectionLevel;
  districtName: string;
  /** The officer's function in the case; whoever takes the case over takes the same one. */
  role: CaseOfficerRole;
  openedAt: string;
  lastActionAt: string | null;
  /** The case's version, for the optimistic `handed_over` action. */
  version: number;
}

export interface OfficerCases {
  officer: { userId: string; displayName: string };
  cases: OfficerCaseRow[];
  /** More cases could be listed than OFFICER_CASES_LIMIT. */
  truncated: boolean;
  /**
   * The officer's open assignments that the supervisor may not hand over (cases handled by a
   * unit the supervisor is not in, without a grant): counted, never named.
   */
  notListed: number;
}

const swedishOrder = new Intl.Collator('sv-SE');

/**
 * The open cases `officerId` is currently assigned to (one row per assignment role), if the
 * officer is a member of one of the actor's units; undefined otherwise. A case is listed only if
 * the policy lets the actor both write in it (hand it over) and read its applicant without a
 * stated purpose: a protected applicant is then always one the actor may name. The others are
 * only counted, so the list names nobody the actor could not open anyway.
 */
export async function findOfficerCases(
  db: Db,
  actor: Actor,
  officerId: string,
  now: Date,
): Promise<OfficerCases | undefined> {
  if (actor.unitIds.length === 0) return undefined;
  const officer = await db
    .selectFrom('app.staff_user as u')
    .select(['u.id', 'u.display_name'])
    .where('u.id', '=', officerId)
    .where('u.municipality_id', '=', actor.municipalityId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('app.unit_membership as m')
          .select('m.user_id')
          .whereRef('m.user_id', '=', 'u.id')
          .where('m.unit_id', 'in', actor.unitIds),
      ),
    )
    .executeTakeFirst();
  if (!officer) return undefined;

  const rows = await db
    .selectFrom('app.case_assignment as a')
    .innerJoin('app.assistance_case as c', 'c.id', 'a.case_id')
    .innerJoin('app.person as p', 'p.id', 'c.person_id')
    .innerJoin('app.district as d', 'd.id', 'c.district_id')
    .select([
      'c.id',
      'c.version',
      'c.opened_at',
      'c.last_action_at',
      'a.assignment_role',
      'p.id as person_id',
      'p.first_name',
      'p.last_name',
      'p.personnummer',
      'p.protection',
      'd.name as district_name',
      caseRelationStrength(actor, 'c').as('rank'),
      protectedDataGrant(actor, 'p.id', now).as('has_grant'),
    ])
    .where('a.user_id', '=', officer.id)
    .where('a.ended_at', 'is', null)
    .where('c.status', '=', 'open')
    .where('c.municipality_id', '=', actor.municipalityId)
    .orderBy('p.first_name')
    .orderBy('p.last_name')
    .orderBy('c.id')
    .orderBy('a.assignment_role')
    .limit(CANDIDATE_LIMIT + 1)
    .execute();

  const listed: OfficerCaseRow[] = [];
  let notListed = 0;
  for (const row of rows.slice(0, CANDIDATE_LIMIT)) {
    const context: PersonAccessContext = {
      relation: relationFromStrength(row.rank),
      protection: row.protection,
      hasProtectedDataGrant: row.has_grant,
    };
    const write = decidePersonAction(actor.roles, 'case.write', context);
    const read = decidePersonAction(actor.roles, 'person.read', context);
    if (!write.allowed || !read.allowed || read.purposeRequired) {
      notListed++;
      continue;
    }
    listed.push({
      caseId: row.id,
      personId: row.person_id,
      applicantName: `${row.first_name} ${row.last_name}`,
      personnummer: formatPersonnummer(row.personnummer),
      protection: row.protection,
      districtName: row.district_name,
      role: row.assignment_role,
      openedAt: row.opened_at.toISOString(),
      lastActionAt: row.last_action_at?.toISOString() ?? null,
      version: row.version,
    });
  }
  // In Swedish alphabetical order (å, ä, ö last) whatever the database's collation.
  listed.sort(
    (x, y) =>
      swedishOrder.compare(x.applicantName, y.applicantName) ||
      x.openedAt.localeCompare(y.openedAt) ||
      x.caseId.localeCompare(y.caseId) ||
      x.role.localeCompare(y.role),
  );
  return {
    officer: { userId: officer.id, displayName: officer.display_name },
    cases: listed.slice(0, OFFICER_CASES_LIMIT),
    truncated: listed.length > OFFICER_CASES_LIMIT || rows.length > CANDIDATE_LIMIT,
    notListed,
  };
}

export interface CaseloadRouteDeps {
  db: Db;
  accessLog: AccessLogWriter;
  clock: () => Date;
}

const officerCaseSchema = z.object({
  caseId: z.uuid(),
  personId: z.uuid(),
  applicantName: z.string(),
  personnummer: z.string(),
  protection: z.enum(PROTECTION_LEVELS),
  districtName: z.string(),
  role: z.enum(CASE_OFFICER_ROLES),
  openedAt: z.string(),
  lastActionAt: z.string().nullable(),
  version: z.number().int(),
});

const officerCasesSchema = z.object({
  officer: z.object({ userId: z.uuid(), displayName: z.string() }),
  cases: z.array(officerCaseSchema),
  truncated: z.boolean(),
  notListed: z.number().int(),
});

export function caseloadRoutes(deps: CaseloadRouteDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/caseload/:userId/cases',
      {
        config: {
          access: { kind: 'general', action: 'caseload.unit' },
          revealsPersonalData: true,
        },
        schema: {
          summary:
            "An officer's open cases in your units, to hand over: applicant, personnummer, district, role and the case's version",
          description: `The officer must be a member of one of your units (else 404). Listed are the cases you may hand over, ordered by applicant name, at most ${String(OFFICER_CASES_LIMIT)}; \`notListed\` counts the officer's other open assignments.`,
          tags: ['cases'],
          params: z.object({ userId: uuidSchema }),
          response: { 200: officerCasesSchema, ...errorResponses },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const result = await findOfficerCases(deps.db, actor, request.params.userId, deps.clock());
        if (!result) throw notFound('Officer');
        await deps.accessLog.record(request, {
          personIds: result.cases.map((c) => c.personId),
          resource: 'caseload.officer_cases',
          fields: ['name', 'personnummer'],
          caseId: null,
          purpose: 'caseload.reassign',
        });
        return result;
      },
    );
  };
}
