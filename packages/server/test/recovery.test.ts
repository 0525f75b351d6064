// Recovery decisions (återkrav) against real PostgreSQL: the legal basis follows the date the
// assistance was granted (old act, new act, both), the amount never exceeds what was paid, the
// plan adds up, a signed recovery is locked (by the service and by the database), and the letter
// cites the right paragraphs without ever printing a protected address.
import { randomBytes } from 'node:crypto';
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
import { apiClient, type Json } from './support/api-client.ts';
import { flattenWhitespace, readPdfText } from './support/pdf-text.ts';

let ctx: TestContext;
let org: OrgFixture;
let officer: { id: string; session: Session };
let supervisor: { id: string; session: Session };
let farOfficer: { id: string; session: Session };

type Household = { caseId: string; personId: string };
type Signed = { id: string; amount: number; decisionDate: string };

const REASONS =
  'Du uppgav i ansökan att du saknade inkomster, men kontoutdraget visar lön från ett bemanningsföretag samma månad.';

const { call, ok } = apiClient(() => ctx.app);

async function user(
  roles: StaffRole[],
  unitId = org.units.joint,
): Promise<{ id: string; session: Session }> {
  const u = await createUser(ctx.ownerDb, org, { roles, unitIds: [unitId] });
  return { id: u.id, session: await sessionFor(ctx, u.id) };
}

/** Moves the clock; sessions are idle-limited, so everyone logs in again at the new time. */
async function setNow(instant: string): Promise<void> {
  ctx.clock.now = new Date(instant);
  for (const u of [officer, supervisor, farOfficer]) u.session = await sessionFor(ctx, u.id);
}

async function household(
  options: { protection?: 'none' | 'skyddad_folkbokforing' } = {},
): Promise<Household> {
  const applicant = await createPerson(ctx.ownerDb, org, {
    districtId: org.districts.north,
    protection: options.protection ?? 'none',
    firstName: 'Åsa',
    lastName: 'Öberg',
    streetAddress: 'Hemliga gatan 1',
  });
  const caseId = await createCase(ctx.ownerDb, org, {
    personId: applicant.id,
    districtId: org.districts.north,
    unitId: org.units.joint,
    assignee: officer.id,
    householdFrom: '2025-01-01',
    openedAt: new Date('2025-05-01T08:00:00Z'),
  });
  return { caseId, personId: applicant.id };
}

/** A decision for the current month, signed by the officer at the clock's time. */
async function signedDecision(caseId: string, kind: 'initial' | 'continued'): Promise<Signed> {
  const month = ctx.clock.now.toISOString().slice(0, 7);
  await ok(officer.session, 'POST', `/cases/${caseId}/applications`, {
    month,
    kind,
    costs: [{ type: 'rent', amount: 6_500 }],
    incomes: [],
  });
  const draft = await draftOf(caseId);
  const res = await call(officer.session, 'POST', `/cases/${caseId}/decisions/${draft.id}/sign`, {
    version: draft.version,
  });
  if (res.statusCode !== 204) throw new Error(`sign: ${res.statusCode} ${res.body}`);
  const signed = await ok<{ amount: number; decisionDate: string }>(
    officer.session,
    'GET',
    `/cases/${caseId}/decisions/${draft.id}`,
  );
  return { id: draft.id, amount: signed.amount, decisionDate: signed.decisionDate };
}

async function draftOf(caseId: string): Promise<{ id: string; version: number }> {
  const { decisions } = await ok<{ decisions: { id: string; status: string }[] }>(
    officer.session,
    'GET',
    `/cases/${caseId}/decisions`,
  );
  const draft = decisions.find((d) => d.status === 'draft');
  if (!draft) throw new Error('no draft decision');
  return ok(officer.session, 'GET', `/cases/${caseId}/decisions/${draft.id}`);
}

const payees = new Map<string, { payeeId: string; accountId: string }>();

