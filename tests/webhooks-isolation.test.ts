// Webhook endpoints delivered independently, through the real server: a receiver that answers 200
// and then sends its body a byte every 400 ms is cut off at WEBHOOK_TIMEOUT_MS (headers and body
// together), recorded as a failed attempt and retried, while another endpoint's deliveries go at
// once; one endpoint's backlog does not hold another's; and two instances on one database never
// send the same delivery at the same time.
import { createServer as createTcpServer, type Socket, type Server as TcpServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporaryPostgresDatabase } from '../server/db/postgres.js';
import { claimMs, claimReserveMs } from '../server/webhooks/dispatcher.js';
import { sendDelivery } from '../server/webhooks/sender.js';
import { type WebhookDelivery, type WebhookEndpoint, WebhookStore } from '../server/webhooks/store.js';
import { blogInput, createCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData, type Json } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';
import { requirePostgres } from './support/services.js';
import { type ReceivedDelivery, startWebhookReceiver, type WebhookReceiver } from './support/webhook-receiver.js';

const sharedDatabase = await requirePostgres('tests/webhooks-isolation.test.ts');

const timeoutMs = 1000;
/** Longer than any wait in these tests: without a deadline, a dripping attempt would outlast them all. */
const dripForMs = 30_000;
/** A timer and a busy machine may be a little late; an attempt cut at its deadline ends well within this. */
const lateness = 700;

let ollama: OllamaStandIn;
let server: TestServer;
const receivers: WebhookReceiver[] = [];

const settings = () => ({
  ...withoutRateLimits,
  OLLAMA_HOST: ollama.url,
  LLM_RETRIES: '0',
  LLM_RETRY_DELAY_MS: '10',
  // The receivers are on loopback.
  WEBHOOK_ALLOW_PRIVATE: 'true',
  WEBHOOK_TIMEOUT_MS: String(timeoutMs),
  WEBHOOK_MAX_ATTEMPTS: '2',
  WEBHOOK_RETRY_DELAY_MS: '300',
});

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer(settings());
});
afterAll(async () => {
  // The receivers first: a server stops once its attempts under way have ended.
  await Promise.all(receivers.splice(0).map((receiver) => receiver.close()));
  await server.stop();
  await ollama.close();
});

async function receiver(options: { dripping?: boolean } = {}): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver();
  if (options.dripping) {
    started.answerWith = 200;
    started.drip = { everyMs: 400, forMs: dripForMs };
  }
  receivers.push(started);
  return started;
}

