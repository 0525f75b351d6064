// Cases: opening, appending actions to the log (validated by the domain fold, serialised by a
// row lock and the version), the case view, my cases and the unit's caseload.
import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import {
  allowedNextActions,
  appendCaseAction,
  foldCase,
  formatPersonnummer,
  isFirstVisitOverdue,
  type CaseAction,
  type CaseActionRecord,
  type CaseState,
  type ContactChannel,
} from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import { stockholmDate } from '../../time.ts';
import type { Actor } from '../auth/actor.ts';
import { MODULE_OWNED_ACTIONS, type CaseActionInput } from './schemas.ts';

export type CaseView = {
  id: string;
  version: number;
  status: 'open' | 'closed';
  applicant: { personId: string; name: string; personnummer: string; protection: string };
  district: { id: string; name: string };
  unit: { id: string; name: string };
  officers: { userId: string; displayName: string; role: string }[];
  household: {
    id: string;
    personId: string;
    name: string;
    protection: string;
    role: string;
    validFrom: string;
    validTo: string | null;
  }[];
  state: CaseState;
  allowedNextActions: readonly string[];
  firstVisitOverdue: boolean;
};

export interface MyCaseRow {
  id: string;
  personId: string;
  applicantName: string;
  personnummer: string;
  protection: string;
  districtName: string;
  openedAt: string;
  firstVisitDeadline: string | null;
  firstVisitBooked: string | null;
  firstVisitOverdue: boolean;
  pendingApplications: string[];
  /** The next day money is due to be paid on the case (a planned payment line), if any. */
  nextPaymentDate: string | null;
  lastActionAt: string | null;
  role: string;
}

type Tx = Kysely<Database>;

/** A case's log as read from app.case_action (its JSON column holds a CaseAction). */
function asRecords(rows: readonly { seq: number; action: unknown }[]): CaseActionRecord[] {
  return rows.map((row) => ({ seq: row.seq, action: row.action as CaseAction }));
}

async function readLog(db: Tx, caseId: string): Promise<CaseActionRecord[]> {
  const rows = await db
    .selectFrom('app.case_action')
    .select(['seq', 'action'])
    .where('case_id', '=', caseId)
    .orderBy('seq')
    .execute();
  return asRecords(rows);
}

