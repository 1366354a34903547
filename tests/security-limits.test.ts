// Abuse limits through the real server: GraphQL Armor's document limits, body and upload
// sizes, CSRF, per-client rate limits, the graphql-ws subscription cap, and CORS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '../server/config.js';
import { campaignFields } from './support/campaigns.js';
import { type GraphQLResponse, graphql, uploadFile, wsClient, wsCollect } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

const createCampaign = 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';
const campaignInput = { brief: 'A post about rate limits for busy teams', targetAudience: 'operators', contentType: 'EMAIL' };

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as GraphQLResponse };
}

const rowCounts = (server: TestServer) =>
  Promise.all([server.prisma.brand.count(), server.prisma.campaign.count(), server.prisma.agentStep.count()]);

describe('document limits (GraphQL Armor)', () => {
  let server: TestServer;
  let keyed: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ GRAPHQL_MAX_COST: '150' });
    keyed = await startTestServer({ API_KEYS: 'armor-key-0123456789abcdef', HOST: '127.0.0.1' });
  });
  afterAll(() => Promise.all([server.stop(), keyed.stop()]));

  const ofTypes = (depth: number): string => (depth === 0 ? 'name' : `ofType { ${ofTypes(depth - 1)} }`);
  const aliases = (count: number) => `{ ${Array.from({ length: count }, (_, index) => `a${index}: brands { id }`).join(' ')} }`;
  const directives = (count: number) => `{ brands ${'@include(if: true) '.repeat(count)}{ id } }`;

  it.each([
    [
      'a query deeper than 8',
      `{ __type(name: "Query") { fields { type { ${ofTypes(6)} } } } }`,
      'GRAPHQL_VALIDATION_FAILED',
      /depth limit of 8 exceeded/,
    ],
    [
      'a query deeper than 8 through fragments',
      `{ __type(name: "Query") { ...Fields } } fragment Fields on __Type { fields { type { ${ofTypes(6)} } } }`,
      'GRAPHQL_VALIDATION_FAILED',
      /depth limit of 8 exceeded/,
    ],
    ['16 aliases (an alias bomb)', aliases(16), 'GRAPHQL_VALIDATION_FAILED', /Aliases limit of 15 exceeded/],
    ['51 directives', directives(51), 'GRAPHQL_VALIDATION_FAILED', /Directives limit of 50 exceeded/],
    ['a query over 1000 tokens', `{ brands { ${'id '.repeat(1001)} } }`, 'GRAPHQL_PARSE_FAILED', /Token limit of 1000 exceeded/],
    [
      'a query costlier than GRAPHQL_MAX_COST',
      `query ($id: ID!) { campaign(id: $id) { ${campaignFields} } }`,
      'GRAPHQL_VALIDATION_FAILED',
      /Query Cost limit of 150 exceeded/,
    ],
  ])('refuses %s with HTTP 400 and %s, running nothing', async (_name, query, code, message) => {
    const { status, body } = await post(server.graphqlUrl, { query, variables: { id: 'x' } });
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    // One document may break several limits at once; the one under test is among the errors.
    const error = body.errors?.find((candidate) => message.test(candidate.message));
    expect(error?.extensions?.code).toBe(code);
    expect(error?.message).not.toMatch(/^Syntax Error: (Query|Aliases|Directives)/);
  });

  it('accepts what stays within the limits: 15 aliases, depth 8 (fragments measured as if inline), GraphiQL-sized introspection', async () => {
    expect((await post(server.graphqlUrl, { query: aliases(15) })).status).toBe(200);
    expect((await post(server.graphqlUrl, { query: `{ __type(name: "Query") { fields { type { ${ofTypes(4)} } } } }` })).status).toBe(200);
    const throughFragments = `{ __type(name: "Query") { ...Fields } } fragment Fields on __Type { fields { type { ...Deep } } } fragment Deep on __Type { ${ofTypes(4)} }`;
    expect((await post(server.graphqlUrl, { query: throughFragments })).status).toBe(200);
    const introspection = await post(server.graphqlUrl, { query: (await import('graphql')).getIntrospectionQuery({ descriptions: true }) });
    expect(introspection.status).toBe(200);
  });

  it('refuses the same over graphql-ws, keeping the connection open', async () => {
    const client = wsClient(server.graphqlUrl);
    try {
      const tooMany = await wsCollect(client, aliases(16)).catch((errors: { message: string; extensions?: { code?: string } }[]) => errors);
      expect(tooMany).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/Aliases limit/),
          // Yoga's `http` extension is for HTTP responses; none on a socket.
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        }),
      ]);
      const tooLong = await wsCollect(client, `{ brands { ${'id '.repeat(1001)} } }`).catch(
        (errors: { extensions?: { code?: string } }[]) => errors,
      );
      expect(tooLong).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_PARSE_FAILED' }) })]);
      const broken = await wsCollect(client, '{ brands { id ').catch((errors: { extensions?: { code?: string } }[]) => errors);
      expect(broken).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'GRAPHQL_PARSE_FAILED' }) })]);
      expect(await wsCollect(client, '{ brands { id } }')).toEqual([{ data: { brands: [] } }]);
    } finally {
      await client.dispose();
    }
  });

  it('hides field suggestions when API keys are configured, and shows them otherwise', async () => {
    const query = '{ brands { nam } }';
    const open = await post(server.graphqlUrl, { query });
    expect(open.body.errors?.[0]?.message).toMatch(/Did you mean "name"/);
    const closed = await post(keyed.graphqlUrl, { query }, { authorization: 'Bearer armor-key-0123456789abcdef' });
    expect(closed.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(closed.body.errors?.[0]?.message).toMatch(/Cannot query field "nam"/);
    expect(closed.body.errors?.[0]?.message).not.toMatch(/Did you mean|"name"/);
  });
});

