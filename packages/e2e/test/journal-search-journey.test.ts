// Browser journey of the journal search (Sök i journaler): a social worker searches the demo
// journals by keyboard, sees the matched words marked, opens a hit's case and comes back to the
// same results (the query is kept in the URL, so back, forward and reload work), gets "Inga
// träffar" for a word no note has and the refine hint when the newest 50 are shown; a FUT
// investigator, whose role may not search journals, gets neither the link nor the page. axe-core
// finds no WCAG 2.1 A/AA violations on the page with results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  apiGet,
  apiPost,
  apiSession,
  axeViolations,
  loginAs,
  startSystem,
  type RunningSystem,
} from './support/system.ts';

interface SearchHit {
  noteId: string;
  caseId: string;
  applicantName: string;
  status: 'draft' | 'signed';
}

let system: RunningSystem;
const contexts: BrowserContext[] = [];

/** Words of the synthetic demo journals (server/src/demo/journal-text.ts). */
const RARE_WORD = 'tvättmaskinen';
const COMMON_WORD = 'sökanden';
const NONSENSE_WORD = 'zxqvblorp';
/** In no demo note: only in the draft this test writes. */
const DRAFT_WORD = 'kylskåpet';

async function newPage(): Promise<Page> {
  const context = await system.browser.newContext({
    locale: 'sv-SE',
    timezoneId: 'Europe/Stockholm',
  });
  contexts.push(context);
  return context.newPage();
}

/** What the API answers the same user, to compare the page with. */
async function apiSearch(
  username: string,
  q: string,
): Promise<{ hits: SearchHit[]; limit: number }> {
  const session = await apiSession(system.baseUrl, username);
  return apiGet(system.baseUrl, session, `/journal-search?q=${encodeURIComponent(q)}`);
}

const searchFieldFocused = (page: Page) =>
  page.locator('[data-testid="journal-search-input"]:focus').count();

beforeAll(async () => {
  system = await startSystem();
}, 180_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await system.stop();
});

