// The payment plan: the lines a signed decision pays (payee, amount, due date, cost item,
// district). Rent goes straight to the landlord when the case has one with an approved account;
// the rest to the applicant. The database refuses a line without a signed decision and any plan
// that would pay more than the decision granted.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { monthFromIndex, monthIndex } from '@skyddsnat/rules';
import type { Db } from '../../db/database.ts';
import { conflict, notFound } from '../../http/errors.ts';
import type { DecisionLine } from '../decisions/service.ts';
import { paymentDb, type PaymentDb, type PaymentLineStatus } from './tables.ts';

/** The day of the month before that monthly assistance is paid out (rent is due on the 1st). */
export const MONTHLY_PAYMENT_DAY = 25;

export type PaymentLineView = {
  id: string;
  decisionId: string;
  month: string;
  payeeName: string;
  payeeKind: string;
  costItem: string;
  amount: number;
  dueDate: string;
  status: PaymentLineStatus;
  runKey: string | null;
  endToEndId: string;
  bankStatus: string | null;
  bankReason: string | null;
};

/** An end-to-end id the bank echoes back: unique forever (database constraint), ≤ 35 characters. */
export function endToEndId(lineId: string): string {
  return `SKN-${lineId.replace(/-/g, '').slice(0, 28).toUpperCase()}`;
}

/** When a decision's money is due: the 25th of the month before, or the decision day if later. */
export function dueDateFor(kind: string, month: string, decisionDate: string): string {
  if (kind === 'emergency') return decisionDate;
  const regular = `${monthFromIndex(monthIndex(month) - 1)}-${String(MONTHLY_PAYMENT_DAY)}`;
  return regular > decisionDate ? regular : decisionDate;
}

