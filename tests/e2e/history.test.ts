// The dashboard's history in real Chromium against the real server: search and the content-type
// filter, the page and filters kept in the URL (Back returns to the same page, a reload keeps the
// filters), and the brand filter limiting the metrics too.
import { expect, it } from 'vitest';
import { blogInput, createCampaign } from '../support/campaigns.js';
import { graphqlData } from '../support/graphql.js';
import { expectNoSeriousViolations } from './accessibility.js';
import { describeInBrowser } from './browser.js';
import { useWebClientWorld } from './support.js';

describeInBrowser('the campaign history', () => {
  let brandId: string;

  // No Ollama behind the server: each campaign fails at once, which is all a history needs.
  const world = useWebClientWorld({ OLLAMA_HOST: 'http://127.0.0.1:9', LLM_RETRIES: '0' }, async (started) => {
    const url = started.server.graphqlUrl;
    brandId = (await graphqlData(url, 'mutation { createBrand(input: { name: "Green Leaf" }) { id } }')).createBrand.id;
    for (let index = 1; index <= 12; index++) {
      const email = index % 3 === 0;
      await createCampaign(url, {
        ...blogInput,
        name: `${email ? 'Refill email' : 'Blog post'} ${String(index).padStart(2, '0')}`,
        contentType: email ? 'EMAIL' : 'BLOG_POST',
        ...(index <= 5 ? { brandId } : {}),
      });
    }
  });

  it('keeps the page and filters in the URL: Back returns to the same page, a reload keeps the filters', { timeout: 90_000 }, async () => {
    const open = await world.open();
    const { page } = open;
    const names = () => page.locator('[data-testid="campaign-history"] tbody tr td:first-child').allTextContents();
    const hash = () => new URL(page.url()).hash;
    await page.goto(`${world.server.url}/#/`);
    await expect.poll(names).toHaveLength(10);
    await expect(page.getByTestId('history-page').textContent()).resolves.toBe('Page 1 of 2');
    // This server needs no API key: no key field to puzzle over.
    await expect(page.locator('summary', { hasText: 'API key' }).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Older →' }).click();
    await expect.poll(hash).toBe('#/?page=2');
    await expect.poll(names).toEqual(['Blog post 02', 'Blog post 01']);
    await page.getByRole('link', { name: 'Blog post 02' }).click();
    await page.getByRole('heading', { level: 1, name: 'Blog post 02' }).waitFor();
    await page.goBack();
    await expect.poll(hash).toBe('#/?page=2');
    await expect.poll(names).toEqual(['Blog post 02', 'Blog post 01']);
    await expect(page.getByTestId('history-page').textContent()).resolves.toBe('Page 2 of 2');

    // A search starts again from the first page.
    await page.getByTestId('filter-search').fill('refill');
    await expect.poll(hash).toBe('#/?q=refill');
    await expect.poll(names).toEqual(['Refill email 12', 'Refill email 09', 'Refill email 06', 'Refill email 03']);
    await page.getByTestId('filter-search').fill('email 0');
    await expect.poll(hash).toBe('#/?q=email+0');
    await page.getByTestId('filter-type').selectOption('EMAIL');
    await expect.poll(hash).toBe('#/?type=EMAIL&q=email+0');
    await expect.poll(names).toEqual(['Refill email 09', 'Refill email 06', 'Refill email 03']);
    await expectNoSeriousViolations(page, 'the searched and filtered history');

    await page.reload();
    await expect.poll(names).toEqual(['Refill email 09', 'Refill email 06', 'Refill email 03']);
    await expect(page.getByTestId('filter-search').inputValue()).resolves.toBe('email 0');
    await expect(page.getByTestId('filter-type').inputValue()).resolves.toBe('EMAIL');

    await page.getByTestId('filter-type').selectOption('BLOG_POST');
    await expect.poll(names).toEqual([]);
    await page.getByText('No campaign matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear the filters' }).click();
    await expect.poll(hash).toBe('#/');
    await expect.poll(names).toHaveLength(10);
  });

  it('limits the metrics to the brand the history is filtered by', { timeout: 60_000 }, async () => {
    const open = await world.open();
    const { page } = open;
    const stats = page.getByTestId('stats');
    const total = () => stats.locator('dt:text-is("Campaigns") + dd').textContent();
    await page.goto(`${world.server.url}/#/`);
    await expect.poll(total).toBe('12');

    await page.getByTestId('filter-brand').selectOption({ label: 'Green Leaf' });
    await expect.poll(() => new URL(page.url()).hash).toBe(`#/?brand=${brandId}`);
    await expect.poll(total).toBe('5');
    await expect(stats.getByTestId('stats-brand').textContent()).resolves.toBe('for Green Leaf');
    await expect.poll(() => page.locator('#history-title').textContent()).toContain('5 in all');

    await page.reload();
    await expect.poll(total).toBe('5');
    await page.getByTestId('filter-brand').selectOption('');
    await expect.poll(total).toBe('12');
    await expect(stats.getByTestId('stats-brand').count()).resolves.toBe(0);
  });

  it('shows the history on a phone as readable cards, not a table scrolling sideways', { timeout: 60_000 }, async () => {
    const open = await world.open({ width: 390, height: 844 });
    const { page } = open;
    await page.goto(`${world.server.url}/#/`);
    const rows = page.locator('[data-testid="campaign-history"] tbody tr');
    await expect.poll(() => rows.count()).toBe(10);
    const wrap = page.locator('.table-wrap');
    await expect(wrap.evaluate((element) => element.scrollWidth - element.clientWidth)).resolves.toBeLessThanOrEqual(0);
    const name = rows.first().locator('td.name');
    const box = await name.boundingBox();
    expect(box?.width).toBeGreaterThan(300); // the whole card's width, so the name reads on one or two lines
    expect(box?.height).toBeLessThan(60);
    await expect(
      rows
        .first()
        .locator('td[data-label="Type"]')
        .evaluate((cell) => getComputedStyle(cell, '::before').content),
    ).resolves.toBe('"Type: "');
    await expectNoSeriousViolations(page, 'the history on a phone');
  });
});
