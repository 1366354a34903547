// The one gate: GraphQL only at /graphql, whatever the spelling of the path; the key, the CSRF
// header, the Host and the Origin checked on every way in, HTTP and WebSocket alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeys } from '../server/security/api-keys.js';
import { createGate, isAllowedHost } from '../server/security/gate.js';
import { rawRequest, tryUpgrade } from './support/raw-http.js';
import { startTestServer, type TestServer } from './support/server.js';

const key = 'gate-key-0123456789abcdef';
const mutation = (name: string) => `mutation { createBrand(input: { name: "${name}" }) { id } }`;

/** Every spelling of a path that a lax router might take for /graphql. */
const pathVariants = [
  '/graphql',
  '/graphql/',
  '/graphql?x=1',
  '/graphql/../graphql',
  '/GRAPHQL',
  '/Graphql/',
  '/foo/graphql',
  '/foo/graphql/',
  '/x?y=/graphql',
  '/anything?x=/graphql/',
  '//graphql',
  '/graphql;x',
  '/graphql%2F',
  '/%67raphql',
  '/graphql/x',
  '/graphql.json',
  '/./graphql/',
  '/graphql#frag',
];
/** The ones that are GraphQL's own path once normalised. */
const canonical = new Set(['/graphql', '/graphql/', '/graphql?x=1', '/graphql/../graphql', '/./graphql/', '/graphql#frag']);

interface Attempt {
  kind: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  query?: string;
}

const requestsFor = (name: string): Attempt[] => [
  { kind: 'JSON POST', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: mutation(name) }) },
  {
    kind: 'form POST',
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
    body: new URLSearchParams({ query: mutation(name) }).toString(),
  },
  {
    kind: 'multipart POST',
    method: 'POST',
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    body: `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: mutation(name) })}\r\n--x--\r\n`,
  },
  { kind: 'GET query', method: 'GET', headers: { accept: 'application/json' }, query: '{ brands { id name } }' },
];

const withQuery = (path: string, query: string | undefined) =>
  query === undefined ? path : `${path}${path.includes('?') ? '&' : '?'}query=${encodeURIComponent(query)}`;

