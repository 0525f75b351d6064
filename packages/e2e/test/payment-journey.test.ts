// Browser journey of payments: a signed decision waits for a payee; an officer enters the
// applicant's account (a mistyped number is refused in Swedish at its field) and a second person
// approves it; the due payment shows for the date; the run is started and collected; one officer
// attests and is refused a second attest, another attests; the bank file is made and downloaded;
// the bank's status report, made from that file with one rejection, is read in; the rejection is
// the officer's task and shows in the case's payment history. Then a recovery is drafted, signed
// and its letter opened; an emergency decision is paid out urgently; the reconciliation, the cost
// per district (chart, table, CSV, a budget) and the payment settings are used. axe-core finds no
// WCAG 2.1 A/AA violations on any of the new pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Download, Locator, Page } from 'playwright-core';
import { syntheticPersonnummer } from '@skyddsnat/domain';
import {
  apiGet,
  apiPost,
  apiSession,
  axeViolations,
  loginAs,
  startSystem,
  type RunningSystem,
} from './support/system.ts';

type Session = { cookie: string; csrf: string };
type Org = {
  districts: { id: string; name: string }[];
  units: { id: string; name: string }[];
};
type CaseLine = {
  id: string;
  decisionId: string;
  payeeKind: string;
  status: string;
  dueDate: string;
  endToEndId: string;
  amount: number;
};

let system: RunningSystem;
const contexts: BrowserContext[] = [];
let officer: Session;
let supervisor: Session;
let caseId = '';
let decisionId = '';
let personnummer = '';
let runId = '';
let bankFile = '';
const applicant = { firstName: 'Petra', lastName: 'Betalningsdotter' };
const RENT = 6_500;

/** Today in Stockholm as YYYY-MM-DD (the run's date: the bank file refuses an earlier day). */
function stockholmDay(days = 0): string {
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(Date.now() + days * 86_400_000));
}

function monthAfter(month: string): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  return m === 12 ? `${String(year + 1)}-01` : `${String(year)}-${String(m + 1).padStart(2, '0')}`;
}

async function newPage(): Promise<Page> {
  const context = await system.browser.newContext({
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
    acceptDownloads: true,
  });
  contexts.push(context);
  return context.newPage();
}

