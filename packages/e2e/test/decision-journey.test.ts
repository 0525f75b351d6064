// Browser journey of applications and decisions: the administrator checks the delegation order,
// reception records a first contact with an acute need and books the first visit within 14 days,
// an officer registers an application for a household with a child, uploads a document, confirms
// it, writes the reasons and the child's best interests, signs and opens the letter; then a
// routine next month is signed from the work list in at most three actions. axe-core finds no
// WCAG 2.1 A/AA violations on the new pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
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
type Settings = {
  routineRules: Record<string, boolean>;
  autoDecideFullGrants: boolean;
  postalAddress: string;
  phone: string;
  email: string;
  delegation: { role: string; kind: string; maxAmount: number | null; mayDecideAdverse: boolean }[];
  version: number;
};

let system: RunningSystem;
const contexts: BrowserContext[] = [];
let admin: Session;
let originalSettings: Settings | undefined;
let applicant: { id: string; firstName: string; lastName: string };
let child: { id: string; firstName: string };
let socialWorkerId: string;
let caseId = '';

const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const CHILD_IMPACT =
  'Barnet får sina behov av mat, kläder och fritid tillgodosedda genom beslutet och kan bo kvar nära skolan.';

/** A calendar day in Stockholm, `days` after today, as YYYY-MM-DD (the test runs in that zone). */
function stockholmDay(days = 0): string {
  const now = new Date(Date.now() + days * 86_400_000);
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

function monthAfter(month: string): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  return m === 12 ? `${String(year + 1)}-01` : `${String(year)}-${String(m + 1).padStart(2, '0')}`;
}