export class CaseService {
  readonly #db: Db;
  readonly #clock: () => Date;
  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Opens a case for a registered person in a unit that serves the person's district. */
  async open(
    actor: Actor,
    input: {
      personId: string;
      unitId: string;
      groupId?: string | null | undefined;
      channel: ContactChannel;
    },
  ): Promise<string> {
    const person = await this.#db
      .selectFrom('app.person')
      .select(['id', 'district_id'])
      .where('id', '=', input.personId)
      .where('municipality_id', '=', actor.municipalityId)
      .executeTakeFirst();
    if (!person)
      throw badRequest('unknown_person', 'The person is not registered in your municipality');
    if (!actor.unitIds.includes(input.unitId)) {
      throw new AppError(403, 'forbidden', 'You can only open cases in your own unit', {
        reason: 'no_relation',
      });
    }
    const serves = await this.#db
      .selectFrom('app.unit_district')
      .select('unit_id')
      .where('unit_id', '=', input.unitId)
      .where('district_id', '=', person.district_id)
      .executeTakeFirst();
    if (!serves)
      throw badRequest(
        'unit_does_not_serve_district',
        "The unit does not serve the person's district",
      );
    if (input.groupId) {
      const group = await this.#db
        .selectFrom('app.staff_group')
        .select('id')
        .where('id', '=', input.groupId)
        .where('unit_id', '=', input.unitId)
        .executeTakeFirst();
      if (!group) throw badRequest('unknown_group', 'The group is not in the unit');
    }
    const existing = await this.#db
      .selectFrom('app.assistance_case')
      .select('id')
      .where('person_id', '=', input.personId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (existing)
      throw conflict(
        'case_already_open',
        'The person already has an open case; attach to it instead',
        { caseId: existing.id },
      );
    const now = this.#clock();
    const opened: CaseAction = {
      type: 'opened',
      at: now.toISOString(),
      by: actor.userId,
      districtId: person.district_id,
      unitId: input.unitId,
      groupId: input.groupId ?? null,
      channel: input.channel,
    };
    const result = appendCaseAction(null, opened);
    if (!result.ok) throw badRequest(result.code, result.message);
    return this.#db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('app.assistance_case')
        .values({
          municipality_id: actor.municipalityId,
          person_id: input.personId,
          district_id: person.district_id,
          unit_id: input.unitId,
          group_id: input.groupId ?? null,
          opened_at: now,
          version: 1,
          last_action_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('app.case_action')
        .values({
          municipality_id: actor.municipalityId,
          case_id: row.id,
          seq: 1,
          action_type: 'opened',
          action: JSON.stringify(opened),
          acted_at: now,
          acted_by: actor.userId,
        })
        .execute();
      await tx
        .insertInto('app.household_member')
        .values({
          municipality_id: actor.municipalityId,
          case_id: row.id,
          person_id: input.personId,
          member_role: 'applicant',
          valid_from: stockholmDate(now),
          recorded_by: actor.userId,
        })
        .execute();
      return row.id;
    });
  }

  /**
   * Appends one action. The case row is locked, the caller's version must be the current one
   * (else 409 naming who acted last), the domain fold validates the action, and the log, the
   * projection and the assignments are written in one transaction.
   */
  async append(
    actor: Actor,
    caseId: string,
    input: CaseActionInput,
    version: number,
  ): Promise<CaseState> {
    const action = { ...input, at: this.#clock().toISOString(), by: actor.userId } as CaseAction;
    return this.#db.transaction().execute(async (tx) => {
      if (action.type === 'corrected') {
        const target = await tx
          .selectFrom('app.case_action')
          .select('action_type')
          .where('case_id', '=', caseId)
          .where('seq', '=', action.correctsSeq)
          .executeTakeFirst();
        if (target && (MODULE_OWNED_ACTIONS as readonly string[]).includes(target.action_type)) {
          throw new AppError(
            422,
            'correct_in_module',
            'Ansökningar och beslut rättas inte i ärendeloggen: ändra ansökan, eller fatta ett nytt beslut som ersätter det tidigare.',
          );
        }
      }
      return this.appendInTransaction(tx, caseId, action, version);
    });
  }

  /**
   * Appends `action` inside the caller's transaction (applications and decisions record theirs
   * with the rows they write). `expectedVersion` null: append to whatever the log is now, under
   * the row lock.
   */
  async appendInTransaction(
    tx: Tx,
    caseId: string,
    action: CaseAction,
    expectedVersion: number | null,
  ): Promise<CaseState> {
    const now = new Date(action.at);
    const current = await tx
      .selectFrom('app.assistance_case')
      .select(['version', 'municipality_id'])
      .where('id', '=', caseId)
      .forUpdate()
      .executeTakeFirst();
    if (!current) throw notFound('Case');
    if (expectedVersion !== null && current.version !== expectedVersion) {
      const last = await tx
        .selectFrom('app.case_action as a')
        .innerJoin('app.staff_user as u', 'u.id', 'a.acted_by')
        .select(['u.display_name', 'a.acted_at', 'a.action_type'])
        .where('a.case_id', '=', caseId)
        .orderBy('a.seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      throw conflict(
        'version_conflict',
        'The case was changed by someone else; reload and try again',
        {
          currentVersion: current.version,
          changedBy: last?.display_name ?? null,
          changedAt: last?.acted_at.toISOString() ?? null,
          lastAction: last?.action_type ?? null,
        },
      );
    }
    const state = foldCase(await readLog(tx, caseId));
    if (action.type === 'officer_assigned' || action.type === 'handed_over') {
      const userId = action.type === 'officer_assigned' ? action.userId : action.toUserId;
      const user = await tx
        .selectFrom('app.staff_user')
        .select('id')
        .where('id', '=', userId)
        .where('municipality_id', '=', current.municipality_id)
        .where('disabled_at', 'is', null)
        .executeTakeFirst();
      if (!user) throw badRequest('unknown_user', 'The officer does not exist or is disabled');
    }
    const result = appendCaseAction(state, action);
    if (!result.ok) throw new AppError(422, result.code, result.message);
    await tx
      .insertInto('app.case_action')
      .values({
        municipality_id: current.municipality_id,
        case_id: caseId,
        seq: result.record.seq,
        action_type: action.type,
        action: JSON.stringify(action),
        acted_at: now,
        acted_by: action.by,
      })
      .execute();
    const next = result.state;
    await tx
      .updateTable('app.assistance_case')
      .set({
        version: next.version,
        status: next.status,
        closure_reason: next.closure?.reason ?? null,
        unit_id: next.unitId,
        district_id: next.districtId,
        group_id: next.groupId,
        last_action_at: now,
      })
      .where('id', '=', caseId)
      .execute();
    await this.#syncAssignments(tx, current.municipality_id, caseId, next, now);
    return next;
  }

