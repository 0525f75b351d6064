// Cost per district against real PostgreSQL: the monthly sums match the payment lines put in
// (only what was sent to or confirmed by the bank, by the run's payment date), budgets and their
// deviation in the seeds' sign, the change log, the CSV and XLSX exports read back, and who may
// see and change what.
import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '@skyddsnat/domain';
import {
  createCase,
  createOrg,
  createPerson,
  createTestContext,
  createUser,
  sessionFor,
  setDelegation,
  type OrgFixture,
  type Session,
  type TestContext,
} from './support/harness.ts';
import { apiClient } from './support/api-client.ts';

let ctx: TestContext;
let org: OrgFixture;
let management: { id: string; session: Session };
let unitManager: { id: string; session: Session };
let supervisor: { id: string; session: Session };
let socialWorker: { id: string; session: Session };
let farWorker: { id: string; session: Session };
let administrator: { id: string; session: Session };

type Line = { monthly: number[]; paid: number; budget: number | null; deviation: number | null };
type Report = {
  year: number;
  months: string[];
  districts: (Line & { districtId: string; name: string })[];
  total: Line & { districtsWithoutBudget: string[] };
};

const { call, ok } = apiClient(() => ctx.app);

async function user(roles: StaffRole[], unitIds: string[] = []) {
  const u = await createUser(ctx.ownerDb, org, { roles, unitIds });
  return { id: u.id, session: await sessionFor(ctx, u.id) };
}

/** A case in `districtId` with a signed decision for 2026-01, made through the API. */
async function signedDecision(
  districtId: string,
  unitId: string,
  worker: { id: string; session: Session },
): Promise<{ caseId: string; decisionId: string; payeeId: string; accountId: string }> {
  const person = await createPerson(ctx.ownerDb, org, { districtId, lastName: 'Öberg' });
  const caseId = await createCase(ctx.ownerDb, org, {
    personId: person.id,
    districtId,
    unitId,
    assignee: worker.id,
    householdFrom: '2025-01-01',
    openedAt: new Date('2026-01-02T08:00:00Z'),
  });
  const created = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/applications`,
    headers: worker.session.headers,
    payload: {
      month: '2026-01',
      kind: 'initial',
      costs: [{ type: 'rent', amount: 6_500 }],
      incomes: [],
    },
  });
  expect(created.statusCode).toBe(201);
  const list = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/cases/${caseId}/decisions`,
    headers: worker.session.headers,
  });
  const draftId = list.json<{ decisions: { id: string }[] }>().decisions[0]?.id ?? '';
  const draft = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/cases/${caseId}/decisions/${draftId}`,
    headers: worker.session.headers,
  });
  const signed = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/decisions/${draftId}/sign`,
    headers: worker.session.headers,
    payload: { version: draft.json<{ version: number }>().version },
  });
  expect(signed.statusCode).toBe(204);

  const payee = await sql<{ id: string }>`
    INSERT INTO app.payee (municipality_id, case_id, kind, name, person_id, created_by)
    VALUES (${org.municipalityId}, ${caseId}, 'applicant', 'Sökande', ${person.id}, ${worker.id})
    RETURNING id`.execute(ctx.ownerDb);
  const payeeId = payee.rows[0]?.id ?? '';
  const account = await sql<{ id: string }>`
    INSERT INTO app.payee_account (municipality_id, payee_id, account, display, status,
                                   requested_by, reason, decided_by, decided_at)
    VALUES (${org.municipalityId}, ${payeeId}, ${JSON.stringify({ kind: 'bankgiro', number: '5050-1055' })},
            'Bankgiro 5050-1055', 'active', ${worker.id}, 'Eget konto', ${supervisor.id}, now())
    RETURNING id`.execute(ctx.ownerDb);
  return { caseId, decisionId: draftId, payeeId, accountId: account.rows[0]?.id ?? '' };
}