describe('body and upload sizes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const importGuidelines = 'mutation ($file: File!) { importBrandGuidelines(file: $file) { id } }';

  it('refuses a JSON body over MAX_REQUEST_BODY_BYTES (1 MiB) with 413', async () => {
    const before = await rowCounts(server);
    const { status, body } = await post(server.graphqlUrl, {
      query: createCampaign,
      variables: { input: { ...campaignInput, brief: 'x'.repeat(1100 * 1024) } },
    });
    expect(status).toBe(413);
    expect(body.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(await rowCounts(server)).toEqual(before);
  });

  it('refuses an upload over MAX_UPLOAD_BYTES (512 KiB) with 413 before reading it all', async () => {
    const before = await rowCounts(server);
    const result = await uploadFile(server.graphqlUrl, importGuidelines, {
      name: 'huge.md',
      type: 'text/markdown',
      content: `# Huge\n${'x'.repeat(600 * 1024)}`,
    });
    expect(result.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(result.errors?.[0]?.message).toMatch(/File size limit exceeded: 524288 bytes/);
    expect(await rowCounts(server)).toEqual(before);
  });

  it('refuses a guidelines file between the guidelines limit (256 KiB) and the upload limit with BAD_USER_INPUT naming the file', async () => {
    const result = await uploadFile(server.graphqlUrl, importGuidelines, {
      name: 'big.md',
      type: 'text/markdown',
      content: `# Big\n${'x'.repeat(300 * 1024)}`,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(result.errors?.[0]?.message).toMatch(/"big.md" is \d+ bytes; the limit is 262144 bytes/);
  });

  it('refuses more than one file in an upload', async () => {
    const form = new FormData();
    form.set('operations', JSON.stringify({ query: importGuidelines, variables: { file: null } }));
    form.set('map', JSON.stringify({ 0: ['variables.file'], 1: ['variables.other'] }));
    form.set('0', new File(['# A\n'], 'a.md', { type: 'text/markdown' }));
    form.set('1', new File(['# B\n'], 'b.md', { type: 'text/markdown' }));
    const response = await fetch(server.graphqlUrl, { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.errors[0]).toMatchObject({ message: expect.stringMatching(/Files limit exceeded/), extensions: { code: 'BAD_REQUEST' } });
  });

  it('closes a graphql-ws connection that sends a message over the body limit (1009)', async () => {
    const code = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(server.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(1100 * 1024) } })));
      socket.on('close', (closeCode) => resolve(closeCode));
      socket.on('error', () => {});
      setTimeout(() => reject(new Error('the socket stayed open')), 5000);
    });
    expect(code).toBe(1009);
  });
});

