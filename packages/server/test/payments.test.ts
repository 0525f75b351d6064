// Payments against real PostgreSQL: payees and four-eyes account changes, plans only from signed
// decisions and never beyond the grant, runs with deterministic keys and two different attests,
// bank files valid against the XSD and never regenerated differently, status reports, rejected
// payments as tasks, reconciliation of seeded differences, and urgent payments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { StaffRole } from '@skyddsnat/domain';
import { validateAgainstXsd } from '../src/modules/payments/iso20022/index.ts';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  DirectoryExportChannel,
  localBankStatusReport,
} from '../src/modules/payments/bank-channel.ts';
import { PaymentRunService } from '../src/modules/payments/runs.ts';
import { paymentDb } from '../src/modules/payments/tables.ts';
import {
  createCase,
  createOrg,
  createPerson,
  createTestContext,
  createUser,
  sessionFor,
  setDelegation,
  setPaymentSettings,
  type OrgFixture,
  type Session,
  type TestContext,
} from './support/harness.ts';
import { apiClient, type Json } from './support/api-client.ts';

let ctx: TestContext;
let org: OrgFixture;
type U = { id: string; session: Session };
let officer: U;
let benefit: U;
let supervisor: U;
let worker2: U;

const { call, ok } = apiClient(() => ctx.app);

async function user(roles: StaffRole[]): Promise<U> {
  const u = await createUser(ctx.ownerDb, org, { roles, unitIds: [org.units.joint] });
  return { id: u.id, session: await sessionFor(ctx, u.id) };
}

async function setNow(instant: string): Promise<void> {
  ctx.clock.now = new Date(instant);
  for (const u of [officer, benefit, supervisor, worker2]) u.session = await sessionFor(ctx, u.id);
}

/** A case with a signed decision for `month`; returns the case, decision and applicant number. */
async function decidedCase(
  month: string,
  rent = 6_500,
): Promise<{ caseId: string; decisionId: string; pnr: string; amount: number }> {
  const person = await createPerson(ctx.ownerDb, org, {
    districtId: org.districts.north,
    firstName: 'Åke',
    lastName: 'Betalsson',
  });
  const caseId = await createCase(ctx.ownerDb, org, {
    personId: person.id,
    districtId: org.districts.north,
    unitId: org.units.joint,
    assignee: officer.id,
    householdFrom: '2025-01-01',
    openedAt: new Date(ctx.clock.now.getTime() - 3_600_000),
  });
  const { id: applicationId } = await ok<{ id: string }>(
    officer.session,
    'POST',
    `/cases/${caseId}/applications`,
    {
      month,
      kind: 'initial',
      costs: [{ type: 'rent', amount: rent }],
      incomes: [],
    },
  );
  const { decisions } = await ok<{ decisions: Json[] }>(
    officer.session,
    'GET',
    `/cases/${caseId}/decisions`,
  );
  const draft = decisions.find((d) => d.status === 'draft');
  if (!draft) throw new Error(`no draft for ${applicationId}`);
  const view = await ok(officer.session, 'GET', `/cases/${caseId}/decisions/${String(draft.id)}`);
  await ok(officer.session, 'POST', `/cases/${caseId}/decisions/${String(draft.id)}/sign`, {
    version: view.version,
  });
  return {
    caseId,
    decisionId: String(draft.id),
    pnr: person.personnummer,
    amount: Number(view.amount),
  };
}

/** The applicant's Nordea personkonto (clearing 3300 + the 10-digit number), approved by a second person. */
async function approvedApplicantPayee(
  caseId: string,
  pnr: string,
  approver: U = supervisor,
): Promise<string> {
  const { id } = await ok<{ id: string }>(officer.session, 'POST', `/cases/${caseId}/payees`, {
    kind: 'applicant',
    account: { kind: 'bank_account', clearing: '3300', account: pnr.slice(2) },
    reason: 'Kontouppgift från den sökande vid besöket',
  });
  const { payees } = await ok<{ payees: { id: string; pendingAccount: { id: string } | null }[] }>(
    officer.session,
    'GET',
    `/cases/${caseId}/payees`,
  );
  const pending = payees.find((p) => p.id === id)?.pendingAccount;
  if (!pending) throw new Error('no pending account');
  await ok(
    approver.session,
    'POST',
    `/cases/${caseId}/payees/${id}/accounts/${pending.id}/approve`,
  );
  return id;
}

beforeAll(async () => {
  ctx = await createTestContext({ start: new Date('2026-02-10T09:00:00Z') });
  org = await createOrg(ctx.ownerDb);
  officer = await user(['social_worker']);
  benefit = await user(['benefit_officer']);
  supervisor = await user(['supervisor']);
  worker2 = await user(['social_worker']);
  await setDelegation(ctx.ownerDb, org, [
    { role: 'social_worker', kind: 'regular', maxAmount: null, mayDecideAdverse: true },
    { role: 'social_worker', kind: 'emergency', maxAmount: 5_000, mayDecideAdverse: true },
  ]);
  await setPaymentSettings(ctx.ownerDb, org);
});

afterAll(async () => {
  await ctx.close();
});

