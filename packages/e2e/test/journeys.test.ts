// Browser journeys in Debian's Chromium against the real server with demo data: login, person
// search, person page, the supervisor seeing the access, protected persons hidden, unit
// isolation, and axe-core finding no WCAG 2.1 A/AA violations on any page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { syntheticPersonnummer, formatPersonnummer } from '@skyddsnat/domain';
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
let ordinary: { id: string; personnummer: string; lastName: string };
let hidden: { id: string; personnummer: string; lastName: string };

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
  // Self-seeding through the API: reception registers the persons this journey needs.
  const reception = await apiSession(system.baseUrl, 'mottagning');
  const org = await apiGet<{ districts: { id: string; name: string }[] }>(
    system.baseUrl,
    reception,
    '/org',
  );
  const kungsholmen = org.districts.find((d) => d.name === 'Kungsholmen');
  if (!kungsholmen) throw new Error('demo district Kungsholmen missing');
  const register = async (index: number, lastName: string, protection: string) => {
    const personnummer = syntheticPersonnummer(900_000 + index, { today: '2026-01-01' });
    const { id } = await apiPost<{ id: string }>(system.baseUrl, reception, '/persons', {
      personnummer,
      firstName: 'Journey',
      lastName,
      streetAddress: 'Resvägen 3',
      postalCode: '112 45',
      city: 'Stockholm',
      districtId: kungsholmen.id,
      protection,
    });
    return { id, personnummer: formatPersonnummer(personnummer), lastName };
  };
  ordinary = await register(1, 'Resenärsson', 'none');
  hidden = await register(2, 'Skyddadsdotter', 'skyddad_folkbokforing');
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await system.stop();
});

describe('staff journeys', () => {
  it('the login page is accessible and a wrong password gets a clear Swedish message', async () => {
    const page = await newPage();
    await page.goto(`${system.baseUrl}/login`);
    expect(await page.getAttribute('html', 'lang')).toBe('sv');
    // Demo data is synthetic, and every page says so.
    await expect.poll(() => page.getByTestId('demo-banner').textContent()).toMatch(/Demoläge/);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByTestId('login-username').fill('socialsekreterare');
    await page.getByTestId('login-password').fill('fel lösenord');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/lösenord/i);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a social worker logs in, sees the start page, searches, and opens a person', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'socialsekreterare');
    await expect.poll(() => page.locator('main').textContent()).toContain('Utredning');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${system.baseUrl}/personer`);
    await page.getByTestId('person-search-input').fill(ordinary.lastName);
    await page.getByTestId('person-search-input').press('Enter');
    const hit = page.getByTestId('search-hit').filter({ hasText: ordinary.lastName });
    await expect.poll(() => hit.count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await hit.getByRole('link').first().click();
    await expect
      .poll(() => page.getByTestId('person-heading').textContent())
      .toContain(ordinary.lastName);
    await expect
      .poll(() => page.getByTestId('person-address').textContent())
      .toContain('Resvägen 3');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the supervisor sees the social worker in "who has looked at this person"', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'arbetsledare');
    await page.goto(`${system.baseUrl}/personer/${ordinary.id}`);
    await expect
      .poll(() => page.getByTestId('person-heading').textContent())
      .toContain(ordinary.lastName);
    await page.getByTestId('show-access-history').click();
    const rows = page.getByTestId('access-history-row');
    await expect
      .poll(() => rows.filter({ hasText: 'socialsekreterare' }).count())
      .toBeGreaterThan(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a protected person is hidden from staff without a relation or grant', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'socialsekreterare');
    await page.goto(`${system.baseUrl}/personer`);
    await page.getByTestId('person-search-input').fill(hidden.lastName);
    await page.getByTestId('person-search-input').press('Enter');
    await expect.poll(() => page.locator('main').textContent()).toMatch(/inga personer hittades/i);
    expect(await page.getByTestId('search-hit').count()).toBe(0);

    await page.getByTestId('person-search-input').fill(hidden.personnummer);
    await page.getByTestId('person-search-input').press('Enter');
    const restricted = page.getByTestId('search-hit');
    await expect.poll(() => restricted.count()).toBe(1);
    const text = (await restricted.first().textContent()) ?? '';
    expect(text).not.toContain(hidden.lastName);
    expect(text).toMatch(/skyddade personuppgifter/i);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${system.baseUrl}/personer/${hidden.id}`);
    await expect
      .poll(() => page.getByTestId('forbidden').textContent())
      .toMatch(/skyddade personuppgifter/i);
    expect(await page.locator('body').textContent()).not.toContain('Resvägen');
    expect(await page.locator('body').textContent()).not.toContain(hidden.lastName);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('a user of another unit cannot find the person at all', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'farsta');
    await page.goto(`${system.baseUrl}/personer`);
    await page.getByTestId('person-search-input').fill(ordinary.lastName);
    await page.getByTestId('person-search-input').press('Enter');
    await expect.poll(() => page.locator('main').textContent()).toMatch(/inga personer hittades/i);
    await page.goto(`${system.baseUrl}/personer/${ordinary.id}`);
    await expect.poll(() => page.getByTestId('forbidden').textContent()).toMatch(/koppling/i);
  });

  it('the auditor states a purpose, and the access-log pages are accessible', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'revisor');
    await page.goto(`${system.baseUrl}/atkomstlogg`);
    await expect.poll(() => page.locator('h1').textContent()).toMatch(/åtkomstlogg/i);
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${system.baseUrl}/personer`);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the administration pages are accessible', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'admin');
    await page.goto(`${system.baseUrl}/admin`);
    await expect.poll(() => page.locator('main').textContent()).toContain('Farsta');
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${system.baseUrl}/admin/andringslogg`);
    await expect.poll(() => page.locator('h1').count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });
});