/**
 * A payment line of a signed decision, in a run whose bank file was made on `paymentDate`, put in
 * with the owner connection as the payment-run code will: every database constraint applies.
 */
async function pay(
  caseId: string,
  decisionId: string,
  amount: number,
  options: { status?: 'instructed' | 'accepted' | 'rejected'; paymentDate?: string } = {},
): Promise<string> {
  const db = ctx.ownerDb;
  let payee = payees.get(caseId);
  if (!payee) {
    const person = await sql<{ person_id: string }>`
      SELECT person_id FROM app.assistance_case WHERE id = ${caseId}`.execute(db);
    const payeeRow = await sql<{ id: string }>`
      INSERT INTO app.payee (municipality_id, case_id, kind, name, person_id, created_by)
      VALUES (${org.municipalityId}, ${caseId}, 'applicant', 'Åsa Öberg',
              ${person.rows[0]?.person_id}, ${officer.id})
      RETURNING id`.execute(db);
    const payeeId = payeeRow.rows[0]?.id ?? '';
    const account = await sql<{ id: string }>`
      INSERT INTO app.payee_account (municipality_id, payee_id, account, display, status,
                                     requested_by, reason, decided_by, decided_at)
      VALUES (${org.municipalityId}, ${payeeId}, ${JSON.stringify({ kind: 'bankgiro', number: '5050-1055' })},
              'Bankgiro 5050-1055', 'active', ${officer.id}, 'Eget konto', ${supervisor.id}, now())
      RETURNING id`.execute(db);
    payee = { payeeId, accountId: account.rows[0]?.id ?? '' };
    payees.set(caseId, payee);
  }
  const paymentDate = options.paymentDate ?? '2025-06-25';
  const runKey = `payment-run:${paymentDate}`;
  await sql`
    INSERT INTO app.payment_run (municipality_id, run_key, payment_date, status, created_by,
                                 first_attest_by, first_attest_at, second_attest_by, second_attest_at,
                                 message_id, payment_information_id, file_xml, file_sha256, file_created_at)
    VALUES (${org.municipalityId}, ${runKey}, ${paymentDate}, 'file_created', ${officer.id},
            ${officer.id}, now(), ${supervisor.id}, now(),
            ${`MSG-${randomBytes(8).toString('hex')}`}, ${`PMT-${randomBytes(8).toString('hex')}`}, '<Document/>', 'x', now())
    ON CONFLICT (municipality_id, run_key) DO NOTHING`.execute(db);
  const run = await sql<{ id: string }>`
    SELECT id FROM app.payment_run
    WHERE municipality_id = ${org.municipalityId} AND run_key = ${runKey}`.execute(db);
  const line = await sql<{ id: string }>`
    INSERT INTO app.payment_line (municipality_id, decision_id, case_id, district_id, payee_id,
                                  cost_item, amount, due_date, status, run_id, payee_account_id,
                                  end_to_end_id, created_by)
    VALUES (${org.municipalityId}, ${decisionId}, ${caseId}, ${org.districts.north}, ${payee.payeeId},
            'norm', ${amount}, ${paymentDate}, ${options.status ?? 'accepted'}, ${run.rows[0]?.id},
            ${payee.accountId}, ${`T-${randomBytes(10).toString('hex').toUpperCase()}`}, ${officer.id})
    RETURNING id`.execute(db);
  return line.rows[0]?.id ?? '';
}

type RecoveryBody = {
  decisionIds: string[];
  amount: number;
  ground?: string;
  repaymentTermsStated?: boolean;
  reasons?: string;
  plan?: { installment: number; firstMonth: string; months: number; lastInstallment?: number };
  deductionConsent?: { writtenConsentOn: string } | null;
};

function body(input: RecoveryBody): Json {
  return {
    ground: 'incorrect_information',
    reasons: REASONS,
    plan: { installment: input.amount, firstMonth: '2026-04', months: 1 },
    deductionConsent: null,
    ...input,
  };
}