describe('payees', () => {
  it('validates accounts by check digits, and needs a second person to approve', async () => {
    const { caseId, pnr } = await decidedCase('2026-03');
    const bad = await call(officer.session, 'POST', `/cases/${caseId}/payees`, {
      kind: 'applicant',
      account: {
        kind: 'bank_account',
        clearing: '3300',
        account: `${pnr.slice(2, 11)}${String((Number(pnr.slice(11)) + 1) % 10)}`,
      },
      reason: 'Kontouppgift',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { code: string } }>().error.code).toBe('invalid_account');
    const { id } = await ok<{ id: string }>(officer.session, 'POST', `/cases/${caseId}/payees`, {
      kind: 'applicant',
      account: { kind: 'bank_account', clearing: '3300', account: pnr.slice(2) },
      reason: 'Kontouppgift från den sökande',
    });
    const list = await ok<{
      payees: { pendingAccount: { id: string } | null; activeAccount: unknown }[];
    }>(officer.session, 'GET', `/cases/${caseId}/payees`);
    const accountId = list.payees[0]?.pendingAccount?.id ?? '';
    expect(list.payees[0]?.activeAccount).toBeNull();
    // Nothing can be paid before approval: the decision has no lines yet.
    expect(
      (await ok<{ payments: unknown[] }>(officer.session, 'GET', `/cases/${caseId}/payments`))
        .payments,
    ).toEqual([]);
    // Generated attempts: whoever entered it is refused, whatever their role; a social worker
    // without an approver role is refused; the supervisor may.
    const self = await call(
      officer.session,
      'POST',
      `/cases/${caseId}/payees/${id}/accounts/${accountId}/approve`,
    );
    expect(self.statusCode).toBe(403);
    const noRole = await call(
      worker2.session,
      'POST',
      `/cases/${caseId}/payees/${id}/accounts/${accountId}/approve`,
    );
    expect(noRole.statusCode).toBe(403);
    await ok(
      supervisor.session,
      'POST',
      `/cases/${caseId}/payees/${id}/accounts/${accountId}/approve`,
    );
    const payments = await ok<{ payments: { amount: number; status: string }[] }>(
      officer.session,
      'GET',
      `/cases/${caseId}/payments`,
    );
    expect(payments.payments).toHaveLength(1);
    expect(payments.payments[0]?.status).toBe('planned');
    // A change waits for approval; the approved account stays in use meanwhile.
    await ok(benefit.session, 'POST', `/cases/${caseId}/payees/${id}/accounts`, {
      account: { kind: 'bankgiro', number: '5050-1055' },
      reason: 'Den sökande har bytt bank',
    });
    const again = await call(benefit.session, 'POST', `/cases/${caseId}/payees/${id}/accounts`, {
      account: { kind: 'bankgiro', number: '5050-1055' },
      reason: 'Igen',
    });
    expect(again.statusCode).toBe(409);
    const after = await ok<{
      payees: { activeAccount: { display: string }; pendingAccount: { id: string } }[];
    }>(officer.session, 'GET', `/cases/${caseId}/payees`);
    expect(after.payees[0]?.activeAccount.display).toContain('3300');
    const selfChange = await call(
      benefit.session,
      'POST',
      `/cases/${caseId}/payees/${id}/accounts/${after.payees[0]?.pendingAccount.id ?? ''}/approve`,
    );
    expect(selfChange.statusCode).toBe(403);
    // The database itself refuses a self-decision (a rejection: nothing else stands in its way).
    await expect(
      paymentDb(ctx.db)
        .updateTable('app.payee_account')
        .set({ status: 'rejected', decided_by: benefit.id, decided_at: new Date() })
        .where('id', '=', after.payees[0]?.pendingAccount.id ?? '')
        .execute(),
    ).rejects.toThrow(/payee_account_four_eyes_ck/);
  });
});

describe('plans', () => {
  it('never pays without a signed decision or beyond the grant, enforced by the database', async () => {
    const { caseId, decisionId, pnr, amount } = await decidedCase('2026-03');
    const payeeId = await approvedApplicantPayee(caseId, pnr);
    const lines = await paymentDb(ctx.ownerDb)
      .selectFrom('app.payment_line')
      .selectAll()
      .where('decision_id', '=', decisionId)
      .execute();
    expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(amount);
    const base = lines[0];
    if (!base) throw new Error('no line');
    const insert = (decision: string, e2e: string, value: number) =>
      paymentDb(ctx.db)
        .insertInto('app.payment_line')
        .values({
          municipality_id: org.municipalityId,
          decision_id: decision,
          case_id: caseId,
          district_id: base.district_id,
          payee_id: payeeId,
          cost_item: 'living',
          amount: value,
          due_date: '2026-02-25',
          end_to_end_id: e2e,
          created_by: officer.id,
        })
        .execute();
    await expect(insert(decisionId, 'SKN-EXTRA1', 1)).rejects.toThrow(/more than the/);
    // A draft decision cannot be paid from.
    const person = await createPerson(ctx.ownerDb, org, { districtId: org.districts.north });
    const draftCase = await createCase(ctx.ownerDb, org, {
      personId: person.id,
      districtId: org.districts.north,
      unitId: org.units.joint,
      assignee: officer.id,
      householdFrom: '2025-01-01',
      openedAt: new Date(ctx.clock.now.getTime() - 3_600_000),
    });
    await ok(officer.session, 'POST', `/cases/${draftCase}/applications`, {
      month: '2026-03',
      kind: 'initial',
      costs: [],
      incomes: [],
    });
    const draft = (
      await ok<{ decisions: { id: string }[] }>(
        officer.session,
        'GET',
        `/cases/${draftCase}/decisions`,
      )
    ).decisions[0];
    await expect(insert(draft?.id ?? '', 'SKN-DRAFT1', 100)).rejects.toThrow(
      /payment_line_decision_fk/,
    );
    // Cancelling frees the amount; planning again restores it.
    await ok(officer.session, 'POST', `/cases/${caseId}/payments/${base.id}/cancel`);
    expect(
      (await ok<{ created: number }>(officer.session, 'POST', `/cases/${caseId}/payments/plan`))
        .created,
    ).toBe(1);
  });
});