describe('cross-site request forgery', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  const mutation = 'mutation { createBrand(input: { name: "Forged" }) { id } }';

  it.each([
    ['an HTML form (urlencoded)', 'application/x-www-form-urlencoded', new URLSearchParams({ query: mutation }).toString()],
    ['text/plain', 'text/plain', JSON.stringify({ query: mutation })],
    [
      'a multipart form',
      'multipart/form-data; boundary=x',
      `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify({ query: mutation })}\r\n--x--\r\n`,
    ],
  ])('refuses %s without a preflight header (403 FORBIDDEN), creating nothing', async (_name, contentType, body) => {
    const response = await fetch(server.graphqlUrl, { method: 'POST', headers: { 'content-type': contentType }, body });
    expect(response.status).toBe(403);
    expect((await response.json()).errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await server.prisma.brand.count({ where: { name: 'Forged' } })).toBe(0);
  });

  it('runs a urlencoded request that carries graphql-require-preflight (a browser would have asked first)', async () => {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'graphql-require-preflight': '1' },
      body: new URLSearchParams({ query: '{ brands { id } }' }).toString(),
    });
    expect(response.status).toBe(200);
  });
});

describe('rate limits per client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_MUTATIONS_PER_MINUTE: '6', RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '2', LLM_RETRIES: '0' });
  });
  afterAll(() => server.stop());

  it('refuses a third createCampaign in a minute with 429, RATE_LIMITED and retryAfter, creating nothing', async () => {
    for (let index = 0; index < 2; index++) {
      const { status } = await post(server.graphqlUrl, { query: createCampaign, variables: { input: campaignInput } });
      expect(status).toBe(200);
    }
    const before = await rowCounts(server);
    const { status, headers, body } = await post(server.graphqlUrl, { query: createCampaign, variables: { input: campaignInput } });
    expect(status).toBe(429);
    const error = body.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 2 });
    expect(error?.extensions?.http).toBeUndefined();
    const retryAfter = error?.extensions?.retryAfter as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(headers.get('retry-after')).toBe(String(retryAfter));
    expect(error?.message).toMatch(/Too many campaigns created: the limit is 2 a minute/);
    expect(await rowCounts(server)).toEqual(before);
  });

  it('refuses the same over graphql-ws (the client is its address on either transport)', async () => {
    const client = wsClient(server.graphqlUrl);
    try {
      const [result] = await wsCollect(client, createCampaign, { input: campaignInput });
      expect(result?.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
      expect(result?.errors?.[0]?.extensions?.http).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });

  it('counts every mutation field, aliases included, and refuses past RATE_LIMIT_MUTATIONS_PER_MINUTE', async () => {
    // So far 2 of the 6 were used (the two campaigns created; a refused createCampaign stops
    // before the general count). Two aliased mutations per request spend 2 each.
    const deleteMissing = (count: number) =>
      `mutation { ${Array.from({ length: count }, (_, index) => `d${index}: deleteBrand(id: "missing-${index}") { id }`).join(' ')} }`;
    let refused: GraphQLResponse | undefined;
    for (let attempt = 0; attempt < 6 && !refused; attempt++) {
      const { body } = await post(server.graphqlUrl, { query: deleteMissing(2) });
      if (body.errors?.[0]?.extensions?.code === 'RATE_LIMITED') refused = body;
      else expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      if (attempt === 2) expect(refused).toBeDefined();
    }
    expect(refused?.errors?.[0]?.message).toMatch(/Too many mutations: the limit is 6 a minute/);
    // Queries are not limited.
    expect((await graphql(server.graphqlUrl, '{ brands { id } }')).data).toEqual({ brands: [] });
  });

  it('keeps one bucket per API key', async () => {
    const keys = ['rate-key-a-0123456789abcdef', 'rate-key-b-0123456789abcdef'];
    const keyed = await startTestServer({
      API_KEYS: keys.join(','),
      HOST: '127.0.0.1',
      RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '1',
      LLM_RETRIES: '0',
    });
    try {
      const create = (key: string) =>
        post(keyed.graphqlUrl, { query: createCampaign, variables: { input: campaignInput } }, { authorization: `Bearer ${key}` });
      expect((await create(keys[0] ?? '')).status).toBe(200);
      expect((await create(keys[0] ?? '')).status).toBe(429);
      expect((await create(keys[1] ?? '')).status).toBe(200);
    } finally {
      await keyed.stop();
    }
  });

  it('refuses a whole operation whose aliases would pass the createCampaign limit', async () => {
    const fresh = await startTestServer({ RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '2', LLM_RETRIES: '0' });
    try {
      const query = `mutation ($input: CreateCampaignInput!) { a: createCampaign(input: $input) { id } b: createCampaign(input: $input) { id } c: createCampaign(input: $input) { id } }`;
      const { status, body } = await post(fresh.graphqlUrl, { query, variables: { input: campaignInput } });
      expect(status).toBe(429);
      expect(body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(await fresh.prisma.campaign.count()).toBe(0);
    } finally {
      await fresh.stop();
    }
  });

  it('is off when set to 0', async () => {
    const unlimited = await startTestServer({ RATE_LIMIT_MUTATIONS_PER_MINUTE: '0', RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '0' });
    try {
      for (let index = 0; index < 25; index++) {
        const { body } = await post(unlimited.graphqlUrl, { query: 'mutation { deleteBrand(id: "missing") { id } }' });
        expect(body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
    } finally {
      await unlimited.stop();
    }
  });
});

describe('subscriptions per graphql-ws connection', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' });
  });
  afterAll(() => server.stop());

  const updates = 'subscription { campaignUpdates { id } }';

  it('refuses the third at once with TOO_MANY_SUBSCRIPTIONS, and allows one again after another completes', async () => {
    const client = wsClient(server.graphqlUrl);
    const other = wsClient(server.graphqlUrl);
    try {
      const noop = { next: () => {}, error: () => {}, complete: () => {} };
      const first = client.subscribe({ query: updates }, noop);
      client.subscribe({ query: updates }, noop);
      const refused = await wsCollect(client, updates).catch(
        (errors: { message: string; extensions?: Record<string, unknown> }[]) => errors,
      );
      expect(refused).toEqual([
        {
          message: expect.stringMatching(/Too many subscriptions on this connection: the limit is 2/),
          extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit: 2 },
        },
      ]);
      // Another connection has its own allowance.
      expect(await wsCollect(other, '{ brands { id } }')).toEqual([{ data: { brands: [] } }]);
      first();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await wsCollect(client, '{ brands { id } }')).toEqual([{ data: { brands: [] } }]);
    } finally {
      await Promise.all([client.dispose(), other.dispose()]);
    }
  });
});

