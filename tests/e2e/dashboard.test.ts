// The dashboard, brand settings, API keys and the Ollama help, in real Chromium against
// the real server and the Ollama stand-in.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { blogInput, createCampaign, runToEnd } from '../support/campaigns.js';
import { graphqlData } from '../support/graphql.js';
import { startTestServer } from '../support/server.js';
import { describeInBrowser } from './browser.js';
import { campaignIdFromUrl, screenshotsDir, slowWriter, startCampaignInUi, useWebClientWorld, waitForStatus } from './support.js';

const northwindGuidelines = `# Northwind Coffee Brand Guidelines

## Voice
Friendly, knowledgeable and never pushy.

## Colors
- Primary: #6F4E37

## Keywords
single origin, fresh roasted
`;

describeInBrowser('the dashboard and brand settings', () => {
  const world = useWebClientWorld({}, async (started) => {
    started.ollama.options.defaults = { tokenDelayMs: 0 };
  });

  it('manages several brands: problems next to fields, edit, guidelines import, delete with confirmation', {
    timeout: 60_000,
  }, async () => {
    const open = await world.open();
    const { page } = open;
    const brandCards = () => page.locator('[data-testid="brand-list"] > li');
    await page.goto(`${world.server.url}/#/brands`);
    await page.getByText('No brands yet.').waitFor();

    await page.getByRole('button', { name: 'New brand' }).click();
    await page.getByLabel('Name').fill('Green Leaf');
    await page.getByRole('button', { name: '+ Add colour' }).click();
    await page.getByLabel('Colour 1 as #RRGGBB').fill('#12');
    await page.getByLabel('Colour 1 as #RRGGBB').blur();
    await page.getByRole('button', { name: 'Create brand' }).click();
    // The server's rule shows inside the colours group, not somewhere else on the page.
    await expect(page.locator('[data-field="brand-colors"] .field-error').textContent()).resolves.toMatch(
      /#1: must be a colour in #RRGGBB form/,
    );
    await page.getByLabel('Colour 1 as #RRGGBB').fill('#1a7f5a');
    await page.getByLabel('Colour 1 as #RRGGBB').blur();
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.locator('[data-brand="Green Leaf"]').waitFor();

    await page.getByRole('button', { name: 'Edit Green Leaf' }).click();
    await page.getByLabel('Tone').fill('Calm');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.locator('[data-brand="Green Leaf"]', { hasText: 'Calm' }).waitFor();

    await page
      .getByTestId('guidelines-file')
      .setInputFiles({ name: 'northwind.md', mimeType: 'text/markdown', buffer: Buffer.from(northwindGuidelines) });
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.getByText('Imported “Northwind Coffee” from northwind.md.').waitFor();
    await expect.poll(() => brandCards().count()).toBe(2);
    await page
      .getByTestId('guidelines-file')
      .setInputFiles({ name: 'guide.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
    await page.getByText(/must be a \.json or \.md/).waitFor();

    await page.getByRole('button', { name: 'Delete Northwind Coffee' }).click();
    await page.getByText('Delete “Northwind Coffee”? Its campaigns stay, without a brand.').waitFor();
    await page.getByRole('button', { name: 'Keep' }).click();
    await page.getByRole('button', { name: 'Delete Northwind Coffee' }).click();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByText('Deleted “Northwind Coffee”.', { exact: false }).waitFor();
    await expect.poll(() => brandCards().count()).toBe(1);
    const { brands } = await graphqlData(world.server.graphqlUrl, '{ brands { name tone colors } }');
    expect(brands).toEqual([{ name: 'Green Leaf', tone: 'Calm', colors: ['#1A7F5A'] }]);
  });

  it('shows health, metrics with a chart, and a history that updates live and filters', { timeout: 90_000 }, async () => {
    const url = world.server.graphqlUrl;
    const { brands } = await graphqlData(url, '{ brands { id name } }');
    const brandId = brands[0].id;
    for (const input of [
      { ...blogInput, brandId },
      { ...blogInput, contentType: 'AD_COPY', brandId },
      { ...blogInput, contentType: 'EMAIL' },
    ]) {
      await runToEnd(url, (await createCampaign(url, input)).id);
    }
    world.ollama.options.chat = () => ({ hang: true });
    const cancelled = await createCampaign(url, { ...blogInput, brief: 'A campaign that is cancelled straight away' });
    await graphqlData(url, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id: cancelled.id });
    world.ollama.options.chat = undefined;

    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/`);
    const health = page.getByTestId('health');
    await expect(health.locator('[data-component="api"]').textContent()).resolves.toContain('up');
    await expect(health.locator('[data-component="database"]').textContent()).resolves.toContain('up');
    await expect(health.locator('[data-component="ollama"]').textContent()).resolves.toContain('up');
    await expect(health.locator('[data-component="models"]').textContent()).resolves.toContain('3 of 3 present');

    const stats = page.getByTestId('stats');
    await stats.locator('svg polyline').first().waitFor({ state: 'attached' }); // a flat line has no height: "hidden" to Playwright
    await expect(stats.locator('svg polyline').count()).resolves.toBe(4);
    await expect(stats.locator('svg circle').count()).resolves.toBe(4 * 3);
    await expect(stats.locator('[data-status="COMPLETED"] dd').textContent()).resolves.toBe('3');
    await expect(stats.locator('[data-status="CANCELLED"] dd').textContent()).resolves.toBe('1');

    const rows = page.locator('[data-testid="campaign-history"] tbody tr');
    await expect.poll(() => rows.count()).toBe(4);
    await expect(rows.first().getAttribute('data-campaign-id')).resolves.toBe(cancelled.id); // newest first

    // A campaign started elsewhere appears at the top and moves through its states without a reload.
    world.ollama.options.chat = slowWriter(20);
    const live = await createCampaign(url, { ...blogInput, contentType: 'EMAIL', brief: 'A live one, watched from the dashboard' });
    await expect.poll(() => rows.first().getAttribute('data-campaign-id'), { timeout: 10_000 }).toBe(live.id);
    await page.locator(`tr[data-campaign-id="${live.id}"] [data-status="RUNNING"]`).waitFor({ timeout: 10_000 });
    await page.locator(`tr[data-campaign-id="${live.id}"] [data-status="COMPLETED"]`).waitFor({ timeout: 60_000 });
    await expect.poll(() => stats.locator('[data-status="COMPLETED"] dd').textContent(), { timeout: 5_000 }).toBe('4');

    await page.getByTestId('filter-status').selectOption('CANCELLED');
    await expect.poll(() => rows.count()).toBe(1);
    await expect(rows.first().getAttribute('data-campaign-id')).resolves.toBe(cancelled.id);
    await page.getByTestId('filter-status').selectOption('');
    await page.getByTestId('filter-brand').selectOption({ label: 'Green Leaf' });
    await expect.poll(() => rows.count()).toBe(2);
    await page.getByTestId('filter-brand').selectOption('');
    await expect.poll(() => rows.count()).toBe(5);
    await page.screenshot({ path: join(screenshotsDir, 'dashboard.png'), fullPage: true });

    // Pages of ten, newest first: six more campaigns make a second page holding the oldest one.
    world.ollama.options.chat = () => ({ hang: true });
    for (let index = 0; index < 6; index++) {
      const extra = await createCampaign(url, { ...blogInput, brief: `Filler campaign number ${index + 1}` });
      await graphqlData(url, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id: extra.id });
    }
    world.ollama.options.chat = undefined;
    await expect.poll(() => page.locator('#history-title').textContent(), { timeout: 10_000 }).toContain('11 in all');
    await expect.poll(() => rows.count()).toBe(10);
    await page.getByRole('button', { name: 'Older →' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    const { campaigns } = await graphqlData(url, '{ campaigns(first: 100) { edges { node { id } } } }');
    await expect(rows.first().getAttribute('data-campaign-id')).resolves.toBe(campaigns.edges.at(-1).node.id);
    await expect(page.getByRole('button', { name: 'Older →' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: '← Newer' }).click();
    await expect.poll(() => rows.count()).toBe(10);

    // A finished campaign's row opens its results.
    const completedRow = rows.filter({ has: page.locator('[data-status="COMPLETED"]') }).last();
    const completedId = await completedRow.getAttribute('data-campaign-id');
    await completedRow.locator('a').click();
    await page.getByTestId('results').waitFor();
    expect(campaignIdFromUrl(page)).toBe(completedId);
  });

  it('fits a phone screen without sideways scrolling', { timeout: 60_000 }, async () => {
    const open = await world.open({ width: 390, height: 844 });
    const { page } = open;
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`${world.server.url}/#/`);
    await page.locator('[data-testid="campaign-history"]').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.locator('[data-testid="campaign-history"] tbody tr a').first().click();
    await page.getByTestId('campaign-view').waitFor();
    await page.locator('[data-testid="agent-panel"]').first().waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.goto(`${world.server.url}/#/brands`);
    await page.getByTestId('brand-list').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
  });

  it('asks for the API key a server requires, then sends it over HTTP, the WebSocket and downloads', { timeout: 90_000 }, async () => {
    const keyed = await startTestServer({ OLLAMA_HOST: world.ollama.url, API_KEYS: 'e2e-secret-key', HOST: '127.0.0.1' });
    try {
      const open = await world.open();
      const { page } = open;
      await page.goto(`${keyed.url}/#/`);
      await page.getByText('The API wants an API key').waitFor();
      await page
        .getByText(/Set the server’s key under “API key”/)
        .first()
        .waitFor();

      await page.locator('summary', { hasText: 'API key' }).click();
      await page.getByLabel('API key').fill('e2e-secret-key');
      await page.getByRole('button', { name: 'Save key' }).click();
      await page.getByRole('button', { name: 'Check again' }).click();
      // Waits for the new check's answer rather than reading the panel before it arrives.
      await page.getByTestId('health').locator('[data-component="api"]', { hasText: 'up' }).waitFor();

      const id = await startCampaignInUi(page, keyed.url, {
        brief: 'Ad copy for a solar panel subscription',
        audience: 'home owners',
        type: 'AD_COPY',
      });
      await waitForStatus(page, 'COMPLETED');
      await page.getByTestId('results').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-format="json"]').click()]);
      expect(JSON.parse(await readFile((await download.path()) as string, 'utf8')).campaign_id).toBe(id);
    } finally {
      await keyed.stop();
    }
  });

  it('says how to fix Ollama: missing models with their pull command, offline with `ollama serve`', { timeout: 60_000 }, async () => {
    const open = await world.open();
    const { page } = open;
    world.ollama.options.models = ['mistral:latest', 'nomic-embed-text:latest'];
    await page.goto(`${world.server.url}/#/`);
    await expect(page.getByTestId('missing-models').textContent()).resolves.toContain('ollama pull llama3.1');
    await page.goto(`${world.server.url}/#/create`);
    await page.getByText('Models missing').waitFor();
    await expect(page.getByText('ollama pull llama3.1').count()).resolves.toBeGreaterThan(0);

    await world.ollama.close();
    await page.goto(`${world.server.url}/#/`);
    await page.getByRole('button', { name: 'Check again' }).click();
    await page.getByText('Ollama is offline').waitFor();
    await expect(page.getByTestId('health').textContent()).resolves.toContain('ollama serve');
    await page.goto(`${world.server.url}/#/create`);
    await page.getByText('Ollama is offline').waitFor();
  });
});