/** A payment line in a run for `paymentDate`, put in as the payment-run code will. */
async function line(
  paid: Awaited<ReturnType<typeof signedDecision>>,
  districtId: string,
  amount: number,
  status: 'in_run' | 'instructed' | 'accepted' | 'rejected',
  paymentDate: string,
): Promise<void> {
  const runKey = `payment-run:${paymentDate}`;
  await sql`
    INSERT INTO app.payment_run (municipality_id, run_key, payment_date, status, created_by,
                                 first_attest_by, first_attest_at, second_attest_by, second_attest_at,
                                 message_id, payment_information_id, file_xml, file_sha256, file_created_at)
    VALUES (${org.municipalityId}, ${runKey}, ${paymentDate}, 'file_created', ${supervisor.id},
            ${supervisor.id}, now(), ${unitManager.id}, now(),
            ${`MSG-${randomBytes(8).toString('hex')}`}, ${`PMT-${randomBytes(8).toString('hex')}`}, '<Document/>', 'x', now())
    ON CONFLICT (municipality_id, run_key) DO NOTHING`.execute(ctx.ownerDb);
  await sql`
    INSERT INTO app.payment_line (municipality_id, decision_id, case_id, district_id, payee_id,
                                  cost_item, amount, due_date, status, run_id, payee_account_id,
                                  end_to_end_id, created_by)
    SELECT ${org.municipalityId}, ${paid.decisionId}, ${paid.caseId}, ${districtId}, ${paid.payeeId},
           'norm', ${amount}, ${paymentDate}, ${status}, r.id, ${paid.accountId},
           ${`T-${randomBytes(10).toString('hex').toUpperCase()}`}, ${supervisor.id}
    FROM app.payment_run r
    WHERE r.municipality_id = ${org.municipalityId} AND r.run_key = ${runKey}`.execute(ctx.ownerDb);
}

const months = (entries: Record<number, number>) =>
  Array.from({ length: 12 }, (_, i) => entries[i + 1] ?? 0);

beforeAll(async () => {
  ctx = await createTestContext({ start: new Date('2026-01-10T09:00:00Z') });
  org = await createOrg(ctx.ownerDb);
  management = await user(['management']);
  unitManager = await user(['unit_manager'], [org.units.joint]);
  supervisor = await user(['supervisor'], [org.units.joint]);
  socialWorker = await user(['social_worker'], [org.units.joint]);
  farWorker = await user(['social_worker'], [org.units.far]);
  administrator = await user(['administrator']);
  await setDelegation(ctx.ownerDb, org, [
    { role: 'social_worker', kind: 'regular', maxAmount: 30_000, mayDecideAdverse: true },
  ]);

  // Norrmalm: January 3 000 confirmed + 2 000 sent, February 4 000 confirmed; a rejected payment
  // and one still in a run are not paid. Farsta: December 2025 1 000, February 2026 5 000.
  const north = await signedDecision(org.districts.north, org.units.joint, socialWorker);
  const far = await signedDecision(org.districts.far, org.units.far, farWorker);
  await line(north, org.districts.north, 3_000, 'accepted', '2026-01-23');
  await line(north, org.districts.north, 2_000, 'instructed', '2026-01-23');
  await line(north, org.districts.north, 4_000, 'accepted', '2026-02-25');
  await line(north, org.districts.north, 500, 'rejected', '2026-02-25');
  await line(north, org.districts.north, 1_000, 'in_run', '2026-03-25');
  await line(far, org.districts.far, 1_000, 'accepted', '2025-12-23');
  await line(far, org.districts.far, 5_000, 'accepted', '2026-02-25');

  ctx.clock.now = new Date('2026-03-02T09:00:00Z');
  for (const u of [management, unitManager, supervisor, socialWorker, farWorker, administrator]) {
    u.session = await sessionFor(ctx, u.id);
  }
});

afterAll(async () => {
  await ctx.close();
});