async function pageAs(username: string): Promise<Page> {
  const page = await newPage();
  await loginAs(page, system.baseUrl, username);
  return page;
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

async function downloaded(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/** A POST whose answer has no body (204): approvals and signatures. */
async function postNoContent(session: Session, path: string, payload?: unknown): Promise<void> {
  const res = await fetch(`${system.baseUrl}/api/v1${path}`, {
    method: 'POST',
    headers: {
      ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
    },
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
  });
  if (!res.ok) throw new Error(`POST ${path} failed: ${String(res.status)} ${await res.text()}`);
}

async function caseLines(): Promise<CaseLine[]> {
  return (
    await apiGet<{ payments: CaseLine[] }>(system.baseUrl, officer, `/cases/${caseId}/payments`)
  ).payments;
}

function tag(xml: string, name: string): string {
  const match = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (!match?.[1]) throw new Error(`<${name}> missing from the bank file`);
  return match[1];
}

/**
 * The bank's pain.002.001.03 answer to the downloaded pain.001, as a Swedish bank writes it:
 * every payment settled (ACSC) but the ones `reject` names (RJCT with an ISO reason code).
 */
function statusReport(pain001: string, messageId: string, reject: Set<string>): string {
  const transactions = [...pain001.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map(
    (match) => match[1] ?? '',
  );
  const rows = transactions.map((e2e, index) => {
    const rejected = reject.has(e2e);
    return `      <TxInfAndSts>
        <StsId>${String(index + 1)}</StsId>
        <OrgnlEndToEndId>${e2e}</OrgnlEndToEndId>
        <TxSts>${rejected ? 'RJCT' : 'ACSC'}</TxSts>${
          rejected
            ? `
        <StsRsnInf>
          <Rsn><Cd>AC01</Cd></Rsn>
          <AddtlInf>Kontot finns inte</AddtlInf>
        </StsRsnInf>`
            : ''
        }
      </TxInfAndSts>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr>
      <MsgId>${messageId}</MsgId>
      <CreDtTm>${stockholmDay()}T06:00:00+01:00</CreDtTm>
    </GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>${tag(pain001, 'MsgId')}</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.03</OrgnlMsgNmId>
      <GrpSts>PART</GrpSts>
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>${tag(pain001, 'PmtInfId')}</OrgnlPmtInfId>
${rows.join('\n')}
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>
`;
}

beforeAll(async () => {
  system = await startSystem();
  officer = await apiSession(system.baseUrl, 'bidrag');
  supervisor = await apiSession(system.baseUrl, 'arbetsledare');
  const reception = await apiSession(system.baseUrl, 'mottagning');
  const org = await apiGet<Org>(system.baseUrl, reception, '/org');
  const kungsholmen = org.districts.find((d) => d.name === 'Kungsholmen');
  const joint = org.units.find((u) => u.name.startsWith('Försörjningsstödsenheten'));
  if (!kungsholmen || !joint) throw new Error('demo district or unit missing');

  // A household of one whose case the benefit officer handles.
  personnummer = syntheticPersonnummer(952_001, { today: '2026-01-01' });
  const person = await apiPost<{ id: string }>(system.baseUrl, reception, '/persons', {
    personnummer,
    ...applicant,
    streetAddress: 'Betalvägen 5',
    postalCode: '112 46',
    city: 'Stockholm',
    districtId: kungsholmen.id,
    protection: 'none',
  });
  ({ id: caseId } = await apiPost<{ id: string }>(system.baseUrl, reception, '/cases', {
    personId: person.id,
    unitId: joint.id,
    channel: 'visit',
  }));
  const officerId = (await apiGet<{ userId: string }>(system.baseUrl, officer, '/auth/session'))
    .userId;
  const view = await apiGet<{ version: number }>(system.baseUrl, reception, `/cases/${caseId}`);
  await apiPost(system.baseUrl, reception, `/cases/${caseId}/actions`, {
    version: view.version,
    action: { type: 'officer_assigned', userId: officerId, role: 'benefit_officer' },
  });

  // This month's decision, signed today: its money is due today. No payee yet, so it waits.
  await apiPost(system.baseUrl, officer, `/cases/${caseId}/applications`, {
    month: stockholmDay().slice(0, 7),
    kind: 'initial',
    costs: [{ type: 'rent', amount: RENT }],
    incomes: [],
  });
  const { decisions } = await apiGet<{ decisions: { id: string; status: string }[] }>(
    system.baseUrl,
    officer,
    `/cases/${caseId}/decisions`,
  );
  decisionId = decisions.find((d) => d.status === 'draft')?.id ?? '';
  const draft = await apiGet<{ version: number; blockers: unknown[] }>(
    system.baseUrl,
    officer,
    `/cases/${caseId}/decisions/${decisionId}`,
  );
  expect(draft.blockers).toEqual([]);
  await postNoContent(officer, `/cases/${caseId}/decisions/${decisionId}/sign`, {
    version: draft.version,
  });

  // The landlord is paid the rent directly: entered by the officer, approved by the supervisor.
  const landlord = await apiPost<{ id: string }>(
    system.baseUrl,
    officer,
    `/cases/${caseId}/payees`,
    {
      kind: 'landlord',
      name: 'Stockholmshem AB',
      account: { kind: 'bankgiro', number: '5050-1055' },
      reason: 'Direktbetalning av hyra enligt överenskommelse med den sökande',
    },
  );
  const { payees } = await apiGet<{
    payees: { id: string; pendingAccount: { id: string } | null }[];
  }>(system.baseUrl, officer, `/cases/${caseId}/payees`);
  const pending = payees.find((p) => p.id === landlord.id)?.pendingAccount?.id ?? '';
  await postNoContent(
    supervisor,
    `/cases/${caseId}/payees/${landlord.id}/accounts/${pending}/approve`,
  );
  expect((await caseLines()).map((l) => [l.payeeKind, l.amount])).toEqual([['landlord', RENT]]);
}, 240_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await system.stop();
});

describe('payment journey', () => {
  it('an officer enters the applicant’s account and only another person can approve it', async () => {
    const page = await pageAs('bidrag');
    await page.goto(`${system.baseUrl}/arenden/${caseId}`);
    const section = page.getByTestId('case-payments');
    await section.getByTestId('payee').first().waitFor();
    expect(await textOf(section.getByTestId('payee').first())).toContain('Stockholmshem AB');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('add-payee').click();
    const form = page.getByTestId('payee-form');
    await form.waitFor();
    expect(await page.getByTestId('payee-form-kind').inputValue()).toBe('applicant');
    // A Nordea personkonto is the ten last digits of the number; one digit wrong is refused.
    const ten = personnummer.slice(2);
    const wrong = `${ten.slice(0, 9)}${String((Number(ten.slice(9)) + 1) % 10)}`;
    await page.getByTestId('payee-form-clearing').fill('3300');
    await page.getByTestId('payee-form-account').fill(wrong);
    await page.getByTestId('payee-form-reason').fill('Kontouppgift från den sökande vid besöket');
    await page.getByTestId('payee-form-submit').click();
    const summary = page.getByTestId('payee-form-summary');
    await expect.poll(() => textOf(summary)).toContain('kontrollsiffra');
    // The summary links to the field, which says the same in Swedish.
    expect(await page.getByTestId('payee-form-account').getAttribute('aria-invalid')).toBe('true');
    await summary.getByRole('link').first().click();
    expect(await page.evaluate("document.activeElement?.getAttribute('data-testid')")).toBe(
      'payee-form-account',
    );
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('payee-form-account').fill(ten);
    await page.getByTestId('payee-form-submit').click();
    await expect
      .poll(() => textOf(page.getByTestId('case-payments-status')))
      .toContain('väntar på godkännande');
    const applicantCard = section.locator('[data-testid="payee"][data-kind="applicant"]');
    expect(await textOf(applicantCard.getByTestId('payee-pending-account'))).toContain('3300');
    // The one who entered it is told why they cannot approve it, and is offered no button.
    await applicantCard.getByTestId('four-eyes-self').waitFor();
    expect(await applicantCard.getByTestId('approve-account').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    const second = await pageAs('arbetsledare');
    await second.goto(`${system.baseUrl}/arenden/${caseId}`);
    const card = second.locator('[data-testid="payee"][data-kind="applicant"]');
    await card.getByTestId('approve-account').click();
    await expect
      .poll(() => textOf(second.getByTestId('case-payments-status')))
      .toContain('är godkänt');
    await expect.poll(() => textOf(card.getByTestId('payee-active-account'))).toContain('3300');
    // Approving planned the rest of the decision to the applicant, due today.
    const rows = second.locator('[data-testid="payment-row"][data-status="planned"]');
    await expect.poll(() => rows.count()).toBe(2);
    const lines = await caseLines();
    expect(lines.every((l) => l.status === 'planned' && l.dueDate === stockholmDay())).toBe(true);
  }, 120_000);

  it('the due payments show for the date, and the run is started and collected', async () => {
    const page = await pageAs('bidrag');
    await page.getByTestId('nav-payments').click();
    await page.waitForURL('**/utbetalningar');
    await page.getByTestId('due-table').waitFor();
    expect(await page.getByTestId('due-date').inputValue()).toBe(stockholmDay());
    const due = Number(await textOf(page.getByTestId('due-lines')));
    // The demo's planned months and this case's two lines.
    expect(due).toBeGreaterThanOrEqual(2);
    expect(await textOf(page.getByTestId('due-table'))).toContain('Kungsholmen');
    expect(await axeViolations(page)).toEqual([]);

    // Nothing is due before the demo's first payment day: the page says so, and offers no run.
    await page.getByTestId('due-date').fill('2000-01-03');
    await page.getByTestId('due-show').click();
    await page.getByTestId('due-none').waitFor();
    expect(await page.getByTestId('start-run').count()).toBe(0);
    await page.getByTestId('due-date').fill(stockholmDay());
    await page.getByTestId('due-show').click();
    await page.getByTestId('start-run').waitFor();

    // Record whether the progress bar was shown while the server collected the run.
    // (A script in the page: the e2e package has no DOM types.)
    await page.evaluate(`
      window.progressSeen = 0;
      new MutationObserver(() => {
        if (document.querySelector('[data-testid="run-progress"] progress')) window.progressSeen += 1;
      }).observe(document.body, { childList: true, subtree: true });
    `);
    await page.getByTestId('start-run').click();
    await page.getByTestId('start-run-dialog-yes').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('start-run-dialog-yes').click();
    await page.getByTestId('run-collected').waitFor({ timeout: 60_000 });
    expect(Number(await page.evaluate('window.progressSeen'))).toBeGreaterThan(0);
    expect(await textOf(page.getByTestId('run-collected'))).toContain(
      `${String(due)} utbetalningar`,
    );
    expect(await textOf(page.getByTestId('run-start-status'))).toContain('insamlad');
    await expect.poll(() => page.getByTestId('run-row').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('open-started-run').click();
    await page.waitForURL(/\/utbetalningar\/[0-9a-f-]{36}$/);
    runId = new URL(page.url()).pathname.split('/').pop() ?? '';
    expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('collected');
    expect(await textOf(page.getByTestId('run-lines'))).toBe(String(due));
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('two different people attest the run; the first cannot attest twice', async () => {
    const page = await pageAs('bidrag');
    // The date has its run now: the page points to it rather than offering a second one.
    await page.goto(`${system.baseUrl}/utbetalningar`);
    await page.getByTestId('run-exists').waitFor();
    expect(await page.getByTestId('start-run').count()).toBe(0);
    const runUrl = `${system.baseUrl}/utbetalningar/${runId}`;
    await page.goto(runUrl);
    // A second tab of the same officer, opened before the first attest.
    const stale = await page.context().newPage();
    await stale.goto(runUrl);
    await stale.getByTestId('attest-run').waitFor();

    await page.getByTestId('attest-run').click();
    await expect
      .poll(() => textOf(page.getByTestId('first-attest')))
      .toContain('Bo Bidragshandläggare');
    await page.getByTestId('attested-by-you').waitFor();
    expect(await page.getByTestId('attest-run').count()).toBe(0);
    expect(await textOf(page.getByTestId('run-status-message'))).toContain('första attesten');
    expect(await axeViolations(page)).toEqual([]);

    // From the stale tab the same person tries the second attest: refused, and told why.
    expect(await textOf(stale.getByTestId('attest-run'))).toContain('första');
    await stale.getByTestId('attest-run').click();
    await expect
      .poll(() => textOf(stale.getByTestId('attest-error')))
      .toContain('redan attesterat');
    await stale.getByTestId('attested-by-you').waitFor();
    expect(await textOf(stale.getByTestId('second-attest'))).toContain('Inte gjord');

    const second = await pageAs('arbetsledare');
    await second.goto(runUrl);
    expect(await textOf(second.getByTestId('attest-run'))).toContain('andra attesten');
    await second.getByTestId('attest-run').click();
    await expect
      .poll(() => textOf(second.getByTestId('second-attest')))
      .toContain('Anna Arbetsledare');
    expect(await second.getByTestId('run-status').getAttribute('data-status')).toBe('attested');
    await second.getByTestId('attest-complete').waitFor();
    expect(await axeViolations(second)).toEqual([]);
  }, 120_000);

  it('the bank file is made once and downloaded as ISO 20022 XML', async () => {
    const page = await pageAs('bidrag');
    await page.goto(`${system.baseUrl}/utbetalningar/${runId}`);
    await page.getByTestId('create-bank-file').click();
    await page.getByTestId('create-file-dialog-yes').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('create-file-dialog-yes').click();
    const link = page.getByTestId('download-bank-file');
    await link.waitFor();
    expect(await page.getByTestId('run-status').getAttribute('data-status')).toBe('file_created');
    expect(await textOf(page.getByTestId('run-message-id'))).toMatch(/^SKN\d{8}/);
    // The run can no longer be cancelled here.
    expect(await page.getByTestId('cancel-run').count()).toBe(0);

    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^SKN.*\.xml$/);
    bankFile = await downloaded(download);
    expect(bankFile).toContain('<CstmrCdtTrfInitn>');
    const lines = await caseLines();
    expect(lines.every((l) => l.status === 'instructed')).toBe(true);
    for (const line of lines)
      expect(bankFile).toContain(`<EndToEndId>${line.endToEndId}</EndToEndId>`);
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('the bank’s status report is read in: one payment rejected, the rest paid', async () => {
    const page = await pageAs('bidrag');
    await page.goto(`${system.baseUrl}/utbetalningar/${runId}`);
    await page.getByTestId('report-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Without a file: the summary links to the field.
    await page.getByTestId('report-submit').click();
    await expect
      .poll(() => textOf(page.getByTestId('report-error-summary')))
      .toContain('Välj statusrapporten');

    const applicantLine = (await caseLines()).find((l) => l.payeeKind === 'applicant');
    if (!applicantLine) throw new Error('no applicant line');
    const report = statusReport(bankFile, 'BANK-STS-E2E-0001', new Set([applicantLine.endToEndId]));
    const total = [...bankFile.matchAll(/<EndToEndId>/g)].length;
    await page.getByTestId('report-file').setInputFiles({
      name: 'statusrapport.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(report),
    });
    await page.getByTestId('report-submit').click();
    const result = page.getByTestId('report-result');
    await result.waitFor();
    expect(await textOf(result)).toContain(
      `Godkända utbetalningar: ${String(total - 1)}. Avvisade: 1.`,
    );
    await expect.poll(() => page.getByTestId('report-row').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    // The same report again is refused, clearly, at the file field.
    await page.getByTestId('report-file').setInputFiles({
      name: 'statusrapport.xml',
      mimeType: 'application/xml',
      buffer: Buffer.from(report),
    });
    await page.getByTestId('report-submit').click();
    await expect
      .poll(() => textOf(page.getByTestId('report-file-error')))
      .toContain('redan inläst');
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('the rejection is the officer’s task, and the case shows its payment history', async () => {
    const page = await pageAs('bidrag');
    await page.goto(`${system.baseUrl}/arenden`);
    await page.getByTestId('my-cases-rejected-payments').click();
    await page.waitForURL('**/utbetalningar/avvisade');
    const row = page.getByTestId('rejected-row').filter({ hasText: applicant.lastName });
    await expect.poll(() => row.count()).toBe(1);
    expect(await textOf(row.getByTestId('rejected-reason'))).toContain('AC01');
    expect(await axeViolations(page)).toEqual([]);

    await row.getByTestId('rejected-case-link').click();
    await page.waitForURL(`**/arenden/${caseId}`);
    const history = page.getByTestId('payment-history');
    await history.waitFor();
    const rejected = history.locator('[data-testid="payment-row"][data-status="rejected"]');
    await expect.poll(() => rejected.count()).toBe(1);
    expect(await textOf(rejected)).toContain('Avvisad av banken');
    expect(await textOf(rejected.getByTestId('payment-bank'))).toContain('Kontot finns inte');
    const paid = history.locator('[data-testid="payment-row"][data-status="accepted"]');
    expect(await textOf(paid)).toContain('Stockholmshem AB');
    await page.getByTestId('rejected-note').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // The officer changes the account; when another person approves it, the payment is planned
    // again and the task is done.
    const card = page.locator('[data-testid="payee"][data-kind="applicant"]');
    await card.getByTestId('change-account').click();
    await page.getByTestId('account-change-form-kind-bankgiro').check();
    await page.getByTestId('account-change-form-number').fill('5050-1055');
    await page.getByTestId('account-change-form-reason').fill('Den sökande har bytt bank');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('account-change-form-submit').click();
    await card.getByTestId('four-eyes-self').waitFor();

    const second = await pageAs('arbetsledare');
    await second.goto(`${system.baseUrl}/arenden/${caseId}`);
    await second
      .locator('[data-testid="payee"][data-kind="applicant"]')
      .getByTestId('approve-account')
      .click();
    await expect
      .poll(() => second.locator('[data-testid="payment-row"][data-status="planned"]').count())
      .toBe(1);
    const tasks = await apiGet<{ tasks: { caseId: string }[] }>(
      system.baseUrl,
      officer,
      '/payment-tasks',
    );
    expect(tasks.tasks.filter((task) => task.caseId === caseId)).toEqual([]);
  }, 120_000);

  it('a recovery of what was paid is drafted, signed and its letter opened', async () => {
    const page = await pageAs('bidrag');
    await page.goto(`${system.baseUrl}/arenden/${caseId}`);
    const section = page.getByTestId('case-recoveries');
    await section.getByTestId('recoveries-empty').waitFor();
    await page.getByTestId('new-recovery').click();
    const form = page.getByTestId('recovery-form');
    await form.waitFor();
    // Only the rent went through: the decision offers what was paid to the landlord.
    expect(await textOf(form.getByTestId('recovery-decisions'))).toMatch(/utbetalt 6\s500/);
    // Submitting empty: the summary lists every missing field.
    await page.getByTestId('recovery-form-submit').click();
    await expect
      .poll(() => page.getByTestId('recovery-form-summary').getByRole('link').count())
      .toBeGreaterThanOrEqual(4);
    expect(await axeViolations(page)).toEqual([]);

    await form.getByTestId('recovery-decision').first().check();
    await page.getByTestId('recovery-amount').fill('2 000');
    await page.getByTestId('recovery-ground').selectOption('incorrect_information');
    await page
      .getByTestId('recovery-reasons')
      .fill('Den sökande uppgav ingen inkomst, men hade lön under månaden.');
    await page.getByTestId('recovery-installment').fill('500');
    await page.getByTestId('recovery-first-month').fill(monthAfter(stockholmDay().slice(0, 7)));
    expect(await textOf(page.getByTestId('recovery-plan-summary'))).toContain('4 månader');
    await page.getByTestId('recovery-form-submit').click();
    const details = page.getByTestId('recovery-details');
    await details.waitFor();
    expect(await textOf(page.getByTestId('recovery-status'))).toContain('sparat');
    expect(await textOf(details.getByTestId('recovery-state'))).toContain('Utkast');
    expect(await axeViolations(page)).toEqual([]);

    await details.getByTestId('recovery-sign').click();
    await page.getByTestId('recovery-sign-dialog-yes').click();
    await expect.poll(() => textOf(details.getByTestId('recovery-state'))).toContain('Signerat');
    await expect.poll(() => textOf(section.getByTestId('recovery-row'))).toContain('Signerat');
    const href = await details.getByTestId('recovery-letter').getAttribute('href');
    const letter = await page.request.get(`${system.baseUrl}${href ?? ''}`);
    expect(letter.status()).toBe(200);
    expect((await letter.body()).subarray(0, 5).toString()).toBe('%PDF-');
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('an emergency decision is paid out urgently from its page', async () => {
    // Decided by the supervisor (the benefit officer's delegation has no emergency assistance).
    const { id } = await apiPost<{ id: string }>(
      system.baseUrl,
      supervisor,
      `/cases/${caseId}/decisions`,
      {
        kind: 'emergency',
        amount: 700,
        purpose: 'Mat i väntan på utredning',
      },
    );
    const draft = await apiGet<{ version: number }>(
      system.baseUrl,
      supervisor,
      `/cases/${caseId}/decisions/${id}`,
    );
    await postNoContent(supervisor, `/cases/${caseId}/decisions/${id}/sign`, {
      version: draft.version,
    });

    const page = await pageAs('bidrag');
    await page.goto(`${system.baseUrl}/arenden/${caseId}/beslut/${id}`);
    await page.getByTestId('urgent-payment').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('urgent-payment-button').click();
    const result = page.getByTestId('urgent-payment-result');
    await result.waitFor();
    expect(await textOf(result)).toContain('700');
    await page.getByTestId('urgent-payment-run').click();
    await page.waitForURL(/\/utbetalningar\/[0-9a-f-]{36}$/);
    expect(await textOf(page.getByTestId('run-heading'))).toContain('Akut');
    expect(await textOf(page.getByTestId('run-total'))).toContain('700');
    await page.getByTestId('attest-run').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('the reconciliation shows totals and explains the differences', async () => {
    const page = await pageAs('revisor');
    await page.getByTestId('nav-payments').click();
    await page.waitForURL('**/utbetalningar/avstamning');
    await page.getByTestId('reconciliation-totals').waitFor();
    expect(await textOf(page.getByTestId('total-granted'))).toMatch(/\d/);
    // The applicant's payment planned again is due and not yet sent: flagged with what to do.
    await page.getByTestId('reconciliation-table').waitFor();
    expect(await textOf(page.getByTestId('reconciliation-table'))).toContain(
      'Förfallen men inte skickad',
    );
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('cost per district shows a chart and a table, downloads as CSV, and takes a budget', async () => {
    const page = await pageAs('ledning');
    await page.getByTestId('nav-costs').click();
    await page.waitForURL('**/kostnader');
    const table = page.getByTestId('costs-table');
    await table.waitFor();
    expect(await page.getByTestId('costs-row').count()).toBe(4);
    // The file made today counts as paid this month.
    const kronor = async (locator: Locator) => Number((await textOf(locator)).replace(/\D/g, ''));
    expect(await kronor(page.getByTestId('costs-total-paid'))).toBeGreaterThan(0);
    const chart = page.getByTestId('cost-chart-svg');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await page.getByTestId('cost-chart-bar').count()).toBe(12);
    expect(await textOf(page.getByTestId('cost-chart-summary'))).toContain('Utbetalt hela året');
    const month = Number(stockholmDay().slice(5, 7));
    expect(
      Number(
        await page
          .getByTestId('cost-chart-bar')
          .nth(month - 1)
          .getAttribute('data-value'),
      ),
    ).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('costs-series').selectOption({ label: 'Kungsholmen' });
    expect(await textOf(page.locator('#costs-chart-heading'))).toContain('Kungsholmen');

    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('costs-csv').click(),
    ]);
    const text = await downloaded(csv);
    expect(text.startsWith('\uFEFFStadsdelsnämnd;')).toBe(true);
    expect(text).toContain('Kungsholmen');

    // Management changes one district's budget; the deviation follows.
    const budget = page.getByTestId('budget-amount').first();
    await budget.fill('1 000');
    await page.getByTestId('budget-save').click();
    await expect.poll(() => textOf(page.getByTestId('costs-status'))).toContain('sparad');
    await expect
      .poll(() => textOf(page.getByTestId('costs-row').first().getByTestId('costs-deviation')))
      .toMatch(/^(−|-)|^1\s000/);
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);

  it('the administrator keeps the municipality’s account for bank files', async () => {
    const page = await pageAs('admin');
    await page.goto(`${system.baseUrl}/admin`);
    await page.getByTestId('admin-payment-settings').click();
    await page.waitForURL('**/admin/utbetalningar');
    await page.getByTestId('payment-settings-form').waitFor();
    expect(await page.getByTestId('settings-debtor-name').inputValue()).toContain(
      'Stockholms stad',
    );
    expect(await page.getByTestId('settings-kind-bankgiro').isChecked()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // A mistyped bankgiro is caught before it can reach a bank file.
    await page.getByTestId('settings-number').fill('5050-1056');
    await page.getByTestId('settings-save').click();
    await expect.poll(() => textOf(page.getByTestId('error-summary'))).toContain('kontrollsiffra');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('settings-number').fill('5050-1055');
    await page.getByTestId('settings-save').click();
    await expect
      .poll(() => textOf(page.getByTestId('payment-settings-status')))
      .toContain('sparat');
  }, 120_000);
});
