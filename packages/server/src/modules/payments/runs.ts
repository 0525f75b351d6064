// Payment runs: a run collects the due lines for a date (in batches, resumable), is attested by
// two different authorised users, then produces exactly one ISO 20022 pain.001 file whose bytes
// never change. Every step is its own transaction and can be repeated after a crash: a line is
// collected by one run only, and marked instructed in the same transaction that stores the file.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { PayeeAccount, StaffRole } from '@skyddsnat/domain';
import type { Db } from '../../db/database.ts';
import { AppError, conflict, notFound } from '../../http/errors.ts';
import { stockholmDate, stockholmDateTime } from '../../time.ts';
import type { Actor } from '../auth/actor.ts';
import {
  writePain001,
  type Pain001BankOptions,
  type Pain001CreditTransfer,
  type Pain001DebtorAccount,
} from './iso20022/index.ts';
import type { BankChannel } from './bank-channel.ts';
import { paymentDb, type PaymentDb, type PaymentRunStatus } from './tables.ts';

export const ATTEST_ROLES: readonly StaffRole[] = ['benefit_officer', 'supervisor', 'unit_manager'];
/** Lines moved into a run per transaction. */
export const DEFAULT_COLLECT_BATCH = 2000;

export type RunProgress = { phase: 'collect' | 'file'; done: number; total: number };

export type PaymentRunView = {
  id: string;
  runKey: string;
  paymentDate: string;
  urgent: boolean;
  status: PaymentRunStatus;
  linesTotal: number;
  totalKronor: number;
  createdBy: string;
  firstAttest: { userId: string; name: string; at: string } | null;
  secondAttest: { userId: string; name: string; at: string } | null;
  messageId: string | null;
  fileSha256: string | null;
  statusReports: { messageId: string; accepted: number; rejected: number; importedAt: string }[];
};

export type DueSummary = {
  date: string;
  lines: number;
  totalKronor: number;
  /** Due lines whose payee has no approved account: they wait, and are shown. */
  waitingForAccount: number;
  byDistrict: { districtId: string; districtName: string; lines: number; totalKronor: number }[];
};

/** Whether the line's decision (`app.payment_line as l`) has been replaced by a signed decision. */
const replacedSql = sql<boolean>`exists (select 1 from app.decision r where r.replaces_decision_id = l.decision_id and r.status = 'signed')`;
const notReplaced = sql<boolean>`not ${replacedSql}`;

export function runKeyFor(date: string, urgentDecisionId?: string): string {
  return urgentDecisionId
    ? `payment-run:${date}:urgent:${urgentDecisionId}`
    : `payment-run:${date}`;
}

/** The bank file's message id: deterministic per run, ≤ 35 characters, unique by constraint. */
export function messageIdFor(runId: string, date: string): string {
  return `SKN${date.replace(/-/g, '')}${runId.replace(/-/g, '').slice(0, 20).toUpperCase()}`;
}

export class PaymentRunService {
  readonly #db: PaymentDb;
  readonly #clock: () => Date;
  readonly #batch: number;

  readonly #channel: BankChannel | null;

  constructor(
    db: Db,
    clock: () => Date,
    options: { collectBatch?: number; channel?: BankChannel | null } = {},
  ) {
    this.#db = paymentDb(db);
    this.#clock = clock;
    this.#batch = options.collectBatch ?? DEFAULT_COLLECT_BATCH;
    this.#channel = options.channel ?? null;
  }

  /**
   * Makes the run's bank file (once) and hands it to the bank channel when one is configured.
   * Delivering again is harmless: a crash between the two steps is mended by asking again.
   */
  async createAndDeliverFile(
    municipalityId: string,
    runId: string,
    onProgress?: (p: RunProgress) => void,
  ): Promise<{ xml: string; sha256: string; messageId: string; deliveredTo: string | null }> {
    const file = await this.createFile(municipalityId, runId, onProgress);
    const deliveredTo = this.#channel
      ? await this.#channel.deliver({ messageId: file.messageId, xml: file.xml })
      : null;
    return { ...file, deliveredTo };
  }

