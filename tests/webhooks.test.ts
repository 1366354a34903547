// Webhooks through the real server: a campaign's end delivered, signed, to a local receiver; a
// failing receiver retried with backoff, then marked failed, then redelivered; private addresses
// refused when registering and when sending.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressRefusal } from '../server/webhooks/address-guard.js';
import { sendDelivery } from '../server/webhooks/sender.js';
import { signatureFor, verifySignature } from '../server/webhooks/signature.js';
import { type WebhookDelivery, type WebhookEndpoint, WebhookStore } from '../server/webhooks/store.js';
import { blogInput, createCampaign, runToEnd } from './support/campaigns.js';
import { graphql, graphqlData, type Json } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, temporaryDatabase, withoutRateLimits } from './support/server.js';
import { startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

let ollama: OllamaStandIn;
let server: TestServer;
let receiver: WebhookReceiver;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  receiver = await startWebhookReceiver();
  server = await startTestServer({
    ...withoutRateLimits,
    OLLAMA_HOST: ollama.url,
    LLM_RETRIES: '0',
    LLM_RETRY_DELAY_MS: '10',
    // The receiver is on loopback: allowed here, as the setting says.
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_MAX_ATTEMPTS: '3',
    WEBHOOK_RETRY_DELAY_MS: '40',
  });
});
afterAll(async () => {
  await server.stop();
  await receiver.close();
  await ollama.close();
});

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function register(url: string, events: string[]): Promise<{ endpoint: Json; secret: string }> {
  const response = await postJson(`${server.url}/api/webhooks`, { url, events });
  expect(response.status).toBe(201);
  return (await response.json()) as { endpoint: Json; secret: string };
}

async function deliveries(endpointId: string): Promise<Json[]> {
  const data = await graphqlData(
    server.graphqlUrl,
    'query ($id: ID!) { webhookDeliveries(endpointId: $id) { id event campaignId status attempts lastStatusCode lastError payload deliveredAt nextAttemptAt } }',
    { id: endpointId },
  );
  return data.webhookDeliveries;
}

/** The endpoint's latest delivery once `done` holds (its result is saved just after the receiver answers). */
async function latestDeliveryWhen(endpointId: string, done: (delivery: Json | undefined) => boolean): Promise<Json | undefined> {
  const deadline = Date.now() + 5000;
  let [latest] = await deliveries(endpointId);
  while (!done(latest) && Date.now() < deadline) [latest] = await deliveries(endpointId);
  return latest;
}

/** The README's verification snippet, run as a receiver would run it. */
async function readmeVerifier(): Promise<(secret: string, body: string, header: string) => boolean> {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
  const snippet = readme.match(/```js\n(import \{ createHmac, timingSafeEqual \} from 'node:crypto';[\s\S]*?)```/)?.[1];
  if (!snippet) throw new Error('the README has no signature verification snippet');
  const body = snippet.replace(/^import .*$/m, '');
  return new Function('createHmac', 'timingSafeEqual', `${body}\nreturn verifyCopilotSignature;`)(createHmac, timingSafeEqual);
}