async function createRecovery(caseId: string, input: RecoveryBody): Promise<string> {
  const { id } = await ok<{ id: string }>(
    officer.session,
    'POST',
    `/cases/${caseId}/recoveries`,
    body(input),
  );
  return id;
}

async function refusal(
  caseId: string,
  input: RecoveryBody,
): Promise<{ status: number; code: string; message: string }> {
  const res = await call(officer.session, 'POST', `/cases/${caseId}/recoveries`, body(input));
  const error = res.json<{ error: { code: string; message: string } }>().error;
  // Amounts are written with no-break spaces ("4 000 kr"); compared here as typed.
  return { status: res.statusCode, code: error.code, message: flattenWhitespace(error.message) };
}

type View = {
  id: string;
  version: number;
  status: string;
  amount: number;
  paidTotal: number;
  previouslyRecovered: number;
  recoverable: number;
  legalBasis: { citation: string; act: string; status: string }[];
  plan: { installment: number; lastInstallment: number; months: number; lastMonth: string };
  decisionDate: string | null;
  decisions: { decisionId: string; paid: number; decisionDate: string }[];
};

async function view(caseId: string, id: string): Promise<View> {
  return ok<View>(officer.session, 'GET', `/cases/${caseId}/recoveries/${id}`);
}

async function signRecovery(caseId: string, id: string, session = officer.session) {
  const current = await view(caseId, id);
  return call(session, 'POST', `/cases/${caseId}/recoveries/${id}/sign`, {
    version: current.version,
  });
}

async function letterText(caseId: string, id: string) {
  const res = await call(officer.session, 'GET', `/cases/${caseId}/recoveries/${id}/letter.pdf`);
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toBe('application/pdf');
  return readPdfText(res.rawPayload);
}

// Three households whose decisions were granted on each side of 2025-07-01.
let before: Household & { decision: Signed };
let after: Household & { decision: Signed };
let span: Household & { june: Signed; august: Signed };

beforeAll(async () => {
  ctx = await createTestContext({ start: new Date('2025-06-20T09:00:00Z') });
  org = await createOrg(ctx.ownerDb);
  officer = await user(['social_worker']);
  supervisor = await user(['supervisor']);
  farOfficer = await user(['social_worker'], org.units.far);
  await setDelegation(ctx.ownerDb, org, [
    { role: 'social_worker', kind: 'regular', maxAmount: 30_000, mayDecideAdverse: true },
  ]);

  await setNow('2025-06-20T09:00:00Z');
  const b = await household();
  before = { ...b, decision: await signedDecision(b.caseId, 'initial') };
  const s = await household();
  const june = await signedDecision(s.caseId, 'initial');

  await setNow('2025-08-12T09:00:00Z');
  const a = await household();
  after = { ...a, decision: await signedDecision(a.caseId, 'initial') };
  const august = await signedDecision(s.caseId, 'continued');
  span = { ...s, june, august };

  await setNow('2026-03-02T09:00:00Z');
});

afterAll(async () => {
  await ctx.close();
});

