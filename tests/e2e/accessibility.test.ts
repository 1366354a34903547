// Accessibility in real Chromium: axe-core on every screen (nothing serious or critical),
// focus that follows the user (page headings, form errors, the brand form), a title per page.
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { blogInput, createCampaign, runToEnd } from '../support/campaigns.js';
import { graphqlData } from '../support/graphql.js';
import { expectNoSeriousViolations } from './accessibility.js';
import { describeInBrowser } from './browser.js';
import { agentOutput, slowWriter, startCampaignInUi, useWebClientWorld, waitForOutputLength, waitForStatus } from './support.js';

/** What has the keyboard focus: its tag, id and text, enough to tell the elements apart. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return { tag: element?.tagName.toLowerCase(), id: element?.id || undefined, text: element?.textContent?.trim().slice(0, 200) };
  });

const expectFocusOn = (page: Page, expected: Partial<Awaited<ReturnType<typeof focused>>>) =>
  expect.poll(() => focused(page), { timeout: 5_000, interval: 50 }).toMatchObject(expected);

describeInBrowser('accessibility and focus', () => {
  const world = useWebClientWorld();

  it('brand settings: no serious violations in the list or the form; focus opens the form and lands on the list after a delete', {
    timeout: 60_000,
  }, async () => {
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/brands`);
    await page.getByText('No brands yet.').waitFor();
    await expect(page.title()).resolves.toBe('Brands · Content Copilot');
    await expectNoSeriousViolations(page, 'the empty brand list');

    await page.getByRole('button', { name: 'New brand' }).click();
    await expectFocusOn(page, { tag: 'input', id: 'brand-name' });
    await page.getByRole('button', { name: '+ Add colour' }).click();
    await expectNoSeriousViolations(page, 'the new brand form');

    await page.getByLabel('Colour 1 as #RRGGBB').fill('#12');
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.locator('#brand-name-error').waitFor();
    await expectFocusOn(page, { tag: 'input', id: 'brand-name' });
    await expectNoSeriousViolations(page, 'the brand form showing its problems');

    await page.getByLabel('Name').fill('Green Leaf');
    await page.getByLabel('Colour 1 as #RRGGBB').fill('#1a7f5a');
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.locator('[data-brand="Green Leaf"]').waitFor();
    await graphqlData(world.server.graphqlUrl, 'mutation ($input: BrandInput!) { createBrand(input: $input) { id } }', {
      input: {
        name: 'Northwind Coffee',
        voice: 'Friendly',
        tone: 'Calm',
        values: [],
        keywords: ['single origin'],
        prohibitedTopics: [],
        colors: ['#6F4E37'],
      },
    });
    await page.reload();
    await page.locator('[data-brand="Northwind Coffee"]').waitFor();
    await expectNoSeriousViolations(page, 'the brand list');

    await page.getByRole('button', { name: 'Delete Northwind Coffee' }).click();
    await expectFocusOn(page, { tag: 'button', text: 'Keep' });
    await expectNoSeriousViolations(page, 'the delete confirmation');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Deleted “Northwind Coffee”.', { exact: false }).waitFor();
    await expectFocusOn(page, { tag: 'h1', text: 'Brands' });
  });

  it('the campaign form: no serious violations, empty or showing errors; an invalid submit focuses the first field in error', {
    timeout: 60_000,
  }, async () => {
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/create`);
    await page.getByRole('button', { name: 'Start campaign' }).waitFor();
    await expect(page.title()).resolves.toBe('New campaign · Content Copilot');
    await expectNoSeriousViolations(page, 'the empty campaign form');

    await page.getByRole('button', { name: 'Start campaign' }).click();
    await page.locator('#campaign-brief-error').waitFor();
    await expectFocusOn(page, { tag: 'textarea', id: 'campaign-brief' });
    await expectNoSeriousViolations(page, 'the campaign form showing its problems');

    // With the brief fixed, the first field still in error is the audience.
    await page.getByLabel('What should the agents write?').fill('A blog post about composting on a small balcony');
    await page.getByRole('button', { name: 'Start campaign' }).click();
    await page.locator('#campaign-brief-error').waitFor({ state: 'detached' });
    await page.locator('#campaign-audience-error').waitFor();
    await expectFocusOn(page, { tag: 'input', id: 'campaign-audience' });
  });

  it('the live view while running and the results when done: no serious violations; the outputs reachable by keyboard', {
    timeout: 120_000,
  }, async () => {
    world.ollama.options.chat = slowWriter(40);
    const open = await world.open();
    const { page } = open;
    const brief = 'A blog post about composting on a small city balcony, for people who have never tried it';
    await startCampaignInUi(page, world.server.url, { brief, audience: 'city renters' });
    // The heading is the campaign's name: without one given, the start of the brief.
    await expectFocusOn(page, { tag: 'h1', text: 'A blog post about composting on a small city balcony, for…' });
    await expect(page.title()).resolves.toBe('A blog post about composting on a small city balcony, for… · Content Copilot');

    await waitForOutputLength(page, 'CONTENT_CREATOR', 30);
    const output = agentOutput(page, 'CONTENT_CREATOR');
    // Checked once the draft overflows its box: a scrolling region is what keyboard users must reach.
    await expect.poll(() => output.evaluate((box) => box.scrollHeight > box.clientHeight), { timeout: 30_000, interval: 100 }).toBe(true);
    await waitForStatus(page, 'RUNNING');
    await expectNoSeriousViolations(page, 'the live view');
    await expect(output.getAttribute('tabindex')).resolves.toBe('0');
    await output.focus();
    await expectFocusOn(page, { tag: 'div' });
    await expect(page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).resolves.toMatch(/Content Creator/);

    // The rest of the run answers at once: only the results are checked.
    world.ollama.options.chat = () => ({ tokenDelayMs: 0 });
    await waitForStatus(page, 'COMPLETED');
    await page.getByTestId('results').waitFor();
    await expectNoSeriousViolations(page, 'the results of a completed campaign');
  });

  it('the dashboard: no serious violations; every page has its title, and navigating focuses its main heading', {
    timeout: 90_000,
  }, async () => {
    world.ollama.options.chat = () => ({ tokenDelayMs: 0 });
    const url = world.server.graphqlUrl;
    const finished = await createCampaign(url, { ...blogInput, brief: 'An email announcing late opening hours on Thursdays' });
    await runToEnd(url, finished.id);
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/`);
    await page.locator(`tr[data-campaign-id="${finished.id}"]`).waitFor();
    await page.getByTestId('stats').locator('svg polyline').first().waitFor({ state: 'attached' });
    await expect(page.title()).resolves.toBe('Dashboard · Content Copilot');
    await expectNoSeriousViolations(page, 'the dashboard');

    const nav = page.getByRole('navigation', { name: 'Main' });
    for (const [link, heading, title] of [
      ['New campaign', 'New campaign', 'New campaign · Content Copilot'],
      ['Brands', 'Brands', 'Brands · Content Copilot'],
      ['Dashboard', 'Dashboard', 'Dashboard · Content Copilot'],
    ] as const) {
      await nav.getByRole('link', { name: link }).click();
      await expectFocusOn(page, { tag: 'h1', text: heading });
      await expect(page.title()).resolves.toBe(title);
    }
    await page.locator(`tr[data-campaign-id="${finished.id}"] a`).click();
    await expectFocusOn(page, { tag: 'h1', text: 'An email announcing late opening hours on Thursdays' });
    await expect(page.title()).resolves.toBe('An email announcing late opening hours on Thursdays · Content Copilot');
    await page.goBack();
    await expectFocusOn(page, { tag: 'h1', text: 'Dashboard' });

    await page.goto(`${world.server.url}/#/nowhere`);
    await expectFocusOn(page, { tag: 'h1', text: 'Page not found' });
    await expect(page.title()).resolves.toBe('Page not found · Content Copilot');
  });
});
