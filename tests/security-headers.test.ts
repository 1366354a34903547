// The browser-facing headers on every response: a strict Content-Security-Policy, no framing,
// no content sniffing and no referrer to other sites, on the web client, its assets, GraphQL,
// REST, downloads, metrics and refusals alike. GraphiQL's page alone gets a looser policy.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../client/build.js';
import { blogInput, createCampaign } from './support/campaigns.js';
import { type RawResponse, rawRequest } from './support/raw-http.js';
import { startTestServer, type TestServer } from './support/server.js';

/** What the checks read of a response: fetch's, or a raw request's (fetch cannot send a foreign Host). */
interface Answer {
  headers: Headers;
}

const rawAnswer = (raw: RawResponse): Answer => ({
  headers: new Headers(Object.entries(raw.headers).map(([name, value]) => [name, String(value)])),
});

/** A policy as directive → its sources. */
function directives(policy: string | null): Record<string, string[]> {
  return Object.fromEntries(
    (policy ?? '')
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

function expectFramingSniffingAndReferrerRules(response: Answer, what: string) {
  expect(response.headers.get('x-frame-options'), what).toBe('DENY');
  expect(response.headers.get('x-content-type-options'), what).toBe('nosniff');
  expect(response.headers.get('referrer-policy'), what).toBe('same-origin');
  const policy = directives(response.headers.get('content-security-policy'));
  expect(policy['frame-ancestors'], what).toEqual(["'none'"]);
  expect(policy['base-uri'], what).toEqual(["'none'"]);
  expect(policy['object-src'] ?? policy['default-src'], what).toEqual(["'none'"]);
}

/** Nothing but the app's own scripts and styles, images from itself or data:, and remote images only when allowed. */
function expectAppPolicy(response: Answer, what: string, remoteImages = false) {
  expectFramingSniffingAndReferrerRules(response, what);
  const policy = directives(response.headers.get('content-security-policy'));
  expect(policy['default-src'], what).toEqual(["'self'"]);
  expect(policy['script-src'], what).toEqual(["'self'"]);
  expect(policy['style-src'], what).toEqual(["'self'"]);
  expect(policy['img-src'], what).toEqual(remoteImages ? ["'self'", 'data:', 'https:'] : ["'self'", 'data:']);
  expect(policy['connect-src'], what).toEqual(["'self'"]);
  expect(policy['form-action'], what).toEqual(["'self'"]);
}

/** A response that is no page (JSON, a download, metrics): it may load nothing at all. */
function expectNothingPolicy(response: Answer, what: string) {
  expectFramingSniffingAndReferrerRules(response, what);
  expect(directives(response.headers.get('content-security-policy'))['default-src'], what).toEqual(["'none'"]);
}

/** A port that was free a moment ago, for METRICS_PORT (0 there turns the listener off). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

describe('security headers', () => {
  let server: TestServer;
  let assetPath: string;
  beforeAll(async () => {
    const { distDir } = await buildClient({ quiet: true });
    const index = await readFile(join(distDir, 'index.html'), 'utf8');
    assetPath = index.match(/src="(\/assets\/[^"]+\.js)"/)?.[1] ?? '';
    server = await startTestServer({ METRICS_PORT: String(await freePort()) });
  }, 120_000);
  afterAll(() => server?.stop());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });
  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify(body),
    });

  it("serves the web client's page and assets under the app's policy", async () => {
    const page = await get('/', { accept: 'text/html' });
    expect(page.status).toBe(200);
    expectAppPolicy(page, 'the index page');
    const html = await page.text();
    // Scripts from files only: the policy allows no inline script, so the page must hold none.
    expect(html.match(/<script\b[^>]*>/g)?.every((tag) => /\ssrc=/.test(tag))).toBe(true);
    expect(html).not.toMatch(/\sstyle=/);
    expect(html).not.toContain('copilot-remote-images');

    expect(assetPath).toMatch(/^\/assets\//);
    const asset = await get(assetPath);
    expect(asset.status).toBe(200);
    expectAppPolicy(asset, 'a built asset');
    const deepLink = await get('/campaigns/abc', { accept: 'text/html' });
    expectAppPolicy(deepLink, 'a client route');
  });

  it('puts the headers on GraphQL, REST, downloads and metrics', async () => {
    const graphqlPost = await post('/graphql', { query: '{ __typename }' });
    expect(graphqlPost.status).toBe(200);
    expectNothingPolicy(graphqlPost, 'POST /graphql');

    const rest = await get('/api/campaigns/list');
    expect(rest.status).toBe(200);
    expectNothingPolicy(rest, 'a REST route');

    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const download = await get(`/campaigns/${id}/export.md`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expectNothingPolicy(download, 'an export download');

    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expectNothingPolicy(metrics, '/metrics');
    const scrape = await fetch(`${server.metricsUrl}/metrics`);
    expect(scrape.status).toBe(200);
    expectNothingPolicy(scrape, '/metrics on METRICS_PORT');
    const elsewhere = await fetch(`${server.metricsUrl}/graphql`);
    expect(elsewhere.status).toBe(404);
    expectNothingPolicy(elsewhere, "METRICS_PORT's 404");
  });

  it('puts them on refusals and errors too', async () => {
    const notFound = await get('/api/nothing-here');
    expect(notFound.status).toBe(404);
    expectNothingPolicy(notFound, "the gate's 404");

    const misdirected = await rawRequest(server.url, { path: '/', headers: { host: 'attacker.example', accept: 'text/html' } });
    expect(misdirected.status).toBe(421);
    expectNothingPolicy(rawAnswer(misdirected), "the gate's 421 for a page");

    const badQuery = await post('/graphql', { query: '{ nothing(' });
    expect(badQuery.status).toBe(400);
    expectNothingPolicy(badQuery, 'a GraphQL syntax error');

    const missingDownload = await get('/campaigns/no-such-campaign/export.json');
    expect(missingDownload.status).toBe(404);
    expectNothingPolicy(missingDownload, 'a download of no campaign');
  });

  it("gives GraphiQL's page alone the CDN and inline script it needs, still unframeable", async () => {
    const graphiql = await get('/graphql', { accept: 'text/html' });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('unpkg.com');
    expectFramingSniffingAndReferrerRules(graphiql, 'GraphiQL');
    const policy = directives(graphiql.headers.get('content-security-policy'));
    expect(policy['script-src']).toEqual(["'self'", "'unsafe-inline'", 'https://unpkg.com']);
    expect(policy['connect-src']).toEqual(["'self'", 'https://unpkg.com']);

    const reference = await get('/api/docs', { accept: 'text/html' });
    expect(reference.status).toBe(200);
    expectFramingSniffingAndReferrerRules(reference, 'the REST reference page');
    // Its one inline stylesheet, and nothing else: no script at all.
    expect(directives(reference.headers.get('content-security-policy'))).toMatchObject({
      'default-src': ["'none'"],
      'style-src': ["'unsafe-inline'"],
    });
  });
});

describe('security headers with ALLOW_REMOTE_IMAGES=true', () => {
  let server: TestServer;
  beforeAll(async () => {
    await buildClient({ quiet: true });
    server = await startTestServer({ ALLOW_REMOTE_IMAGES: 'true' });
  }, 120_000);
  afterAll(() => server?.stop());

  it('lets the page load images over https, and tells the client so', async () => {
    const page = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    expectAppPolicy(page, 'the index page', true);
    expect(await page.text()).toContain('<meta name="copilot-remote-images" content="allowed">');
  });
});