describe('with API keys: no path variant runs an operation without a key', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ API_KEYS: key });
  });
  afterAll(() => server.stop());

  for (const path of pathVariants) {
    it(`${path}: 401 on GraphQL's own path, 404 or the web page elsewhere, never data`, async () => {
      for (const { kind, method, headers, body, query } of requestsFor('no-key')) {
        const response = await rawRequest(server.url, { method, path: withQuery(path, query), headers, body });
        if (canonical.has(path)) expect(response.status, kind).toBe(401);
        else if (method === 'POST') expect(response.status, kind).toBe(404);
        else expect([200, 404, 503], kind).toContain(response.status); // the web client's page, a missing file, or "not built"
        expect(response.body, kind).not.toMatch(/"data"/);
      }
      expect(await server.prisma.brand.count()).toBe(0);
    });
  }

  it('runs the same operations with the key on every spelling of its own path', async () => {
    for (const path of canonical) {
      const response = await rawRequest(server.url, {
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
        body: JSON.stringify({ query: '{ brands { id } }' }),
      });
      expect(response.status, path).toBe(200);
      expect(JSON.parse(response.body).data, path).toEqual({ brands: [] });
    }
  });

  it('serves GraphiQL to a browser without a key (the page runs nothing), and runs nothing in its query string', async () => {
    const response = await rawRequest(server.url, { path: withQuery('/graphql', mutation('page')), headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.body).toContain('<html');
    expect(await server.prisma.brand.count()).toBe(0);
  });

  it('refuses downloads without a key, and a malformed escape in the id with 400', async () => {
    expect((await rawRequest(server.url, { path: '/campaigns/abc/export.md' })).status).toBe(401);
    const malformed = await rawRequest(server.url, {
      path: '/campaigns/%E0%A4%A/export.json',
      headers: { authorization: `Bearer ${key}` },
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('answers the liveness probe without a key, and says nothing but that it is alive', async () => {
    const response = await rawRequest(server.url, { path: '/health' });
    expect(response.status).toBe(200);
    expect(response.body).not.toMatch(/brand|campaign/i);
  });
});

describe('without API keys: the CSRF guard holds on every path variant', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  for (const path of pathVariants) {
    it(`${path}: a form post (with or without a foreign Origin) and a multipart post create nothing`, async () => {
      for (const { kind, method, headers, body } of requestsFor('csrf').filter((request) => request.kind !== 'GET query')) {
        for (const sentHeaders of [headers, { ...headers, origin: 'https://evil.example' }]) {
          const response = await rawRequest(server.url, { method, path, headers: sentHeaders, body });
          if (kind === 'JSON POST' && !sentHeaders.origin && canonical.has(path)) {
            expect(response.status, kind).toBe(200); // a plain API call: the browser would have asked first
            continue;
          }
          expect(canonical.has(path) ? 403 : 404, `${kind} ${JSON.stringify(sentHeaders)}`).toBe(response.status);
          expect(response.body).not.toMatch(/"data"/);
        }
      }
      await server.prisma.brand.deleteMany({ where: { name: 'csrf' } });
      expect(await server.prisma.brand.count()).toBe(0);
    });
  }
});

describe('Host and Origin (DNS rebinding, cross-site WebSocket)', () => {
  let server: TestServer;
  let withHosts: TestServer;
  const port = () => new URL(server.url).port;
  beforeAll(async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://app.example.com' });
    withHosts = await startTestServer({ ALLOWED_HOSTS: 'copilot.example.com, .corp.example' });
  });
  afterAll(() => Promise.all([server.stop(), withHosts.stop()]));

  const query = (url: string, headers: Record<string, string>) =>
    rawRequest(url, {
      method: 'POST',
      path: '/graphql',
      headers: { 'content-type': 'application/json', ...headers },
      body: '{"query":"{ brands { id } }"}',
    });

  it.each(['rebind.attacker.example', 'rebind.attacker.example:8000', 'localhost.attacker.example', 'evil.com/x', ''])(
    'refuses Host "%s" with 421 on the API and on the web page',
    async (host) => {
      const api = await query(server.url, { host });
      expect(api.status).toBe(421);
      expect(JSON.parse(api.body).errors[0].message).toMatch(/ALLOWED_HOSTS/);
      expect((await rawRequest(server.url, { path: '/', headers: { host } })).status).toBe(421);
    },
  );

  it('answers to localhost, loopback and other IP addresses', async () => {
    for (const host of [`localhost:${port()}`, `127.0.0.1:${port()}`, `[::1]:${port()}`, 'app.localhost', '192.168.1.20:8000']) {
      expect((await query(server.url, { host })).status, host).toBe(200);
    }
  });

  it('answers to ALLOWED_HOSTS, and a leading dot allows its subdomains', async () => {
    for (const host of ['copilot.example.com', 'COPILOT.example.com:443', 'corp.example', 'eu.corp.example']) {
      expect((await query(withHosts.url, { host })).status, host).toBe(200);
    }
    expect((await query(withHosts.url, { host: 'other.example.com' })).status).toBe(421);
  });

  it('refuses a foreign page over HTTP with 403, and allows its own page and CORS_ORIGINS', async () => {
    expect((await query(server.url, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await query(server.url, { origin: 'null' })).status).toBe(403);
    expect((await query(server.url, { origin: `http://127.0.0.1:${port()}` })).status).toBe(200);
    expect((await query(server.url, { origin: 'https://app.example.com' })).status).toBe(200);
  });

  it('refuses a WebSocket from a foreign page or under a foreign Host before the handshake', async () => {
    expect(await tryUpgrade(server.url, '/graphql', { origin: 'https://evil.example' })).toEqual({ opened: false, status: 403 });
    expect(await tryUpgrade(server.url, '/graphql', { host: 'rebind.attacker.example' })).toEqual({ opened: false, status: 421 });
    expect(await tryUpgrade(server.url, '/foo/graphql')).toEqual({ opened: false, status: 404 });
  });

  it('opens a WebSocket for its own page, CORS_ORIGINS and clients without an Origin', async () => {
    expect(await tryUpgrade(server.url, '/graphql', { origin: `http://127.0.0.1:${port()}` })).toEqual({ opened: true });
    expect(await tryUpgrade(server.url, '/graphql', { origin: `http://localhost:${port()}` })).toEqual({ opened: false, status: 403 });
    expect(await tryUpgrade(server.url, '/graphql', { origin: 'https://app.example.com' })).toEqual({ opened: true });
    expect(await tryUpgrade(server.url, '/graphql')).toEqual({ opened: true });
    expect(await tryUpgrade(server.url, '/graphql/')).toEqual({ opened: true });
  });
});

describe('the gate alone', () => {
  const gate = createGate({ keys: new ApiKeys([]), allowedHosts: [], corsOrigins: [] });

  it('hands on one spelling of each route', () => {
    expect(gate({ method: 'POST', url: '/graphql/?a=1', headers: { host: 'localhost', 'content-type': 'application/json' } })).toEqual({
      route: { kind: 'graphql' },
      target: '/graphql?a=1',
    });
    expect(gate({ method: 'GET', url: '/campaigns/a%20b/export.md?x=/graphql', headers: {} })).toEqual({
      route: { kind: 'export', campaignId: 'a b', format: 'md' },
      target: '/campaigns/a%20b/export.md',
    });
    expect(gate({ method: 'GET', url: '/x?y=/graphql', headers: {} })).toEqual({ route: { kind: 'client' }, target: '/x' });
  });

  it('refuses targets that are not paths', () => {
    for (const url of ['http://evil.example/graphql', '*', 'graphql']) {
      expect(gate({ method: 'POST', url, headers: {} })).toMatchObject({ refusal: { status: 400, code: 'BAD_REQUEST' } });
    }
  });

  it('knows a host name from an address', () => {
    expect(isAllowedHost('10.0.0.7', [])).toBe(true);
    expect(isAllowedHost('[2001:db8::1]:8000', [])).toBe(true);
    expect(isAllowedHost('10.0.0.7.attacker.example', [])).toBe(false);
    expect(isAllowedHost('anything.example', ['*'])).toBe(true);
    expect(isAllowedHost('user@127.0.0.1', [])).toBe(false);
  });
});