describe('the cost report', () => {
  it('sums paid lines per district and month of the payment date, before any budget', async () => {
    const report = await ok<Report>(management.session, 'GET', '/district-costs?year=2026');
    expect(report.year).toBe(2026);
    expect(report.months[0]).toBe('2026-01');
    expect(report.months[11]).toBe('2026-12');
    expect(report.districts.map((d) => d.name)).toEqual(['Farsta', 'Norrmalm', 'Södermalm']);
    const [farsta, norrmalm, sodermalm] = report.districts;
    expect(norrmalm).toMatchObject({
      monthly: months({ 1: 5_000, 2: 4_000 }),
      paid: 9_000,
      budget: null,
      deviation: null,
    });
    expect(farsta).toMatchObject({ monthly: months({ 2: 5_000 }), paid: 5_000 });
    expect(sodermalm).toMatchObject({ monthly: months({}), paid: 0 });
    expect(report.total).toMatchObject({
      monthly: months({ 1: 5_000, 2: 9_000 }),
      paid: 14_000,
      budget: null,
      deviation: null,
      districtsWithoutBudget: ['Farsta', 'Norrmalm', 'Södermalm'],
    });
    // Aggregates only: no person and no case in the answer.
    const raw = await call(management.session, 'GET', '/district-costs?year=2026');
    expect(raw.body).not.toContain('Öberg');
  });

  it('reads another year by the payment date, and the current year by default', async () => {
    const last = await ok<Report>(management.session, 'GET', '/district-costs?year=2025');
    expect(last.districts.find((d) => d.name === 'Farsta')?.monthly).toEqual(months({ 12: 1_000 }));
    expect(last.total.paid).toBe(1_000);
    const current = await ok<Report>(management.session, 'GET', '/district-costs');
    expect(current.year).toBe(2026);
    const bad = await call(management.session, 'GET', '/district-costs?year=1999');
    expect(bad.statusCode).toBe(400);
  });

  it('compares with the budget: deviation is budget − paid, negative a deficit as in the seeds', async () => {
    const norrmalm = await ok(
      management.session,
      'PUT',
      `/district-budgets/${org.districts.north}/2026`,
      { amount: 8_000 },
    );
    expect(norrmalm).toEqual({ districtId: org.districts.north, year: 2026, amount: 8_000 });
    await ok(unitManager.session, 'PUT', `/district-budgets/${org.districts.far}/2026`, {
      amount: 10_000,
    });
    let report = await ok<Report>(management.session, 'GET', '/district-costs?year=2026');
    expect(report.districts.find((d) => d.name === 'Norrmalm')).toMatchObject({
      budget: 8_000,
      deviation: -1_000,
    });
    expect(report.districts.find((d) => d.name === 'Farsta')).toMatchObject({
      budget: 10_000,
      deviation: 5_000,
    });
    // Södermalm has no budget: the municipality's deviation would compare unlike things.
    expect(report.total).toMatchObject({
      budget: 18_000,
      deviation: null,
      districtsWithoutBudget: ['Södermalm'],
    });

    await ok(management.session, 'PUT', `/district-budgets/${org.districts.south}/2026`, {
      amount: 1_000,
    });
    report = await ok<Report>(management.session, 'GET', '/district-costs?year=2026');
    expect(report.total).toMatchObject({
      paid: 14_000,
      budget: 19_000,
      deviation: 5_000,
      districtsWithoutBudget: [],
    });
  });

  it('logs every budget change with before and after', async () => {
    await ok(management.session, 'PUT', `/district-budgets/${org.districts.north}/2026`, {
      amount: 9_500,
    });
    const entries = await sql<{ change: string; before: unknown; after: unknown; actor: string }>`
      SELECT change, before, after, actor_user_id::text AS actor FROM audit.change_log
      WHERE entity = 'district_budget' AND entity_id = ${org.districts.north}
      ORDER BY id`.execute(ctx.ownerDb);
    expect(entries.rows).toEqual([
      {
        change: 'created',
        before: null,
        after: { district: 'Norrmalm', year: 2026, amount: 8_000 },
        actor: management.id,
      },
      {
        change: 'updated',
        before: { district: 'Norrmalm', year: 2026, amount: 8_000 },
        after: { district: 'Norrmalm', year: 2026, amount: 9_500 },
        actor: management.id,
      },
    ]);
  });

  it('refuses a district of another municipality, an unknown one and a negative amount', async () => {
    const other = await createOrg(ctx.ownerDb, '0181');
    const foreign = await call(
      management.session,
      'PUT',
      `/district-budgets/${other.districts.north}/2026`,
      { amount: 1 },
    );
    expect(foreign.statusCode).toBe(404);
    const unknown = await call(
      management.session,
      'PUT',
      '/district-budgets/00000000-0000-4000-8000-000000000009/2026',
      { amount: 1 },
    );
    expect(unknown.statusCode).toBe(404);
    const negative = await call(
      management.session,
      'PUT',
      `/district-budgets/${org.districts.north}/2026`,
      { amount: -5 },
    );
    expect(negative.statusCode).toBe(400);
  });
});

