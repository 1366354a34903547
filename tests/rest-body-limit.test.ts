// REST bodies over MAX_REQUEST_BODY_BYTES, sent with Content-Length or chunked (no length said up
// front): the server answers 413 with the limit in words and keeps the connection, as GraphQL does,
// instead of dropping it mid-upload. Bodies within the limit, chunked or not, are read as usual.
import { Agent, request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_REQUEST_BODY_BYTES: '4096' });
});
afterAll(() => server.stop());

interface Answer {
  status: number;
  body: string;
  /** The client's socket: the same one for two requests means the connection was kept. */
  socket: object;
}

/** Sends `prefix` and then `x` up to `total` bytes, in 1 KiB writes, chunked or with a Content-Length. */
function send(
  path: string,
  { total, chunked, prefix = '{"padding": "', contentType = 'application/json', agent }: SendOptions,
): Promise<Answer> {
  const { hostname, port } = new URL(server.url);
  const framing: Record<string, string> = chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(total) };
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: hostname,
        port,
        method: 'POST',
        path,
        agent,
        headers: { 'content-type': contentType, 'graphql-require-preflight': '1', ...framing },
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body, socket: response.socket }));
      },
    );
    outgoing.on('error', reject);
    let sent = Buffer.byteLength(prefix);
    outgoing.write(prefix);
    const writeMore = () => {
      while (sent < total) {
        const size = Math.min(1024, total - sent);
        sent += size;
        if (!outgoing.write('x'.repeat(size))) return void outgoing.once('drain', writeMore);
      }
      outgoing.end();
    };
    writeMore();
  });
}

interface SendOptions {
  total: number;
  chunked: boolean;
  prefix?: string;
  contentType?: string;
  agent?: Agent;
}

function restError(answer: Answer): { code: string; message: string } {
  return (JSON.parse(answer.body) as { error: { code: string; message: string } }).error;
}

const campaignCount = () => server.prisma.campaign.count();

describe('a REST body over MAX_REQUEST_BODY_BYTES', () => {
  it.each([
    ['chunked, a little over', { total: 8 * 1024, chunked: true }],
    ['chunked, far over (2 MiB)', { total: 2 * 1024 * 1024, chunked: true }],
    ['with Content-Length, a little over', { total: 8 * 1024, chunked: false }],
    ['with Content-Length, far over (2 MiB)', { total: 2 * 1024 * 1024, chunked: false }],
  ])('%s, is answered 413 naming the limit in words', async (_name, options) => {
    const before = await campaignCount();
    const answer = await send('/api/campaign/create', options);
    expect(answer.status, answer.body).toBe(413);
    const error = restError(answer);
    expect(error.code).toBe('REQUEST_ENTITY_TOO_LARGE');
    expect(error.message).toBe('The request body is over its limit of 4 KiB (4096 bytes, MAX_REQUEST_BODY_BYTES); send a smaller one.');
    expect(await campaignCount()).toBe(before);
  });

  it('keeps the connection after a chunked 413: the next request goes over the same socket', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await send('/api/campaign/create', { total: 64 * 1024, chunked: true, agent });
      expect(refused.status).toBe(413);
      const next = await send('/api/campaign/create', { total: 20, chunked: true, prefix: '{"campaign_brief": ', agent });
      expect(next.status).toBe(400);
      expect(next.socket).toBe(refused.socket);
    } finally {
      agent.destroy();
    }
  });

  it('is answered 413 on the approval routes too', async () => {
    const answer = await send('/api/campaign/no-such-campaign/approve', { total: 16 * 1024, chunked: true });
    expect(answer.status, answer.body).toBe(413);
    expect(restError(answer).code).toBe('REQUEST_ENTITY_TOO_LARGE');
  });

  it('is answered 413 for a chunked brand upload', async () => {
    const before = await server.prisma.brand.count();
    const answer = await send('/api/brand/upload', {
      total: 2 * 1024 * 1024,
      chunked: true,
      contentType: 'multipart/form-data; boundary=limit',
      prefix: '--limit\r\nContent-Disposition: form-data; name="file"; filename="huge.md"\r\nContent-Type: text/markdown\r\n\r\n# Huge\n',
    });
    expect(answer.status, answer.body).toBe(413);
    expect(restError(answer).message).toMatch(/4 KiB \(4096 bytes, MAX_REQUEST_BODY_BYTES\)/);
    expect(await server.prisma.brand.count()).toBe(before);
  });
});

describe('a REST body within MAX_REQUEST_BODY_BYTES', () => {
  it('is read when chunked: its JSON is parsed and checked', async () => {
    const answer = await send('/api/campaign/create', { total: 3000, chunked: true, prefix: '{"campaign_brief": "' });
    // Cut off mid-string: read whole, then refused as JSON, not for its size.
    expect(answer.status).toBe(400);
    expect(restError(answer).message).toBe('The request body is not valid JSON.');
  });

  it('uploads a brand sent chunked', async () => {
    const part = '--limit\r\nContent-Disposition: form-data; name="file"; filename="b.json"\r\nContent-Type: application/json\r\n\r\n';
    const form = `${part}{"name": "Chunked Upload Brand", "voice": "plain"}\r\n--limit--\r\n`;
    const answer = await send('/api/brand/upload', {
      total: Buffer.byteLength(form),
      chunked: true,
      contentType: 'multipart/form-data; boundary=limit',
      prefix: form,
    });
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ name: 'Chunked Upload Brand', voice: 'plain' });
  });
});
