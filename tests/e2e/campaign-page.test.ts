// The campaign page for marketers, in real Chromium against the real server: a short name as the
// heading with the brief folded, whatever the brief's length.
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { blogInput, createCampaign } from '../support/campaigns.js';
import { expectNoSeriousViolations } from './accessibility.js';
import { describeInBrowser } from './browser.js';
import { type OpenPage, openPage, startWebClientWorld, type WebClientWorld, waitForStatus } from './support.js';

describeInBrowser('the campaign page', () => {
  let world: WebClientWorld;
  let open: OpenPage | undefined;

  beforeAll(async () => {
    world = await startWebClientWorld();
  }, 120_000);
  afterAll(() => world?.stop());
  afterEach(async () => {
    world.ollama.options.chat = undefined;
    const errors = open?.errors ?? [];
    await open?.close();
    open = undefined;
    expect(errors).toEqual([]);
  });

  it('shows a 4,000-character brief folded under a short heading, with the status and Cancel on screen', { timeout: 60_000 }, async () => {
    world.ollama.options.chat = () => ({ hang: true });
    const brief =
      `Balcony composting for renters. ${'Explain worm bins, bokashi and what to do with the compost in a small flat. '.repeat(60)}`.slice(
        0,
        4000,
      );
    const { id } = await createCampaign(world.server.graphqlUrl, { ...blogInput, brief });
    open = await openPage(world.browser);
    const { page } = open;
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    await waitForStatus(page, 'RUNNING');

    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading.textContent()).resolves.toBe('Balcony composting for renters');
    expect((await heading.boundingBox())?.height).toBeLessThan(80);
    const cancel = page.getByRole('button', { name: 'Cancel' });
    const cancelBox = await cancel.boundingBox();
    expect(cancelBox && cancelBox.y + cancelBox.height).toBeLessThan(900);
    await expect(page.locator('[data-testid="campaign-view"] .title-row').getByText('Running').isVisible()).resolves.toBe(true);

    const folded = page.getByTestId('campaign-brief');
    await expect(folded.getByText(brief.trim()).isVisible()).resolves.toBe(false);
    await folded.getByText('The brief').click();
    await expect(folded.getByText(brief.trim()).isVisible()).resolves.toBe(true);
    await expectNoSeriousViolations(page, 'a campaign with a long brief');
  });
});
