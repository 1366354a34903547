// Hostile Markdown and HTML in real Chromium, as edited content, as model output and as brand
// fields: nothing runs, nothing loads from another origin, nothing restyles the page, and the
// rendered content holds no form, input, style, frame or object. The shared support fails each
// test on any Content-Security-Policy violation too: the sanitiser, not the CSP, must stop these.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import { agentOf, blogInput, createCampaign, runToEnd } from '../support/campaigns.js';
import { graphqlData } from '../support/graphql.js';
import { hostileDocument, hostileVectors } from '../support/hostile-markup.js';
import { describeInBrowser } from './browser.js';
import { agentOutput, useWebClientWorld, waitForStatus } from './support.js';

/** Another origin that counts what it is asked for: any hit is something the page loaded from elsewhere. */
interface EvilOrigin {
  url: string;
  hits: string[];
  close(): Promise<void>;
}

async function startEvilOrigin(): Promise<EvilOrigin> {
  const hits: string[] = [];
  const server: Server = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.writeHead(200, { 'content-type': 'text/plain' }).end('gotcha');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every request the page makes to an origin other than the app's own (data: and blob: stay in the page). */
function foreignRequests(page: Page, appOrigin: string): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== appOrigin) seen.push(request.url());
  });
  return seen;
}

const styleProperties = ['background-color', 'color', 'font-family', 'font-size', 'display', 'visibility', 'position', 'opacity'];
const styledParts = ['html', 'body', 'header', 'header .logo', 'header nav a:not([aria-current])', 'main'];

/** The computed styles of the app's own chrome: hostile CSS that got in would change them. */
function appStyles(page: Page): Promise<Record<string, Record<string, string>>> {
  return page.evaluate(
    ({ parts, properties }) =>
      Object.fromEntries(
        parts.map((selector) => {
          const element = document.querySelector(selector);
          const style = element ? getComputedStyle(element) : null;
          return [selector, Object.fromEntries(properties.map((property) => [property, style?.getPropertyValue(property) ?? 'missing']))];
        }),
      ),
    { parts: styledParts, properties: styleProperties },
  );
}

/** Elements sanitised content never holds: active, embedding, styling, form and document-level elements. */
const unwantedInContent =
  'script, style, link, meta, base, iframe, frame, object, embed, form, input, button, textarea, select, svg, math, video, audio, ' +
  'details, marquee, noscript, template, xss, [style], [srcset], [id], [name], [background]';
/** In the whole page, beside the app's own elements: what no hostile field may add. */
const unwantedInPage =
  'style, iframe, frame, object, embed, base, meta[http-equiv], form[action], script:not([src^="/assets/"]), link:not([href^="/assets/"]):not([rel="icon"])';

/** What hostile markup left in the page: whether a script ran, and the elements and attributes that should not be there. */
function hostileTraces(page: Page, evilOrigin: string, container?: string) {
  return page.evaluate(
    ({ container, evilHost, unwanted }) => {
      const root = container ? document.querySelector(container) : document;
      if (!root) return { ran: null, traces: [`no ${container}`] };
      const urlAttributes = new Set(['src', 'href', 'xlink:href', 'action', 'formaction', 'data', 'srcset', 'poster', 'background']);
      const traces = [...root.querySelectorAll(unwanted)].map((element) => `element ${element.outerHTML.slice(0, 120)}`);
      for (const element of root.querySelectorAll('*')) {
        for (const attribute of element.attributes) {
          const name = attribute.name.toLowerCase();
          if (name.startsWith('on')) traces.push(`handler ${element.localName} ${name}`);
          // A link to another site loads nothing until clicked (content may link anywhere over http/https); anything else pointing there loads.
          const isLink = name === 'href' && (element.localName === 'a' || element.localName === 'area');
          const dangerous = /^\s*(javascript|vbscript|data:text)/i.test(attribute.value) || (!isLink && attribute.value.includes(evilHost));
          if (urlAttributes.has(name) && dangerous) traces.push(`url ${element.localName} ${name}=${attribute.value.slice(0, 80)}`);
        }
      }
      return { ran: (window as unknown as { hostileRan?: string }).hostileRan ?? null, traces };
    },
    { container, evilHost: new URL(evilOrigin).host, unwanted: container ? unwantedInContent : unwantedInPage },
  );
}