  /** app.case_assignment mirrors the fold's current officers: it is what need-to-know reads. */
  async #syncAssignments(
    tx: Tx,
    municipalityId: string,
    caseId: string,
    state: CaseState,
    now: Date,
  ): Promise<void> {
    const active = await tx
      .selectFrom('app.case_assignment')
      .select(['user_id', 'assignment_role'])
      .where('case_id', '=', caseId)
      .where('ended_at', 'is', null)
      .execute();
    const wanted = state.officers;
    for (const row of active) {
      if (!wanted.some((o) => o.userId === row.user_id && o.role === row.assignment_role)) {
        await tx
          .updateTable('app.case_assignment')
          .set({ ended_at: now })
          .where('case_id', '=', caseId)
          .where('user_id', '=', row.user_id)
          .where('assignment_role', '=', row.assignment_role)
          .where('ended_at', 'is', null)
          .execute();
      }
    }
    for (const officer of wanted) {
      if (
        !active.some(
          (row) => row.user_id === officer.userId && row.assignment_role === officer.role,
        )
      ) {
        await tx
          .insertInto('app.case_assignment')
          .values({
            municipality_id: municipalityId,
            case_id: caseId,
            user_id: officer.userId,
            assignment_role: officer.role,
            assigned_at: now,
          })
          .execute();
      }
    }
  }

  async view(caseId: string): Promise<CaseView> {
    // One round trip: the case, its log, its officers' names and its household.
    const row = await this.#db
      .selectFrom('app.assistance_case as c')
      .innerJoin('app.person as p', 'p.id', 'c.person_id')
      .innerJoin('app.district as d', 'd.id', 'c.district_id')
      .innerJoin('app.unit as u', 'u.id', 'c.unit_id')
      .select((eb) => [
        'c.id',
        'c.version',
        'c.status',
        'p.id as person_id',
        'p.first_name',
        'p.last_name',
        'p.personnummer',
        'p.protection',
        'd.id as district_id',
        'd.name as district_name',
        'u.id as unit_id',
        'u.name as unit_name',
        jsonArrayFrom(
          eb
            .selectFrom('app.case_action as a')
            .select(['a.seq', 'a.action'])
            .whereRef('a.case_id', '=', 'c.id')
            .orderBy('a.seq'),
        ).as('log'),
        jsonArrayFrom(
          eb
            .selectFrom('app.staff_user as su')
            .select(['su.id', 'su.display_name'])
            .where(
              'su.id',
              'in',
              eb
                .selectFrom('app.case_assignment as ca')
                .select('ca.user_id')
                .whereRef('ca.case_id', '=', 'c.id'),
            ),
        ).as('names'),
        jsonArrayFrom(
          eb
            .selectFrom('app.household_member as h')
            .innerJoin('app.person as hp', 'hp.id', 'h.person_id')
            .select([
              'h.id',
              'h.person_id',
              'hp.first_name',
              'hp.last_name',
              'hp.protection',
              'h.member_role',
              sql<string>`to_char(h.valid_from, 'YYYY-MM-DD')`.as('valid_from'),
              sql<string | null>`to_char(h.valid_to, 'YYYY-MM-DD')`.as('valid_to'),
            ])
            .whereRef('h.case_id', '=', 'c.id')
            .orderBy('h.valid_from'),
        ).as('household'),
      ])
      .where('c.id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw notFound('Case');
    const state = foldCase(asRecords(row.log));
    const names = row.names;
    const household = row.household;
    return {
      id: row.id,
      version: row.version,
      status: row.status,
      applicant: {
        personId: row.person_id,
        name: `${row.first_name} ${row.last_name}`,
        personnummer: formatPersonnummer(row.personnummer),
        protection: row.protection,
      },
      district: { id: row.district_id, name: row.district_name },
      unit: { id: row.unit_id, name: row.unit_name },
      officers: state.officers.map((o) => ({
        userId: o.userId,
        role: o.role,
        displayName: names.find((n) => n.id === o.userId)?.display_name ?? o.userId,
      })),
      household: household.map((h) => ({
        id: h.id,
        personId: h.person_id,
        name: `${h.first_name} ${h.last_name}`,
        protection: h.protection,
        role: h.member_role,
        validFrom: h.valid_from,
        validTo: h.valid_to,
      })),
      state,
      allowedNextActions: allowedNextActions(state),
      firstVisitOverdue: isFirstVisitOverdue(state, stockholmDate(this.#clock())),
    };
  }

  /** Adds a member to the case's household from a date (partner, child, other in the household). */
  async addHouseholdMember(
    actor: Actor,
    caseId: string,
    input: { personId: string; memberRole: 'partner' | 'child' | 'other'; validFrom: string },
  ): Promise<string> {
    const person = await this.#db
      .selectFrom('app.person')
      .select('id')
      .where('id', '=', input.personId)
      .where('municipality_id', '=', actor.municipalityId)
      .executeTakeFirst();
    if (!person)
      throw badRequest('unknown_person', 'The person is not registered in your municipality');
    return this.#db.transaction().execute(async (tx) => {
      // Serialise membership changes of one case.
      await tx
        .selectFrom('app.assistance_case')
        .select('id')
        .where('id', '=', caseId)
        .forUpdate()
        .executeTakeFirstOrThrow();
      const overlapping = await tx
        .selectFrom('app.household_member')
        .select('id')
        .where('case_id', '=', caseId)
        .where('person_id', '=', input.personId)
        .where(sql<boolean>`coalesce(valid_to, 'infinity'::date) >= ${input.validFrom}::date`)
        .executeTakeFirst();
      if (overlapping)
        throw conflict(
          'member_exists',
          'The person is already a member of the household in that period',
        );
      const row = await tx
        .insertInto('app.household_member')
        .values({
          municipality_id: actor.municipalityId,
          case_id: caseId,
          person_id: input.personId,
          member_role: input.memberRole,
          valid_from: input.validFrom,
          recorded_by: actor.userId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    });
  }

  /** Ends a membership on a date (the row and its start stay: who lived there when). */
  async endHouseholdMember(caseId: string, memberId: string, validTo: string): Promise<void> {
    const member = await this.#db
      .selectFrom('app.household_member')
      .select([
        'id',
        'member_role',
        sql<string>`to_char(valid_from, 'YYYY-MM-DD')`.as('valid_from'),
        'valid_to',
      ])
      .where('id', '=', memberId)
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!member) throw notFound('Household member');
    if (member.member_role === 'applicant')
      throw badRequest(
        'applicant_stays',
        'The applicant cannot leave the household; close the case instead',
      );
    if (member.valid_to !== null)
      throw conflict('member_already_ended', 'The membership has already ended');
    if (validTo < member.valid_from)
      throw badRequest('invalid_period', 'The end date is before the start date');
    await this.#db
      .updateTable('app.household_member')
      .set({ valid_to: validTo })
      .where('id', '=', memberId)
      .where('valid_to', 'is', null)
      .execute();
  }

  /** "Mina ärenden": open cases the user is assigned to, with what is due. */
  async myCases(actor: Actor): Promise<MyCaseRow[]> {
    // One round trip: the cases with their logs (folded below) and next payment dates.
    const rows = await this.#db
      .selectFrom('app.case_assignment as a')
      .innerJoin('app.assistance_case as c', 'c.id', 'a.case_id')
      .innerJoin('app.person as p', 'p.id', 'c.person_id')
      .innerJoin('app.district as d', 'd.id', 'c.district_id')
      .select((eb) => [
        'c.id',
        'p.id as person_id',
        'p.first_name',
        'p.last_name',
        'p.personnummer',
        'p.protection',
        'd.name as district_name',
        'c.opened_at',
        'c.last_action_at',
        'a.assignment_role',
        // Payment lines live in the payments module's table (migration 0005): read as plain SQL.
        sql<string | null>`(select to_char(min(l.due_date), 'YYYY-MM-DD') from app.payment_line l
          where l.case_id = c.id and l.status in ('planned', 'in_run'))`.as('next_payment'),
        jsonArrayFrom(
          eb
            .selectFrom('app.case_action as ca')
            .select(['ca.seq', 'ca.action'])
            .whereRef('ca.case_id', '=', 'c.id')
            .orderBy('ca.seq'),
        ).as('log'),
      ])
      .where('a.user_id', '=', actor.userId)
      .where('a.ended_at', 'is', null)
      .where('c.status', '=', 'open')
      .orderBy('c.opened_at')
      .limit(500)
      .execute();
    const today = stockholmDate(this.#clock());
    const result: MyCaseRow[] = [];
    for (const row of rows) {
      const state = foldCase(asRecords(row.log));
      result.push({
        id: row.id,
        personId: row.person_id,
        applicantName: `${row.first_name} ${row.last_name}`,
        personnummer: formatPersonnummer(row.personnummer),
        protection: row.protection,
        districtName: row.district_name,
        openedAt: row.opened_at.toISOString(),
        firstVisitDeadline: state.firstVisit.deadline,
        firstVisitBooked: state.firstVisit.bookedDate,
        firstVisitOverdue: isFirstVisitOverdue(state, today),
        pendingApplications: [...state.pendingApplicationMonths],
        nextPaymentDate: row.next_payment,
        lastActionAt: row.last_action_at?.toISOString() ?? null,
        role: row.assignment_role,
      });
    }
    return result;
  }

  /** The unit's caseload: active cases per officer (no personal data). */
  async caseload(
    actor: Actor,
    threshold: number,
  ): Promise<{
    threshold: number;
    officers: {
      userId: string;
      displayName: string;
      activeCases: number;
      overThreshold: boolean;
    }[];
  }> {
    if (actor.unitIds.length === 0) return { threshold, officers: [] };
    const rows = await this.#db
      .selectFrom('app.unit_membership as m')
      .innerJoin('app.staff_user as u', 'u.id', 'm.user_id')
      .select([
        'u.id',
        'u.display_name',
        sql<number>`(select count(*)::int from app.case_assignment a join app.assistance_case c on c.id = a.case_id
          where a.user_id = u.id and a.ended_at is null and c.status = 'open')`.as('active'),
      ])
      .where('m.unit_id', 'in', actor.unitIds)
      .where('u.disabled_at', 'is', null)
      .where(
        sql<boolean>`exists (select 1 from app.staff_role r where r.user_id = u.id and r.role in ('social_worker', 'benefit_officer', 'reception_officer'))`,
      )
      .groupBy(['u.id', 'u.display_name'])
      .orderBy('u.display_name')
      .execute();
    return {
      threshold,
      officers: rows.map((r) => ({
        userId: r.id,
        displayName: r.display_name,
        activeCases: r.active,
        overThreshold: r.active > threshold,
      })),
    };
  }
}