export class PaymentPlanService {
  readonly #db: PaymentDb;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = paymentDb(db);
    this.#clock = clock;
  }

  /**
   * Plans what is left to pay of a signed decision, in the caller's transaction. Returns the
   * number of lines created; 0 when all is planned or no payee has an approved account yet.
   */
  async planWithin(tx: PaymentDb, decisionId: string, actorUserId: string): Promise<number> {
    const decision = await tx
      .selectFrom('app.decision as d')
      .innerJoin('app.assistance_case as c', 'c.id', 'd.case_id')
      .select([
        'd.id',
        'd.municipality_id',
        'd.case_id',
        'd.status',
        'd.kind',
        'd.month',
        'd.amount',
        'd.lines',
        'd.replaces_decision_id',
        'c.district_id',
        sql<string>`to_char(d.decision_date, 'YYYY-MM-DD')`.as('decision_day'),
      ])
      .where('d.id', '=', decisionId)
      .executeTakeFirst();
    if (!decision) throw notFound('Decision');
    if (decision.status !== 'signed' || decision.amount === 0) return 0;
    // A decision that has been replaced pays nothing more: its replacement does.
    const replaced = await tx
      .selectFrom('app.decision')
      .select('id')
      .where('replaces_decision_id', '=', decisionId)
      .where('status', '=', 'signed')
      .executeTakeFirst();
    if (replaced) return 0;
    // A replacement takes over what the decisions it replaces have paid or will pay: their lines
    // not yet in a bank file are stopped (also those collected into a run), and what went to the
    // bank counts as already paid.
    const chain = [decisionId];
    for (let previous = decision.replaces_decision_id; previous !== null;) {
      chain.push(previous);
      const row = await tx
        .selectFrom('app.decision')
        .select('replaces_decision_id')
        .where('id', '=', previous)
        .executeTakeFirstOrThrow();
      previous = row.replaces_decision_id;
    }
    if (chain.length > 1) {
      await tx
        .updateTable('app.payment_line')
        .set({ status: 'cancelled' })
        .where('decision_id', 'in', chain.slice(1))
        .where('status', '=', 'planned')
        .execute();
      await this.#takeOutOfRuns(tx, chain.slice(1));
    }
    const planned = await tx
      .selectFrom('app.payment_line')
      .select(sql<string>`coalesce(sum(amount), 0)`.as('sum'))
      .where('decision_id', 'in', chain)
      .where('status', 'not in', ['cancelled', 'rejected'])
      .executeTakeFirstOrThrow();
    let remaining = decision.amount - Number(planned.sum);
    if (remaining <= 0) return 0;
    const payees = await tx
      .selectFrom('app.payee as p')
      .innerJoin('app.payee_account as a', (join) =>
        join.onRef('a.payee_id', '=', 'p.id').on('a.status', '=', 'active'),
      )
      .select(['p.id', 'p.kind'])
      .where('p.case_id', '=', decision.case_id)
      .orderBy('p.created_at')
      .execute();
    const landlord = payees.find((p) => p.kind === 'landlord');
    const applicant = payees.find((p) => p.kind === 'applicant');
    const due = dueDateFor(decision.kind, decision.month, decision.decision_day);
    const lines: { payeeId: string; costItem: string; amount: number }[] = [];
    const rent = (decision.lines as DecisionLine[]).find((l) => l.item === 'rent')?.granted ?? 0;
    if (landlord && rent > 0) {
      // Rent to the landlord only as far as the decision pays (incomes may have covered part).
      const alreadyToLandlord = await tx
        .selectFrom('app.payment_line')
        .select(sql<string>`coalesce(sum(amount), 0)`.as('sum'))
        .where('decision_id', 'in', chain)
        .where('payee_id', '=', landlord.id)
        .where('status', 'not in', ['cancelled', 'rejected'])
        .executeTakeFirstOrThrow();
      const amount = Math.min(rent - Number(alreadyToLandlord.sum), remaining);
      if (amount > 0) {
        lines.push({ payeeId: landlord.id, costItem: 'rent', amount });
        remaining -= amount;
      }
    }
    if (applicant && remaining > 0) {
      lines.push({
        payeeId: applicant.id,
        costItem: decision.kind === 'emergency' ? 'emergency' : 'living',
        amount: remaining,
      });
    }
    for (const line of lines) {
      const id = randomUUID();
      await tx
        .insertInto('app.payment_line')
        .values({
          id,
          municipality_id: decision.municipality_id,
          decision_id: decisionId,
          case_id: decision.case_id,
          district_id: decision.district_id,
          payee_id: line.payeeId,
          cost_item: line.costItem,
          amount: line.amount,
          due_date: due,
          end_to_end_id: endToEndId(id),
          created_by: actorUserId,
          created_at: this.#clock(),
        })
        .execute();
    }
    return lines.length;
  }

  /**
   * Stops the replaced decisions' lines that wait in a run without a bank file. Each such run
   * (locked first, as making its file does) loses them from its totals, loses its attests (what
   * was attested has changed) and collects again: starting its date again adds what is due now.
   */
  async #takeOutOfRuns(tx: PaymentDb, replacedIds: string[]): Promise<void> {
    const runs = await tx
      .selectFrom('app.payment_run')
      .select('id')
      .where(
        'id',
        'in',
        tx
          .selectFrom('app.payment_line')
          .select(sql<string>`run_id`.as('run_id'))
          .where('decision_id', 'in', replacedIds)
          .where('status', '=', 'in_run'),
      )
      .where('file_xml', 'is', null)
      .orderBy('id')
      .forUpdate()
      .execute();
    if (runs.length === 0) return;
    const removed = await tx
      .selectFrom('app.payment_line')
      .select(['id', 'run_id', 'amount'])
      .where('decision_id', 'in', replacedIds)
      .where('status', '=', 'in_run')
      .where(
        'run_id',
        'in',
        runs.map((r) => r.id),
      )
      .forUpdate()
      .execute();
    if (removed.length === 0) return;
    await tx
      .updateTable('app.payment_line')
      .set({ status: 'cancelled', run_id: null })
      .where(
        'id',
        'in',
        removed.map((l) => l.id),
      )
      .execute();
    const byRun = new Map<string, { lines: number; kronor: number }>();
    for (const line of removed) {
      const runId = line.run_id ?? '';
      const sum = byRun.get(runId) ?? { lines: 0, kronor: 0 };
      byRun.set(runId, { lines: sum.lines + 1, kronor: sum.kronor + line.amount });
    }
    for (const [runId, sum] of byRun) {
      await sql`
        update app.payment_run
        set lines_total = lines_total - ${sum.lines}, total_kronor = total_kronor - ${sum.kronor},
          status = 'collecting', first_attest_by = null, first_attest_at = null,
          second_attest_by = null, second_attest_at = null
        where id = ${runId}`.execute(tx);
    }
  }

  async plan(decisionId: string, actorUserId: string): Promise<number> {
    return this.#db.transaction().execute((tx) => this.planWithin(tx, decisionId, actorUserId));
  }

  /**
   * Plans, set-based, every signed decision of the municipality that has no payment line yet and
   * whose payees have approved accounts (the monthly bulk path; signing plans one at a time).
   * The same rule as `planWithin`: rent to an approved landlord first, the rest to the applicant.
   */
  async planAllUnplanned(municipalityId: string, actorUserId: string): Promise<number> {
    const result = await sql<{ n: string }>`
      with todo as (
        select d.id as decision_id, d.case_id, c.district_id, d.amount, d.kind,
          case when d.kind = 'emergency' then to_char(d.decision_date, 'YYYY-MM-DD')
               else greatest(to_char((to_date(d.month || '-01', 'YYYY-MM-DD') - interval '1 month'), 'YYYY-MM') || '-' || ${String(MONTHLY_PAYMENT_DAY)}, to_char(d.decision_date, 'YYYY-MM-DD'))
          end as due,
          coalesce((select (l->>'granted')::int from jsonb_array_elements(d.lines) l where l->>'item' = 'rent' limit 1), 0) as rent,
          (select p.id from app.payee p join app.payee_account a on a.payee_id = p.id and a.status = 'active'
             where p.case_id = d.case_id and p.kind = 'landlord' order by p.created_at limit 1) as landlord,
          (select p.id from app.payee p join app.payee_account a on a.payee_id = p.id and a.status = 'active'
             where p.case_id = d.case_id and p.kind = 'applicant' limit 1) as applicant
        from app.decision d join app.assistance_case c on c.id = d.case_id
        where d.municipality_id = ${municipalityId} and d.status = 'signed' and d.amount > 0
          and not exists (select 1 from app.payment_line x where x.decision_id = d.id)
          -- Replacements and replaced decisions are planned one by one (planWithin).
          and d.replaces_decision_id is null
          and not exists (select 1 from app.decision r where r.replaces_decision_id = d.id and r.status = 'signed')
      ), parts as (
        select decision_id, case_id, district_id, due, landlord as payee_id, 'rent' as cost_item,
          least(rent, amount) as amount from todo where landlord is not null and rent > 0
        union all
        select decision_id, case_id, district_id, due, applicant, case when kind = 'emergency' then 'emergency' else 'living' end,
          amount - case when landlord is not null and rent > 0 then least(rent, amount) else 0 end
        from todo where applicant is not null
      ), ids as (
        select gen_random_uuid() as id, * from parts where amount > 0
      ), inserted as (
        insert into app.payment_line (id, municipality_id, decision_id, case_id, district_id, payee_id,
          cost_item, amount, due_date, end_to_end_id, created_by)
        select id, ${municipalityId}, decision_id, case_id, district_id, payee_id, cost_item, amount,
          due::date, 'SKN-' || upper(substr(replace(id::text, '-', ''), 1, 28)), ${actorUserId}
        from ids
        returning 1)
      select count(*)::text as n from inserted`.execute(this.#db);
    return Number(result.rows[0]?.n ?? 0);
  }

  /** Plans every signed decision of a case with something left to pay (after a payee change). */
  async planCase(caseId: string, actorUserId: string): Promise<number> {
    const decisions = await this.#db
      .selectFrom('app.decision')
      .select('id')
      .where('case_id', '=', caseId)
      .where('status', '=', 'signed')
      .where('amount', '>', 0)
      .execute();
    let created = 0;
    for (const d of decisions) created += await this.plan(d.id, actorUserId);
    return created;
  }

  /** Cancels a line that has not gone to a run; what it would have paid can be planned again. */
  async cancel(caseId: string, lineId: string): Promise<void> {
    await this.#db.transaction().execute(async (tx) => {
      const line = await tx
        .selectFrom('app.payment_line')
        .select(['status'])
        .where('id', '=', lineId)
        .where('case_id', '=', caseId)
        .forUpdate()
        .executeTakeFirst();
      if (!line) throw notFound('Payment line');
      if (line.status !== 'planned') {
        throw conflict(
          'line_not_planned',
          'Bara planerade utbetalningar kan stoppas; den här ingår redan i en utbetalningsomgång.',
        );
      }
      await tx
        .updateTable('app.payment_line')
        .set({ status: 'cancelled' })
        .where('id', '=', lineId)
        .execute();
    });
  }

  async history(caseId: string): Promise<PaymentLineView[]> {
    const rows = await this.#db
      .selectFrom('app.payment_line as l')
      .innerJoin('app.payee as p', 'p.id', 'l.payee_id')
      .innerJoin('app.decision as d', 'd.id', 'l.decision_id')
      .leftJoin('app.payment_run as r', 'r.id', 'l.run_id')
      .select([
        'l.id',
        'l.decision_id',
        'd.month',
        'p.name',
        'p.kind',
        'l.cost_item',
        'l.amount',
        sql<string>`to_char(l.due_date, 'YYYY-MM-DD')`.as('due'),
        'l.status',
        'r.run_key',
        'l.end_to_end_id',
        'l.bank_status',
        'l.bank_reason',
      ])
      .where('l.case_id', '=', caseId)
      .orderBy('l.due_date', 'desc')
      .orderBy('l.created_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      decisionId: r.decision_id,
      month: r.month,
      payeeName: r.name,
      payeeKind: r.kind,
      costItem: r.cost_item,
      amount: r.amount,
      dueDate: r.due,
      status: r.status,
      runKey: r.run_key,
      endToEndId: r.end_to_end_id,
      bankStatus: r.bank_status,
      bankReason: r.bank_reason,
    }));
  }
}