describeInBrowser('hostile markup in the web client', () => {
  let evil: EvilOrigin | undefined;
  const world = useWebClientWorld({ REVISION_ROUNDS: '0' }, async (started) => {
    started.ollama.options.defaults = { tokenDelayMs: 0 };
    evil = await startEvilOrigin();
  });
  afterAll(() => evil?.close());
  const evilOrigin = () => {
    if (!evil) throw new Error('the evil origin starts with the world');
    return evil;
  };

  /**
   * A fresh page watched for foreign requests, and the app's styles as a page without hostile content
   * shows them: the brands page before the hostile brand exists (not the dashboard, whose history
   * follows live updates).
   */
  async function openWatched() {
    const open = await world.open();
    const foreign = foreignRequests(open.page, world.server.url);
    await open.page.goto(`${world.server.url}/#/brands`);
    await open.page.getByRole('heading', { level: 1 }).waitFor();
    return { ...open, foreign, baseline: await appStyles(open.page) };
  }

  /** The final content rendered: what Markdown needs is there, and nothing of the hostile rest. */
  async function expectHarmlessFinalContent(page: Page, foreign: string[], baseline: Awaited<ReturnType<typeof appStyles>>) {
    const content = page.getByTestId('final-content');
    await content.getByRole('heading', { name: 'Balcony composting' }).waitFor();
    await content.hover(); // an onmouseover that got through would run now
    await page.waitForLoadState('networkidle');
    await expect(content.locator('table td').first().textContent()).resolves.toBe('Worms');
    await expect(content.locator('a[href="https://example.com/guide"]').count()).resolves.toBe(1);
    await expect(content.locator('a[href="mailto:hello@example.com"]').count()).resolves.toBe(1);
    await expect(content.locator('img[src^="data:image/gif"][alt="a green dot"]').count()).resolves.toBe(1);
    await expect(content.locator('li strong, p strong, p em, pre code').count()).resolves.toBeGreaterThanOrEqual(3);
    await expect(hostileTraces(page, evilOrigin().url, '[data-testid="final-content"]')).resolves.toEqual({ ran: null, traces: [] });
    await expect(hostileTraces(page, evilOrigin().url)).resolves.toEqual({ ran: null, traces: [] });
    await expect(appStyles(page)).resolves.toEqual(baseline);
    expect(foreign).toEqual([]);
    expect(evilOrigin().hits).toEqual([]);
  }

  it('renders hostile edited content as harmless Markdown', { timeout: 60_000 }, async () => {
    const url = world.server.graphqlUrl;
    const { id } = await createCampaign(url, blogInput);
    await runToEnd(url, id);
    const content = hostileDocument(evilOrigin().url);
    const edit = 'mutation ($id: ID!, $content: String!) { editCampaignContent(id: $id, content: $content) { content } }';
    expect((await graphqlData(url, edit, { id, content })).editCampaignContent.content).toBe(content);

    const { page, foreign, baseline } = await openWatched();
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    await waitForStatus(page, 'COMPLETED');
    await expectHarmlessFinalContent(page, foreign, baseline);
  });

  it('shows hostile model output as text while it streams and as harmless Markdown at the end', { timeout: 60_000 }, async () => {
    const reply = hostileDocument(evilOrigin().url);
    world.ollama.options.chat = (request) => (['CONTENT_CREATOR', 'OPTIMIZER'].includes(agentOf(request)) ? { reply } : undefined);
    const { page, foreign, baseline } = await openWatched();
    const { id } = await createCampaign(world.server.graphqlUrl, blogInput);
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    await waitForStatus(page, 'COMPLETED');
    // The panel shows what the model wrote, markup and all, as characters.
    await expect(agentOutput(page, 'CONTENT_CREATOR').textContent()).resolves.toContain('<form action=');
    await expectHarmlessFinalContent(page, foreign, baseline);
  });

  it('shows hostile brand fields as text on every page that names the brand', { timeout: 60_000 }, async () => {
    const { page, foreign, baseline } = await openWatched();
    const evilUrl = evilOrigin().url;
    const vectors = hostileVectors(evilUrl).map((vector) => vector.markup);
    const joinedUpTo = (limit: number, from: string[]) =>
      from.reduce((text, markup) => (`${text} ${markup}`.length <= limit ? `${text} ${markup}` : text), '');
    const name = `<img src=${evilUrl}/brand.png onerror="window.hostileRan='brand'">`;
    const input = {
      name,
      voice: joinedUpTo(1000, vectors).trim(),
      tone: joinedUpTo(1000, [...vectors].reverse()).trim(),
      values: vectors.filter((markup) => markup.length <= 100).slice(0, 20),
      keywords: vectors.filter((markup) => markup.length <= 100).slice(-50),
    };
    const url = world.server.graphqlUrl;
    const brand = (await graphqlData(url, 'mutation ($input: BrandInput!) { createBrand(input: $input) { id name } }', { input }))
      .createBrand;
    expect(brand.name).toBe(name);
    const { id } = await createCampaign(url, { ...blogInput, brandId: brand.id });
    await runToEnd(url, id);

    const pages = [
      { path: '#/brands', shown: () => page.locator('[data-testid="brand-list"] h2', { hasText: name }) },
      { path: '#/create', shown: () => page.getByLabel('Brand', { exact: true }).locator('option', { hasText: name }) },
      { path: `#/campaigns/${id}`, shown: () => page.getByText(name).first() },
    ];
    for (const { path, shown } of pages) {
      await page.goto(`${world.server.url}/${path}`);
      await page.reload(); // a fresh load: the client's cache still holds the brands from before the hostile one
      await shown().waitFor({ state: 'attached' });
      await page.waitForLoadState('networkidle');
      await expect(hostileTraces(page, evilUrl), path).resolves.toEqual({ ran: null, traces: [] });
      await expect(appStyles(page), path).resolves.toEqual(baseline);
    }
    expect(foreign).toEqual([]);
    expect(evilOrigin().hits).toEqual([]);
  });
});