describe('delivery', () => {
  it('sends campaign.finished to the receiver, signed with the endpoint secret, and records it as delivered', async () => {
    const local = await startWebhookReceiver();
    const { endpoint, secret } = await register(local.url, ['campaign.finished']);
    try {
      expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/);
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, id);
      const [delivery] = await local.waitFor(1);
      if (!delivery) throw new Error('no delivery');
      const header = String(delivery.headers['x-copilot-signature']);
      expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      const receiverAccepts = await readmeVerifier();
      expect(receiverAccepts(secret, delivery.body, header)).toBe(true);
      expect(receiverAccepts('whsec_wrong', delivery.body, header)).toBe(false);
      expect(receiverAccepts(secret, delivery.body.replace('completed', 'failed'), header)).toBe(false);
      const stale = signatureFor(secret, delivery.body, Math.floor(Date.now() / 1000) - 600);
      expect(receiverAccepts(secret, delivery.body, stale)).toBe(false);
      expect(verifySignature(secret, delivery.body, header)).toBe(true);
      expect(delivery.headers['x-copilot-event']).toBe('campaign.finished');
      const payload = JSON.parse(delivery.body);
      expect(payload).toMatchObject({ type: 'campaign.finished', data: { campaign: { campaign_id: id, status: 'completed' } } });
      expect(payload.data.campaign.validations.overall_quality).toBeGreaterThanOrEqual(0);
      expect(payload.id).toBe(delivery.headers['x-copilot-delivery']);

      // Recorded: status, attempts, no error; readable over GraphQL and REST.
      const [recorded] = await deliveries(endpoint.id);
      expect(recorded).toMatchObject({
        id: payload.id,
        event: 'campaign.finished',
        campaignId: id,
        status: 'DELIVERED',
        attempts: 1,
        lastStatusCode: 204,
        lastError: null,
      });
      expect(recorded?.payload).toBe(delivery.body);
      const overRest = (await (await fetch(`${server.url}/api/webhooks/${endpoint.id}/deliveries`)).json()) as Json;
      expect(overRest.deliveries[0]).toMatchObject({ id: payload.id, status: 'DELIVERED', attempts: 1 });
      // Only the event it asked for.
      expect(local.received.every((received) => received.headers['x-copilot-event'] === 'campaign.finished')).toBe(true);
    } finally {
      await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }', { id: endpoint.id });
      await local.close();
    }
  });

  it('sends campaign.failed when a campaign fails', async () => {
    const { endpoint } = await register(receiver.url, ['campaign.failed']);
    ollama.options.chat = () => ({ errorStatus: 500, errorMessage: 'llama runner process has terminated: exit status 2' });
    try {
      const before = receiver.received.length;
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, id);
      const received = await receiver.waitFor(before + 1);
      const payload = JSON.parse(received[before]?.body ?? '{}');
      expect(payload).toMatchObject({ type: 'campaign.failed', data: { campaign: { campaign_id: id, status: 'failed' } } });
      expect(payload.data.campaign.error).toEqual(expect.stringContaining('Content Creator'));
    } finally {
      ollama.options.chat = undefined;
      await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }', { id: endpoint.id });
    }
  });
  it('sends campaign.awaiting_approval when a gated campaign reaches its gate, and then campaign.finished once approved', async () => {
    const local = await startWebhookReceiver();
    const { endpoint } = await register(local.url, ['campaign.awaiting_approval', 'campaign.finished']);
    try {
      const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, approvalGates: ['DRAFT'] });
      const events = await runToEnd(server.graphqlUrl, id);
      expect(events.at(-1)).toMatchObject({ __typename: 'ApprovalRequested', gate: 'DRAFT' });
      const [waiting] = await local.waitFor(1);
      if (!waiting) throw new Error('no delivery');
      expect(waiting.headers['x-copilot-event']).toBe('campaign.awaiting_approval');
      expect(JSON.parse(waiting.body)).toMatchObject({
        type: 'campaign.awaiting_approval',
        data: { campaign: { campaign_id: id, status: 'awaiting_approval', pending_approval: { gate: 'draft' } } },
      });
      // The text to approve comes with the event, as the campaign shows it.
      const shown = await graphqlData(server.graphqlUrl, 'query ($id: ID!) { campaign(id: $id) { pendingApproval { content } } }', { id });
      expect(JSON.parse(waiting.body).data.campaign.pending_approval.content).toBe(shown.campaign.pendingApproval.content);
      const recorded = await latestDeliveryWhen(endpoint.id, (delivery) => delivery?.status === 'DELIVERED');
      expect(recorded).toMatchObject({ event: 'campaign.awaiting_approval', campaignId: id, status: 'DELIVERED', attempts: 1 });

      const approved = await postJson(`${server.url}/api/campaign/${id}/approve`, { by: 'Webhook Tester' });
      expect(approved.status).toBe(200);
      await runToEnd(server.graphqlUrl, id);
      const [, finished] = await local.waitFor(2);
      expect(JSON.parse(finished?.body ?? '{}')).toMatchObject({
        type: 'campaign.finished',
        data: { campaign: { campaign_id: id, status: 'completed' } },
      });
      // One awaiting_approval delivery for the one gate.
      expect(local.received.filter((each) => each.headers['x-copilot-event'] === 'campaign.awaiting_approval')).toHaveLength(1);
    } finally {
      await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }', { id: endpoint.id });
      await local.close();
    }
  });
});