async function apiPut(path: string, session: Session, payload: unknown): Promise<void> {
  const res = await fetch(`${system.baseUrl}/api/v1${path}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
    },
    body: JSON.stringify(payload),
  });
  if (!res.ok) throw new Error(`PUT ${path} failed: ${res.status} ${await res.text()}`);
}

async function newPage(): Promise<Page> {
  const context = await system.browser.newContext({
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  contexts.push(context);
  return context.newPage();
}

/** Sets one line of the delegation order on the settings page, adding it when it is missing. */
async function ensureRule(
  page: Page,
  role: string,
  kind: string,
  maxAmount: number,
  adverse: boolean,
): Promise<void> {
  const rows = page.getByTestId('delegation-rule');
  const count = await rows.count();
  let row: Locator | null = null;
  for (let index = 0; index < count && row === null; index += 1) {
    const candidate = rows.nth(index);
    if (
      (await candidate.getByTestId('rule-role').inputValue()) === role &&
      (await candidate.getByTestId('rule-kind').inputValue()) === kind
    ) {
      row = candidate;
    }
  }
  if (row === null) {
    await page.getByTestId('add-rule').click();
    row = rows.nth(count);
    await row.getByTestId('rule-role').selectOption(role);
    await row.getByTestId('rule-kind').selectOption(kind);
  }
  await row.getByTestId('rule-max').fill(String(maxAmount));
  await row.getByTestId('rule-adverse').setChecked(adverse);
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

beforeAll(async () => {
  system = await startSystem();

  // A month is routine only if the derived 2026 parameters are accepted: this municipality
  // switches that rule off for the journey (restored afterwards), and decides nothing by itself.
  admin = await apiSession(system.baseUrl, 'admin');
  const original = await apiGet<Settings>(system.baseUrl, admin, '/decision-settings');
  originalSettings = original;
  const { version, ...rest } = original;
  await apiPut('/decision-settings', admin, {
    ...rest,
    version,
    routineRules: { ...original.routineRules, derived_parameters: false },
    autoDecideFullGrants: false,
  });

  const reception = await apiSession(system.baseUrl, 'mottagning');
  const org = await apiGet<{ districts: { id: string; name: string }[] }>(
    system.baseUrl,
    reception,
    '/org',
  );
  const kungsholmen = org.districts.find((d) => d.name === 'Kungsholmen');
  if (!kungsholmen) throw new Error('demo district Kungsholmen missing');
  const adult = await apiPost<{ id: string }>(system.baseUrl, reception, '/persons', {
    personnummer: syntheticPersonnummer(951_001, { today: '2026-01-01' }),
    firstName: 'Beata',
    lastName: 'Beslutsdotter',
    streetAddress: 'Beslutsvägen 3',
    postalCode: '112 46',
    city: 'Stockholm',
    districtId: kungsholmen.id,
    protection: 'none',
  });
  applicant = { id: adult.id, firstName: 'Beata', lastName: 'Beslutsdotter' };
  const kid = await apiPost<{ id: string }>(system.baseUrl, reception, '/persons', {
    personnummer: syntheticPersonnummer(951_002, { today: '2026-01-01', ageGroup: 'child' }),
    firstName: 'Elvin',
    lastName: 'Beslutsdotter',
    streetAddress: 'Beslutsvägen 3',
    postalCode: '112 46',
    city: 'Stockholm',
    districtId: kungsholmen.id,
    protection: 'none',
  });
  child = { id: kid.id, firstName: 'Elvin' };
  const worker = await apiSession(system.baseUrl, 'socialsekreterare');
  socialWorkerId = (await apiGet<{ userId: string }>(system.baseUrl, worker, '/auth/session'))
    .userId;
}, 180_000);

afterAll(async () => {
  if (originalSettings !== undefined) {
    const current = await apiGet<Settings>(system.baseUrl, admin, '/decision-settings');
    const { version, ...rest } = current;
    await apiPut('/decision-settings', admin, {
      ...rest,
      version,
      routineRules: originalSettings.routineRules,
      autoDecideFullGrants: originalSettings.autoDecideFullGrants,
    });
  }
  for (const context of contexts) await context.close();
  await system.stop();
});

describe('decision journey', () => {
  it('the administrator sets the delegation the journey needs and the letter contact', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'admin');
    await page.goto(`${system.baseUrl}/admin`);
    await page.getByTestId('admin-decision-settings').click();
    await page.waitForURL('**/admin/beslut');
    await page.getByTestId('decision-settings-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Rules that guard the applicant cannot be switched off; the derived-parameter rule was.
    expect(await page.getByTestId('routine-not_confirmed').isDisabled()).toBe(true);
    expect(await page.getByTestId('routine-not_confirmed').isChecked()).toBe(true);
    expect(await page.getByTestId('routine-derived_parameters').isChecked()).toBe(false);

    // The journey needs these two lines of the delegation order; whatever the demo has, set them.
    await ensureRule(page, 'social_worker', 'regular', 30_000, true);
    await ensureRule(page, 'reception_officer', 'emergency', 3_000, false);
    await page.getByTestId('letter-phone').fill('08-508 00 000');
    await page.getByTestId('decision-settings-save').click();
    await expect
      .poll(() => textOf(page.getByTestId('decision-settings-status')))
      .toContain('sparade');
    const saved = await apiGet<Settings>(system.baseUrl, admin, '/decision-settings');
    expect(saved.delegation).toContainEqual({
      role: 'social_worker',
      kind: 'regular',
      maxAmount: 30_000,
      mayDecideAdverse: true,
    });
    expect(saved.delegation).toContainEqual({
      role: 'reception_officer',
      kind: 'emergency',
      maxAmount: 3_000,
      mayDecideAdverse: false,
    });
    expect(saved.phone).toBe('08-508 00 000');
    expect(saved.routineRules.derived_parameters).toBe(false);
  });

  it('reception records the first contact with an acute need and books the first visit in time', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'mottagning');
    await page.goto(`${system.baseUrl}/personer/${applicant.id}`);
    await page.getByTestId('open-case-form').waitFor();
    await page.getByTestId('open-case-channel').selectOption('visit');
    await page.getByTestId('open-case-submit').click();
    await page.waitForURL(/\/arenden\/[0-9a-f-]{36}$/);
    caseId = new URL(page.url()).pathname.split('/').pop() ?? '';

    const reception = await apiSession(system.baseUrl, 'mottagning');
    await apiPost(system.baseUrl, reception, `/cases/${caseId}/household-members`, {
      personId: child.id,
      memberRole: 'child',
      validFrom: stockholmDay(),
    });

    // The page shows the deadline: 14 days after the opening.
    const deadline = stockholmDay(14);
    await expect.poll(() => textOf(page.getByTestId('case-first-visit'))).toContain(deadline);
    await page.getByTestId('case-applications').waitFor();

    await page.getByTestId('action-type').selectOption('first_contact_recorded');
    await page.getByTestId('action-summary').fill('Besök i receptionen, söker försörjningsstöd.');
    await page
      .getByTestId('action-acute-need')
      .fill('Saknar pengar till mat i dag. Nödbistånd till mat beslutas i dag.');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('action-submit').click();
    await expect.poll(() => textOf(page.getByTestId('action-done'))).toContain('Första kontakt');

    // The refused module actions are not offered any more.
    const offered = await page.getByTestId('action-type').locator('option').allTextContents();
    expect(offered).not.toContain('Ansökan mottagen');
    expect(offered).not.toContain('Beslut registrerat');

    await page.getByTestId('action-type').selectOption('first_visit_booked');
    await page.getByTestId('action-date').fill(stockholmDay(7));
    await page.getByTestId('action-submit').click();
    await expect
      .poll(() => textOf(page.getByTestId('case-first-visit')))
      .toContain(`Bokat till ${stockholmDay(7)}`);
    expect(await textOf(page.getByTestId('case-first-visit'))).not.toContain('efter tidsgränsen');

    // The acute need is met the same day: an emergency decision, with the child's best interests.
    await page.getByTestId('new-emergency').click();
    await page.getByTestId('emergency-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('emergency-amount').fill('800');
    await page.getByTestId('emergency-purpose').fill('Mat för tre dagar');
    await page.getByTestId('emergency-submit').click();
    await page.waitForURL(/\/beslut\/[0-9a-f-]{36}$/);
    await expect.poll(() => textOf(page.getByTestId('decision-heading'))).toContain('Nödbistånd');
    await page.getByTestId('child-impact-text').fill(CHILD_IMPACT);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('decision-sign').click();
    await page.getByTestId('sign-dialog-yes').click();
    await expect
      .poll(() => textOf(page.getByTestId('decision-state')))
      .toContain('Signerat och låst');
    expect(await textOf(page.getByTestId('decision-amount'))).toContain('800');

    const view = await apiGet<{ version: number }>(system.baseUrl, reception, `/cases/${caseId}`);
    await apiPost(system.baseUrl, reception, `/cases/${caseId}/actions`, {
      version: view.version,
      action: { type: 'officer_assigned', userId: socialWorkerId, role: 'social_worker' },
    });
  });

  it('the officer registers an application, uploads a document, confirms it and signs the decision', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'socialsekreterare');
    await page.goto(`${system.baseUrl}/arenden/${caseId}`);
    await page.getByTestId('applications-empty').waitFor();
    await page.getByTestId('new-application').click();
    await page.getByTestId('new-application-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(await page.getByTestId('new-application-kind').inputValue()).toBe('initial');
    await page.getByTestId('new-application-submit').click();
    await page.waitForURL(/\/ansokningar\/[0-9a-f-]{36}$/);
    await expect
      .poll(() => textOf(page.getByTestId('application-heading')))
      .toContain(applicant.lastName);
    await expect.poll(() => page.getByTestId('household-member').count()).toBe(2);

    // Costs: the rent, in whole kronor; saving recalculates.
    await page.getByTestId('add-cost').click();
    await page.getByTestId('cost-row').first().getByTestId('cost-type').selectOption('rent');
    await page.getByTestId('cost-row').first().getByTestId('cost-amount').fill('6 500');
    await page.getByTestId('costs-save').click();
    await expect.poll(() => textOf(page.getByTestId('application-status'))).toContain('sparad');
    await expect
      .poll(() => page.getByTestId('calculation-line').filter({ hasText: 'Hyra' }).count())
      .toBe(1);
    expect(await textOf(page.getByTestId('calculation-amount'))).toMatch(/\d/);
    // The 2026 norm is derived, and the page says so line by line.
    expect(await page.getByTestId('derived-badge').count()).toBeGreaterThan(0);
    await page.getByTestId('derived-warning').waitFor();

    // A file that only claims to be a PDF is refused by the server with a clear message.
    await page.getByTestId('upload-kind').selectOption('rent_notice');
    await page.getByTestId('upload-file').setInputFiles({
      name: 'hyresavi.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('MZ this is a program, not a document'),
    });
    await page.getByTestId('upload-submit').click();
    await expect
      .poll(() => textOf(page.getByTestId('upload-file-error')))
      .toContain('inte en PDF, JPEG eller PNG');

    await page.getByTestId('upload-file').setInputFiles({
      name: 'hyresavi.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.getByTestId('upload-submit').click();
    await expect.poll(() => page.getByTestId('document-row').count()).toBe(1);
    const rent = page.locator('[data-testid="required-document"][data-kind="rent_notice"]');
    expect(await rent.getAttribute('data-missing')).toBe('false');
    // The first application also needs bank statements: still missing.
    expect(await textOf(page.getByTestId('missing-summary'))).toContain('saknas');
    const download = await page.getByTestId('document-link').getAttribute('href');
    const downloaded = await page.request.get(`${system.baseUrl}${download ?? ''}`);
    expect(downloaded.headers()['content-type']).toContain('application/pdf');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('confirmation-method').selectOption('in_person');
    await page.getByTestId('confirmation-submit').click();
    await page.getByTestId('confirmation-done').waitFor();

    await page.getByTestId('to-decision').click();
    await page.waitForURL(/\/beslut\/[0-9a-f-]{36}$/);
    await page.getByTestId('draft-form').waitFor();
    // The child's best interests are still missing: the checklist says so.
    const childItem = page.locator('[data-testid="blocker-item"][data-item="childImpact"]');
    expect(await childItem.getAttribute('data-done')).toBe('false');
    expect(await textOf(childItem)).toContain(child.firstName);
    await page.getByTestId('legal-basis-citation').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('reason-template').selectOption('full_grant');
    await page.getByTestId('template-replace').click();
    expect(await page.getByTestId('decision-reasons').inputValue()).toContain('riksnormen');
    await page.getByTestId('child-impact-text').fill(CHILD_IMPACT);
    await page.getByTestId('draft-save').click();
    await expect.poll(() => textOf(page.getByTestId('decision-status'))).toContain('sparat');
    await expect.poll(() => textOf(page.getByTestId('blockers-summary'))).toContain('kan signeras');

    await page.getByTestId('decision-sign').click();
    await page.getByTestId('sign-dialog-yes').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('sign-dialog-yes').click();
    await expect
      .poll(() => textOf(page.getByTestId('decision-state')))
      .toContain('Signerat och låst');
    expect(await textOf(page.getByTestId('decided-by'))).toContain('Sara Socialsekreterare');
    expect(await axeViolations(page)).toEqual([]);

    // The letter opens as a PDF through the page's own link.
    const letter = await page.getByTestId('decision-letter').getAttribute('href');
    const res = await page.request.get(`${system.baseUrl}${letter ?? ''}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    expect((await res.body()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a routine next month is signed from the work list in at most three actions', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'socialsekreterare');
    await page.goto(`${system.baseUrl}/arenden/${caseId}`);
    await expect.poll(() => page.getByTestId('application-row').count()).toBe(1);

    const next = monthAfter(stockholmDay().slice(0, 7));
    await page.getByTestId('new-application').click();
    await page.getByTestId('new-application-month').fill(next);
    expect(await page.getByTestId('new-application-kind').inputValue()).toBe('continued');
    expect(await page.getByTestId('new-application-copy').isChecked()).toBe(true);
    await page.getByTestId('new-application-submit').click();
    await page.waitForURL(/\/ansokningar\/[0-9a-f-]{36}$/);
    await expect.poll(() => textOf(page.getByTestId('application-heading'))).toContain(next);
    // Copied from the previous month.
    await expect
      .poll(() => page.getByTestId('cost-row').first().getByTestId('cost-amount').inputValue())
      .toBe('6500');

    await page.getByTestId('upload-kind').selectOption('rent_notice');
    await page.getByTestId('upload-file').setInputFiles({
      name: 'hyresavi-nasta.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.getByTestId('upload-submit').click();
    await expect.poll(() => page.getByTestId('document-row').count()).toBe(1);
    await expect
      .poll(() => textOf(page.getByTestId('missing-summary')))
      .toContain('Alla handlingar');
    await page.getByTestId('confirmation-method').selectOption('e_service');
    await page.getByTestId('confirmation-submit').click();
    await page.getByTestId('confirmation-done').waitFor();

    await page.getByTestId('nav-decisions').click();
    await page.waitForURL('**/beslut');
    const ready = page
      .getByTestId('worklist-readyToSign')
      .getByTestId('worklist-item')
      .filter({ hasText: applicant.lastName });
    await expect.poll(() => ready.count()).toBe(1);
    expect(await textOf(page.getByTestId('worklist-count-readyToSign'))).toMatch(/\(\d+\)/);
    expect(await axeViolations(page)).toEqual([]);

    // From the work list: open the item, sign, confirm. Every user action is counted.
    let actions = 0;
    const act = async (target: Locator) => {
      actions += 1;
      await target.click();
    };
    await act(ready.getByTestId('worklist-link'));
    await act(page.getByTestId('decision-sign'));
    await act(page.getByTestId('sign-dialog-yes'));
    await expect
      .poll(() => textOf(page.getByTestId('decision-state')))
      .toContain('Signerat och låst');
    expect(actions).toBeLessThanOrEqual(3);
    expect(await textOf(page.getByTestId('decision-heading'))).toContain(next);

    // The month has left the work list.
    await page.getByTestId('nav-decisions').click();
    await page.getByTestId('worklist-readyToSign').waitFor();
    await expect.poll(() => ready.count()).toBe(0);
  });
});
