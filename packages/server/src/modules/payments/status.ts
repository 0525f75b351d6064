// The bank's answers and the daily reconciliation: pain.002 status reports mark lines accepted or
// rejected (a rejection becomes a task for the case's officer), and decided, instructed and
// confirmed amounts are compared decision by decision with every difference explained or flagged.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { AppError, badRequest, conflict } from '../../http/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { parsePain002, type GroupStatusCode } from './iso20022/index.ts';
import { paymentDb, type PaymentDb } from './tables.ts';

const ACCEPTED: readonly (GroupStatusCode | null)[] = ['ACCP', 'ACSC', 'ACSP', 'ACTC', 'ACWC'];

export type ImportSummary = {
  reportId: string;
  runKey: string;
  accepted: number;
  rejected: number;
  pending: number;
};

export type RejectedPaymentTask = {
  lineId: string;
  caseId: string;
  personId: string;
  applicantName: string;
  payeeName: string;
  amount: number;
  dueDate: string;
  reason: string | null;
};

export const RECONCILIATION_FLAGS = [
  'overpaid',
  'not_planned',
  'due_not_instructed',
  'not_confirmed',
  'rejected',
] as const;
export type ReconciliationFlag = (typeof RECONCILIATION_FLAGS)[number];

export type ReconciliationRow = {
  decisionId: string;
  caseId: string;
  districtName: string;
  month: string;
  decisionDate: string;
  granted: number;
  planned: number;
  instructed: number;
  confirmed: number;
  rejected: number;
  flags: ReconciliationFlag[];
  /** In words, for each flag: what is different and what to do. */
  explanations: string[];
};

export type Reconciliation = {
  date: string;
  totals: {
    granted: number;
    planned: number;
    instructed: number;
    confirmed: number;
    rejected: number;
  };
  rows: ReconciliationRow[];
  /** Decisions whose figures all agree (not listed row by row). */
  balanced: number;
};

/** Days after the file before a missing bank confirmation is flagged. */
export const CONFIRMATION_GRACE_DAYS = 3;