describe('recording', () => {
  it('records an event once, however many times it is told (several instances may see the same change)', async () => {
    const { endpoint } = await register(receiver.url, ['campaign.failed']);
    try {
      const store = new WebhookStore(server.prisma);
      const listening = await store.listeningTo('campaign.failed');
      const first = await store.record(listening, 'campaign.failed', 'c-x', 'c-x:1:campaign.failed', (id) => JSON.stringify({ id }));
      const again = await store.record(listening, 'campaign.failed', 'c-x', 'c-x:1:campaign.failed', (id) => JSON.stringify({ id }));
      const nextRun = await store.record(listening, 'campaign.failed', 'c-x', 'c-x:2:campaign.failed', (id) => JSON.stringify({ id }));
      expect(first).toHaveLength(1);
      expect(again).toEqual([]);
      expect(nextRun).toHaveLength(1);
      expect(JSON.parse(first[0]?.payload ?? '{}').id).toBe(first[0]?.id);
      expect((await deliveries(endpoint.id)).map((delivery) => delivery.id).sort()).toEqual([first[0]?.id, nextRun[0]?.id].sort());
    } finally {
      await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }', { id: endpoint.id });
    }
  });
});

describe('a failing receiver', () => {
  it('is retried with backoff, then the delivery is marked failed with the reason; redelivery sends it again', async () => {
    const failing = await startWebhookReceiver();
    failing.answerWith = 500;
    const { endpoint, secret } = await register(failing.url, ['campaign.finished']);
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, id);
      const attempts = await failing.waitFor(3);
      // Each attempt the same delivery, signed afresh.
      const ids = new Set(attempts.map((attempt) => attempt.headers['x-copilot-delivery']));
      expect(ids.size).toBe(1);
      for (const attempt of attempts)
        expect(verifySignature(secret, attempt.body, String(attempt.headers['x-copilot-signature']))).toBe(true);

      const recorded = await latestDeliveryWhen(endpoint.id, (delivery) => delivery?.status !== 'PENDING');
      expect(recorded).toMatchObject({ status: 'FAILED', attempts: 3, lastStatusCode: 500, nextAttemptAt: null, deliveredAt: null });
      expect(recorded?.lastError).toContain('HTTP 500: receiver is down for maintenance');
      expect(recorded?.lastError).toContain('gave up after 3 attempts');
      expect(failing.received).toHaveLength(3);

      // The receiver is fixed: redelivering (over REST) sends the same body again.
      failing.answerWith = 200;
      const redeliver = `${server.url}/api/webhooks/deliveries/${recorded?.id}/redeliver`;
      // A POST without a body still needs JSON's content type (or a key): it is how forged posts are told apart.
      expect((await fetch(redeliver, { method: 'POST' })).status).toBe(403);
      const redelivered = await fetch(redeliver, { method: 'POST', headers: { 'content-type': 'application/json' } });
      expect(redelivered.status).toBe(202);
      expect(await redelivered.json()).toMatchObject({ id: recorded?.id, status: 'PENDING', attempts: 0 });
      const [, , , again] = await failing.waitFor(4);
      expect(again?.body).toBe(attempts[0]?.body);
      const after = await latestDeliveryWhen(endpoint.id, (delivery) => delivery?.status !== 'PENDING');
      expect(after).toMatchObject({ status: 'DELIVERED', attempts: 1, lastError: null, lastStatusCode: 200 });
    } finally {
      await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }', { id: endpoint.id });
      await failing.close();
    }
  });
});

