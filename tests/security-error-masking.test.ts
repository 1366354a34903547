// Unexpected failures (here: tables moved away under a running server) reach clients as one
// masked error with the request id, on every path: GraphQL over HTTP, graphql-ws, SSE and the
// export downloads. No SQL, no stack trace, even with NODE_ENV=development.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignFields } from './support/campaigns.js';
import { graphql, wsClient, wsCollect } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('unexpected errors', () => {
  let broken: TestServer;
  const developmentBefore = process.env.NODE_ENV;
  beforeAll(async () => {
    // Even in development mode no stack trace may reach a client.
    process.env.NODE_ENV = 'development';
    broken = await startTestServer();
    process.env.NODE_ENV = developmentBefore;
    await broken.prisma.$executeRawUnsafe('ALTER TABLE "Brand" RENAME TO "BrandMoved"');
    await broken.prisma.$executeRawUnsafe('ALTER TABLE "Campaign" RENAME TO "CampaignMoved"');
  });
  afterAll(() => broken.stop());

  const leaks = /no such table|does not exist|Moved|SQL|prisma|sqlite|\n\s+at |\.ts:\d+|stack|invocation/i;

  it('reach HTTP clients masked, with the request id from the x-request-id header', async () => {
    const response = await fetch(broken.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-42' },
      body: JSON.stringify({ query: '{ brands { id } }' }),
    });
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
    const text = await response.text();
    expect(text).not.toMatch(leaks);
    const body = JSON.parse(text);
    expect(body.errors).toEqual([
      {
        message: 'Internal server error (request id trace-me-42)',
        path: ['brands'],
        locations: [{ line: 1, column: 3 }],
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'trace-me-42' },
      },
    ]);
  });

  it.each([
    ['sends none', {}],
    ['sends one that is not a short token', { 'x-request-id': `${'x'.repeat(200)}<script>` }],
  ])('get a fresh request id when the caller %s, the same in header and body', async (_name, headers: Record<string, string>) => {
    const response = await fetch(broken.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ brand(id: "x") { id } }' }),
    });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const body = await response.json();
    expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', requestId });
  });

  it('reach graphql-ws clients masked too', async () => {
    const client = wsClient(broken.graphqlUrl);
    try {
      const [result] = await wsCollect(client, '{ brands { id } }');
      expect(JSON.stringify(result)).not.toMatch(leaks);
      expect(result?.errors?.[0]).toMatchObject({
        message: expect.stringMatching(/^Internal server error \(request id [0-9a-f-]{36}\)$/),
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
    } finally {
      await client.dispose();
    }
  });

  it('reach export downloads masked (JSON 500 with the request id), not as a stack trace', async () => {
    const response = await fetch(`${broken.url}/campaigns/any/export.md`, { headers: { 'x-request-id': 'export-7' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('export-7');
    const text = await response.text();
    expect(text).not.toMatch(leaks);
    expect(JSON.parse(text)).toEqual({
      errors: [
        { message: 'Internal server error (request id export-7)', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'export-7' } },
      ],
    });
  });

  it('reach SSE subscribers masked', async () => {
    const query = encodeURIComponent('subscription { campaignEvents(campaignId: "any") { seq } }');
    const response = await fetch(`${broken.graphqlUrl}?query=${query}`, { headers: { accept: 'text/event-stream' } });
    const text = await response.text();
    expect(text).not.toMatch(leaks);
    expect(text).toMatch(/INTERNAL_SERVER_ERROR/);
  });

  it('reach the campaign query masked, and the server keeps serving', async () => {
    const { text } = await (async () => {
      const response = await fetch(broken.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query ($id: ID!) { campaign(id: $id) { ${campaignFields} } }`, variables: { id: 'none' } }),
      });
      return { text: await response.text() };
    })();
    expect(text).not.toMatch(leaks);
    expect((await graphql(broken.graphqlUrl, '{ __typename }')).data).toEqual({ __typename: 'Query' });
  });
});
