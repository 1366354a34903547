// The server's own state and malformed requests each get a clear answer: a full queue is not bad
// input, a slow client is cut off, a broken upload is a 400, a huge id is not echoed, and a second
// process on the same database says so in one line.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { blogInput } from './support/campaigns.js';
import { graphql, type Json, wsClient, wsCollect } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { spawnServer, startTestServer, type TestServer, temporaryDatabase, withoutRateLimits } from './support/server.js';

const createCampaign = 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';

describe('a full queue', () => {
  let ollama: OllamaStandIn;
  let server: TestServer;
  beforeAll(async () => {
    // Every model call hangs: the first campaign holds the one slot, the second waits.
    ollama = await startOllamaStandIn({ chat: () => ({ hang: true }) });
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, PIPELINE_CONCURRENCY: '1', QUEUE_LIMIT: '1' });
    for (let index = 0; index < 2; index++) {
      expect((await graphql(server.graphqlUrl, createCampaign, { input: blogInput })).errors).toBeUndefined();
    }
  });
  afterAll(async () => {
    await server.stop();
    await ollama.close();
  });

  it('answers 503 with QUEUE_FULL and Retry-After over HTTP, creating nothing', async () => {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: createCampaign, variables: { input: blogInput } }),
    });
    expect(response.status).toBe(503);
    const retryAfter = Number(response.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    const [error] = (await response.json()).errors;
    expect(error.extensions).toEqual({ code: 'QUEUE_FULL', limit: 1, retryAfter });
    expect(error.message).toMatch(/queue is full \(1 campaigns waiting\)\. Nothing was created; try again in \d+ s/);
    expect(await server.prisma.campaign.count()).toBe(2);
  });

  it('says the same over graphql-ws, without the HTTP details', async () => {
    const client = wsClient(server.graphqlUrl);
    try {
      const [result] = await wsCollect(client, createCampaign, { input: blogInput });
      expect(result?.errors?.[0]?.extensions).toEqual({ code: 'QUEUE_FULL', limit: 1, retryAfter: expect.any(Number) });
    } finally {
      await client.dispose();
    }
    expect(await server.prisma.campaign.count()).toBe(2);
  });
});

describe('malformed and slow requests', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ HTTP_HEADERS_TIMEOUT_MS: '400', HTTP_REQUEST_TIMEOUT_MS: '800' });
  });
  afterAll(() => server.stop());

  it.each([
    ['operations', '{not json', JSON.stringify({ 0: ['variables.file'] })],
    ['map', JSON.stringify({ query: '{ brands { id } }' }), '{not json'],
  ])('answers a multipart upload whose "%s" is not JSON with 400 BAD_REQUEST', async (field, operations, map) => {
    const form = new FormData();
    form.set('operations', operations);
    form.set('map', map);
    form.set('0', new File(['{}'], 'brand.json', { type: 'application/json' }));
    const response = await fetch(server.graphqlUrl, { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
    expect(response.status).toBe(400);
    const [error] = (await response.json()).errors;
    expect(error.extensions.code).toBe('BAD_REQUEST');
    expect(error.message).toContain(`"${field}"`);
  });

  it('cuts off a client that sends its body too slowly with 408', async () => {
    const { port } = new URL(server.url);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        // Half a body, then silence: a slowloris.
        socket.write('POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"que');
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('quotes a 100 KB id back shortened', async () => {
    const id = 'x'.repeat(100_000);
    const result = await graphql(server.graphqlUrl, 'query ($id: ID!) { campaign(id: $id) { id } }', { id });
    const [error] = result.errors ?? [];
    expect(error?.extensions?.code).toBe('NOT_FOUND');
    expect(error?.message.length).toBeLessThan(120);
    expect(String(error?.extensions?.id).length).toBeLessThanOrEqual(65);
    // Node caps a request's headers at 16 KB, so the download's id is shorter.
    const download = await fetch(`${server.url}/campaigns/${id.slice(0, 10_000)}/export.md`);
    expect(download.status).toBe(404);
    expect((await download.text()).length).toBeLessThan(120);
  });
});

describe('graphql-ws protocol mistakes (found by the fuzz test)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  /** Sends connection_init, then `message` once acknowledged; resolves with the next message or the close. */
  const afterAck = (message: object) =>
    new Promise<{ reply?: Json; code?: number }>((resolve, reject) => {
      const socket = new WebSocket(server.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
      socket.on('message', (data) => {
        const reply = JSON.parse(String(data));
        if (reply.type === 'connection_ack') return socket.send(JSON.stringify(message));
        resolve({ reply });
        socket.close(1000);
      });
      socket.on('close', (code) => resolve({ code }));
      socket.on('error', reject);
    });

  it.each(['connection_ack', 'next', 'error'])('closes with 4400 (bad request), not 4500, when a client sends "%s"', async (type) => {
    expect(await afterAck({ type, id: '1', payload: {} })).toEqual({ code: 4400 });
  });

  it('answers an operationName that names no operation with OPERATION_RESOLUTION_FAILURE, as HTTP does', async () => {
    const { reply } = await afterAck({ id: '1', type: 'subscribe', payload: { query: '{ brands { id } }', operationName: 'Other' } });
    expect(reply?.type).toBe('error');
    expect(reply?.payload[0]).toMatchObject({
      message: 'The document has no operation named "Other".',
      extensions: { code: 'OPERATION_RESOLUTION_FAILURE' },
    });
  });
});

describe('a second server process on the same SQLite file', () => {
  it('exits with one line that names the file, while the first keeps serving', async () => {
    const database = await temporaryDatabase();
    const first = await spawnServer({ DATABASE_URL: database.url });
    try {
      const second = spawnServer({ DATABASE_URL: database.url });
      const failure = await second.then(
        () => null,
        (error: Error) => error.message,
      );
      expect(failure).toMatch(/server exited \(1\)/);
      expect(failure).toContain(`Another process is using the database ${database.url.slice('file:'.length)}`);
      expect(failure).not.toMatch(/SchemaConnectorError|SocketTimeout|\n\s+at /);
      const health = await graphql(first.graphqlUrl, '{ health { database { ok } } }');
      expect(health.data?.health.database.ok).toBe(true);
    } finally {
      await first.stop();
      await database.remove();
    }
  }, 60_000);
});