async function register(on: TestServer, url: string): Promise<string> {
  const response = await fetch(`${on.url}/api/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // A campaign on the stand-in model may fail as well as finish: either is an event that is delivered.
    body: JSON.stringify({ url, events: ['campaign.finished', 'campaign.failed'] }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as Json).endpoint.id;
}

const removeEndpoint = (id: string) =>
  graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) { id } }', { id });

async function deliveries(endpointId: string): Promise<Json[]> {
  const data = await graphqlData(
    server.graphqlUrl,
    'query ($id: ID!) { webhookDeliveries(endpointId: $id) { id status attempts lastStatusCode lastError } }',
    { id: endpointId },
  );
  return data.webhookDeliveries;
}

/** The endpoint's deliveries once `done` holds for all of them (each result is saved just after its attempt ends). */
async function deliveriesWhen(endpointId: string, count: number, done: (delivery: Json) => boolean): Promise<Json[]> {
  const deadline = Date.now() + 10_000;
  let found = await deliveries(endpointId);
  while (!(found.length === count && found.every(done)) && Date.now() < deadline) found = await deliveries(endpointId);
  return found;
}

/** `promise`, or a failure naming `what` once `ms` have passed. */
async function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not come within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

const deliveryId = (received: ReceivedDelivery | undefined) => String(received?.headers['x-copilot-delivery']);

/** How long each exchange lasted, from its arrival to its end (by either side). */
const durations = (received: ReceivedDelivery[]) => Promise.all(received.map(async (each) => (await each.closed) - each.at));

describe('a receiver that answers 200 and then drips its body', () => {
  it('is cut off at WEBHOOK_TIMEOUT_MS, recorded as a failed attempt and retried, while another endpoint gets its deliveries at once', async () => {
    const slow = await receiver({ dripping: true });
    const fast = await receiver();
    const slowId = await register(server, slow.url);
    const fastId = await register(server, fast.url);
    try {
      const first = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, first.id);
      await within(3000, fast.waitFor(1), "the other endpoint's first delivery");
      await within(3000, slow.waitFor(1), "the slow endpoint's first attempt");

      // The second campaign ends while the slow endpoint still has an attempt open (or starts one
      // for the same event): the other endpoint's delivery does not wait for it.
      const second = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, second.id);
      const ended = Date.now();
      const [, fastSecond] = await within(2500, fast.waitFor(2), "the other endpoint's second delivery");
      expect(fastSecond?.at).toBeLessThan(ended + 2500);

      // Two deliveries to the slow endpoint, each tried twice (WEBHOOK_MAX_ATTEMPTS), each attempt cut at the deadline.
      const slowAttempts = await within(4 * (timeoutMs + lateness) + 2 * 300 + 3000, slow.waitFor(4), 'four attempts on the slow endpoint');
      for (const took of await durations(slowAttempts)) {
        // Measured from the request's arrival, after its connection was made; this process also runs the server.
        expect(took).toBeGreaterThanOrEqual(timeoutMs / 2);
        expect(took).toBeLessThan(timeoutMs + lateness);
      }
      expect(slowAttempts.every((attempt) => !attempt.finished)).toBe(true);
      // The attempt for the second campaign's event was open when the other endpoint's arrived.
      const slowSecond = slowAttempts.find((attempt) => JSON.parse(attempt.body).data.campaign.campaign_id === second.id);
      if (!slowSecond || !fastSecond) throw new Error('no delivery of the second campaign');
      expect(fastSecond.at).toBeLessThan(await slowSecond.closed);

      // Retried per the retry policy: the same delivery, WEBHOOK_RETRY_DELAY_MS after the failed attempt ended.
      const ids = [...new Set(slowAttempts.map(deliveryId))];
      expect(ids).toHaveLength(2);
      for (const id of ids) {
        const [attempt, retry] = slowAttempts.filter((each) => deliveryId(each) === id);
        if (!attempt || !retry) throw new Error('a delivery was not retried');
        expect(retry.at - (await attempt.closed)).toBeGreaterThanOrEqual(250);
      }
      const recorded = await deliveriesWhen(slowId, 2, (delivery) => delivery.status !== 'PENDING');
      for (const delivery of recorded) {
        expect(delivery).toMatchObject({ status: 'FAILED', attempts: 2, lastStatusCode: 200 });
        expect(delivery.lastError).toBe(
          'The endpoint answered HTTP 200 but did not finish its answer within 1000 ms (WEBHOOK_TIMEOUT_MS) (gave up after 2 attempts)',
        );
      }
      const delivered = await deliveriesWhen(fastId, 2, (delivery) => delivery.status === 'DELIVERED');
      expect(delivered.map(({ status, attempts }) => ({ status, attempts }))).toEqual([
        { status: 'DELIVERED', attempts: 1 },
        { status: 'DELIVERED', attempts: 1 },
      ]);
    } finally {
      await removeEndpoint(slowId);
      await removeEndpoint(fastId);
    }
  });

  it("does not hold another endpoint's delivery with a backlog of its own", async () => {
    const slow = await receiver({ dripping: true });
    const fast = await receiver();
    const slowId = await register(server, slow.url);
    const fastId = await register(server, fast.url);
    try {
      // More due deliveries to the slow endpoint than one page of the queue, all older than the next event.
      const store = new WebhookStore(server.prisma);
      const [slowEndpoint] = (await store.endpoints()).filter((endpoint) => endpoint.id === slowId);
      if (!slowEndpoint) throw new Error('no endpoint');
      for (let index = 0; index < 30; index += 1)
        await store.record([slowEndpoint], 'campaign.finished', `backlog-${index}`, `backlog-${index}:1:campaign.finished`, (id) =>
          JSON.stringify({ id }),
        );
      const campaign = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, campaign.id);
      const [arrived] = await within(2500, fast.waitFor(1), "the other endpoint's delivery");
      expect(JSON.parse(arrived?.body ?? '{}').data.campaign.campaign_id).toBe(campaign.id);
      // The slow endpoint's attempts were under way meanwhile, a few at a time.
      expect(slow.received.length).toBeGreaterThan(0);
      expect(slow.received.filter((attempt) => attempt.at <= (arrived?.at ?? 0)).length).toBeLessThanOrEqual(8);
    } finally {
      // Its backlog goes with it: the attempts under way end at their deadline and are not recorded.
      await removeEndpoint(slowId);
      await removeEndpoint(fastId);
    }
  });
});

function fakeDelivery(url: string): { endpoint: WebhookEndpoint; delivery: WebhookDelivery } {
  const now = new Date();
  return {
    endpoint: { id: 'e1', url, secret: 'whsec_test', events: ['campaign.finished'], description: '', createdAt: now },
    delivery: {
      id: 'd1',
      endpointId: 'e1',
      event: 'campaign.finished',
      campaignId: null,
      eventKey: 'c1:1:campaign.finished',
      payload: '{"id":"d1"}',
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: now,
      lastStatusCode: null,
      lastError: null,
      createdAt: now,
      deliveredAt: null,
    },
  };
}

describe('one deadline for the whole attempt', () => {
  let tcp: TcpServer;
  let behave: (socket: Socket) => void = () => {};
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    tcp = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
      behave(socket);
    });
    await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => tcp.close(resolve));
  });
  const url = () => `http://127.0.0.1:${(tcp.address() as { port: number }).port}/hook`;

  it.each([
    ['never answers', (_socket: Socket) => {}, /^No answer from 127\.0\.0\.1:\d+ within 500 ms \(WEBHOOK_TIMEOUT_MS\)$/],
    [
      'sends its headers a line at a time',
      (socket: Socket) => {
        socket.write('HTTP/1.1 200 OK\r\n');
        const drip = setInterval(() => socket.write('x-slow: yes\r\n'), 100);
        socket.on('close', () => clearInterval(drip));
      },
      /^No answer from 127\.0\.0\.1:\d+ within 500 ms/,
    ],
    [
      'sends its body a byte at a time',
      (socket: Socket) => {
        socket.write('HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n');
        const drip = setInterval(() => socket.write('.'), 100);
        socket.on('close', () => clearInterval(drip));
      },
      /^The endpoint answered HTTP 200 but did not finish its answer within 500 ms \(WEBHOOK_TIMEOUT_MS\)$/,
    ],
  ])('is cut off when the endpoint %s', async (_kind, behaviour, error) => {
    behave = behaviour;
    const { endpoint, delivery } = fakeDelivery(url());
    const started = Date.now();
    const result = await within(2000, sendDelivery(endpoint, delivery, { allowPrivate: true, timeoutMs: 500 }), 'the end of the attempt');
    const took = Date.now() - started;
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(error);
    expect(took).toBeGreaterThanOrEqual(490);
    expect(took).toBeLessThan(500 + lateness);
  });

  it('lies within the claim on the delivery, for every allowed WEBHOOK_TIMEOUT_MS', () => {
    // An attempt is sent only with its whole deadline and claimReserveMs left of its claim (see the dispatcher).
    for (const timeout of [100, 1000, 10_000, 120_000]) expect(claimMs(timeout)).toBeGreaterThan(timeout + claimReserveMs);
  });
});

