// The live pipeline view in real Chromium against the real server: a brand made in the UI,
// a campaign watched token by token through a revision to its results and downloads,
// a cancel and a retry, a reload and a dropped WebSocket that resume without repeating text.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebSocketRoute } from 'playwright-core';
import { expect, it } from 'vitest';
import { agentOf, blogInput, createCampaign, getCampaign } from '../support/campaigns.js';
import { graphqlData } from '../support/graphql.js';
import { type SpawnedServer, spawnServer, temporaryDatabase } from '../support/server.js';
import { describeInBrowser } from './browser.js';
import {
  agentOutput,
  expectPanelsMatchSavedSteps,
  outputText,
  screenshotsDir,
  slowWriter,
  startCampaignInUi,
  useWebClientWorld,
  waitForOutputLength,
  waitForStatus,
} from './support.js';

const roles = ['CONTENT_CREATOR', 'BRAND_MANAGER', 'COMPLIANCE_OFFICER', 'DESIGN_VALIDATOR', 'OPTIMIZER'];
const emailCampaign = { ...blogInput, contentType: 'EMAIL', brief: 'An email about green habits for busy city renters' };

describeInBrowser('the live pipeline view', () => {
  const world = useWebClientWorld();

  it('creates a brand, then streams a campaign through a revision to its results and downloads', { timeout: 120_000 }, async () => {
    let brandReviews = 0;
    world.ollama.options.chat = (request) => {
      if (agentOf(request) !== 'BRAND_MANAGER') return undefined;
      brandReviews += 1;
      const verdict =
        brandReviews === 1
          ? { score: 52, revisionNeeded: true, feedback: ['Sound warmer', 'Use the keyword "eco-friendly"'] }
          : { score: 86, revisionNeeded: false, feedback: ['On brand now'] };
      return { reply: JSON.stringify(verdict) };
    };
    const open = await world.open();
    const { page } = open;

    await page.goto(`${world.server.url}/#/brands`);
    await page.getByText('No brands yet.').waitFor();
    await page.getByRole('button', { name: 'New brand' }).click();
    await page.getByLabel('Name').fill('Green Leaf');
    await page.getByLabel('Voice').fill('Warm and practical');
    await page.getByLabel('Tone').fill('Optimistic');
    await page.getByLabel('Values').fill('sustainability, honesty');
    await page.getByLabel('Values').press('Enter');
    await page.getByLabel('Keywords').fill('eco-friendly');
    await page.getByLabel('Keywords').press('Enter');
    await page.getByLabel('Prohibited topics').fill('politics');
    await page.getByLabel('Prohibited topics').press('Enter');
    await page.getByRole('button', { name: '+ Add colour' }).click();
    await page.getByLabel('Colour 1 as #RRGGBB').fill('#F4E9D8');
    await page.getByLabel('Colour 1 as #RRGGBB').blur();
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.locator('[data-brand="Green Leaf"]').waitFor();
    const { brands } = await graphqlData(world.server.graphqlUrl, '{ brands { name voice tone values keywords prohibitedTopics colors } }');
    expect(brands).toEqual([
      {
        name: 'Green Leaf',
        voice: 'Warm and practical',
        tone: 'Optimistic',
        values: ['sustainability', 'honesty'],
        keywords: ['eco-friendly'],
        prohibitedTopics: ['politics'],
        colors: ['#F4E9D8'],
      },
    ]);

    const id = await startCampaignInUi(page, world.server.url, {
      brief: 'An email about green habits for busy city renters',
      audience: 'city renters',
      type: 'EMAIL',
      brand: 'Green Leaf',
      keyphrase: 'green habits',
    });

    // Text grows in the Content Creator's panel while it runs.
    const first = await waitForOutputLength(page, 'CONTENT_CREATOR', 20);
    await expect
      .poll(() => outputText(page, 'CONTENT_CREATOR').then((text) => text.length), { timeout: 5_000, interval: 50 })
      .toBeGreaterThan(first);
    await expect(page.locator('[data-testid="agent-panel"][data-role="CONTENT_CREATOR"]').getAttribute('data-state')).resolves.toMatch(
      /running|revising/,
    );
    // Later on: the revision written, draft scores in, the Design Validator at work.
    await waitForOutputLength(page, 'DESIGN_VALIDATOR', 40);
    await page.screenshot({ path: join(screenshotsDir, 'live-view.png'), fullPage: true });

    await waitForStatus(page, 'COMPLETED');
    await page.getByTestId('results').waitFor();
    for (const role of roles) {
      await expect(page.locator(`[data-testid="agent-panel"][data-role="${role}"]`).getAttribute('data-state')).resolves.toBe('done');
    }
    // The revision is its own attempt, labelled as such.
    await expect(agentOutput(page, 'CONTENT_CREATOR', 2).count()).resolves.toBe(1);
    await expect(page.locator('[data-role="CONTENT_CREATOR"] summary', { hasText: 'Revision 1' }).count()).resolves.toBe(1);
    await expectPanelsMatchSavedSteps(page, world.server.graphqlUrl, id);

    const campaign = await getCampaign(world.server.graphqlUrl, id);
    const scores = page.locator('[data-testid="results"] [data-testid="scores"]');
    for (const [key, value] of Object.entries(campaign.scores as Record<string, number>)) {
      await expect(scores.locator(`[data-score="${key}"] .value`).textContent()).resolves.toBe(String(value));
    }
    await expect(page.getByTestId('final-content').locator('h1, h2, p').count()).resolves.toBeGreaterThan(0);
    await expect(page.getByTestId('design').locator('.swatch').count()).resolves.toBe(campaign.design.palette.length);
    await expect(page.getByText('On brand now').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: join(screenshotsDir, 'results.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-format="json"]').click()]);
    const exported = JSON.parse(await readFile((await download.path()) as string, 'utf8'));
    expect(exported.campaign_id).toBe(id);
    expect(exported.status).toMatch(/^completed$/i);
    expect(exported.validations).toEqual({
      brand_alignment: campaign.scores.brandAlignment,
      compliance: campaign.scores.compliance,
      readability: campaign.scores.readability,
      overall_quality: campaign.scores.overallQuality,
    });
    const [markdown] = await Promise.all([page.waitForEvent('download'), page.locator('[data-format="markdown"]').click()]);
    expect(markdown.suggestedFilename()).toMatch(new RegExp(`^[a-z0-9-]+-campaign-${id}\\.md$`)); // the brief's first words, then the id
  });

  it('cancels a running campaign, then retries it to the end', { timeout: 90_000 }, async () => {
    world.ollama.options.chat = slowWriter(40);
    const open = await world.open();
    const { page } = open;
    const id = await startCampaignInUi(page, world.server.url, { brief: emailCampaign.brief, audience: 'city renters', type: 'EMAIL' });
    await waitForOutputLength(page, 'CONTENT_CREATOR', 30);

    await page.getByRole('button', { name: 'Cancel' }).click();
    await waitForStatus(page, 'CANCELLED', 10_000);
    await expect(page.locator('[data-testid="campaign-view"] [data-status="CANCELLED"]').first().textContent()).resolves.toBe('Cancelled');
    await expect(page.locator('[data-testid="agent-panel"][data-role="CONTENT_CREATOR"]').getAttribute('data-state')).resolves.toBe(
      'cancelled',
    );
    expect((await getCampaign(world.server.graphqlUrl, id)).status).toBe('CANCELLED');

    world.ollama.options.chat = slowWriter(2);
    await page.getByRole('button', { name: 'Retry' }).click();
    await waitForStatus(page, 'COMPLETED');
    await page.getByTestId('results').waitFor();
    await expectPanelsMatchSavedSteps(page, world.server.graphqlUrl, id);
  });

  it('picks the live view up again after a reload mid-run, without repeating text', { timeout: 90_000 }, async () => {
    world.ollama.options.chat = slowWriter(40);
    const { id } = await createCampaign(world.server.graphqlUrl, emailCampaign);
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    const before = await waitForOutputLength(page, 'CONTENT_CREATOR', 150);

    await page.reload();
    await page.getByTestId('campaign-view').waitFor();
    // The replayed text is there at once, and it keeps growing while the agent runs.
    const replayed = await waitForOutputLength(page, 'CONTENT_CREATOR', before);
    await expect
      .poll(() => outputText(page, 'CONTENT_CREATOR').then((text) => text.length), { timeout: 10_000, interval: 50 })
      .toBeGreaterThan(replayed);

    await waitForStatus(page, 'COMPLETED');
    await expectPanelsMatchSavedSteps(page, world.server.graphqlUrl, id);
  });

  it('reconnects a dropped WebSocket and resumes after the last event it applied', { timeout: 90_000 }, async () => {
    world.ollama.options.chat = slowWriter(40);
    const { id } = await createCampaign(world.server.graphqlUrl, emailCampaign);
    const open = await world.open();
    const { page } = open;
    const sockets: WebSocketRoute[] = [];
    const eventSubscriptions: { afterSeq: number; run: number | null }[] = [];
    await page.routeWebSocket(/\/graphql$/, (socket) => {
      sockets.push(socket);
      const server = socket.connectToServer();
      socket.onMessage((message) => {
        const parsed = JSON.parse(String(message));
        if (parsed.type === 'subscribe' && parsed.payload.query.includes('campaignEvents'))
          eventSubscriptions.push(parsed.payload.variables);
        server.send(message);
      });
      server.onMessage((message) => socket.send(message));
    });

    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    const before = await waitForOutputLength(page, 'CONTENT_CREATOR', 100);
    expect(eventSubscriptions).toEqual([{ campaignId: id, afterSeq: 0, run: null }]);
    for (const socket of sockets) await socket.close({ code: 4000, reason: 'network hiccup (test)' });

    await expect.poll(() => eventSubscriptions.length, { timeout: 10_000 }).toBe(2);
    // It asks only for what it has not applied: everything up to the drop it already has.
    expect(eventSubscriptions[1]?.afterSeq).toBeGreaterThan(0);
    expect(eventSubscriptions[1]?.run).toBe(1);
    await expect
      .poll(() => outputText(page, 'CONTENT_CREATOR').then((text) => text.length), { timeout: 10_000, interval: 50 })
      .toBeGreaterThan(before);
    await waitForStatus(page, 'COMPLETED');
    await expectPanelsMatchSavedSteps(page, world.server.graphqlUrl, id);
  });

  it('follows a campaign across a server restart, taking up its new run', { timeout: 120_000 }, async () => {
    world.ollama.options.chat = slowWriter(40);
    const database = await temporaryDatabase();
    const environment = { OLLAMA_HOST: world.ollama.url, DATABASE_URL: database.url, LOG_LEVEL: 'info' };
    let server: SpawnedServer | undefined = await spawnServer(environment);
    try {
      const { id } = await createCampaign(server.graphqlUrl, emailCampaign);
      const open = await world.open();
      const { page } = open;
      await page.goto(`${server.url}/#/campaigns/${id}`);
      await waitForOutputLength(page, 'CONTENT_CREATOR', 100);

      const port = new URL(server.url).port;
      await server.stop('SIGTERM');
      server = undefined;
      await page.getByText('Connection lost — reconnecting…').waitFor();
      server = await spawnServer({ ...environment, PORT: port });

      await waitForStatus(page, 'COMPLETED', 90_000);
      await expectPanelsMatchSavedSteps(page, server.graphqlUrl, id);
    } finally {
      await server?.stop();
      await database.remove();
    }
  });
});
