// The REST API behind the same guards as GraphQL: API keys (401), the rate limits (429 with
// Retry-After) and masked internal errors (500 with the request id), each on a server of its own.
import { afterEach, describe, expect, it } from 'vitest';
import { graphqlData, type Json } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const goodCampaign = {
  campaign_brief: 'A blog post about refill kits for city renters',
  target_audience: 'city renters',
  content_type: 'email',
};

describe('API keys', () => {
  it('refuses a missing or wrong key with 401 in the REST error shape, and serves a right one', async () => {
    server = await startTestServer({ API_KEYS: 'rest-test-key-0123456789', HOST: '127.0.0.1' });
    const url = `${server.url}/api/campaigns/list`;
    const missing = await fetch(url);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toContain('Bearer');
    const body = (await missing.json()) as Json;
    expect(body.error).toMatchObject({ code: 'UNAUTHENTICATED', request_id: missing.headers.get('x-request-id') });
    expect(body.error.message).toContain('Missing API key');
    expect((await fetch(url, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);

    // A key-less create changes nothing.
    const refused = await fetch(`${server.url}/api/campaign/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(goodCampaign),
    });
    expect(refused.status).toBe(401);
    const keyed = await fetch(url, { headers: { authorization: 'Bearer rest-test-key-0123456789' } });
    expect(keyed.status).toBe(200);
    expect(((await keyed.json()) as Json).total).toBe(0);
    // The description of the API holds no data: public, like GraphiQL's page.
    expect((await fetch(`${server.url}/api/openapi.json`)).status).toBe(200);
  });
});

describe('other sites', () => {
  it('lets a page on CORS_ORIGINS call the API after its preflight, and refuses any other page', async () => {
    server = await startTestServer({ CORS_ORIGINS: 'https://app.example.com' });
    const url = `${server.url}/api/campaign/create`;
    const preflight = await fetch(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://app.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBeLessThan(300);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    // A POST-only and a DELETE-only address are preflighted too.
    for (const [path, requested] of [
      ['/api/webhooks/deliveries/d1/redeliver', 'POST'],
      ['/api/webhooks/e1', 'DELETE'],
    ]) {
      const other = await fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://app.example.com', 'access-control-request-method': requested ?? 'POST' },
      });
      expect(other.status, path).toBeLessThan(300);
      expect(other.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    }
    const allowed = await fetch(url, {
      method: 'POST',
      headers: { origin: 'https://app.example.com', 'content-type': 'application/json' },
      body: JSON.stringify(goodCampaign),
    });
    expect(allowed.status).toBe(201);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    const foreign = await fetch(url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify(goodCampaign),
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as Json).error.code).toBe('FORBIDDEN');
    expect((await graphqlData(server.graphqlUrl, '{ campaigns { totalCount } }')).campaigns.totalCount).toBe(1);
  });
});

describe('rate limits', () => {
  it('answers 429 with Retry-After once the campaign limit is spent, shared with GraphQL', async () => {
    server = await startTestServer({ RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '2' });
    const create = () =>
      fetch(`${server?.url}/api/campaign/create`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(goodCampaign),
      });
    expect((await create()).status).toBe(201);
    // One over GraphQL uses the same client's allowance.
    await graphqlData(server.graphqlUrl, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', {
      input: { brief: goodCampaign.campaign_brief, targetAudience: 'city renters', contentType: 'EMAIL' },
    });
    const limited = await create();
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await limited.json()) as Json;
    expect(body.error).toMatchObject({ code: 'RATE_LIMITED', retry_after: retryAfter });
    expect(body.error.message).toContain('the limit is 2 a minute');
    expect((await graphqlData(server.graphqlUrl, '{ campaigns { totalCount } }')).campaigns.totalCount).toBe(2);
  });
});

describe('internal errors', () => {
  it('answers 500 with the request id and no internals when the database fails', async () => {
    server = await startTestServer();
    // A real failure underneath: the table the operation reads is gone.
    await server.prisma.$executeRawUnsafe('DROP TABLE "WebhookEndpoint"');
    const response = await fetch(`${server.url}/api/webhooks`, { headers: { 'x-request-id': 'trace-me-42' } });
    expect(response.status).toBe(500);
    expect(response.headers.get('x-request-id')).toBe('trace-me-42');
    const body = (await response.json()) as Json;
    expect(body.error).toEqual({
      code: 'INTERNAL_SERVER_ERROR',
      message: 'Internal server error (request id trace-me-42)',
      request_id: 'trace-me-42',
    });
    expect(JSON.stringify(body)).not.toMatch(/WebhookEndpoint|SQL|prisma/i);
  });
});