export class PaymentStatusService {
  readonly #db: PaymentDb;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = paymentDb(db);
    this.#clock = clock;
  }

  /**
   * Imports a pain.002: refused when it is not one, answers an unknown message, names unknown
   * payments, or has been imported before (the same bytes, or different bytes under the same id).
   */
  async importReport(actor: Actor, xml: string): Promise<ImportSummary> {
    const parsed = parsePain002(xml);
    if (!parsed.ok) throw badRequest(parsed.code, parsed.message);
    const report = parsed.report;
    const sha = createHash('sha256').update(xml, 'utf8').digest('hex');
    return this.#db.transaction().execute(async (tx) => {
      const previous = await tx
        .selectFrom('app.payment_status_report')
        .select(['content_sha256'])
        .where('municipality_id', '=', actor.municipalityId)
        .where('message_id', '=', report.messageId)
        .executeTakeFirst();
      if (previous) {
        throw previous.content_sha256 === sha
          ? conflict('already_imported', `Statusrapporten ${report.messageId} är redan inläst.`)
          : conflict(
              'report_conflict',
              `En annan statusrapport med id ${report.messageId} är redan inläst; den här har ändrat innehåll och tas inte emot.`,
            );
      }
      const run = await tx
        .selectFrom('app.payment_run')
        .select(['id', 'run_key', 'status', 'payment_information_id'])
        .where('municipality_id', '=', actor.municipalityId)
        .where('message_id', '=', report.originalMessageId)
        .forUpdate()
        .executeTakeFirst();
      if (!run) {
        throw new AppError(
          422,
          'unknown_message',
          `Statusrapporten gäller bankfil ${report.originalMessageId}, som inte finns här.`,
        );
      }
      const lines = await tx
        .selectFrom('app.payment_line')
        .select(['id', 'end_to_end_id', 'status'])
        .where('run_id', '=', run.id)
        .execute();
      const byE2e = new Map(lines.map((l) => [l.end_to_end_id, l]));
      const unknown = report.transactions.filter((t) => !byE2e.has(t.originalEndToEndId));
      if (unknown.length > 0) {
        throw new AppError(
          422,
          'unknown_payment',
          `Statusrapporten nämner betalningar som inte finns i bankfilen: ${unknown
            .slice(0, 5)
            .map((t) => t.originalEndToEndId)
            .join(', ')}`,
        );
      }
      const now = this.#clock();
      const reasonText = (
        r: readonly { code: string | null; additionalInformation: readonly string[] }[],
      ) =>
        r.length === 0
          ? null
          : r.map((x) => [x.code, ...x.additionalInformation].filter(Boolean).join(' ')).join('; ');
      type Outcome = {
        kind: 'accepted' | 'rejected' | 'pending';
        /** The line's new status; null keeps it (only the bank's status is recorded). */
        status: 'accepted' | 'rejected' | null;
        bankStatus: string;
        reason: string | null;
      };
      // A status for a whole file or payment block (no payments of its own): rejected or accepted.
      const settled = (
        status: GroupStatusCode | null,
        reasons: readonly { code: string | null; additionalInformation: readonly string[] }[],
        refusal: string,
      ): Outcome | null =>
        status === 'RJCT'
          ? {
              kind: 'rejected',
              status: 'rejected',
              bankStatus: 'RJCT',
              reason: reasonText(reasons) ?? refusal,
            }
          : ACCEPTED.includes(status)
            ? { kind: 'accepted', status: 'accepted', bankStatus: status ?? 'ACCP', reason: null }
            : null;
      const instructed = lines.filter((l) => l.status === 'instructed').map((l) => l.id);
      // Lines settled by the file's or a block's status; a payment's own status overrides them.
      const wholesale = new Map<string, Outcome>();
      if (report.transactions.length === 0) {
        // The whole file was refused (or accepted): every instructed line of the run.
        const outcome = settled(report.groupStatus, report.groupReasons, 'Filen avvisades');
        if (outcome) for (const id of instructed) wholesale.set(id, outcome);
      }
      for (const block of report.paymentInformations) {
        if (block.transactions.length > 0) continue;
        const outcome = settled(
          block.status,
          block.reasons.length > 0 ? block.reasons : report.groupReasons,
          'Betalningsuppdraget avvisades',
        );
        if (!outcome) continue;
        if (block.originalPaymentInformationId !== run.payment_information_id) {
          throw new AppError(
            422,
            'unknown_payment_information',
            `Statusrapporten gäller betalningsuppdraget ${block.originalPaymentInformationId}, som inte finns i bankfilen.`,
          );
        }
        // A block refused (or accepted) as a whole: the block's instructed lines.
        for (const id of instructed) wholesale.set(id, outcome);
      }
      // A payment without a status of its own has its payment block's (or the file's) status.
      const blockStatus = new Map(
        report.paymentInformations.map((p) => [p.originalPaymentInformationId, p.status]),
      );
      const outcomes = new Map<string, Outcome>();
      let accepted = 0;
      let rejected = 0;
      let pending = 0;
      for (const t of report.transactions) {
        const line = byE2e.get(t.originalEndToEndId);
        if (!line) continue;
        wholesale.delete(line.id);
        const status =
          t.status ?? blockStatus.get(t.originalPaymentInformationId) ?? report.groupStatus;
        if (status === 'RJCT') {
          outcomes.set(line.id, {
            kind: 'rejected',
            status: 'rejected',
            bankStatus: 'RJCT',
            reason: reasonText(t.reasons),
          });
          rejected += 1;
        } else if (ACCEPTED.includes(status)) {
          outcomes.set(line.id, {
            kind: 'accepted',
            status: line.status === 'rejected' ? null : 'accepted',
            bankStatus: status ?? 'ACCP',
            reason: null,
          });
          accepted += 1;
        } else {
          outcomes.set(line.id, {
            kind: 'pending',
            status: null,
            bankStatus: status ?? 'PDNG',
            reason: reasonText(t.reasons),
          });
          pending += 1;
        }
      }
      for (const [id, outcome] of wholesale) {
        outcomes.set(id, outcome);
        if (outcome.kind === 'rejected') rejected += 1;
        else accepted += 1;
      }
      // One statement for the whole report, however many payments it answers.
      if (outcomes.size > 0) {
        const rows = [...outcomes];
        await sql`
          update app.payment_line l
          set status = coalesce(u.status, l.status), bank_status = u.bank_status,
            bank_reason = u.bank_reason, bank_status_at = ${now}
          from unnest(${rows.map(([id]) => id)}::uuid[], ${rows.map(([, o]) => o.status)}::text[],
            ${rows.map(([, o]) => o.bankStatus)}::text[], ${rows.map(([, o]) => o.reason)}::text[])
            as u(id, status, bank_status, bank_reason)
          where l.id = u.id`.execute(tx);
      }
      const row = await tx
        .insertInto('app.payment_status_report')
        .values({
          municipality_id: actor.municipalityId,
          message_id: report.messageId,
          original_message_id: report.originalMessageId,
          run_id: run.id,
          group_status: report.groupStatus,
          content_sha256: sha,
          accepted,
          rejected,
          imported_by: actor.userId,
          imported_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { reportId: row.id, runKey: run.run_key, accepted, rejected, pending };
    });
  }

  /** Rejected payments on the officer's own cases: each is a task to fix the account and re-plan. */
  async rejectedTasks(actor: Actor): Promise<RejectedPaymentTask[]> {
    const rows = await this.#db
      .selectFrom('app.payment_line as l')
      .innerJoin('app.assistance_case as c', 'c.id', 'l.case_id')
      .innerJoin('app.person as p', 'p.id', 'c.person_id')
      .innerJoin('app.payee as y', 'y.id', 'l.payee_id')
      .select([
        'l.id',
        'l.case_id',
        'c.person_id',
        'p.first_name',
        'p.last_name',
        'y.name',
        'l.amount',
        'l.bank_reason',
        sql<string>`to_char(l.due_date, 'YYYY-MM-DD')`.as('due'),
      ])
      .where('l.status', '=', 'rejected')
      .where('l.municipality_id', '=', actor.municipalityId)
      .where(
        'l.case_id',
        'in',
        this.#db
          .selectFrom('app.case_assignment')
          .select('case_id')
          .where('user_id', '=', actor.userId)
          .where('ended_at', 'is', null),
      )
      // A rejection is handled once what it would have paid is planned again.
      .where(
        sql<boolean>`(select coalesce(sum(l2.amount), 0) from app.payment_line l2 where l2.decision_id = l.decision_id and l2.status not in ('cancelled', 'rejected')) < (select d.amount from app.decision d where d.id = l.decision_id)`,
      )
      .orderBy('l.due_date')
      .execute();
    return rows.map((r) => ({
      lineId: r.id,
      caseId: r.case_id,
      personId: r.person_id,
      applicantName: `${r.first_name} ${r.last_name}`,
      payeeName: r.name,
      amount: r.amount,
      dueDate: r.due,
      reason: r.bank_reason,
    }));
  }

  /** Decided vs. planned vs. instructed vs. confirmed, per decision signed on or before `date`. */
  async reconcile(municipalityId: string, date: string): Promise<Reconciliation> {
    // Decisions in force only; a replacement answers for the lines of the decisions it replaced.
    const rows = await sql<{
      id: string;
      case_id: string;
      district: string;
      month: string;
      decided: string;
      granted: number;
      planned: string;
      instructed: string;
      confirmed: string;
      rejected: string;
      due_not_instructed: string;
      unconfirmed_old: string;
    }>`
      with recursive chain as (
        select d.id as head, d.id as member from app.decision d
        where d.municipality_id = ${municipalityId} and d.status = 'signed' and d.amount > 0
          and d.decision_date <= ${date}::date
          and not exists (select 1 from app.decision r where r.replaces_decision_id = d.id and r.status = 'signed')
        union all
        select c.head, d.replaces_decision_id from chain c join app.decision d on d.id = c.member
        where d.replaces_decision_id is not null
      )
      select d.id, d.case_id, dist.name as district, d.month,
        to_char(d.decision_date, 'YYYY-MM-DD') as decided, d.amount as granted,
        coalesce(sum(l.amount) filter (where l.status not in ('cancelled', 'rejected')), 0) as planned,
        coalesce(sum(l.amount) filter (where l.status in ('instructed', 'accepted')), 0) as instructed,
        coalesce(sum(l.amount) filter (where l.status = 'accepted'), 0) as confirmed,
        coalesce(sum(l.amount) filter (where l.status = 'rejected'), 0) as rejected,
        count(l.id) filter (where l.status in ('planned', 'in_run') and l.due_date <= ${date}::date) as due_not_instructed,
        count(l.id) filter (where l.status = 'instructed' and r.file_created_at < (${date}::date - ${CONFIRMATION_GRACE_DAYS}::int)) as unconfirmed_old
      from chain ch
      join app.decision d on d.id = ch.head
      join app.assistance_case c on c.id = d.case_id
      join app.district dist on dist.id = c.district_id
      left join app.payment_line l on l.decision_id = ch.member
      left join app.payment_run r on r.id = l.run_id
      group by d.id, dist.name
      order by d.decision_date, d.id`.execute(this.#db);
    const result: Reconciliation = {
      date,
      totals: { granted: 0, planned: 0, instructed: 0, confirmed: 0, rejected: 0 },
      rows: [],
      balanced: 0,
    };
    for (const r of rows.rows) {
      const row: ReconciliationRow = {
        decisionId: r.id,
        caseId: r.case_id,
        districtName: r.district,
        month: r.month,
        decisionDate: r.decided,
        granted: r.granted,
        planned: Number(r.planned),
        instructed: Number(r.instructed),
        confirmed: Number(r.confirmed),
        rejected: Number(r.rejected),
        flags: [],
        explanations: [],
      };
      result.totals.granted += row.granted;
      result.totals.planned += row.planned;
      result.totals.instructed += row.instructed;
      result.totals.confirmed += row.confirmed;
      result.totals.rejected += row.rejected;
      if (row.instructed > row.granted) {
        row.flags.push('overpaid');
        row.explanations.push(
          `${String(row.instructed - row.granted)} kr mer än beslutet har gått till banken (beslutet har ersatts med ett lägre belopp): pröva återkrav.`,
        );
      }
      if (row.planned < row.granted) {
        row.flags.push(row.rejected > 0 ? 'rejected' : 'not_planned');
        row.explanations.push(
          row.rejected > 0
            ? `${String(row.rejected)} kr avvisades av banken och är inte utbetalt på nytt: rätta kontot och planera om.`
            : `${String(row.granted - row.planned)} kr av beslutet saknar utbetalningsplan: lägg till en betalningsmottagare med godkänt konto.`,
        );
      }
      if (Number(r.due_not_instructed) > 0) {
        row.flags.push('due_not_instructed');
        row.explanations.push(
          `${r.due_not_instructed} utbetalning(ar) har förfallit men har inte gått till banken: starta eller attestera utbetalningsomgången.`,
        );
      }
      if (Number(r.unconfirmed_old) > 0) {
        row.flags.push('not_confirmed');
        row.explanations.push(
          `Banken har inte bekräftat ${r.unconfirmed_old} utbetalning(ar) efter ${String(CONFIRMATION_GRACE_DAYS)} dagar: läs in statusrapporten eller kontakta banken.`,
        );
      }
      if (row.flags.length > 0) result.rows.push(row);
      else result.balanced += 1;
    }
    return result;
  }
}
