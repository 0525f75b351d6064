// Browser journey of a household: the social worker adds a child to the household on the case
// page (a protected person found by number cannot be chosen), registers a relative there and ends
// that membership (an end before the start is refused); a visit note without the children's
// heading is stopped until it is written, then signed; Alt+J goes on to the next case in Mina
// ärenden. axe-core finds no WCAG 2.1 A/AA violations in each of these states.
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
let caseId: string;
const childNumber = syntheticPersonnummer(953_002, { today: '2026-01-01', ageGroup: 'child' });
const protectedNumber = syntheticPersonnummer(953_003, { today: '2026-01-01' });
const relativeNumber = syntheticPersonnummer(953_004, { today: '2026-01-01' });

/** Today in the municipality's time zone, and the day before, as YYYY-MM-DD. */
const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm' }).format(new Date());
const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - 86_400_000)
  .toISOString()
  .slice(0, 10);

async function newPage(): Promise<Page> {
  const context = await system.browser.newContext({
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  contexts.push(context);
  return context.newPage();
}

async function socialWorkerOnCase(): Promise<Page> {
  const page = await newPage();
  await loginAs(page, system.baseUrl, 'socialsekreterare');
  await page.goto(`${system.baseUrl}/arenden/${caseId}`);
  await expect.poll(() => page.getByTestId('case-heading').textContent()).toContain('Hushållsson');
  return page;
}

beforeAll(async () => {
  system = await startSystem();
  const reception = await apiSession(system.baseUrl, 'mottagning');
  const org = await apiGet<{
    districts: { id: string; name: string }[];
    units: { id: string; servedDistrictIds: string[] }[];
  }>(system.baseUrl, reception, '/org');
  const kungsholmen = org.districts.find((d) => d.name === 'Kungsholmen');
  const unit = org.units.find((u) => kungsholmen && u.servedDistrictIds.includes(kungsholmen.id));
  if (!kungsholmen || !unit) throw new Error('demo district Kungsholmen or its unit missing');
  const register = (personnummer: string, firstName: string, extra: object = {}) =>
    apiPost<{ id: string }>(system.baseUrl, reception, '/persons', {
      personnummer,
      firstName,
      lastName: 'Hushållsson',
      districtId: kungsholmen.id,
      protection: 'none',
      ...extra,
    });
  const applicant = await register(
    syntheticPersonnummer(953_001, { today: '2026-01-01' }),
    'Hanna',
    { streetAddress: 'Hushållsgatan 4', postalCode: '112 47', city: 'Stockholm' },
  );
  await register(childNumber, 'Hugo');
  // Someone this social worker may not read: found by number, never by name or address.
  await register(protectedNumber, 'Hemlig', {
    streetAddress: 'Skyddade vägen 9',
    protection: 'skyddad_folkbokforing',
  });
  ({ id: caseId } = await apiPost<{ id: string }>(system.baseUrl, reception, '/cases', {
    personId: applicant.id,
    unitId: unit.id,
    channel: 'visit',
  }));
  const worker = await apiSession(system.baseUrl, 'socialsekreterare');
  const { userId } = await apiGet<{ userId: string }>(system.baseUrl, worker, '/auth/session');
  const view = await apiGet<{ version: number }>(system.baseUrl, reception, `/cases/${caseId}`);
  await apiPost(system.baseUrl, reception, `/cases/${caseId}/actions`, {
    version: view.version,
    action: { type: 'officer_assigned', userId, role: 'social_worker' },
  });
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await system.stop();
});

describe('household journey', () => {
  it('the social worker adds a child to the household', async () => {
    const page = await socialWorkerOnCase();
    const household = page.getByTestId('household');
    await household.waitFor();
    await expect.poll(() => household.getByTestId('household-member').count()).toBe(1);
    expect(await household.getByTestId('household-member').textContent()).toContain('Sökande');
    expect(await axeViolations(page)).toEqual([]);

    await household.getByTestId('household-add').click();
    await expect.poll(() => page.locator('[data-testid="household-search"]:focus').count()).toBe(1);

    // A protected person this user may not read shows by number only, and cannot be chosen.
    await page.keyboard.type(protectedNumber);
    await page.keyboard.press('Enter');
    const hit = household.getByTestId('household-hit');
    await expect.poll(() => hit.count()).toBe(1);
    expect(await hit.textContent()).toContain('Kan inte väljas');
    expect(await hit.getByTestId('household-choose').count()).toBe(0);

    // Adding without a chosen person or a role names both.
    await household.getByTestId('household-add-submit').click();
    await expect
      .poll(() => household.getByTestId('household-add-form').textContent())
      .toContain('Sök fram och välj en person');
    expect(await household.getByTestId('household-add-form').textContent()).toContain(
      'Välj roll i hushållet',
    );

    await household.getByTestId('household-search').fill(childNumber);
    await household.getByTestId('household-search-submit').click();
    await expect.poll(() => hit.textContent()).toContain('Hugo Hushållsson');
    await hit.getByTestId('household-choose').click();
    // Choosing moves on to the role.
    await expect.poll(() => page.locator('[data-testid="household-role"]:focus').count()).toBe(1);
    expect(await household.getByTestId('household-chosen').textContent()).toContain(
      'Hugo Hushållsson',
    );
    await household.getByTestId('household-role').selectOption('child');
    expect(await household.getByTestId('household-valid-from').inputValue()).toBe(today);
    expect(await axeViolations(page)).toEqual([]);
    await household.getByTestId('household-add-submit').click();

    await expect
      .poll(() => household.getByTestId('household-done').textContent())
      .toContain('Hugo Hushållsson har lagts till i hushållet');
    const child = household.getByTestId('household-member').filter({ hasText: 'Hugo' });
    await expect.poll(() => child.count()).toBe(1);
    expect(await child.textContent()).toContain('Barn');
    expect(await child.getByTestId('household-member-to').textContent()).toBe('Bor kvar');
    expect(await household.getByTestId('household-add-panel').isVisible()).toBe(false);
  });

  it('registers a relative in the household and ends the membership', async () => {
    const page = await socialWorkerOnCase();
    const household = page.getByTestId('household');
    await household.getByTestId('household-add').click();
    await household.getByTestId('household-search').fill(relativeNumber);
    await household.getByTestId('household-search-submit').click();
    await expect
      .poll(() => household.getByTestId('household-search-status').textContent())
      .toContain('Ingen person hittades');

    // Registered here, the person is chosen at once; the district is the case's.
    await household.getByTestId('household-register-toggle').click();
    const form = household.getByTestId('household-register-form');
    expect(await form.getByTestId('household-register-personnummer').inputValue()).toBe(
      relativeNumber,
    );
    await form.getByTestId('household-register-first-name').fill('Harald');
    await form.getByTestId('household-register-last-name').fill('Hushållsson');
    expect(
      await form.getByTestId('household-register-district').locator('option:checked').textContent(),
    ).toBe('Kungsholmen');
    expect(await axeViolations(page)).toEqual([]);
    await form.getByTestId('household-register-submit').click();
    await expect
      .poll(() => household.getByTestId('household-chosen').textContent())
      .toContain('Harald Hushållsson');
    await household.getByTestId('household-role').selectOption('other');
    await household.getByTestId('household-add-submit').click();
    const relative = household.getByTestId('household-member').filter({ hasText: 'Harald' });
    await expect.poll(() => relative.count()).toBe(1);
    expect(await relative.textContent()).toContain('Annan');

    // An end before the start is refused in Swedish; the membership stays open.
    await relative.getByTestId('household-end').click();
    const end = household.getByTestId('household-end-form');
    await expect
      .poll(() => page.locator('[data-testid="household-valid-to"]:focus').count())
      .toBe(1);
    await end.getByTestId('household-valid-to').fill(yesterday);
    await end.getByTestId('household-end-submit').click();
    await expect
      .poll(() => end.textContent())
      .toContain('Till och med-datumet kan inte vara före från och med-datumet');
    expect(await axeViolations(page)).toEqual([]);
    await end.getByTestId('household-valid-to').fill(today);
    await end.getByTestId('household-end-submit').click();
    await expect
      .poll(() => household.getByTestId('household-done').textContent())
      .toContain('Medlemskapet för Harald Hushållsson har avslutats');
    await expect
      .poll(() => relative.getByTestId('household-member-to').textContent())
      .not.toBe('Bor kvar');
    expect(await relative.getByTestId('household-end').count()).toBe(0);

    // No address, protected or not, anywhere on the page.
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).not.toContain('Hushållsgatan');
    expect(text).not.toContain('Skyddade vägen');
  });

  it('a visit note without the children’s heading is stopped until it is written, then signed', async () => {
    const page = await socialWorkerOnCase();
    await page.getByTestId('journal').waitFor();
    await page.keyboard.press('Alt+KeyN');
    const body = page.getByTestId('note-body');
    await expect.poll(() => page.locator('[data-testid="note-body"]:focus').count()).toBe(1);
    expect(await page.getByTestId('note-type').inputValue()).toBe('visit');
    await body.fill('Besök med Hanna. Vi gick igenom hyran och ansökan.');
    await expect.poll(() => page.getByTestId('save-status').textContent()).toMatch(/Sparat/);

    // Alt+S asks for the signature; the household has a child, so the heading is required.
    await page.keyboard.press('Alt+KeyS');
    await page.getByTestId('sign-confirm-yes').click();
    await expect
      .poll(() => page.getByTestId('children-error').textContent())
      .toContain('Beskriv barnens situation eller ange varför');
    await expect.poll(() => page.locator('[data-testid="note-children"]:focus').count()).toBe(1);
    expect(await page.getByTestId('signed-note').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    await page.getByTestId('note-children').fill('Hugo går i skolan och mår bra enligt Hanna.');
    await expect.poll(() => page.getByTestId('children-error').count()).toBe(0);
    await expect.poll(() => page.getByTestId('save-status').textContent()).toMatch(/Sparat/);
    await page.getByTestId('sign-note').click();
    await page.getByTestId('sign-confirm-yes').click();
    const signed = page.getByTestId('signed-note');
    await expect.poll(() => signed.count()).toBe(1);
    expect(await signed.textContent()).toContain('Barnens situation');
    expect(await signed.textContent()).toContain('Hugo går i skolan');
  });

  it('Alt+J goes on to the next case in Mina ärenden', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'socialsekreterare');
    // The order is the one Mina ärenden shows first.
    await page.goto(`${system.baseUrl}/arenden`);
    const links = page.getByTestId('my-case-link');
    await expect.poll(() => links.count()).toBeGreaterThan(2);
    const order = await Promise.all(
      (await links.all()).map(async (link) => (await link.getAttribute('href')) ?? ''),
    );
    const [first, second] = order;
    const last = order.at(-1);
    if (!first || !second || !last) throw new Error('Mina ärenden lists too few cases');

    await page.goto(`${system.baseUrl}${first}`);
    await page.getByTestId('next-case-nav').waitFor();
    await page.getByTestId('case-heading').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Alt+KeyJ');
    await page.waitForURL(`**${second}`);
    await page.getByTestId('case-heading').waitFor();

    // After the last case there is nowhere to go, and the page says so.
    await page.goto(`${system.baseUrl}${last}`);
    await page.getByTestId('next-case-nav').waitFor();
    await page.keyboard.press('Alt+KeyJ');
    await expect
      .poll(() => page.getByTestId('next-case-status').textContent())
      .toContain('sista ärendet');
    expect(new URL(page.url()).pathname).toBe(last);
  });
});
