// Browser journey of a case: reception opens it from the person page, the social worker finds it
// in "Mina ärenden", writes a visit note that survives a reload mid-sentence and signs it, and the
// supervisor sees the caseload and reassigns the case to another officer (a change in between is
// reported by name, then the retry goes through); axe-core finds no WCAG 2.1 A/AA violations on
// the new pages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
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

let system: RunningSystem;
const contexts: BrowserContext[] = [];
let person: { id: string; lastName: string };
let socialWorkerId: string;
let benefitOfficerId: string;
let caseId: string;

async function newPage(): Promise<Page> {
  const context = await system.browser.newContext({
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  contexts.push(context);
  return context.newPage();
}

beforeAll(async () => {
  system = await startSystem();
  const reception = await apiSession(system.baseUrl, 'mottagning');
  const org = await apiGet<{ districts: { id: string; name: string }[] }>(
    system.baseUrl,
    reception,
    '/org',
  );
  const kungsholmen = org.districts.find((d) => d.name === 'Kungsholmen');
  if (!kungsholmen) throw new Error('demo district Kungsholmen missing');
  const lastName = 'Ärendesson';
  const { id } = await apiPost<{ id: string }>(system.baseUrl, reception, '/persons', {
    personnummer: syntheticPersonnummer(950_001, { today: '2026-01-01' }),
    firstName: 'Resa',
    lastName,
    streetAddress: 'Ärendegatan 7',
    postalCode: '112 45',
    city: 'Stockholm',
    districtId: kungsholmen.id,
    protection: 'none',
  });
  person = { id, lastName };
  const worker = await apiSession(system.baseUrl, 'socialsekreterare');
  socialWorkerId = (await apiGet<{ userId: string }>(system.baseUrl, worker, '/auth/session'))
    .userId;
  const benefit = await apiSession(system.baseUrl, 'bidrag');
  benefitOfficerId = (await apiGet<{ userId: string }>(system.baseUrl, benefit, '/auth/session'))
    .userId;
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await system.stop();
});

describe('case journey', () => {
  it('reception opens a case from the person page', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'mottagning');
    await page.goto(`${system.baseUrl}/personer/${person.id}`);
    await expect
      .poll(() => page.getByTestId('person-heading').textContent())
      .toContain(person.lastName);
    await page.getByTestId('open-case-form').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('open-case-channel').selectOption('phone');
    await page.getByTestId('open-case-submit').click();
    await page.waitForURL(/\/arenden\/[0-9a-f-]{36}$/);
    caseId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await expect
      .poll(() => page.getByTestId('case-heading').textContent())
      .toContain(person.lastName);
    // Only allowed actions are offered; the case log names the opening in Swedish.
    await expect.poll(() => page.getByTestId('case-log').textContent()).toContain('öppnades');
    const offered = await page.getByTestId('action-type').locator('option').allTextContents();
    expect(offered).toContain('Första kontakt registrerad');
    expect(offered).not.toContain('Ärendet öppnat igen');
    // The address is never shown on the case page.
    expect(await page.locator('main').textContent()).not.toContain('Ärendegatan');

    // Reception cannot choose officers in the UI (no caseload access): assign through the API.
    const reception = await apiSession(system.baseUrl, 'mottagning');
    const view = await apiGet<{ version: number }>(system.baseUrl, reception, `/cases/${caseId}`);
    await apiPost(system.baseUrl, reception, `/cases/${caseId}/actions`, {
      version: view.version,
      action: { type: 'officer_assigned', userId: socialWorkerId, role: 'social_worker' },
    });
  });

  it('the social worker writes a note that survives a reload, then signs it', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'socialsekreterare');
    await page.goto(`${system.baseUrl}/arenden`);
    const link = page.getByTestId('my-case-link').filter({ hasText: person.lastName });
    await expect.poll(() => link.count()).toBe(1);
    await page.getByTestId('my-cases-filter').fill(person.lastName);
    await expect.poll(() => page.getByTestId('my-case-row').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await link.click();
    await page.waitForURL(`**/arenden/${caseId}`);
    await expect
      .poll(() => page.getByTestId('case-heading').textContent())
      .toContain(person.lastName);
    await page.getByTestId('journal').waitFor();

    // Alt+N opens a new note with the body field focused.
    await page.keyboard.press('Alt+KeyN');
    const body = page.getByTestId('note-body');
    await body.waitFor();
    await expect.poll(() => page.locator('[data-testid="note-body"]:focus').count()).toBe(1);
    await body.fill('Besök med sökanden. ');
    await expect.poll(() => page.getByTestId('save-status').textContent()).toMatch(/Sparat/);
    expect(await axeViolations(page)).toEqual([]);

    // Mid-sentence: the autosave has not run yet when the page is reloaded.
    const text = 'Besök med sökanden. Hen berättar att hyran';
    await body.fill(text);
    await page.reload();
    await expect.poll(() => page.getByTestId('note-body').inputValue()).toBe(text);
    await page.getByTestId('note-restored').waitFor();
    await expect.poll(() => page.getByTestId('save-status').textContent()).toMatch(/Sparat/);

    await page.getByTestId('sign-note').click();
    await page.getByTestId('sign-confirm-yes').click();
    const signed = page.getByTestId('signed-note').filter({ hasText: text });
    await expect.poll(() => signed.count()).toBe(1);
    await expect
      .poll(() => signed.getByTestId('note-locked').textContent())
      .toContain('Signerad och låst');
    expect(await page.getByTestId('note-editor').count()).toBe(0);
    expect(await page.getByTestId('draft-note').count()).toBe(0);

    // A signed note takes addenda, shown with it.
    await signed.getByTestId('add-addendum').click();
    await signed.getByTestId('addendum-body').fill('Hyran gäller februari.');
    await signed.getByTestId('addendum-submit').click();
    await expect
      .poll(() => signed.getByTestId('addendum').first().textContent())
      .toContain('Hyran gäller februari.');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the supervisor sees the caseload and reassigns the case to another officer', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'arbetsledare');
    await page.getByTestId('nav-caseload').click();
    await page.waitForURL('**/arbetsbelastning');
    await expect.poll(() => page.getByTestId('caseload-row').count()).toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);

    const row = (name: string) => page.getByTestId('caseload-row').filter({ hasText: name });
    const activeCases = async (name: string) =>
      Number(await row(name).locator('td').first().textContent());
    const saraBefore = await activeCases('Sara Socialsekreterare');
    const aliBefore = await activeCases('Ali Arbetsrehab');

    // "Välj ärenden" on Sara's row chooses her, lists all her open cases (every one is in the
    // supervisor's unit) and puts the keyboard in the list's filter.
    await row('Sara Socialsekreterare').getByTestId('caseload-reassign').click();
    expect(await page.getByTestId('reassign-from').inputValue()).toBe(socialWorkerId);
    await expect.poll(() => page.locator('[data-testid="reassign-filter"]:focus').count()).toBe(1);
    const listStatus = page.getByTestId('reassign-list-status');
    await expect
      .poll(() => listStatus.textContent())
      .toBe(`Sara Socialsekreterare har ${saraBefore} öppna ärenden som du kan lämna över.`);
    const cases = page.getByTestId('reassign-case');
    expect(await cases.count()).toBe(saraBefore);
    expect(await axeViolations(page)).toEqual([]);

    // The filter narrows the list; "Markera alla som visas" ticks only what is shown.
    await page.keyboard.type(person.lastName);
    await expect.poll(() => cases.count()).toBe(1);
    expect(await listStatus.textContent()).toContain(`Visar 1 av ${saraBefore}.`);
    const item = cases.filter({ hasText: person.lastName });
    expect(await item.textContent()).toContain('Socialsekreterare');
    const box = item.getByTestId('reassign-case-check');
    expect(await box.isChecked()).toBe(false);
    await page.getByTestId('reassign-select-all').click();
    expect(await box.isChecked()).toBe(true);
    expect(await page.getByTestId('reassign-submit').textContent()).toBe('Lämna över 1 ärende');
    await page.getByTestId('reassign-select-none').click();
    expect(await box.isChecked()).toBe(false);

    // Nothing ticked, no receiver, no review: each is named, and nothing is sent.
    await page.getByTestId('reassign-submit').click();
    await expect
      .poll(() => page.getByTestId('reassign-form').textContent())
      .toContain('Kryssa i minst ett ärende');
    expect(await page.getByTestId('reassign-form').textContent()).toContain('Skriv överlämningen');
    // The checkbox takes the keyboard: Space ticks it.
    await box.focus();
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await page.getByTestId('reassign-to').selectOption({ label: 'Ali Arbetsrehab' });
    await page
      .getByTestId('reassign-review')
      .fill('Första besöket är hållet och journalen signerad. Nästa steg: utredning.');
    expect(await axeViolations(page)).toEqual([]);

    // The unit manager changes the case after the list was read, before the hand-over.
    let raced = false;
    await page.route('**/api/v1/cases/*/actions', async (route) => {
      if (!raced) {
        raced = true;
        const manager = await apiSession(system.baseUrl, 'enhetschef');
        const view = await apiGet<{ version: number }>(system.baseUrl, manager, `/cases/${caseId}`);
        await apiPost(system.baseUrl, manager, `/cases/${caseId}/actions`, {
          version: view.version,
          action: { type: 'officer_assigned', userId: benefitOfficerId, role: 'benefit_officer' },
        });
      }
      await route.continue();
    });
    await page.getByTestId('reassign-submit').click();
    const outcome = item.getByTestId('reassign-outcome');
    await expect.poll(() => outcome.getAttribute('data-outcome')).toBe('failed');
    expect(await outcome.textContent()).toContain('ändrades av Erik Enhetschef');
    expect(await page.getByTestId('reassign-summary').textContent()).toContain(
      '0 av 1 ärenden lämnades över',
    );
    await page.unroute('**/api/v1/cases/*/actions');

    // The box stays ticked: trying again reads the case again and hands it over.
    expect(await box.isChecked()).toBe(true);
    await page.getByTestId('reassign-submit').click();
    await expect.poll(() => outcome.getAttribute('data-outcome')).toBe('done');
    expect(await outcome.textContent()).toContain('Överlämnat till Ali Arbetsrehab');
    expect(await page.getByTestId('reassign-summary').textContent()).toContain(
      '1 av 1 ärenden lämnades över till Ali Arbetsrehab',
    );
    expect(await box.isDisabled()).toBe(true);
    // The counts are read again.
    await expect.poll(() => activeCases('Sara Socialsekreterare')).toBe(saraBefore - 1);
    await expect.poll(() => activeCases('Ali Arbetsrehab')).toBe(aliBefore + 1);
    expect(await axeViolations(page)).toEqual([]);

    // The case names the new officer, and its log the hand-over.
    await page.goto(`${system.baseUrl}/arenden/${caseId}`);
    await expect
      .poll(() => page.getByTestId('case-officers').textContent())
      .toContain('Ali Arbetsrehab');
    expect(await page.getByTestId('case-officers').textContent()).not.toContain(
      'Sara Socialsekreterare',
    );
    expect(await page.getByTestId('case-log').textContent()).toContain('Ärendet överlämnat');
  });
});