// Several instances share PostgreSQL (SQLite is one instance's: a second one is refused at start).
describe.skipIf(!sharedDatabase)('two instances on one PostgreSQL database', () => {
  it('never send the same delivery at the same time: the claim outlasts each attempt', async () => {
    const database = await temporaryPostgresDatabase('webhooks');
    const slow = await receiver({ dripping: true });
    const shared = { ...settings(), DATABASE_URL: database.url, WEBHOOK_MAX_ATTEMPTS: '3', WEBHOOK_RETRY_DELAY_MS: '100' };
    const instances: TestServer[] = [];
    try {
      // Deliveries due before either instance starts, so that both go for them at once.
      const setup = await startTestServer(shared);
      const endpointId = await register(setup, slow.url);
      const store = new WebhookStore(setup.prisma);
      const endpoints = await store.endpoints();
      for (let index = 0; index < 3; index += 1)
        await store.record(endpoints, 'campaign.finished', `shared-${index}`, `shared-${index}:1:campaign.finished`, (id) =>
          JSON.stringify({ id }),
        );
      await setup.stop();

      instances.push(...(await Promise.all([startTestServer(shared), startTestServer(shared)])));
      // Three deliveries, three attempts each (WEBHOOK_MAX_ATTEMPTS), one at a time: each attempt is
      // cut at its deadline, a claim lasts longer, so neither instance takes a delivery the other is sending.
      const sentTwiceAtOnce = slow.overlapping().then((id) => {
        throw new Error(`delivery ${id} was being sent by both instances at once`);
      });
      const attempts = await within(20_000, Promise.race([slow.waitFor(9), sentTwiceAtOnce]), 'nine attempts');
      const [first] = instances;
      if (!first) throw new Error('no instance');
      const deadline = Date.now() + 10_000;
      let rows = await first.prisma.webhookDelivery.findMany({ where: { endpointId } });
      while (rows.some((row) => row.status === 'PENDING') && Date.now() < deadline)
        rows = await first.prisma.webhookDelivery.findMany({ where: { endpointId } });
      expect(rows.map(({ status, attempts }) => ({ status, attempts }))).toEqual(Array(3).fill({ status: 'FAILED', attempts: 3 }));
      for (const row of rows) {
        expect(slow.mostAtOnce.get(row.id)).toBe(1);
        expect(attempts.filter((attempt) => deliveryId(attempt) === row.id)).toHaveLength(3);
      }
      expect(slow.received).toHaveLength(9);
    } finally {
      receivers.splice(receivers.indexOf(slow), 1);
      await slow.close();
      await Promise.all(instances.map((instance) => instance.stop()));
      await database.remove();
    }
  });
});
