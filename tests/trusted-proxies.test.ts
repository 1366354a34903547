// Behind a reverse proxy every request comes from the proxy: with TRUSTED_PROXIES its
// X-Forwarded-For names the client, so each user keeps a rate-limit bucket of their own, and a
// client that sends the header itself, not through a trusted proxy, is not believed.
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { clientAddress, trustedProxies } from '../server/security/client-address.js';
import { wsCollect } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

describe('the client address', () => {
  const proxies = trustedProxies(['10.0.0.0/8', '::1']);

  it('is the socket address when that is not a trusted proxy, whatever the header says', () => {
    expect(clientAddress('203.0.113.5', '198.51.100.7', proxies)).toBe('203.0.113.5');
    expect(clientAddress(undefined, '198.51.100.7', proxies)).toBe('unknown');
  });

  it('is the nearest forwarded hop that is not a trusted proxy', () => {
    expect(clientAddress('10.0.0.2', '198.51.100.7', proxies)).toBe('198.51.100.7');
    // A client that sends its own X-Forwarded-For: the proxy appends the real address, which wins.
    expect(clientAddress('10.0.0.2', '1.2.3.4, 198.51.100.7, 10.0.0.9', proxies)).toBe('198.51.100.7');
    // IPv4 on a dual-stack socket, and a trusted IPv6 proxy.
    expect(clientAddress('::ffff:10.0.0.2', '198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(clientAddress('::1', '2001:db8::7', proxies)).toBe('2001:db8::7');
  });

  it('stops at a hop that is not an address, and keeps the proxy when nothing was forwarded', () => {
    expect(clientAddress('10.0.0.2', 'unknown, 198.51.100.7', proxies)).toBe('198.51.100.7');
    expect(clientAddress('10.0.0.2', '198.51.100.7, garbage', proxies)).toBe('10.0.0.2');
    expect(clientAddress('10.0.0.2', undefined, proxies)).toBe('10.0.0.2');
    // Every hop a trusted proxy: the farthest one is the client.
    expect(clientAddress('10.0.0.2', '10.0.0.3, 10.0.0.4', proxies)).toBe('10.0.0.3');
  });
});

const createCampaign = 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';
const campaignInput = { brief: 'A post about proxies for busy teams', targetAudience: 'operators', contentType: 'EMAIL' };

function createAs(server: TestServer, forwardedFor: string): Promise<number> {
  return fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ query: createCampaign, variables: { input: campaignInput } }),
  }).then((response) => response.status);
}

/** graphql-ws with an X-Forwarded-For header on the upgrade request, as nginx sends it. */
async function createOverWebSocket(server: TestServer, forwardedFor: string): Promise<string | undefined> {
  class Forwarded extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-forwarded-for': forwardedFor } });
    }
  }
  const client = createClient({ url: server.graphqlUrl.replace(/^http/, 'ws'), webSocketImpl: Forwarded, retryAttempts: 0, lazy: true });
  try {
    const [result] = await wsCollect(client, createCampaign, { input: campaignInput });
    return result?.errors?.[0]?.extensions?.code as string | undefined;
  } finally {
    await client.dispose();
  }
}

describe('rate limits behind a trusted proxy (the tests connect from 127.0.0.1)', () => {
  let behindProxy: TestServer;
  let direct: TestServer;
  beforeAll(async () => {
    const limits = { RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '1', LLM_RETRIES: '0' };
    [behindProxy, direct] = await Promise.all([startTestServer({ ...limits, TRUSTED_PROXIES: '127.0.0.1' }), startTestServer(limits)]);
  });
  afterAll(async () => {
    await Promise.all([behindProxy?.stop(), direct?.stop()]);
  });

  it('keeps a bucket per forwarded client, over HTTP and graphql-ws', async () => {
    expect(await createAs(behindProxy, '198.51.100.7')).toBe(200);
    expect(await createAs(behindProxy, '198.51.100.7')).toBe(429);
    expect(await createAs(behindProxy, '198.51.100.8')).toBe(200);
    expect(await createOverWebSocket(behindProxy, '198.51.100.8')).toBe('RATE_LIMITED');
    expect(await createOverWebSocket(behindProxy, '198.51.100.9')).toBeUndefined();
    expect(await behindProxy.prisma.campaign.count()).toBe(3);
  });

  it('does not believe the header without TRUSTED_PROXIES: one client cannot pose as many', async () => {
    expect(await createAs(direct, '198.51.100.7')).toBe(200);
    expect(await createAs(direct, '198.51.100.8')).toBe(429);
    expect(await createOverWebSocket(direct, '198.51.100.9')).toBe('RATE_LIMITED');
    expect(await direct.prisma.campaign.count()).toBe(1);
  });
});
