// Payees of a case and their accounts: a new or changed account is checked by its check digits
// and waits for a second person's approval; the earlier account stays in the history.
import { validatePayeeAccount, type StaffRole } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import { AppError, badRequest, conflict, notFound } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { ChangeLog } from '../change-log/change-log.ts';
import { paymentBaseTables, paymentDb, type PayeeKind, type PaymentDb } from './tables.ts';

/** Who may approve a payee account (the second pair of eyes). */
export const PAYEE_APPROVER_ROLES: readonly StaffRole[] = [
  'benefit_officer',
  'supervisor',
  'unit_manager',
];

export type PayeeView = {
  id: string;
  kind: PayeeKind;
  name: string;
  organisationNumber: string | null;
  activeAccount: {
    id: string;
    display: string;
    approvedBy: string | null;
    approvedAt: string | null;
  } | null;
  pendingAccount: {
    id: string;
    display: string;
    requestedBy: string;
    requestedByName: string;
    requestedAt: string;
    reason: string;
  } | null;
  history: {
    id: string;
    display: string;
    status: string;
    requestedAt: string;
    decidedAt: string | null;
  }[];
};

/** Called after an account is approved: decisions waiting for a payee can be planned now. */
export type PayeeApproved = (caseId: string, actorUserId: string) => Promise<void>;

export class PayeeService {
  readonly #db: PaymentDb;
  readonly #changeLog: ChangeLog;
  readonly #clock: () => Date;
  #onApproved: PayeeApproved = async () => {};

  constructor(db: Db, changeLog: ChangeLog, clock: () => Date) {
    this.#db = paymentDb(db);
    this.#changeLog = changeLog;
    this.#clock = clock;
  }