describe('exports', () => {
  it('CSV: semicolons, UTF-8 with BOM, the same figures', async () => {
    const res = await call(management.session, 'GET', '/district-costs.csv?year=2026');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('kostnad-per-stadsdel-2026.csv');
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'Stadsdelsnämnd;jan 2026;feb 2026;mar 2026;apr 2026;maj 2026;jun 2026;jul 2026;aug 2026;sep 2026;okt 2026;nov 2026;dec 2026;Utbetalt totalt;Budget;Avvikelse (budget − utbetalt)',
    );
    expect(rows.slice(1)).toEqual([
      'Farsta;0;5000;0;0;0;0;0;0;0;0;0;0;5000;10000;5000',
      'Norrmalm;5000;4000;0;0;0;0;0;0;0;0;0;0;9000;9500;500',
      'Södermalm;0;0;0;0;0;0;0;0;0;0;0;0;0;1000;1000',
      'Hela kommunen;5000;9000;0;0;0;0;0;0;0;0;0;0;14000;20500;6500',
    ]);
  });

  it('CSV: a missing budget is an empty cell', async () => {
    const res = await call(management.session, 'GET', '/district-costs.csv?year=2025');
    const rows = res.rawPayload.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(rows[1]).toBe('Farsta;0;0;0;0;0;0;0;0;0;0;0;1000;1000;;');
  });

  it('XLSX: the workbook opens and holds the same figures', async () => {
    const res = await call(management.session, 'GET', '/district-costs.xlsx?year=2026');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const workbook = new ExcelJS.Workbook();
    const bytes = res.rawPayload;
    // ExcelJS types its input as an ArrayBuffer: the response's own bytes, exactly.
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new Error('no worksheet');
    expect(sheet.name).toBe('Kostnad 2026');
    const values = (row: number) => {
      const cells = sheet.getRow(row).values;
      return Array.isArray(cells) ? cells.slice(1) : [];
    };
    expect(values(1)[0]).toBe('Stadsdelsnämnd');
    expect(values(1)[15]).toBe('Avvikelse (budget − utbetalt)');
    expect(values(2)).toEqual(['Farsta', 0, 5000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5000, 10000, 5000]);
    expect(values(3)).toEqual([
      'Norrmalm',
      5000,
      4000,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      9000,
      9500,
      500,
    ]);
    expect(values(5)).toEqual([
      'Hela kommunen',
      5000,
      9000,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      14000,
      20500,
      6500,
    ]);
    expect(sheet.getRow(5).font.bold).toBe(true);
  });
});

describe('who may see and change cost figures', () => {
  it('management, unit managers, supervisors and internal auditors read; a social worker does not', async () => {
    const auditor = await user(['internal_auditor']);
    for (const reader of [management, unitManager, supervisor, auditor]) {
      expect((await call(reader.session, 'GET', '/district-costs?year=2026')).statusCode).toBe(200);
    }
    for (const url of [
      '/district-costs?year=2026',
      '/district-costs.csv?year=2026',
      '/district-costs.xlsx?year=2026',
    ]) {
      expect((await call(socialWorker.session, 'GET', url)).statusCode).toBe(403);
      expect((await call(administrator.session, 'GET', url)).statusCode).toBe(403);
    }
  });

  it('only management and unit managers change a budget', async () => {
    for (const denied of [supervisor, socialWorker, administrator]) {
      const res = await call(
        denied.session,
        'PUT',
        `/district-budgets/${org.districts.north}/2026`,
        {
          amount: 1,
        },
      );
      expect(res.statusCode).toBe(403);
    }
    const report = await ok<Report>(management.session, 'GET', '/district-costs?year=2026');
    expect(report.districts.find((d) => d.name === 'Norrmalm')?.budget).toBe(9_500);
  });
});