describe('legal basis by the date the assistance was granted', () => {
  it('cites SoL (2001:453) 9 kap. for assistance granted before 2025-07-01, even when decided now', async () => {
    expect(before.decision.decisionDate).toBe('2025-06-20');
    await pay(before.caseId, before.decision.id, 4_000);
    const id = await createRecovery(before.caseId, {
      decisionIds: [before.decision.id],
      amount: 3_000,
    });
    const draft = await view(before.caseId, id);
    expect(draft.legalBasis.map((b) => b.citation)).toEqual([
      'Socialtjänstlagen (2001:453) 9 kap. 1 §',
    ]);
    expect(draft.paidTotal).toBe(4_000);
    expect((await signRecovery(before.caseId, id)).statusCode).toBe(204);
    const signed = await view(before.caseId, id);
    expect(signed.decisionDate).toBe('2026-03-02');
    const letter = await letterText(before.caseId, id);
    expect(letter.flat).toContain('Socialtjänstlagen (2001:453) 9 kap. 1 §');
    expect(letter.flat).toContain('Biståndet beviljades före den 1 juli 2025');
    expect(letter.flat).toContain('9 kap. socialtjänstlagen (2001:453)');
    expect(letter.flat).not.toContain('2025:400) 33 kap.');
  });

  it('cites SoL (2025:400) 33 kap. for assistance granted from 2025-07-01', async () => {
    expect(after.decision.decisionDate).toBe('2025-08-12');
    await pay(after.caseId, after.decision.id, 5_000, { paymentDate: '2025-08-25' });
    const id = await createRecovery(after.caseId, {
      decisionIds: [after.decision.id],
      amount: 2_000,
    });
    expect((await view(after.caseId, id)).legalBasis.map((b) => b.citation)).toEqual([
      'Socialtjänstlagen (2025:400) 33 kap. 1 §',
    ]);
  });

  it('cites both acts when the reclaimed assistance was granted on both sides of 2025-07-01', async () => {
    await pay(span.caseId, span.june.id, 3_000);
    await pay(span.caseId, span.august.id, 3_000, { paymentDate: '2025-08-25' });
    const id = await createRecovery(span.caseId, {
      decisionIds: [span.august.id, span.june.id],
      amount: 6_000,
      plan: { installment: 500, firstMonth: '2026-04', months: 12 },
    });
    const draft = await view(span.caseId, id);
    expect(draft.legalBasis.map((b) => b.citation)).toEqual([
      'Socialtjänstlagen (2001:453) 9 kap. 1 §',
      'Socialtjänstlagen (2025:400) 33 kap. 1 §',
    ]);
    // The old act's recovery paragraphs are only mapped, not confirmed: the catalogue says so.
    expect(draft.legalBasis.map((b) => b.status)).toEqual(['derived', 'verified']);
    expect((await signRecovery(span.caseId, id)).statusCode).toBe(204);
    const letter = await letterText(span.caseId, id);
    expect(letter.flat).toContain('Socialtjänstlagen (2001:453) 9 kap. 1 §');
    expect(letter.flat).toContain('Socialtjänstlagen (2025:400) 33 kap. 1 §');
    expect(letter.flat).toContain('både före och efter den 1 juli 2025');
    expect(letter.flat).toContain('33 kap. 4–6 §§');
    expect(letter.flat).toContain('9 kap. socialtjänstlagen (2001:453)');
  });

  it('cites 33 kap. 2 § for an advance on a benefit, only once the repayment terms are confirmed', async () => {
    const { caseId, decision } = after;
    const withoutTerms = await refusal(caseId, {
      decisionIds: [decision.id],
      amount: 1_000,
      ground: 'advance_on_benefit',
    });
    expect(withoutTerms).toMatchObject({ status: 422, code: 'repayment_terms_not_stated' });
    expect(withoutTerms.message).toContain('skriftligt, har delgetts och angav skälen');
    const id = await createRecovery(caseId, {
      decisionIds: [decision.id],
      amount: 1_000,
      ground: 'advance_on_benefit',
      repaymentTermsStated: true,
    });
    expect((await view(caseId, id)).legalBasis.map((b) => b.citation)).toEqual([
      'Socialtjänstlagen (2025:400) 33 kap. 2 §',
    ]);
  });

  it('refuses the 12 kap. 2 § ground for assistance under 12 kap. 1 §', async () => {
    const refused = await refusal(after.caseId, {
      decisionIds: [after.decision.id],
      amount: 1_000,
      ground: 'repayment_condition',
      repaymentTermsStated: true,
    });
    expect(refused).toMatchObject({ status: 422, code: 'ground_does_not_fit' });
  });
});