  /** Planned lines due on or before `date` (an urgent run: only its decision's lines). */
  #dueLines(db: PaymentDb, municipalityId: string, date: string, urgentDecisionId: string | null) {
    const query = db
      .selectFrom('app.payment_line as l')
      .where('l.municipality_id', '=', municipalityId)
      .where('l.status', '=', 'planned')
      .where('l.due_date', '<=', date)
      // Only lines that can be paid: the payee has an approved account (as collection requires).
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('app.payee_account as a')
            .select('a.id')
            .whereRef('a.payee_id', '=', 'l.payee_id')
            .where('a.status', '=', 'active'),
        ),
      )
      // Never a line of a replaced decision: its replacement pays the month.
      .where(notReplaced);
    return urgentDecisionId ? query.where('l.decision_id', '=', urgentDecisionId) : query;
  }

  /** What a run for `date` would pay now (the dry run), by district. */
  async due(municipalityId: string, date: string): Promise<DueSummary> {
    const rows = await this.#db
      .selectFrom('app.payment_line as l')
      .innerJoin('app.district as d', 'd.id', 'l.district_id')
      .leftJoin('app.payee_account as a', (join) =>
        join.onRef('a.payee_id', '=', 'l.payee_id').on('a.status', '=', 'active'),
      )
      .select([
        'l.district_id',
        'd.name',
        sql<string>`count(*) filter (where a.id is not null)`.as('lines'),
        sql<string>`coalesce(sum(l.amount) filter (where a.id is not null), 0)`.as('total'),
        sql<string>`count(*) filter (where a.id is null)`.as('waiting'),
      ])
      .where('l.municipality_id', '=', municipalityId)
      .where('l.status', '=', 'planned')
      .where('l.due_date', '<=', date)
      .where(notReplaced)
      .groupBy(['l.district_id', 'd.name'])
      .orderBy('d.name')
      .execute();
    return {
      date,
      lines: rows.reduce((sum, r) => sum + Number(r.lines), 0),
      totalKronor: rows.reduce((sum, r) => sum + Number(r.total), 0),
      waitingForAccount: rows.reduce((sum, r) => sum + Number(r.waiting), 0),
      byDistrict: rows
        .filter((r) => Number(r.lines) > 0)
        .map((r) => ({
          districtId: r.district_id,
          districtName: r.name,
          lines: Number(r.lines),
          totalKronor: Number(r.total),
        })),
    };
  }

  /**
   * Starts (or finds) the run for `date` and collects its lines. A second or concurrent start
   * returns the same run; starting with nothing due is refused.
   */
  async start(
    actor: Actor,
    date: string,
    options: { urgentDecisionId?: string; onProgress?: (p: RunProgress) => void } = {},
  ): Promise<PaymentRunView> {
    const runKey = runKeyFor(date, options.urgentDecisionId);
    let run = await this.#db
      .selectFrom('app.payment_run')
      .select(['id', 'status'])
      .where('municipality_id', '=', actor.municipalityId)
      .where('run_key', '=', runKey)
      .executeTakeFirst();
    if (run?.status === 'cancelled') {
      const due = await this.#dueLines(
        this.#db,
        actor.municipalityId,
        date,
        options.urgentDecisionId ?? null,
      )
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      if (Number(due.n) === 0) {
        throw new AppError(
          422,
          'no_due_lines',
          `Det finns inga utbetalningar att göra ${date}. Den stoppade omgången startades inte om.`,
        );
      }
      // A cancelled run for the date is started again from the beginning: new attests too.
      await this.#db
        .updateTable('app.payment_run')
        .set({
          status: 'collecting',
          first_attest_by: null,
          first_attest_at: null,
          second_attest_by: null,
          second_attest_at: null,
        })
        .where('id', '=', run.id)
        .where('status', '=', 'cancelled')
        .execute();
    }
    if (!run) {
      const due = await this.#dueLines(
        this.#db,
        actor.municipalityId,
        date,
        options.urgentDecisionId ?? null,
      )
        .select(sql<string>`count(*)`.as('n'))
        .executeTakeFirstOrThrow();
      if (Number(due.n) === 0) {
        throw new AppError(
          422,
          'no_due_lines',
          `Det finns inga utbetalningar att göra ${date}. Ingen utbetalningsomgång skapades.`,
        );
      }
      await this.#db
        .insertInto('app.payment_run')
        .values({
          municipality_id: actor.municipalityId,
          run_key: runKey,
          payment_date: date,
          urgent: options.urgentDecisionId !== undefined,
          created_by: actor.userId,
          created_at: this.#clock(),
        })
        .onConflict((oc) => oc.columns(['municipality_id', 'run_key']).doNothing())
        .execute();
      run = await this.#db
        .selectFrom('app.payment_run')
        .select(['id', 'status'])
        .where('municipality_id', '=', actor.municipalityId)
        .where('run_key', '=', runKey)
        .executeTakeFirstOrThrow();
    }
    await this.collect(run.id, options.onProgress, options.urgentDecisionId ?? null);
    return this.view(actor.municipalityId, run.id);
  }

  /**
   * Moves due lines into the run, a batch per transaction, until none are left; safe to repeat
   * after a crash at any point (a line's status and run change together, once).
   */
  async collect(
    runId: string,
    onProgress?: (p: RunProgress) => void,
    urgentDecisionId: string | null = null,
  ): Promise<void> {
    const head = await this.#db
      .selectFrom('app.payment_run')
      .select(['municipality_id', 'payment_date', 'status', 'lines_total'])
      .select(sql<string>`to_char(payment_date, 'YYYY-MM-DD')`.as('date'))
      .where('id', '=', runId)
      .executeTakeFirst();
    if (!head) throw notFound('Payment run');
    if (head.status !== 'collecting') return;
    const remaining = await this.#dueLines(
      this.#db,
      head.municipality_id,
      head.date,
      urgentDecisionId,
    )
      .select(sql<string>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const total = head.lines_total + Number(remaining.n);
    for (;;) {
      const done = await this.#db.transaction().execute(async (tx) => {
        const run = await tx
          .selectFrom('app.payment_run')
          .select(['status', 'lines_total'])
          .where('id', '=', runId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (run.status !== 'collecting') return { finished: true, count: run.lines_total };
        const batch = await sql<{ amount: number }>`
          update app.payment_line l set status = 'in_run', run_id = ${runId}
          where l.id in (
            select l2.id from app.payment_line l2
            where l2.municipality_id = ${head.municipality_id} and l2.status = 'planned'
              and l2.due_date <= ${head.date}::date
              and (${urgentDecisionId}::uuid is null or l2.decision_id = ${urgentDecisionId}::uuid)
              and exists (select 1 from app.payee_account a where a.payee_id = l2.payee_id and a.status = 'active')
              and not exists (select 1 from app.decision r where r.replaces_decision_id = l2.decision_id and r.status = 'signed')
            order by l2.id limit ${this.#batch}
            for update skip locked)
          returning l.amount`.execute(tx);
        const count = batch.rows.length;
        const sum = batch.rows.reduce((s, r) => s + r.amount, 0);
        await sql`
          update app.payment_run
          set lines_total = lines_total + ${count}, total_kronor = total_kronor + ${sum},
              status = case when ${count} = 0 then 'collected' else status end
          where id = ${runId}`.execute(tx);
        return { finished: count === 0, count: run.lines_total + count };
      });
      onProgress?.({ phase: 'collect', done: done.count, total });
      if (done.finished) return;
    }
  }

  /**
   * Cancels a run that has no bank file yet: its lines go back to planned (for the next run or
   * this date started again). A run whose file is made cannot be cancelled.
   */
  async cancel(actor: Actor, runId: string): Promise<PaymentRunView> {
    await this.#db.transaction().execute(async (tx) => {
      const run = await tx
        .selectFrom('app.payment_run')
        .select(['status'])
        .where('id', '=', runId)
        .where('municipality_id', '=', actor.municipalityId)
        .forUpdate()
        .executeTakeFirst();
      if (!run) throw notFound('Payment run');
      if (run.status === 'file_created') {
        throw conflict(
          'file_created',
          'Bankfilen är redan skapad; omgången kan inte stoppas här. Kontakta banken för att stoppa filen.',
        );
      }
      if (run.status === 'cancelled') return;
      // A line of a decision replaced meanwhile is stopped (its replacement pays the month); the
      // rest wait for the next run.
      await tx
        .updateTable('app.payment_line as l')
        .set({ status: 'cancelled', run_id: null })
        .where('l.run_id', '=', runId)
        .where('l.status', '=', 'in_run')
        .where(replacedSql)
        .execute();
      await tx
        .updateTable('app.payment_line')
        .set({ status: 'planned', run_id: null })
        .where('run_id', '=', runId)
        .where('status', '=', 'in_run')
        .execute();
      await sql`
        update app.payment_run set status = 'cancelled', lines_total = 0, total_kronor = 0,
          first_attest_by = null, first_attest_at = null, second_attest_by = null, second_attest_at = null
        where id = ${runId}`.execute(tx);
    });
    return this.view(actor.municipalityId, runId);
  }

  /** Four eyes: two different authorised users; the same user cannot attest twice. */
  async attest(actor: Actor, runId: string): Promise<PaymentRunView> {
    if (!actor.roles.some((r) => ATTEST_ROLES.includes(r))) {
      throw new AppError(403, 'forbidden', 'Du har inte behörighet att attestera utbetalningar', {
        reason: 'role_missing',
      });
    }
    await this.#db.transaction().execute(async (tx) => {
      const run = await tx
        .selectFrom('app.payment_run')
        .select(['status', 'first_attest_by', 'lines_total'])
        .where('id', '=', runId)
        .where('municipality_id', '=', actor.municipalityId)
        .forUpdate()
        .executeTakeFirst();
      if (!run) throw notFound('Payment run');
      if (run.status === 'collecting') {
        throw conflict(
          'run_collecting',
          'Omgången samlas fortfarande ihop. Attestera när den är klar.',
        );
      }
      if (run.status !== 'collected') {
        throw conflict('already_attested', 'Omgången är redan attesterad av två personer.');
      }
      if (run.lines_total === 0) {
        throw conflict('run_empty', 'Omgången har inga utbetalningar att attestera.');
      }
      const now = this.#clock();
      if (run.first_attest_by === null) {
        await tx
          .updateTable('app.payment_run')
          .set({ first_attest_by: actor.userId, first_attest_at: now })
          .where('id', '=', runId)
          .execute();
      } else if (run.first_attest_by === actor.userId) {
        throw new AppError(
          403,
          'same_attester',
          'Du har redan attesterat omgången. En annan behörig person måste göra den andra attesten.',
          { reason: 'role_missing' },
        );
      } else {
        await tx
          .updateTable('app.payment_run')
          .set({ second_attest_by: actor.userId, second_attest_at: now, status: 'attested' })
          .where('id', '=', runId)
          .execute();
      }
    });
    return this.view(actor.municipalityId, runId);
  }

  /**
   * Makes the run's bank file, once: the lines become instructed in the same transaction that
   * stores the file. Asking again returns the stored bytes, never a new file.
   */
  async createFile(
    municipalityId: string,
    runId: string,
    onProgress?: (p: RunProgress) => void,
  ): Promise<{ xml: string; sha256: string; messageId: string }> {
    return this.#db.transaction().execute(async (tx) => {
      const run = await tx
        .selectFrom('app.payment_run')
        .selectAll()
        .select(sql<string>`to_char(payment_date, 'YYYY-MM-DD')`.as('date'))
        .where('id', '=', runId)
        .where('municipality_id', '=', municipalityId)
        .forUpdate()
        .executeTakeFirst();
      if (!run) throw notFound('Payment run');
      if (run.file_xml !== null && run.message_id !== null && run.file_sha256 !== null) {
        return { xml: run.file_xml, sha256: run.file_sha256, messageId: run.message_id };
      }
      if (run.status !== 'attested' || run.second_attest_at === null) {
        throw conflict(
          'not_attested',
          'Omgången måste attesteras av två olika personer innan bankfilen kan skapas.',
        );
      }
      const settings = await tx
        .selectFrom('app.payment_settings')
        .selectAll()
        .where('municipality_id', '=', municipalityId)
        .executeTakeFirst();
      if (!settings) {
        throw new AppError(
          422,
          'payment_settings_missing',
          'Kommunens bankkonto för utbetalningar är inte inställt (Administration → Utbetalningar).',
        );
      }
      const replaced = await tx
        .selectFrom('app.payment_line as l')
        .select('l.id')
        .where('l.run_id', '=', runId)
        .where('l.status', '=', 'in_run')
        .where(replacedSql)
        .executeTakeFirst();
      if (replaced) {
        throw conflict(
          'decision_replaced',
          'Ett beslut i omgången har ersatts av ett nytt beslut. Stoppa omgången och starta den igen, så betalas det nya beslutet.',
        );
      }
      const lines = await tx
        .selectFrom('app.payment_line as l')
        .innerJoin('app.payee as p', 'p.id', 'l.payee_id')
        .innerJoin('app.payee_account as a', (join) =>
          join.onRef('a.payee_id', '=', 'l.payee_id').on('a.status', '=', 'active'),
        )
        .innerJoin('app.decision as d', 'd.id', 'l.decision_id')
        .select([
          'l.id',
          'l.amount',
          'l.end_to_end_id',
          'l.cost_item',
          'p.name',
          'a.id as account_id',
          'a.account',
          'd.month',
        ])
        .where('l.run_id', '=', runId)
        .where('l.status', '=', 'in_run')
        .orderBy('l.id')
        .execute();
      if (lines.length !== run.lines_total) {
        throw new AppError(
          409,
          'run_lines_changed',
          `Omgången har ${String(run.lines_total)} utbetalningar men ${String(lines.length)} kan betalas (saknar godkänt konto). Kontrollera mottagarnas konton.`,
        );
      }
      onProgress?.({ phase: 'file', done: 0, total: lines.length });
      const messageId = messageIdFor(run.id, run.date);
      // A file made after its payment date asks the bank to pay on the day it is made.
      const fileDay = stockholmDate(this.#clock());
      const executionDate = fileDay > run.date ? fileDay : run.date;
      const paymentInformationId = `${messageId.slice(0, 32)}-1`;
      const transfers: Pain001CreditTransfer[] = lines.map((l) => ({
        endToEndId: l.end_to_end_id,
        amountOre: l.amount * 100,
        creditorName: l.name,
        creditorAccount: l.account as PayeeAccount,
        remittanceInformation:
          l.cost_item === 'rent'
            ? `Hyra ${l.month}, ekonomiskt bistånd`
            : `Ekonomiskt bistånd ${l.month}`,
      }));
      const result = writePain001(
        {
          messageId,
          creationDateTime: stockholmDateTime(run.second_attest_at),
          initiatingParty: {
            name: settings.debtor_name,
            organisationNumber: settings.organisation_number,
          },
          paymentInformations: [
            {
              paymentInformationId,
              // A run attested after its date is paid as soon as the bank can: the same day.
              requestedExecutionDate: executionDate,
              debtorName: settings.debtor_name,
              debtorAccount: settings.debtor_account as Pain001DebtorAccount,
              debtorAgentBic: settings.debtor_bic,
              creditTransfers: transfers,
            },
          ],
        },
        settings.bank_options as Partial<Pain001BankOptions>,
      );
      if (!result.ok) {
        throw new AppError(
          422,
          'bank_file_invalid',
          `Bankfilen kan inte skapas: ${result.issues
            .slice(0, 5)
            .map((i) => `${i.path}: ${i.message}`)
            .join('; ')}`,
          { issues: result.issues.slice(0, 50) },
        );
      }
      const sha256 = createHash('sha256').update(result.xml, 'utf8').digest('hex');
      // Each line records the account the file pays it to: the very ids read above, never looked
      // up again (an account approved in between would otherwise be stored but not paid).
      const instructed = await sql`
        update app.payment_line l set status = 'instructed', payee_account_id = f.account_id
        from unnest(${lines.map((l) => l.id)}::uuid[], ${lines.map((l) => l.account_id)}::uuid[])
          as f(line_id, account_id)
        where l.id = f.line_id and l.run_id = ${runId} and l.status = 'in_run'`.execute(tx);
      if (Number(instructed.numAffectedRows ?? 0) !== lines.length) {
        throw new AppError(
          409,
          'run_lines_changed',
          `Omgången har ${String(lines.length)} utbetalningar i bankfilen men ${String(instructed.numAffectedRows ?? 0)} kunde markeras som skickade. Försök igen.`,
        );
      }
      await tx
        .updateTable('app.payment_run')
        .set({
          status: 'file_created',
          message_id: messageId,
          payment_information_id: paymentInformationId,
          file_xml: result.xml,
          file_sha256: sha256,
          file_created_at: this.#clock(),
        })
        .where('id', '=', runId)
        .execute();
      onProgress?.({ phase: 'file', done: lines.length, total: lines.length });
      return { xml: result.xml, sha256, messageId };
    });
  }

  async file(municipalityId: string, runId: string): Promise<{ xml: string; fileName: string }> {
    const run = await this.#db
      .selectFrom('app.payment_run')
      .select(['file_xml', 'message_id'])
      .where('id', '=', runId)
      .where('municipality_id', '=', municipalityId)
      .executeTakeFirst();
    if (!run) throw notFound('Payment run');
    if (run.file_xml === null || run.message_id === null) {
      throw conflict('no_file', 'Bankfilen är inte skapad ännu.');
    }
    return { xml: run.file_xml, fileName: `${run.message_id}.xml` };
  }

  async findByKey(municipalityId: string, runKey: string): Promise<string | null> {
    const row = await this.#db
      .selectFrom('app.payment_run')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .where('run_key', '=', runKey)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async view(municipalityId: string, runId: string): Promise<PaymentRunView> {
    const run = await this.#db
      .selectFrom('app.payment_run as r')
      .leftJoin('app.staff_user as a1', 'a1.id', 'r.first_attest_by')
      .leftJoin('app.staff_user as a2', 'a2.id', 'r.second_attest_by')
      .select([
        'r.id',
        'r.run_key',
        'r.urgent',
        'r.status',
        'r.lines_total',
        'r.total_kronor',
        'r.created_by',
        'r.first_attest_by',
        'r.first_attest_at',
        'r.second_attest_by',
        'r.second_attest_at',
        'r.message_id',
        'r.file_sha256',
        'a1.display_name as first_name',
        'a2.display_name as second_name',
        sql<string>`to_char(r.payment_date, 'YYYY-MM-DD')`.as('date'),
      ])
      .where('r.id', '=', runId)
      .where('r.municipality_id', '=', municipalityId)
      .executeTakeFirst();
    if (!run) throw notFound('Payment run');
    const reports = await this.#db
      .selectFrom('app.payment_status_report')
      .select(['message_id', 'accepted', 'rejected', 'imported_at'])
      .where('run_id', '=', runId)
      .orderBy('imported_at')
      .execute();
    return {
      id: run.id,
      runKey: run.run_key,
      paymentDate: run.date,
      urgent: run.urgent,
      status: run.status,
      linesTotal: run.lines_total,
      totalKronor: Number(run.total_kronor),
      createdBy: run.created_by,
      firstAttest:
        run.first_attest_by && run.first_attest_at
          ? {
              userId: run.first_attest_by,
              name: run.first_name ?? '',
              at: run.first_attest_at.toISOString(),
            }
          : null,
      secondAttest:
        run.second_attest_by && run.second_attest_at
          ? {
              userId: run.second_attest_by,
              name: run.second_name ?? '',
              at: run.second_attest_at.toISOString(),
            }
          : null,
      messageId: run.message_id,
      fileSha256: run.file_sha256,
      statusReports: reports.map((r) => ({
        messageId: r.message_id,
        accepted: r.accepted,
        rejected: r.rejected,
        importedAt: r.imported_at.toISOString(),
      })),
    };
  }

  async list(municipalityId: string): Promise<PaymentRunView[]> {
    const rows = await this.#db
      .selectFrom('app.payment_run')
      .select('id')
      .where('municipality_id', '=', municipalityId)
      .orderBy('payment_date', 'desc')
      .orderBy('created_at', 'desc')
      .limit(100)
      .execute();
    const views: PaymentRunView[] = [];
    for (const row of rows) views.push(await this.view(municipalityId, row.id));
    return views;
  }

  today(): string {
    return stockholmDate(this.#clock());
  }
}