  /** Every account entered, approved or rejected is in the change log, with who did it. */
  async #logChange(
    tx: PaymentDb,
    actor: Actor,
    accountId: string,
    change: 'created' | 'updated',
    after: object,
  ): Promise<void> {
    await this.#changeLog.record(
      {
        municipalityId: actor.municipalityId,
        actorUserId: actor.userId,
        actorUsername: actor.username,
        clientIp: null,
      },
      { entity: 'payee_account', entityId: accountId, change, before: null, after },
      paymentBaseTables(tx),
    );
  }

  onApproved(listener: PayeeApproved): void {
    this.#onApproved = listener;
  }

  #checkAccount(input: unknown): { json: string; display: string } {
    const result = validatePayeeAccount(input);
    if (!result.ok) throw badRequest('invalid_account', result.message, { code: result.code });
    const value = result.value;
    const stored =
      value.kind === 'bank_account'
        ? { kind: value.kind, clearing: value.clearing, account: value.account }
        : { kind: value.kind, number: value.number };
    const display =
      value.kind === 'bank_account' ? `${value.bankName} ${value.display}` : value.display;
    return { json: JSON.stringify(stored), display };
  }

  async create(
    actor: Actor,
    caseId: string,
    input: {
      kind: PayeeKind;
      name?: string | undefined;
      organisationNumber?: string | null | undefined;
      account: unknown;
      reason: string;
    },
  ): Promise<string> {
    const account = this.#checkAccount(input.account);
    return this.#db.transaction().execute(async (tx) => {
      const c = await tx
        .selectFrom('app.assistance_case as c')
        .innerJoin('app.person as p', 'p.id', 'c.person_id')
        .select(['c.municipality_id', 'c.person_id', 'p.first_name', 'p.last_name'])
        .where('c.id', '=', caseId)
        .executeTakeFirst();
      if (!c) throw notFound('Case');
      if (input.kind === 'applicant') {
        const existing = await tx
          .selectFrom('app.payee')
          .select('id')
          .where('case_id', '=', caseId)
          .where('kind', '=', 'applicant')
          .executeTakeFirst();
        if (existing) {
          throw conflict(
            'payee_exists',
            'Den sökande finns redan som betalningsmottagare. Begär ett kontobyte i stället.',
            { payeeId: existing.id },
          );
        }
      } else if (!input.name || input.name.trim().length === 0) {
        throw badRequest('name_required', 'Ange mottagarens namn, till exempel hyresvärdens.');
      }
      const payee = await tx
        .insertInto('app.payee')
        .values({
          municipality_id: c.municipality_id,
          case_id: caseId,
          kind: input.kind,
          name:
            input.kind === 'applicant'
              ? `${c.first_name} ${c.last_name}`.slice(0, 70)
              : (input.name ?? '').trim().slice(0, 70),
          person_id: input.kind === 'applicant' ? c.person_id : null,
          organisation_number:
            input.kind === 'applicant' ? null : (input.organisationNumber ?? null),
          created_by: actor.userId,
          created_at: this.#clock(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const created = await tx
        .insertInto('app.payee_account')
        .values({
          municipality_id: c.municipality_id,
          payee_id: payee.id,
          account: account.json,
          display: account.display,
          requested_by: actor.userId,
          requested_at: this.#clock(),
          reason: input.reason,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.#logChange(tx, actor, created.id, 'created', {
        payeeId: payee.id,
        kind: input.kind,
        account: account.display,
        status: 'pending',
        reason: input.reason,
      });
      return payee.id;
    });
  }

  /** A new account for an existing payee; the current one stays in use until it is approved. */
  async requestAccountChange(
    actor: Actor,
    caseId: string,
    payeeId: string,
    input: { account: unknown; reason: string },
  ): Promise<string> {
    const account = this.#checkAccount(input.account);
    return this.#db.transaction().execute(async (tx) => {
      const payee = await tx
        .selectFrom('app.payee')
        .select(['id', 'municipality_id'])
        .where('id', '=', payeeId)
        .where('case_id', '=', caseId)
        .forUpdate()
        .executeTakeFirst();
      if (!payee) throw notFound('Payee');
      const pending = await tx
        .selectFrom('app.payee_account')
        .select('id')
        .where('payee_id', '=', payeeId)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending) {
        throw conflict(
          'change_pending',
          'Ett kontobyte väntar redan på godkännande. Godkänn eller avslå det först.',
          { accountId: pending.id },
        );
      }
      const row = await tx
        .insertInto('app.payee_account')
        .values({
          municipality_id: payee.municipality_id,
          payee_id: payeeId,
          account: account.json,
          display: account.display,
          requested_by: actor.userId,
          requested_at: this.#clock(),
          reason: input.reason,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.#logChange(tx, actor, row.id, 'created', {
        payeeId,
        account: account.display,
        status: 'pending',
        reason: input.reason,
      });
      return row.id;
    });
  }

  /** The second person approves or rejects a pending account; the requester never can. */
  async decide(
    actor: Actor,
    caseId: string,
    payeeId: string,
    accountId: string,
    approve: boolean,
  ): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const account = await tx
        .selectFrom('app.payee_account as a')
        .innerJoin('app.payee as p', 'p.id', 'a.payee_id')
        .select(['a.id', 'a.status', 'a.requested_by'])
        .where('a.id', '=', accountId)
        .where('a.payee_id', '=', payeeId)
        .where('p.case_id', '=', caseId)
        .forUpdate()
        .executeTakeFirst();
      if (!account) throw notFound('Account');
      if (!actor.roles.some((role) => PAYEE_APPROVER_ROLES.includes(role))) {
        throw new AppError(403, 'forbidden', 'Du har inte behörighet att godkänna konton', {
          reason: 'role_missing',
        });
      }
      if (account.status !== 'pending') {
        throw conflict('not_pending', 'Kontot väntar inte på godkännande.');
      }
      if (account.requested_by === actor.userId) {
        throw new AppError(
          403,
          'four_eyes',
          'Den som har registrerat ett konto kan inte själv godkänna det. En annan person måste granska det.',
          { reason: 'role_missing' },
        );
      }
      const now = this.#clock();
      if (approve) {
        await tx
          .updateTable('app.payee_account')
          .set({ status: 'superseded' })
          .where('payee_id', '=', payeeId)
          .where('status', '=', 'active')
          .execute();
      }
      await tx
        .updateTable('app.payee_account')
        .set({ status: approve ? 'active' : 'rejected', decided_by: actor.userId, decided_at: now })
        .where('id', '=', accountId)
        .execute();
      await this.#logChange(tx, actor, accountId, 'updated', {
        payeeId,
        status: approve ? 'active' : 'rejected',
      });
    });
    if (approve) await this.#onApproved(caseId, actor.userId);
  }

  async list(caseId: string): Promise<PayeeView[]> {
    const payees = await this.#db
      .selectFrom('app.payee')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('created_at')
      .execute();
    if (payees.length === 0) return [];
    const accounts = await this.#db
      .selectFrom('app.payee_account as a')
      .innerJoin('app.staff_user as u', 'u.id', 'a.requested_by')
      .select([
        'a.id',
        'a.payee_id',
        'a.display',
        'a.status',
        'a.requested_by',
        'a.requested_at',
        'a.reason',
        'a.decided_by',
        'a.decided_at',
        'u.display_name',
      ])
      .where(
        'a.payee_id',
        'in',
        payees.map((p) => p.id),
      )
      .orderBy('a.requested_at')
      .execute();
    return payees.map((p) => {
      const mine = accounts.filter((a) => a.payee_id === p.id);
      const active = mine.find((a) => a.status === 'active');
      const pending = mine.find((a) => a.status === 'pending');
      return {
        id: p.id,
        kind: p.kind,
        name: p.name,
        organisationNumber: p.organisation_number,
        activeAccount: active
          ? {
              id: active.id,
              display: active.display,
              approvedBy: active.decided_by,
              approvedAt: active.decided_at?.toISOString() ?? null,
            }
          : null,
        pendingAccount: pending
          ? {
              id: pending.id,
              display: pending.display,
              requestedBy: pending.requested_by,
              requestedByName: pending.display_name,
              requestedAt: pending.requested_at.toISOString(),
              reason: pending.reason,
            }
          : null,
        history: mine.map((a) => ({
          id: a.id,
          display: a.display,
          status: a.status,
          requestedAt: a.requested_at.toISOString(),
          decidedAt: a.decided_at?.toISOString() ?? null,
        })),
      };
    });
  }
}