describe('after a restart', () => {
  it('sends the deliveries an earlier run of the server left pending', async () => {
    const database = await temporaryDatabase();
    const local = await startWebhookReceiver();
    local.answerWith = 503;
    const settings = {
      ...withoutRateLimits,
      OLLAMA_HOST: ollama.url,
      DATABASE_URL: database.url,
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_RETRY_DELAY_MS: '2500',
    };
    let restarted: TestServer | undefined;
    try {
      const first = await startTestServer(settings);
      const response = await fetch(`${first.url}/api/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: local.url, events: ['campaign.finished'] }),
      });
      const { endpoint } = (await response.json()) as Json;
      const { id } = await createCampaign(first.graphqlUrl, blogInput);
      await runToEnd(first.graphqlUrl, id);
      await local.waitFor(1);
      // Stopped before its retry is due: the delivery stays PENDING in the database.
      await first.stop();
      local.answerWith = 204;
      const restartedAt = Date.now();
      restarted = await startTestServer(settings);
      const [failed, retried] = await local.waitFor(2);
      expect(retried?.at).toBeGreaterThanOrEqual(restartedAt);
      expect(retried?.headers['x-copilot-delivery']).toBe(failed?.headers['x-copilot-delivery']);
      const data = await graphqlData(restarted.graphqlUrl, 'query ($id: ID!) { webhookDeliveries(endpointId: $id) { status attempts } }', {
        id: endpoint.id,
      });
      let [latest] = data.webhookDeliveries;
      const deadline = Date.now() + 5000;
      while (latest?.status === 'PENDING' && Date.now() < deadline) {
        [latest] = (
          await graphqlData(restarted.graphqlUrl, 'query ($id: ID!) { webhookDeliveries(endpointId: $id) { status attempts } }', {
            id: endpoint.id,
          })
        ).webhookDeliveries;
      }
      expect(latest).toEqual({ status: 'DELIVERED', attempts: 2 });
    } finally {
      await restarted?.stop();
      await local.close();
      await database.remove();
    }
  });
});

describe('private addresses', () => {
  let guarded: TestServer;
  beforeAll(async () => {
    guarded = await startTestServer({ ...withoutRateLimits });
  });
  afterAll(async () => {
    await guarded.stop();
  });

  const refusedUrls = [
    ['loopback', 'http://127.0.0.1:8080/hook'],
    ['loopback by name', 'http://localhost:8080/hook'],
    ['IPv6 loopback', 'http://[::1]/hook'],
    ['private', 'https://10.1.2.3/hook'],
    ['private', 'http://192.168.1.20/hook'],
    ['link-local (cloud metadata)', 'http://169.254.169.254/latest/meta-data'],
    ['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/hook'],
    ['unspecified', 'http://0.0.0.0/hook'],
    ['IPv6 unique local', 'http://[fd00::1]/hook'],
    ['IPv6 link-local', 'http://[fe80::1]/hook'],
    // IPv6 forms that stand for an IPv4 address are judged as that address.
    ['IPv4-compatible loopback', 'http://[::7f00:1]/hook'],
    ['IPv4-compatible loopback (dotted)', 'http://[::127.0.0.1]/hook'],
    ['IPv4-compatible private', 'http://[::10.0.0.1]/hook'],
    ['IPv4-compatible cloud metadata', 'http://[::a9fe:a9fe]/latest/meta-data'],
    ['IPv4-mapped private (hexadecimal)', 'http://[::ffff:a00:1]/hook'],
    ['IPv4-translated loopback', 'http://[::ffff:0:7f00:1]/hook'],
    ['NAT64 loopback', 'http://[64:ff9b::127.0.0.1]/hook'],
    ['NAT64 cloud metadata', 'http://[64:ff9b::a9fe:a9fe]/latest/meta-data'],
    ['6to4 private', 'http://[2002:c0a8:101::1]/hook'],
    ['6to4 loopback', 'http://[2002:7f00:1::]/hook'],
  ];

  it.each(refusedUrls)('refuses a %s address when registering (REST and GraphQL), and saves nothing', async (_kind, url) => {
    const response = await fetch(`${guarded.url}/api/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, events: ['campaign.finished'] }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as Json;
    expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    expect(body.error.message).toMatch(
      /^url: must not point at a private network \(.+ is an? [a-z ]+ address\); set WEBHOOK_ALLOW_PRIVATE=true/,
    );

    const result = await graphql(
      guarded.graphqlUrl,
      'mutation ($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }',
      {
        input: { url, events: ['campaign.finished'] },
      },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    const listed = await graphqlData(guarded.graphqlUrl, '{ webhookEndpoints { id } }');
    expect(listed.webhookEndpoints).toEqual([]);
  });

  it.each([
    ['http://[::7f00:1]/hook', '::7f00:1 stands for 127.0.0.1, which is a loopback address'],
    ['http://[::127.0.0.1]/hook', '::7f00:1 stands for 127.0.0.1, which is a loopback address'],
    ['http://[::ffff:10.1.2.3]/hook', '::ffff:a01:203 stands for 10.1.2.3, which is a private address'],
    ['http://[64:ff9b::169.254.169.254]/hook', '64:ff9b::a9fe:a9fe stands for 169.254.169.254, which is a link local address'],
    ['http://[2002:c0a8:114::1]/hook', '2002:c0a8:114::1 stands for 192.168.1.20, which is a private address'],
    ['http://[::808:808]/hook', '::808:808 is a deprecated IPv4-compatible address'],
    // RFC 8215's prefix for a network's own translator: where the IPv4 address sits is up to that network.
    ['http://[64:ff9b:1::a00:1]/hook', '64:ff9b:1::a00:1 is a local-use NAT64 address'],
  ])('says which IPv4 address %s stands for, or why it is refused', async (url, reason) => {
    const response = await fetch(`${guarded.url}/api/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, events: ['campaign.finished'] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error.message).toBe(
      `url: must not point at a private network (${reason}); set WEBHOOK_ALLOW_PRIVATE=true to allow private addresses`,
    );
  });

  it('accepts public IPv6 addresses, and the IPv6 forms of public IPv4 ones (NAT64 and mapped)', async () => {
    for (const url of ['http://[2606:4700:4700::1111]/hook', 'http://[64:ff9b::808:808]/hook', 'http://[::ffff:8.8.8.8]/hook']) {
      const response = await fetch(`${guarded.url}/api/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url, events: ['campaign.finished'] }),
      });
      expect(response.status, url).toBe(201);
      const { endpoint } = (await response.json()) as Json;
      await graphqlData(guarded.graphqlUrl, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }', { id: endpoint.id });
    }
  });

  it.each([
    ['::ffff:7f00:1', 'loopback'],
    ['::7f00:1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:a9fe:a9fe::1', 'link local'],
    ['::ffff:0:c0a8:101', 'private'],
  ])('refuses %s when a name resolves to it, too', (address, kind) => {
    // What the lookup on every connection checks (DNS rebinding to an IPv6 form of a private address).
    expect(addressRefusal(address, false)).toMatch(new RegExp(`^${address} stands for [\\d.]+, which is an? ${kind} address$`));
    expect(addressRefusal(address, true)).toBeNull();
  });

  it.each([
    ['ftp://example.com/hook', 'must be an http or https URL'],
    ['not a url', 'must be an absolute URL'],
    ['https://user:pass@example.com/hook', 'must not carry a user name or password'],
  ])('refuses %s', async (url, rule) => {
    const response = await fetch(`${guarded.url}/api/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url, events: ['campaign.finished'] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error.message).toContain(`url: ${rule}`);
  });

  it('refuses at delivery time too: a name that resolves to loopback is not connected to', async () => {
    // As if the name had pointed elsewhere when it was registered (DNS rebinding).
    const local = await startWebhookReceiver();
    try {
      const port = new URL(local.url).port;
      const endpoint: WebhookEndpoint = {
        id: 'e1',
        url: `http://localhost:${port}/hooks/copilot`,
        secret: 'whsec_test',
        events: ['campaign.finished'],
        description: '',
        createdAt: new Date(),
      };
      const payload = JSON.stringify({ id: 'd1', type: 'campaign.finished' });
      const delivery: WebhookDelivery = {
        id: 'd1',
        endpointId: 'e1',
        event: 'campaign.finished',
        campaignId: null,
        eventKey: 'c1:1:campaign.finished',
        payload,
        status: 'PENDING',
        attempts: 0,
        nextAttemptAt: new Date(),
        lastStatusCode: null,
        lastError: null,
        createdAt: new Date(),
        deliveredAt: null,
      };
      const refused = await sendDelivery(endpoint, delivery, { allowPrivate: false, timeoutMs: 2000 });
      expect(refused).toMatchObject({ ok: false, statusCode: null });
      expect(refused.error).toMatch(/loopback address/);
      const literal = await sendDelivery({ ...endpoint, url: local.url }, delivery, { allowPrivate: false, timeoutMs: 2000 });
      expect(literal.error).toMatch(/^Not sent: .*loopback address/);
      // The same receiver by an IPv6 form of its loopback address.
      for (const host of ['[::7f00:1]', '[::ffff:7f00:1]', '[64:ff9b::7f00:1]']) {
        const embedded = await sendDelivery({ ...endpoint, url: `http://${host}:${port}/hooks/copilot` }, delivery, {
          allowPrivate: false,
          timeoutMs: 2000,
        });
        expect(embedded.error).toMatch(/^Not sent: the URL is refused: .* stands for 127\.0\.0\.1, which is a loopback address/);
      }
      expect(local.received).toHaveLength(0);
      // The same delivery with the setting on arrives, signed.
      const allowed = await sendDelivery(endpoint, delivery, { allowPrivate: true, timeoutMs: 2000 });
      expect(allowed).toEqual({ ok: true, statusCode: 204, error: null });
      expect(local.received[0]?.headers['x-copilot-signature']).toMatch(/^t=\d+,v1=/);
      expect(signatureFor('whsec_test', payload, 1_700_000_000)).toBe(
        `t=1700000000,v1=${createHmac('sha256', 'whsec_test').update(`1700000000.${payload}`).digest('hex')}`,
      );
    } finally {
      await local.close();
    }
  });
});