describe('what may be reclaimed', () => {
  it('counts only payment lines sent to or confirmed by the bank, and refuses more than they paid', async () => {
    await setNow('2025-09-10T09:00:00Z');
    const { caseId } = await household();
    const decision = await signedDecision(caseId, 'initial');
    await setNow('2026-03-02T09:00:00Z');

    const nothing = await refusal(caseId, { decisionIds: [decision.id], amount: 100 });
    expect(nothing).toMatchObject({ status: 422, code: 'nothing_paid' });
    expect(nothing.message).toContain('Det finns inget att återkräva');

    await pay(caseId, decision.id, 2_500, { status: 'instructed', paymentDate: '2025-09-25' });
    await pay(caseId, decision.id, 1_500, { status: 'accepted', paymentDate: '2025-09-25' });
    // A payment the bank rejected was never paid.
    await pay(caseId, decision.id, 900, { status: 'rejected', paymentDate: '2025-09-25' });

    const tooMuch = await refusal(caseId, {
      decisionIds: [decision.id],
      amount: 4_001,
    });
    expect(tooMuch).toMatchObject({ status: 422, code: 'amount_exceeds_paid' });
    expect(tooMuch.message).toContain('4 000 kr');

    const id = await createRecovery(caseId, { decisionIds: [decision.id], amount: 4_000 });
    const draft = await view(caseId, id);
    expect(draft).toMatchObject({ paidTotal: 4_000, previouslyRecovered: 0, recoverable: 4_000 });
    expect(draft.decisions).toEqual([
      expect.objectContaining({ decisionId: decision.id, paid: 4_000, decisionDate: '2025-09-10' }),
    ]);
    // Raising a draft above what was paid is refused the same way.
    const raised = await call(officer.session, 'PUT', `/cases/${caseId}/recoveries/${id}`, {
      version: draft.version,
      amount: 4_500,
      plan: { installment: 4_500, firstMonth: '2026-04', months: 1 },
    });
    expect(raised.statusCode).toBe(422);
    expect(raised.json<{ error: { code: string } }>().error.code).toBe('amount_exceeds_paid');

    expect((await signRecovery(caseId, id)).statusCode).toBe(204);
    // A second recovery of the same decision can only claim what the first did not.
    const second = await refusal(caseId, { decisionIds: [decision.id], amount: 1 });
    expect(second).toMatchObject({ status: 422, code: 'amount_exceeds_paid' });
    expect(second.message).toContain('återkrävs redan');
  });

  it('refuses an unsigned decision, a decision of another case and a zero amount, with clear messages', async () => {
    await setNow('2026-02-10T09:00:00Z');
    const { caseId } = await household();
    await ok(officer.session, 'POST', `/cases/${caseId}/applications`, {
      month: '2026-02',
      kind: 'initial',
      costs: [{ type: 'rent', amount: 6_000 }],
      incomes: [],
    });
    const draftDecision = await draftOf(caseId);
    await setNow('2026-03-02T09:00:00Z');

    const unsigned = await refusal(caseId, { decisionIds: [draftDecision.id], amount: 500 });
    expect(unsigned).toMatchObject({ status: 422, code: 'decision_not_signed' });
    expect(unsigned.message).toContain('är inte signerat');

    const otherCase = await refusal(caseId, { decisionIds: [after.decision.id], amount: 500 });
    expect(otherCase).toMatchObject({ status: 400, code: 'unknown_decision' });

    const zero = await refusal(after.caseId, {
      decisionIds: [after.decision.id],
      amount: 0,
      plan: { installment: 1, firstMonth: '2026-04', months: 1 },
    });
    expect(zero).toMatchObject({ status: 422, code: 'amount_not_positive' });
    expect(zero.message).toContain('minst 1 kr');

    const noReasons = await call(
      officer.session,
      'POST',
      `/cases/${after.caseId}/recoveries`,
      body({ decisionIds: [after.decision.id], amount: 500, reasons: '   ' }),
    );
    expect(noReasons.statusCode).toBe(400);
    expect(noReasons.body).toContain('Skriv en motivering');
  });

  it('refuses a plan that does not add up to the amount, and accepts a smaller last installment', async () => {
    const { caseId, decision } = after;
    const short = await refusal(caseId, {
      decisionIds: [decision.id],
      amount: 1_000,
      plan: { installment: 300, firstMonth: '2026-04', months: 3 },
    });
    expect(short).toMatchObject({ status: 422, code: 'plan_does_not_add_up' });
    expect(short.message).toContain('900 kr');
    expect(short.message).toContain('1 000 kr');

    const id = await createRecovery(caseId, {
      decisionIds: [decision.id],
      amount: 1_000,
      plan: { installment: 300, firstMonth: '2026-11', months: 4, lastInstallment: 100 },
    });
    const draft = await view(caseId, id);
    expect(draft.plan).toMatchObject({ installment: 300, lastInstallment: 100, months: 4 });
    expect(draft.plan.lastMonth).toBe('2027-02');

    const lastTooBig = await refusal(caseId, {
      decisionIds: [decision.id],
      amount: 1_000,
      plan: { installment: 200, firstMonth: '2026-04', months: 3, lastInstallment: 600 },
    });
    expect(lastTooBig).toMatchObject({ status: 422, code: 'invalid_plan' });
  });
});