describe('CORS', () => {
  let sameOrigin: TestServer;
  let configured: TestServer;
  beforeAll(async () => {
    sameOrigin = await startTestServer();
    configured = await startTestServer({ CORS_ORIGINS: 'https://app.example.com' });
  });
  afterAll(() => Promise.all([sameOrigin.stop(), configured.stop()]));

  const preflight = (url: string, origin: string) =>
    fetch(url, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });

  it('allows no other origin by default', async () => {
    const response = await preflight(sameOrigin.graphqlUrl, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(sameOrigin.graphqlUrl, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ brands { id } }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows the configured origins with credentials, and exposes x-request-id', async () => {
    const response = await preflight(configured.graphqlUrl, 'https://app.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    const post = await fetch(configured.graphqlUrl, {
      method: 'POST',
      headers: { origin: 'https://app.example.com', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ brands { id } }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(post.headers.get('access-control-expose-headers')).toMatch(/x-request-id/);
  });

  it('does not allow an origin that is not configured', async () => {
    const response = await preflight(configured.graphqlUrl, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).not.toBe('https://evil.example');
  });

  it.each([
    ['*', /CORS_ORIGINS must list origins such as "https:\/\/app.example.com" \(bad entry "\*"\)/],
    ['app.example.com', /bad entry "app.example.com"/],
    ['ftp://files.example.com', /bad entry "ftp:\/\/files.example.com"/],
  ])('refuses CORS_ORIGINS=%s at start', (value, message) => {
    expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(message);
  });

  it('normalises configured origins', () => {
    expect(loadConfig({ CORS_ORIGINS: 'http://localhost:5173/, https://App.Example.com' }).CORS_ORIGINS).toEqual([
      'http://localhost:5173',
      'https://app.example.com',
    ]);
  });
});