describe('payment runs', () => {
  it('runs a date once, attested by two different people, into one valid bank file; statuses come back', async () => {
    await setNow('2026-02-20T09:00:00Z');
    const cases = [];
    for (let i = 0; i < 6; i += 1) {
      const decided = await decidedCase('2026-03', 5_000 + i * 111);
      await approvedApplicantPayee(decided.caseId, decided.pnr);
      cases.push(decided);
    }
    // Dry run: what would be paid, nothing created.
    const dry = await ok<{ lines: number; totalKronor: number }>(
      benefit.session,
      'POST',
      '/payment-runs',
      { date: '2026-02-25', dryRun: true },
    );
    expect(dry.lines).toBeGreaterThanOrEqual(6);
    // Nothing due on an earlier date: refused, no run created.
    const empty = await call(benefit.session, 'POST', '/payment-runs', { date: '2026-01-02' });
    expect(empty.statusCode).toBe(422);
    expect(empty.json<{ error: { code: string } }>().error.code).toBe('no_due_lines');
    // Two starts at once → one run.
    const [a, b] = await Promise.all([
      ok<{ id: string; runKey: string }>(benefit.session, 'POST', '/payment-runs', {
        date: '2026-02-25',
      }),
      ok<{ id: string }>(supervisor.session, 'POST', '/payment-runs', { date: '2026-02-25' }),
    ]);
    expect(a.id).toBe(b.id);
    expect(a.runKey).toBe('payment-run:2026-02-25');
    const run = await ok<{ id: string; status: string; linesTotal: number; totalKronor: number }>(
      benefit.session,
      'GET',
      `/payment-runs/${a.id}`,
    );
    expect(run.status).toBe('collected');
    expect(run.linesTotal).toBe(dry.lines);
    expect(run.totalKronor).toBe(dry.totalKronor);
    // No file before two attests; the same person cannot attest twice; a social worker cannot.
    expect((await call(benefit.session, 'POST', `/payment-runs/${a.id}/file`)).statusCode).toBe(
      409,
    );
    expect((await call(officer.session, 'POST', `/payment-runs/${a.id}/attest`)).statusCode).toBe(
      403,
    );
    await ok(benefit.session, 'POST', `/payment-runs/${a.id}/attest`);
    const twice = await call(benefit.session, 'POST', `/payment-runs/${a.id}/attest`);
    expect(twice.statusCode).toBe(403);
    expect(twice.json<{ error: { code: string } }>().error.code).toBe('same_attester');
    await ok(supervisor.session, 'POST', `/payment-runs/${a.id}/attest`);
    const file = await ok<{ messageId: string; sha256: string }>(
      benefit.session,
      'POST',
      `/payment-runs/${a.id}/file`,
    );
    const again = await ok<{ sha256: string }>(
      supervisor.session,
      'POST',
      `/payment-runs/${a.id}/file`,
    );
    expect(again.sha256).toBe(file.sha256);
    const download = await call(benefit.session, 'GET', `/payment-runs/${a.id}/file`);
    expect(download.headers['content-type']).toMatch(/application\/xml/);
    const logged = await ctx.ownerDb
      .selectFrom('audit.access_log')
      .select(['person_ids'])
      .where('resource', '=', 'payment.bank_file')
      .where('actor_user_id', '=', benefit.id)
      .execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]?.person_ids.length).toBe(run.linesTotal);
    const xml = download.body;
    const validation = await validateAgainstXsd(xml);
    expect(validation.errors).toEqual([]);
    expect(validation.valid).toBe(true);
    expect(xml).toContain(`<MsgId>${file.messageId}</MsgId>`);
    expect(xml).toContain(`<NbOfTxs>${String(run.linesTotal)}</NbOfTxs>`);
    expect(xml).toContain(`<CtrlSum>${String(run.totalKronor)}.00</CtrlSum>`);
    // A line in a file never changes.
    const line = await paymentDb(ctx.db)
      .selectFrom('app.payment_line')
      .select('id')
      .where('run_id', '=', a.id)
      .executeTakeFirstOrThrow();
    await expect(
      paymentDb(ctx.db)
        .updateTable('app.payment_line')
        .set({ amount: 1 })
        .where('id', '=', line.id)
        .execute(),
    ).rejects.toThrow(/has been sent to the bank and cannot be changed/);

    // The bank answers: one rejected, the rest settled.
    const e2es = [...xml.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((m) => m[1] ?? '');
    const rejectedE2e = e2es[0] ?? '';
    const report = localBankStatusReport(xml, {
      messageId: 'BANK-STS-0001',
      creationDateTime: '2026-02-25T06:00:00+01:00',
      reject: (e2e) => (e2e === rejectedE2e ? { code: 'AC01', text: 'Kontot finns inte' } : null),
    });
    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/payment-status-reports',
      headers: { ...benefit.session.headers, 'content-type': 'application/xml' },
      payload: report,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ accepted: e2es.length - 1, rejected: 1 });
    // The same report again, a tampered one under the same id, an unknown file, not a pain.002.
    const post = (body: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/payment-status-reports',
        headers: { ...benefit.session.headers, 'content-type': 'application/xml' },
        payload: body,
      });
    expect((await post(report)).json<{ error: { code: string } }>().error.code).toBe(
      'already_imported',
    );
    expect(
      (await post(report.replace('AC01', 'AC04'))).json<{ error: { code: string } }>().error.code,
    ).toBe('report_conflict');
    const unknown = localBankStatusReport(xml.replace(file.messageId, 'SKN-OKAND-FIL'), {
      messageId: 'BANK-STS-0002',
      creationDateTime: '2026-02-25T06:00:00+01:00',
    });
    expect((await post(unknown)).json<{ error: { code: string } }>().error.code).toBe(
      'unknown_message',
    );
    expect((await post('<hej/>')).statusCode).toBe(400);

    // The rejection is a task for the officer; fixing the account and planning again clears it.
    const tasks = await ok<{ tasks: { caseId: string; reason: string }[] }>(
      officer.session,
      'GET',
      '/payment-tasks',
    );
    expect(tasks.tasks).toHaveLength(1);
    expect(tasks.tasks[0]?.reason).toContain('AC01');
    const rejectedCase = tasks.tasks[0]?.caseId ?? '';
    const recon = await ok<{ rows: { caseId: string; flags: string[] }[] }>(
      benefit.session,
      'GET',
      '/payment-reconciliation?date=2026-02-26',
    );
    expect(recon.rows.find((r) => r.caseId === rejectedCase)?.flags).toContain('rejected');
    expect(
      (
        await ok<{ created: number }>(
          officer.session,
          'POST',
          `/cases/${rejectedCase}/payments/plan`,
        )
      ).created,
    ).toBe(1);
    expect(
      (await ok<{ tasks: unknown[] }>(officer.session, 'GET', '/payment-tasks')).tasks,
    ).toEqual([]);
  });

  it('reconciliation catches seeded differences', async () => {
    await setNow('2026-03-20T09:00:00Z');
    // 1: decided, no payee → not planned. 2: planned and due, no run → due not instructed.
    const noPayee = await decidedCase('2026-04');
    const due = await decidedCase('2026-04');
    await approvedApplicantPayee(due.caseId, due.pnr);
    const recon = await ok<{
      rows: { caseId: string; flags: string[]; explanations: string[] }[];
      totals: { granted: number };
    }>(benefit.session, 'GET', '/payment-reconciliation?date=2026-03-26');
    expect(recon.rows.find((r) => r.caseId === noPayee.caseId)?.flags).toEqual(['not_planned']);
    expect(recon.rows.find((r) => r.caseId === due.caseId)?.flags).toEqual(['due_not_instructed']);
    expect(recon.rows.find((r) => r.caseId === noPayee.caseId)?.explanations.join(' ')).toContain(
      'betalningsmottagare',
    );
    expect(
      (await call(officer.session, 'GET', '/payment-reconciliation?date=2026-03-26')).statusCode,
    ).toBe(403);
  });

  it('pays emergency assistance the same day through its own urgent run with the same controls', async () => {
    await setNow('2026-03-21T09:00:00Z');
    const { caseId, pnr } = await decidedCase('2026-04');
    await approvedApplicantPayee(caseId, pnr);
    const { id } = await ok<{ id: string }>(officer.session, 'POST', `/cases/${caseId}/decisions`, {
      kind: 'emergency',
      amount: 800,
      purpose: 'Mat i väntan på utredning',
    });
    const draft = await ok(officer.session, 'GET', `/cases/${caseId}/decisions/${id}`);
    await ok(officer.session, 'POST', `/cases/${caseId}/decisions/${id}/sign`, {
      version: draft.version,
    });
    // A social worker decides, but does not pay out.
    expect(
      (await call(officer.session, 'POST', `/cases/${caseId}/decisions/${id}/urgent-payment`))
        .statusCode,
    ).toBe(403);
    const run = await ok<{ id: string; runKey: string; linesTotal: number; totalKronor: number }>(
      benefit.session,
      'POST',
      `/cases/${caseId}/decisions/${id}/urgent-payment`,
    );
    expect(run.runKey).toBe(`payment-run:2026-03-21:urgent:${id}`);
    expect(run.totalKronor).toBe(800);
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/attest`);
    await ok(supervisor.session, 'POST', `/payment-runs/${run.id}/attest`);
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/file`);
    const xml = (await call(benefit.session, 'GET', `/payment-runs/${run.id}/file`)).body;
    expect((await validateAgainstXsd(xml)).valid).toBe(true);
    expect(xml).toContain('<CtrlSum>800.00</CtrlSum>');
    // The bank channel (PAYMENT_EXPORT_DIR) gets the same bytes, however often it is asked.
    const dir = await mkdtemp(path.join(tmpdir(), 'skyddsnat-export-'));
    const channelled = new PaymentRunService(ctx.db, () => ctx.clock.now, {
      channel: new DirectoryExportChannel(dir),
    });
    const first = await channelled.createAndDeliverFile(org.municipalityId, run.id);
    await channelled.createAndDeliverFile(org.municipalityId, run.id);
    expect(first.deliveredTo).toBe(path.join(dir, `${first.messageId}.xml`));
    expect(await readFile(first.deliveredTo ?? '', 'utf8')).toBe(xml);
    await rm(dir, { recursive: true, force: true });
  });

  it('a replacing decision pays only what is left, and never the month twice', async () => {
    await setNow('2026-04-20T09:00:00Z');
    const { caseId, decisionId, pnr, amount } = await decidedCase('2026-05', 6_000);
    await approvedApplicantPayee(caseId, pnr);
    const lines = async () =>
      paymentDb(ctx.ownerDb)
        .selectFrom('app.payment_line')
        .select(['decision_id', 'amount', 'status'])
        .where('case_id', '=', caseId)
        .execute();
    expect((await lines()).map((l) => l.amount)).toEqual([amount]);
    // The month is decided again with 1 000 kr more rent approved.
    const { id: replacement } = await ok<{ id: string }>(
      officer.session,
      'POST',
      `/cases/${caseId}/decisions/${decisionId}/replace`,
    );
    const draft = await ok<{ version: number; lines: { item: string; calculated: number }[] }>(
      officer.session,
      'GET',
      `/cases/${caseId}/decisions/${replacement}`,
    );
    await ok(officer.session, 'PUT', `/cases/${caseId}/decisions/${replacement}`, {
      version: draft.version,
      lines: draft.lines.map((l) => ({
        item: l.item,
        granted: l.item === 'rent' ? l.calculated + 1_000 : l.calculated,
        deviationReason:
          l.item === 'rent'
            ? 'Hyreshöjning från och med maj enligt ny hyresavi från värden.'
            : null,
      })),
    });
    const current = await ok<{ version: number }>(
      officer.session,
      'GET',
      `/cases/${caseId}/decisions/${replacement}`,
    );
    await ok(officer.session, 'POST', `/cases/${caseId}/decisions/${replacement}/sign`, {
      version: current.version,
    });
    const after = await lines();
    const live = after.filter((l) => l.status !== 'cancelled');
    // The old line (not yet in a run) is stopped; the replacement pays the whole new amount once.
    expect(live.reduce((sum, l) => sum + l.amount, 0)).toBe(amount + 1_000);
    expect(live.every((l) => l.decision_id === replacement)).toBe(true);
    // Planning again adds nothing, for either decision.
    expect(
      (await ok<{ created: number }>(officer.session, 'POST', `/cases/${caseId}/payments/plan`))
        .created,
    ).toBe(0);
    const recon = await ok<{ rows: { caseId: string; decisionId: string; granted: number }[] }>(
      benefit.session,
      'GET',
      '/payment-reconciliation?date=2026-04-20',
    );
    expect(recon.rows.filter((r) => r.caseId === caseId).map((r) => r.decisionId)).not.toContain(
      decisionId,
    );
  });

  it('a run can be cancelled before its file and started again; a late attest pays the same day', async () => {
    await setNow('2026-05-18T09:00:00Z');
    const { caseId, pnr } = await decidedCase('2026-06', 5_500);
    await approvedApplicantPayee(caseId, pnr);
    const run = await ok<{ id: string; linesTotal: number }>(
      benefit.session,
      'POST',
      '/payment-runs',
      {
        date: '2026-05-25',
      },
    );
    expect(run.linesTotal).toBeGreaterThan(0);
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/attest`);
    const cancelled = await ok<{ status: string; linesTotal: number }>(
      benefit.session,
      'POST',
      `/payment-runs/${run.id}/cancel`,
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', linesTotal: 0 });
    expect(
      (
        await ok<{ payments: { status: string }[] }>(
          officer.session,
          'GET',
          `/cases/${caseId}/payments`,
        )
      ).payments[0]?.status,
    ).toBe('planned');
    // The same date again: the same run, collected afresh, attests cleared.
    const again = await ok<{ id: string; status: string; firstAttest: unknown }>(
      benefit.session,
      'POST',
      '/payment-runs',
      {
        date: '2026-05-25',
      },
    );
    expect(again).toMatchObject({ id: run.id, status: 'collected', firstAttest: null });
    // Attested only after the payment date: the bank is asked to pay on the day of the file.
    await setNow('2026-05-27T09:00:00Z');
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/attest`);
    await ok(supervisor.session, 'POST', `/payment-runs/${run.id}/attest`);
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/file`);
    const xml = (await call(benefit.session, 'GET', `/payment-runs/${run.id}/file`)).body;
    expect(xml).toContain('<ReqdExctnDt>2026-05-27</ReqdExctnDt>');
    expect((await validateAgainstXsd(xml)).valid).toBe(true);
    expect((await call(benefit.session, 'POST', `/payment-runs/${run.id}/cancel`)).statusCode).toBe(
      409,
    );
    // A date whose only due lines wait for an approved account makes no run at all.
    const waiting = await decidedCase('2026-07', 5_000);
    await ok(officer.session, 'POST', `/cases/${waiting.caseId}/payees`, {
      kind: 'applicant',
      account: { kind: 'bank_account', clearing: '3300', account: waiting.pnr.slice(2) },
      reason: 'Kontouppgift, ej granskad',
    });
    const due = await ok<{ lines: number; waitingForAccount: number }>(
      benefit.session,
      'GET',
      '/payments/due?date=2026-06-25',
    );
    expect(due.lines).toBe(0);
    const none = await call(benefit.session, 'POST', '/payment-runs', { date: '2026-06-25' });
    expect(none.json<{ error: { code: string } }>().error.code).toBe('no_due_lines');
  });

  it('four eyes hold against generated attempts: attests and account approvals', async () => {
    await setNow('2026-07-20T09:00:00Z');
    const pool: U[] = [benefit, supervisor, officer, worker2, await user(['unit_manager'])];
    const payRoles = new Set([benefit.id, supervisor.id, pool[4]?.id]);
    let seed = 7;
    const pick = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return pool[seed % pool.length] ?? benefit;
    };
    for (let round = 0; round < 6; round += 1) {
      // Account approvals: the requester never, a casework role without payment rights never.
      const { caseId, pnr } = await decidedCase('2026-08', 5_000 + round);
      const requester = pick();
      const { id: payeeId } = await ok<{ id: string }>(
        requester.session,
        'POST',
        `/cases/${caseId}/payees`,
        {
          kind: 'applicant',
          account: { kind: 'bank_account', clearing: '3300', account: pnr.slice(2) },
          reason: 'Genererat försök',
        },
      );
      const pending = (
        await ok<{ payees: { pendingAccount: { id: string } }[] }>(
          officer.session,
          'GET',
          `/cases/${caseId}/payees`,
        )
      ).payees[0]?.pendingAccount.id;
      let approved = false;
      for (let attempt = 0; attempt < 4 && !approved; attempt += 1) {
        const approver = pick();
        const res = await call(
          approver.session,
          'POST',
          `/cases/${caseId}/payees/${payeeId}/accounts/${pending ?? ''}/approve`,
        );
        const allowed = approver.id !== requester.id && payRoles.has(approver.id);
        expect(res.statusCode, `${String(round)}/${String(attempt)}`).toBe(allowed ? 204 : 403);
        approved = allowed;
      }
      if (!approved)
        await ok(
          requester.id === supervisor.id ? benefit.session : supervisor.session,
          'POST',
          `/cases/${caseId}/payees/${payeeId}/accounts/${pending ?? ''}/approve`,
        );
    }
    const run = await ok<{ id: string }>(benefit.session, 'POST', '/payment-runs', {
      date: '2026-07-25',
    });
    const attested: string[] = [];
    for (let attempt = 0; attempt < 12 && attested.length < 2; attempt += 1) {
      const attester = pick();
      const res = await call(attester.session, 'POST', `/payment-runs/${run.id}/attest`);
      if (!payRoles.has(attester.id)) {
        expect(res.statusCode).toBe(403);
      } else if (attested.includes(attester.id)) {
        expect(res.json<{ error: { code: string } }>().error.code).toBe('same_attester');
      } else {
        expect(res.statusCode).toBe(200);
        attested.push(attester.id);
      }
    }
    const view = await ok<{
      status: string;
      firstAttest: { userId: string };
      secondAttest: { userId: string } | null;
    }>(benefit.session, 'GET', `/payment-runs/${run.id}`);
    // The seed is fixed: two different authorised people attest within the attempts.
    expect(attested).toHaveLength(2);
    expect(view.status).toBe('attested');
    expect(view.firstAttest.userId).toBe(attested[0]);
    expect(view.secondAttest?.userId).toBe(attested[1]);
    expect(view.secondAttest?.userId).not.toBe(view.firstAttest.userId);
  });
});

/** EndToEndId → the digits of the creditor account (CdtrAcct/Id) the file pays it to. */
function creditorAccountsInFile(xml: string): Map<string, string> {
  const paid = new Map<string, string>();
  for (const tx of xml.matchAll(/<CdtTrfTxInf>([\s\S]*?)<\/CdtTrfTxInf>/g)) {
    const body = tx[1] ?? '';
    const e2e = /<EndToEndId>([^<]+)<\/EndToEndId>/.exec(body)?.[1];
    const account = /<CdtrAcct>\s*<Id>[\s\S]*?<(?:IBAN|Id)>([^<]+)<\/(?:IBAN|Id)>/.exec(body)?.[1];
    if (e2e === undefined || account === undefined) throw new Error(`unreadable transfer: ${body}`);
    paid.set(e2e, account.replace(/\D/g, ''));
  }
  return paid;
}

/** The digits a stored payee account is paid to (clearing + number, or the giro number). */
function accountDigits(account: unknown): string {
  const a = account as { clearing?: string; account?: string; number?: string; iban?: string };
  return `${a.clearing ?? ''}${a.account ?? a.number ?? a.iban ?? ''}`.replace(/\D/g, '');
}

describe('review findings', () => {
  it('stores for every line the account its bank file pays, even when an account is approved meanwhile', async () => {
    await setNow('2026-09-20T09:00:00Z');
    const first = await decidedCase('2026-10', 5_100);
    const firstPayee = await approvedApplicantPayee(first.caseId, first.pnr);
    const second = await decidedCase('2026-10', 5_200);
    await approvedApplicantPayee(second.caseId, second.pnr);
    const run = await ok<{ id: string; linesTotal: number }>(
      benefit.session,
      'POST',
      '/payment-runs',
      { date: '2026-09-25' },
    );
    expect(run.linesTotal).toBeGreaterThanOrEqual(2);
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/attest`);
    await ok(supervisor.session, 'POST', `/payment-runs/${run.id}/attest`);
    // A new account for the first payee waits for approval while the file is made.
    await ok(officer.session, 'POST', `/cases/${first.caseId}/payees/${firstPayee}/accounts`, {
      account: { kind: 'bankgiro', number: '5050-1055' },
      reason: 'Den sökande har bytt bank',
    });
    const accounts = paymentDb(ctx.ownerDb)
      .selectFrom('app.payee_account')
      .select(['id', 'status', 'account'])
      .where('payee_id', '=', firstPayee);
    const before = await accounts.execute();
    const oldAccount = before.find((a) => a.status === 'active');
    const newAccount = before.find((a) => a.status === 'pending');
    if (!oldAccount || !newAccount) throw new Error('accounts missing');
    // Deterministic race: the file's lines are read, then the statement that marks them waits on
    // a lock held here while the new account is approved; it runs only after that commits.
    const service = new PaymentRunService(ctx.db, () => ctx.clock.now);
    let made: Promise<{ xml: string }> | undefined;
    await ctx.ownerDb.transaction().execute(async (trx) => {
      await sql`lock table app.payment_line in share mode`.execute(trx);
      made = service.createFile(org.municipalityId, run.id);
      made.catch(() => undefined);
      for (let waited = 0; ; waited += 1) {
        const blocked = await sql<{ n: string }>`
          select count(*) as n from pg_locks
          where relation = 'app.payment_line'::regclass and not granted`.execute(ctx.ownerDb);
        if (Number(blocked.rows[0]?.n) > 0) break;
        if (waited > 200) throw new Error('the file was never marked instructed');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const now = ctx.clock.now;
      await paymentDb(trx)
        .updateTable('app.payee_account')
        .set({ status: 'superseded' })
        .where('id', '=', oldAccount.id)
        .execute();
      await paymentDb(trx)
        .updateTable('app.payee_account')
        .set({ status: 'active', decided_by: supervisor.id, decided_at: now })
        .where('id', '=', newAccount.id)
        .execute();
    });
    if (!made) throw new Error('no file');
    const { xml } = await made;
    const paid = creditorAccountsInFile(xml);
    const stored = await paymentDb(ctx.ownerDb)
      .selectFrom('app.payment_line as l')
      .innerJoin('app.payee_account as a', 'a.id', 'l.payee_account_id')
      .select(['l.end_to_end_id', 'l.payee_id', 'l.payee_account_id', 'l.status', 'a.account'])
      .where('l.run_id', '=', run.id)
      .execute();
    expect(stored).toHaveLength(run.linesTotal);
    expect(paid.size).toBe(run.linesTotal);
    for (const line of stored) {
      expect(line.status).toBe('instructed');
      expect(paid.get(line.end_to_end_id), line.end_to_end_id).toBe(accountDigits(line.account));
    }
    // The first payee's line names the account the file pays: the one approved before the file.
    const moved = stored.filter((l) => l.payee_id === firstPayee);
    expect(moved.length).toBeGreaterThan(0);
    expect(moved.every((l) => l.payee_account_id === oldAccount.id)).toBe(true);
  });

  it('a payment block rejected as a whole, without a file status, rejects its lines', async () => {
    await setNow('2026-10-20T09:00:00Z');
    for (const rent of [5_300, 5_400]) {
      const decided = await decidedCase('2026-11', rent);
      await approvedApplicantPayee(decided.caseId, decided.pnr);
    }
    const run = await ok<{ id: string; linesTotal: number }>(
      benefit.session,
      'POST',
      '/payment-runs',
      { date: '2026-10-25' },
    );
    expect(run.linesTotal).toBeGreaterThanOrEqual(2);
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/attest`);
    await ok(supervisor.session, 'POST', `/payment-runs/${run.id}/attest`);
    const file = await ok<{ messageId: string }>(
      benefit.session,
      'POST',
      `/payment-runs/${run.id}/file`,
    );
    const xml = (await call(benefit.session, 'GET', `/payment-runs/${run.id}/file`)).body;
    const block = /<PmtInfId>([^<]+)<\/PmtInfId>/.exec(xml)?.[1] ?? '';
    expect(block).not.toBe('');
    const report = (messageId: string, blockId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>${messageId}</MsgId><CreDtTm>2026-10-25T06:00:00+01:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>${file.messageId}</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>${blockId}</OrgnlPmtInfId>
      <PmtInfSts>RJCT</PmtInfSts>
      <StsRsnInf><Rsn><Cd>AM04</Cd></Rsn><AddtlInf>Täckning saknas</AddtlInf></StsRsnInf>
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>
`;
    const post = (body: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/payment-status-reports',
        headers: { ...benefit.session.headers, 'content-type': 'application/xml' },
        payload: body,
      });
    // A block the file does not have is refused, not ignored.
    const stranger = await post(report('BANK-BLOCK-0000', 'SKN-NO-SUCH-BLOCK-1'));
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json<{ error: { code: string } }>().error.code).toBe(
      'unknown_payment_information',
    );
    const imported = await post(report('BANK-BLOCK-0001', block));
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toMatchObject({ accepted: 0, rejected: run.linesTotal, pending: 0 });
    const lines = await paymentDb(ctx.ownerDb)
      .selectFrom('app.payment_line')
      .select(['status', 'bank_status', 'bank_reason'])
      .where('run_id', '=', run.id)
      .execute();
    expect(lines).toHaveLength(run.linesTotal);
    for (const line of lines) {
      expect(line).toEqual({
        status: 'rejected',
        bank_status: 'RJCT',
        bank_reason: 'AM04 Täckning saknas',
      });
    }
  });

  it('a decision replaced while its line waits in a run is paid only at the new amount', async () => {
    await setNow('2026-11-20T09:00:00Z');
    const { caseId, decisionId, pnr, amount } = await decidedCase('2026-12', 6_000);
    await approvedApplicantPayee(caseId, pnr);
    const run = await ok<{ id: string; linesTotal: number; totalKronor: number }>(
      benefit.session,
      'POST',
      '/payment-runs',
      { date: '2026-11-25' },
    );
    const caseLines = () =>
      paymentDb(ctx.ownerDb)
        .selectFrom('app.payment_line')
        .select(['decision_id', 'amount', 'status', 'run_id', 'end_to_end_id'])
        .where('case_id', '=', caseId)
        .execute();
    const oldLines = await caseLines();
    expect(oldLines).toMatchObject([{ amount, status: 'in_run', run_id: run.id }]);
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/attest`);
    // The month is decided again with 1 000 kr less rent, while the old line waits in the run.
    const { id: replacement } = await ok<{ id: string }>(
      officer.session,
      'POST',
      `/cases/${caseId}/decisions/${decisionId}/replace`,
    );
    const draft = await ok<{ version: number; lines: { item: string; calculated: number }[] }>(
      officer.session,
      'GET',
      `/cases/${caseId}/decisions/${replacement}`,
    );
    await ok(officer.session, 'PUT', `/cases/${caseId}/decisions/${replacement}`, {
      version: draft.version,
      lines: draft.lines.map((l) => ({
        item: l.item,
        granted: l.item === 'rent' ? l.calculated - 1_000 : l.calculated,
        deviationReason:
          l.item === 'rent' ? 'Hyran är lägre från och med december enligt ny hyresavi.' : null,
      })),
      // Less than before goes against the applicant: the new rent is the applicant's own paper.
      hearing: { kind: 'applicant_material_only' },
    });
    const current = await ok<{ version: number; amount: number }>(
      officer.session,
      'GET',
      `/cases/${caseId}/decisions/${replacement}`,
    );
    expect(current.amount).toBe(amount - 1_000);
    await ok(officer.session, 'POST', `/cases/${caseId}/decisions/${replacement}/sign`, {
      version: current.version,
    });
    // The old line has left the run, which lost its attest and collects again.
    const changed = await ok<{
      status: string;
      linesTotal: number;
      totalKronor: number;
      firstAttest: unknown;
    }>(benefit.session, 'GET', `/payment-runs/${run.id}`);
    expect(changed).toMatchObject({
      status: 'collecting',
      linesTotal: run.linesTotal - 1,
      totalKronor: run.totalKronor - amount,
      firstAttest: null,
    });
    const again = await ok<{ id: string; status: string; linesTotal: number }>(
      benefit.session,
      'POST',
      '/payment-runs',
      { date: '2026-11-25' },
    );
    expect(again).toMatchObject({ id: run.id, status: 'collected', linesTotal: run.linesTotal });
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/attest`);
    await ok(supervisor.session, 'POST', `/payment-runs/${run.id}/attest`);
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/file`);
    const xml = (await call(benefit.session, 'GET', `/payment-runs/${run.id}/file`)).body;
    const paidInFile = new Map<string, number>();
    for (const tx of xml.matchAll(/<CdtTrfTxInf>([\s\S]*?)<\/CdtTrfTxInf>/g)) {
      const body = tx[1] ?? '';
      paidInFile.set(
        /<EndToEndId>([^<]+)<\/EndToEndId>/.exec(body)?.[1] ?? '',
        Number(/<InstdAmt[^>]*>([^<]+)<\/InstdAmt>/.exec(body)?.[1]),
      );
    }
    const after = await caseLines();
    expect(after.find((l) => l.decision_id === decisionId)).toMatchObject({
      status: 'cancelled',
      run_id: null,
    });
    const paidForCase = after
      .map((l) => paidInFile.get(l.end_to_end_id) ?? 0)
      .reduce((sum, a) => sum + a, 0);
    expect(paidForCase).toBe(amount - 1_000);
    expect(paidInFile.has(oldLines[0]?.end_to_end_id ?? '')).toBe(false);
    expect(after.filter((l) => l.status === 'instructed')).toMatchObject([
      { decision_id: replacement, amount: amount - 1_000, run_id: run.id },
    ]);
  });

  it('a line of a replaced decision that slipped past the replacement is never collected or filed', async () => {
    await setNow('2026-12-20T09:00:00Z');
    const { caseId, decisionId, pnr } = await decidedCase('2026-12', 6_100);
    await approvedApplicantPayee(caseId, pnr);
    const { id: replacement } = await ok<{ id: string }>(
      officer.session,
      'POST',
      `/cases/${caseId}/decisions/${decisionId}/replace`,
    );
    const draft = await ok<{ version: number }>(
      officer.session,
      'GET',
      `/cases/${caseId}/decisions/${replacement}`,
    );
    await ok(officer.session, 'POST', `/cases/${caseId}/decisions/${replacement}/sign`, {
      version: draft.version,
    });
    const owner = paymentDb(ctx.ownerDb);
    const oldLine = await owner
      .selectFrom('app.payment_line')
      .select(['id', 'amount'])
      .where('decision_id', '=', decisionId)
      .executeTakeFirstOrThrow();
    const dueNow = () =>
      ok<{ lines: number; totalKronor: number }>(
        benefit.session,
        'GET',
        '/payments/due?date=2026-12-25',
      );
    const dueBefore = await dueNow();
    // As if the replacement had committed while the old line was being moved: it is live again.
    await owner
      .updateTable('app.payment_line')
      .set({ status: 'planned' })
      .where('id', '=', oldLine.id)
      .execute();
    const status = async (id: string) =>
      (
        await owner
          .selectFrom('app.payment_line')
          .select(['status', 'run_id'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).status;
    // Neither the dry run nor the run counts it.
    expect(await dueNow()).toEqual(dueBefore);
    const run = await ok<{ id: string; linesTotal: number }>(
      benefit.session,
      'POST',
      '/payment-runs',
      { date: '2026-12-25' },
    );
    expect(run.linesTotal).toBe(dueBefore.lines);
    expect(await status(oldLine.id)).toBe('planned');
    const newLine = await owner
      .selectFrom('app.payment_line')
      .select(['id', 'run_id'])
      .where('decision_id', '=', replacement)
      .executeTakeFirstOrThrow();
    expect(newLine.run_id).toBe(run.id);
    // Even inside a run it is refused a place in the bank file, and a cancelled run stops it.
    await owner
      .updateTable('app.payment_line')
      .set({ status: 'in_run', run_id: run.id })
      .where('id', '=', oldLine.id)
      .execute();
    await sql`
      update app.payment_run set lines_total = lines_total + 1,
        total_kronor = total_kronor + ${oldLine.amount}
      where id = ${run.id}`.execute(ctx.ownerDb);
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/attest`);
    await ok(supervisor.session, 'POST', `/payment-runs/${run.id}/attest`);
    const refused = await call(benefit.session, 'POST', `/payment-runs/${run.id}/file`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('decision_replaced');
    await ok(benefit.session, 'POST', `/payment-runs/${run.id}/cancel`);
    expect(await status(oldLine.id)).toBe('cancelled');
    expect(await status(newLine.id)).toBe('planned');
  });
});