describe('a signed recovery decision', () => {
  let caseId: string;
  let id: string;

  beforeAll(async () => {
    await setNow('2025-10-08T09:00:00Z');
    const h = await household();
    caseId = h.caseId;
    const decision = await signedDecision(caseId, 'initial');
    await pay(caseId, decision.id, 3_000, { paymentDate: '2025-10-24' });
    await setNow('2026-03-02T09:00:00Z');
    id = await createRecovery(caseId, {
      decisionIds: [decision.id],
      amount: 3_000,
      plan: { installment: 1_000, firstMonth: '2026-04', months: 3 },
      deductionConsent: { writtenConsentOn: '2026-02-27' },
    });
    // Only someone who may write in the case signs (the route's rule).
    expect((await signRecovery(caseId, id, farOfficer.session)).statusCode).toBe(403);
    expect((await signRecovery(caseId, id)).statusCode).toBe(204);
  });

  it('is locked: the API refuses a change or a second signature', async () => {
    const signed = await view(caseId, id);
    expect(signed.status).toBe('signed');
    const change = await call(officer.session, 'PUT', `/cases/${caseId}/recoveries/${id}`, {
      version: signed.version,
      amount: 1_000,
    });
    expect(change.statusCode).toBe(409);
    expect(change.json<{ error: { code: string } }>().error.code).toBe('recovery_signed');
    const again = await signRecovery(caseId, id);
    expect(again.statusCode).toBe(409);
  });

  it('is locked by the database too, with its decisions', async () => {
    await expect(
      sql`UPDATE app.recovery_decision SET amount = 1 WHERE id = ${id}`.execute(ctx.db),
    ).rejects.toThrow(/is signed and cannot be changed/);
    await expect(
      sql`DELETE FROM app.recovery_decision WHERE id = ${id}`.execute(ctx.db),
    ).rejects.toThrow(/is signed and cannot be deleted/);
    await expect(
      sql`DELETE FROM app.recovery_decision_source WHERE recovery_id = ${id}`.execute(ctx.db),
    ).rejects.toThrow(/its decisions cannot be changed/);
    await expect(
      sql`UPDATE app.recovery_decision_source SET decision_id = decision_id WHERE recovery_id = ${id}`.execute(
        ctx.db,
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('has a letter with the paragraphs, the amount, the plan and the consent', async () => {
    const letter = await letterText(caseId, id);
    expect(letter.flat).toContain('Beslut om återkrav av ekonomiskt bistånd');
    expect(letter.flat).not.toContain('UTKAST');
    expect(letter.flat).toContain('Du ska betala tillbaka 3 000 kr');
    expect(letter.flat).toContain('Oriktiga uppgifter');
    expect(letter.flat).toContain(REASONS);
    expect(letter.flat).toContain('Socialtjänstlagen (2025:400) 33 kap. 1 §');
    expect(letter.flat).toContain('33 kap. 4–6 §§');
    expect(letter.flat).toContain(
      '1 000 kr i månaden under 3 månader, från april 2026 till och med juni 2026',
    );
    expect(letter.flat).toContain('den 2026-02-27 skriftligen medgett');
    expect(letter.flat).toContain('Hemliga gatan 1');
    // The appeal route is the court action and laglighetsprövning (see the service's comment).
    expect(letter.flat).toContain('laglighetsprövas enligt kommunallagen (2017:725) 13 kap.');
    expect(letter.flat).not.toContain('35 kap. 1 §');
  });
});

describe('the letter', () => {
  it('never prints a protected address, and says repayment is by invoice without consent', async () => {
    await setNow('2025-11-05T09:00:00Z');
    const { caseId } = await household({ protection: 'skyddad_folkbokforing' });
    const decision = await signedDecision(caseId, 'initial');
    await pay(caseId, decision.id, 2_000, { paymentDate: '2025-11-25' });
    await setNow('2026-03-02T09:00:00Z');
    const id = await createRecovery(caseId, { decisionIds: [decision.id], amount: 2_000 });

    const preview = await letterText(caseId, id);
    expect(preview.flat).toContain('UTKAST');
    expect(preview.flat).not.toContain('Hemliga gatan');

    expect((await signRecovery(caseId, id)).statusCode).toBe(204);
    const letter = await letterText(caseId, id);
    expect(letter.flat).toContain('Åsa Öberg');
    expect(letter.flat).not.toContain('Hemliga gatan');
    expect(letter.flat).not.toContain('111 22');
    expect(letter.flat).toContain('Skatteverkets förmedling');
    expect(letter.flat).toContain('Du betalar mot faktura enligt planen');
    expect(letter.flat).toContain('skriftligen har medgett');
  });
});

describe('the database guard at signing', () => {
  it('refuses to sign a recovery whose payments the bank has since rejected', async () => {
    await setNow('2025-12-03T09:00:00Z');
    const { caseId } = await household();
    const decision = await signedDecision(caseId, 'initial');
    const lineId = await pay(caseId, decision.id, 2_000, {
      status: 'instructed',
      paymentDate: '2025-12-23',
    });
    await setNow('2026-03-02T09:00:00Z');
    const id = await createRecovery(caseId, { decisionIds: [decision.id], amount: 2_000 });
    await sql`UPDATE app.payment_line SET status = 'rejected' WHERE id = ${lineId}`.execute(
      ctx.ownerDb,
    );
    // Past the service (as a concurrent change would be): the trigger still refuses.
    await expect(
      sql`UPDATE app.recovery_decision
          SET status = 'signed', signed_by = ${officer.id}, signed_at = now(),
              decision_date = '2026-03-02', letter = '{}'::jsonb
          WHERE id = ${id}`.execute(ctx.db),
    ).rejects.toThrow(/more than the 0 kr paid/);
    // And the service says why.
    const res = await signRecovery(caseId, id);
    expect(res.statusCode).toBe(422);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('nothing_paid');
  });
});

describe('the case list', () => {
  it('lists recovery decisions with their decisions, and is logged as a read', async () => {
    const { recoveries } = await ok<{ recoveries: { id: string; decisionIds: string[] }[] }>(
      officer.session,
      'GET',
      `/cases/${span.caseId}/recoveries`,
    );
    expect(recoveries).toHaveLength(1);
    expect(recoveries[0]?.decisionIds.toSorted()).toEqual(
      [span.june.id, span.august.id].toSorted(),
    );
    const logged = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM audit.access_log
      WHERE resource = 'recovery.list' AND case_id = ${span.caseId}`.execute(ctx.ownerDb);
    expect(logged.rows[0]?.n).toBeGreaterThan(0);
  });
});