describe('journal search journey', () => {
  it('finds notes by a word, opens a hit and comes back to the same results', async () => {
    const expected = await apiSearch('socialsekreterare', RARE_WORD);
    expect(expected.hits.length).toBeGreaterThan(1);
    expect(expected.hits.length).toBeLessThan(expected.limit);
    const count = expected.hits.length;

    const page = await newPage();
    await loginAs(page, system.baseUrl, 'socialsekreterare');
    await page.getByTestId('nav-journal-search').click();
    await page.waitForURL('**/journalsok');
    await expect.poll(() => page.title()).toContain('Sök i journaler');
    // The field has focus on arrival; Enter submits.
    await expect.poll(() => searchFieldFocused(page)).toBe(1);
    await page.keyboard.type(RARE_WORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/journalsok?q=${encodeURIComponent(RARE_WORD)}`);
    const status = page.getByTestId('journal-search-status');
    await expect.poll(() => status.textContent()).toBe(`${count} träffar`);
    const hits = page.getByTestId('journal-hit');
    expect(await hits.count()).toBe(count);
    expect(await page.getByTestId('journal-search-results').getAttribute('aria-busy')).toBe(
      'false',
    );
    // Newest first, as the API answers; every hit marks the word it matched.
    const first = expected.hits[0];
    if (!first) throw new Error('no hit');
    expect(await hits.first().getByTestId('journal-hit-link').textContent()).toBe(
      first.applicantName,
    );
    for (const snippet of await page.getByTestId('journal-hit-snippet').all()) {
      expect((await snippet.locator('mark').allTextContents()).join(' ').toLowerCase()).toContain(
        RARE_WORD,
      );
    }
    expect(await hits.first().textContent()).toContain('Skriven av');
    expect(await axeViolations(page)).toEqual([]);

    await hits.first().getByTestId('journal-hit-link').click();
    await page.waitForURL(`**/arenden/${first.caseId}#note-${first.noteId}`);
    await expect
      .poll(() => page.getByTestId('case-heading').textContent())
      .toContain(first.applicantName);
    // The note itself has the focus, with the word in its text.
    await expect.poll(() => page.locator(':focus').getAttribute('id')).toBe(`note-${first.noteId}`);
    expect(await page.locator(`#note-${first.noteId}`).textContent()).toMatch(/tvättmaskin/i);

    // Back: the same search, its words in the field and its hits listed again.
    await page.goBack();
    await page.waitForURL(`**/journalsok?q=${encodeURIComponent(RARE_WORD)}`);
    await expect.poll(() => status.textContent()).toBe(`${count} träffar`);
    expect(await hits.count()).toBe(count);
    expect(await page.getByTestId('journal-search-input').inputValue()).toBe(RARE_WORD);

    // A word no note has.
    await page.getByTestId('journal-search-input').fill(NONSENSE_WORD);
    await page.getByTestId('journal-search-input').press('Enter');
    await page.waitForURL(`**/journalsok?q=${NONSENSE_WORD}`);
    await expect.poll(() => status.textContent()).toBe('Inga träffar.');
    expect(await hits.count()).toBe(0);

    // Back once more, then a reload: the earlier results each time.
    await page.goBack();
    await expect.poll(() => status.textContent()).toBe(`${count} träffar`);
    expect(await page.getByTestId('journal-search-input').inputValue()).toBe(RARE_WORD);
    await page.reload();
    await expect.poll(() => status.textContent()).toBe(`${count} träffar`);
    expect(await hits.count()).toBe(count);
  });

  it('shows the newest 50 of a common word and asks to refine the search', async () => {
    const expected = await apiSearch('socialsekreterare', COMMON_WORD);
    expect(expected.hits.length).toBe(expected.limit);
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'socialsekreterare');
    await page.goto(`${system.baseUrl}/journalsok?q=${encodeURIComponent(COMMON_WORD)}`);
    await expect
      .poll(() => page.getByTestId('journal-search-status').textContent())
      .toBe(`Visar de ${expected.limit} nyaste träffarna – förfina sökningen`);
    expect(await page.getByTestId('journal-hit').count()).toBe(expected.limit);
    expect(await page.getByTestId('journal-search-input').inputValue()).toBe(COMMON_WORD);
  });

  it("marks the user's own draft among the hits", async () => {
    const worker = await apiSession(system.baseUrl, 'socialsekreterare');
    const [someCase] = (await apiSearch('socialsekreterare', RARE_WORD)).hits;
    if (!someCase) throw new Error('no demo case to write in');
    await apiPost(system.baseUrl, worker, `/cases/${someCase.caseId}/journal-notes`, {
      eventDate: '2025-12-01',
      noteType: 'phone',
      body: 'Sökanden ringde: kylskåpet har slutat fungera.',
    });
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'socialsekreterare');
    await page.goto(`${system.baseUrl}/journalsok`);
    await expect.poll(() => searchFieldFocused(page)).toBe(1);
    await page.keyboard.type(DRAFT_WORD);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByTestId('journal-search-status').textContent())
      .toBe('1 träff');
    const hit = page.getByTestId('journal-hit');
    expect(await hit.getByTestId('journal-hit-draft').textContent()).toBe('Utkast');
    expect(await hit.locator('mark').allTextContents()).toEqual([DRAFT_WORD]);
    expect(await hit.textContent()).toContain('Telefonsamtal');
    expect(await hit.textContent()).toContain('2025-12-01');
  });

  it('offers neither the link nor the page to a role that may not search journals', async () => {
    const page = await newPage();
    await loginAs(page, system.baseUrl, 'fut');
    await page.getByTestId('nav-persons').waitFor();
    expect(await page.getByTestId('nav-journal-search').count()).toBe(0);
    await page.goto(`${system.baseUrl}/journalsok?q=${RARE_WORD}`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('journal-search-form').count()).toBe(0);
  });
});
