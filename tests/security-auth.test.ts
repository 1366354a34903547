// API keys over HTTP, graphql-ws and the export URLs: no key, a wrong key, a right key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { graphql, wsClient, wsCollect } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

const keys = ['k-first-0123456789abcdef', 'k-second-0123456789abcdef'];
const [rightKey = '', otherKey = ''] = keys;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

let server: TestServer;
let campaignId: string;
beforeAll(async () => {
  server = await startTestServer({ API_KEYS: keys.join(','), HOST: '127.0.0.1', LLM_RETRIES: '0' });
  const created = await graphql(
    server.graphqlUrl,
    'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
    { input: { brief: 'A blog post about key management', targetAudience: 'operators', contentType: 'BLOG_POST' } },
    bearer(rightKey),
  );
  campaignId = created.data?.createCampaign.id;
  expect(campaignId).toBeTruthy();
});
afterAll(() => server.stop());

/** Opens a raw graphql-transport-ws socket, sends connection_init, and reports what came back. */
function connectionInit(payload: Record<string, unknown> | undefined, headers: Record<string, string> = {}) {
  return new Promise<{ acknowledged: boolean; code?: number; reason?: string }>((resolve, reject) => {
    const socket = new WebSocket(server.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', { headers });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', ...(payload ? { payload } : {}) })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') {
        socket.close(1000);
        resolve({ acknowledged: true });
      }
    });
    socket.on('close', (code, reason) => resolve({ acknowledged: false, code, reason: String(reason) }));
    socket.on('error', reject);
  });
}

describe('HTTP with API keys configured', () => {
  const query = '{ brands { id } }';

  it.each([
    ['no Authorization header', {}, /Missing API key/],
    ['a wrong key', bearer('not-a-key'), /Invalid API key/],
    ['a key with another scheme', { authorization: `Basic ${rightKey}` }, /Missing API key/],
    ['a prefix of a right key', bearer(rightKey.slice(0, -1)), /Invalid API key/],
  ])('refuses %s with 401, UNAUTHENTICATED and no data', async (_name, headers, message) => {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const body = await response.json();
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([{ message: expect.stringMatching(message), extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('refuses GET queries and mutations without a key, and runs nothing', async () => {
    const before = await server.prisma.brand.count();
    const get = await fetch(`${server.graphqlUrl}?query=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' } });
    expect(get.status).toBe(401);
    const mutation = await graphql(server.graphqlUrl, 'mutation { createBrand(input: { name: "Sneaky" }) { id } }', {}, bearer('wrong'));
    expect(mutation.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await server.prisma.brand.count()).toBe(before);
  });

  it.each([
    ['the first key', rightKey],
    ['the second key', otherKey],
  ])('answers with %s', async (_name, key) => {
    const result = await graphql(server.graphqlUrl, query, {}, bearer(key));
    expect(result.errors).toBeUndefined();
    expect(result.data?.brands).toEqual([]);
  });

  it('accepts the scheme in any case', async () => {
    const result = await graphql(server.graphqlUrl, query, {}, { authorization: `bearer ${rightKey}` });
    expect(result.data?.brands).toEqual([]);
  });

  it('keeps GraphiQL, the health check and unknown paths public (no data there)', async () => {
    const graphiql = await fetch(server.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(graphiql.status).toBe(200);
    expect(await graphiql.text()).toContain('<html');
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('export URLs with API keys configured', () => {
  const exportUrl = (format: string) => `${server.url}/campaigns/${campaignId}/export.${format}`;

  it.each(['md', 'txt', 'json'])('refuses export.%s without a key or with a wrong one', async (format) => {
    for (const headers of [{}, bearer('wrong-key')]) {
      const response = await fetch(exportUrl(format), { headers });
      expect(response.status).toBe(401);
      const body = await response.json();
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(body)).not.toContain(campaignId);
    }
  });

  it.each(['md', 'txt', 'json'])('serves export.%s with a right key', async (format) => {
    const response = await fetch(exportUrl(format), { headers: bearer(otherKey) });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain(`campaign-${campaignId}.${format}`);
  });

  it('refuses an unknown campaign without a key before saying whether it exists', async () => {
    expect((await fetch(`${server.url}/campaigns/nope/export.md`)).status).toBe(401);
    expect((await fetch(`${server.url}/campaigns/nope/export.md`, { headers: bearer(rightKey) })).status).toBe(404);
  });
});

describe('graphql-ws with API keys configured', () => {
  it.each([
    ['no payload', undefined, /missing API key/],
    ['an empty payload', {}, /missing API key/],
    ['a wrong bearer key', { authorization: 'Bearer wrong' }, /invalid API key/],
    ['a wrong apiKey', { apiKey: 'wrong' }, /invalid API key/],
    ['a key without the Bearer scheme', { authorization: rightKey }, /missing API key/],
  ])('closes the connection with 4401 for %s', async (_name, payload, reason) => {
    const outcome = await connectionInit(payload);
    expect(outcome).toMatchObject({ acknowledged: false, code: 4401 });
    expect(outcome.reason).toMatch(reason);
  });

  it.each([
    ['authorization: Bearer <key>', bearer(rightKey)],
    ['apiKey: <key>', { apiKey: otherKey }],
  ])('acknowledges a connection with %s', async (_name, payload) => {
    expect(await connectionInit(payload)).toEqual({ acknowledged: true });
  });

  it('acknowledges a connection whose upgrade request carried the key (non-browser clients)', async () => {
    expect(await connectionInit(undefined, bearer(rightKey))).toEqual({ acknowledged: true });
  });

  it('never runs an operation on a refused connection', async () => {
    const client = wsClient(server.graphqlUrl, { authorization: 'Bearer wrong' });
    try {
      const refused = await wsCollect(client, '{ brands { id } }').then(
        () => null,
        (error: { code?: number }) => error,
      );
      expect(refused?.code).toBe(4401);
    } finally {
      await client.dispose();
    }
  });

  it('runs queries and subscriptions with a right key', async () => {
    const client = wsClient(server.graphqlUrl, bearer(rightKey));
    try {
      const results = await wsCollect(client, '{ brands { id } }');
      expect(results).toEqual([{ data: { brands: [] } }]);
      const events = await wsCollect(client, 'subscription ($id: ID!) { campaignEvents(campaignId: $id) { __typename } }', {
        id: campaignId,
      });
      // Ollama is down in this test: the campaign fails, and its stream ends with CampaignFinished.
      expect(events.at(-1)?.data?.campaignEvents).toEqual({ __typename: 'CampaignFinished' });
    } finally {
      await client.dispose();
    }
  });
});

describe('without API keys', () => {
  let open: TestServer;
  beforeAll(async () => {
    open = await startTestServer();
  });
  afterAll(() => open.stop());

  it('listens on loopback and needs no key on HTTP or graphql-ws', async () => {
    expect(open.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect((await graphql(open.graphqlUrl, '{ brands { id } }')).data).toEqual({ brands: [] });
    const client = wsClient(open.graphqlUrl);
    try {
      expect(await wsCollect(client, '{ brands { id } }')).toEqual([{ data: { brands: [] } }]);
    } finally {
      await client.dispose();
    }
  });

  it('ignores an Authorization header it has no keys for', async () => {
    expect((await graphql(open.graphqlUrl, '{ brands { id } }', {}, bearer('anything'))).data).toEqual({ brands: [] });
  });
});
