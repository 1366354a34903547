// The real server with REDIS_URL: its subscribers read every campaign's events from the run's
// Redis stream through the instance's one blocking reader, and dashboard updates go through
// Redis pub/sub, where any instance's changes arrive.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { temporaryPostgresDatabase } from '../server/db/postgres.js';
import { createLogger } from '../server/logger.js';
import { RedisCampaignUpdates } from '../server/redis/redis-campaign-updates.js';
import { runStreamKey } from '../server/redis/stream-entries.js';
import {
  assertGapFree,
  blogInput,
  type CampaignEventData,
  createCampaign,
  followEvents,
  getCampaign,
  runToEnd,
  streamedText,
} from './support/campaigns.js';
import { followCampaignUpdates, graphqlData, wsClient } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { connectionsNamed, type RedisScratch, redisScratch } from './support/redis.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';
import { requirePostgres, requireRedis, testRedisUrl } from './support/services.js';

const redisAvailable = await requireRedis('tests/live-events-redis.test.ts');

describe.skipIf(!redisAvailable)('live events through Redis (REDIS_URL set)', () => {
  let ollama: OllamaStandIn;
  let scratch: RedisScratch;
  let server: TestServer;

  beforeAll(async () => {
    // Slow enough that subscribers can join mid-run.
    ollama = await startOllamaStandIn({ defaults: { tokenDelayMs: 1 } });
    scratch = await redisScratch();
    server = await startTestServer({
      ...withoutRateLimits,
      OLLAMA_HOST: ollama.url,
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: scratch.prefix,
      LIVE_EVENTS_RETENTION_SECONDS: '600',
    });
  });
  afterAll(async () => {
    await server?.stop();
    await ollama?.close();
    await scratch?.remove();
  });

  it('gives concurrent and late subscribers the same gap-free run, read from the run stream in Redis', async () => {
    const connectionsBefore = await connectionsNamed(scratch.redis, scratch.prefix);
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const clients = Array.from({ length: 8 }, () => wsClient(server.graphqlUrl));
    const late = wsClient(server.graphqlUrl);
    try {
      let lateJoin: Promise<CampaignEventData[]> | undefined;
      let connectionsWhileStreaming: string[] = [];
      const onEvent = (event: CampaignEventData) => {
        // Join while the Brand Manager is working: hundreds of events have gone by.
        if (!lateJoin && event.__typename === 'StepStarted' && event.role === 'BRAND_MANAGER') {
          lateJoin = followEvents(late, id);
          void connectionsNamed(scratch.redis, scratch.prefix).then((names) => (connectionsWhileStreaming = names));
        }
      };
      const [first, ...others] = await Promise.all(
        clients.map((client, index) => followEvents(client, id, 0, index === 0 ? onEvent : undefined)),
      );
      const lateEvents = await (lateJoin as Promise<CampaignEventData[]>);
      expect(first?.length).toBeGreaterThan(1000);
      expect(assertGapFree(first ?? [])).toBe(true);
      expect(first?.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
      for (const events of others) expect(events).toEqual(first);
      expect(lateEvents).toEqual(first);

      // Nine subscribers added no Redis connection: the instance has the ones it started with, one reader among them.
      expect(connectionsWhileStreaming.sort()).toEqual(connectionsBefore.sort());
      expect(connectionsWhileStreaming.filter((name) => name === `${scratch.prefix}event-reader`)).toHaveLength(1);
      expect(connectionsWhileStreaming).toContain(`${scratch.prefix}event-writer`);

      // The run's stream holds every event, its entry id the seq, and expires.
      const key = runStreamKey(scratch.prefix, id, 1);
      const entries = (await scratch.redis.xrange(key, '-', '+')) as [string, string[]][];
      expect(entries.map(([entryId]) => entryId)).toEqual(first?.map((event) => `${event.seq}-0`));
      const ttl = await scratch.redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(600_000);

      const campaign = await getCampaign(server.graphqlUrl, id);
      const texts = streamedText(first ?? []);
      for (const step of campaign.steps) expect(texts.get(`${step.role}#${step.attempt}`)).toBe(step.rawOutput ?? step.output);
    } finally {
      await Promise.all([...clients, late].map((client) => client.dispose()));
    }
  });

  it('resumes after afterSeq from the stream without repeating or skipping an event', async () => {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const client = wsClient(server.graphqlUrl);
    try {
      const head: CampaignEventData[] = [];
      await new Promise<void>((resolve, reject) => {
        const stop = client.subscribe<{ campaignEvents: CampaignEventData }>(
          { query: 'subscription ($id: ID!) { campaignEvents(campaignId: $id) { __typename seq run } }', variables: { id } },
          {
            next: (result) => {
              if (result.data) head.push(result.data.campaignEvents);
              if (head.length === 300) {
                stop();
                resolve();
              }
            },
            error: reject,
            complete: () => resolve(),
          },
        );
      });
      // An event or two may still arrive after stop(): resume from the 300th, as a client that kept 300 would.
      const tail = await followEvents(client, id, head[299]?.seq ?? 0, undefined, 1);
      expect(tail[0]?.seq).toBe(301);
      expect(assertGapFree([...head.slice(0, 300), ...tail])).toBe(true);
      expect(tail.at(-1)?.__typename).toBe('CampaignFinished');
    } finally {
      await client.dispose();
    }
  });

  it('replays a finished campaign exactly as it streamed, also once its stream has expired', async () => {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const live = await runToEnd(server.graphqlUrl, id);
    expect(await runToEnd(server.graphqlUrl, id)).toEqual(live);
    await scratch.redis.del(runStreamKey(scratch.prefix, id, 1));
    expect(await runToEnd(server.graphqlUrl, id)).toEqual(live);
  });

  it('tells dashboard subscribers of every status change, including changes another instance publishes', async () => {
    const dashboard = wsClient(server.graphqlUrl);
    // Another instance on the same Redis and prefix, as far as updates go.
    const config = loadConfig({ REDIS_URL: testRedisUrl, REDIS_KEY_PREFIX: scratch.prefix });
    const otherConnection = scratch.redis.duplicate();
    const otherInstance = await RedisCampaignUpdates.start(otherConnection, config.REDIS_KEY_PREFIX, createLogger('silent'));
    try {
      const updates = await followCampaignUpdates(dashboard);
      const created = (await createCampaign(server.graphqlUrl, blogInput)).id;
      await updates.reached(created, 'COMPLETED');
      expect(updates.statusesOf(created)).toEqual(['QUEUED', 'RUNNING', 'COMPLETED']);

      const campaign = await getCampaign(server.graphqlUrl, created);
      otherInstance.publish({
        ...campaign,
        id: 'from-instance-b',
        status: 'RUNNING',
        createdAt: new Date(),
        updatedAt: new Date(),
      } as never);
      await updates.reached('from-instance-b', 'RUNNING');
      expect(updates.updates.at(-1)).toEqual({ id: 'from-instance-b', status: 'RUNNING', deleted: false });
    } finally {
      await dashboard.dispose();
      await otherInstance.close();
      await otherConnection.quit();
    }
  });
});

const postgresAvailable = redisAvailable && (await requirePostgres('tests/live-events-redis.test.ts'));

describe.skipIf(!postgresAvailable)('two instances on one PostgreSQL and one Redis: campaign on A, subscribers on B', () => {
  let ollama: OllamaStandIn;
  let scratch: RedisScratch;
  let database: { url: string; remove(): Promise<void> };
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    ollama = await startOllamaStandIn({ defaults: { tokenDelayMs: 1 } });
    scratch = await redisScratch();
    database = await temporaryPostgresDatabase('events');
    const shared = {
      ...withoutRateLimits,
      OLLAMA_HOST: ollama.url,
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: scratch.prefix,
    };
    a = await startTestServer(shared);
    b = await startTestServer(shared);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await ollama?.close();
    await scratch?.remove();
    await database?.remove();
  });

  it("streams A's campaign to B's subscribers as to A's own, and B's dashboard sees A's status changes", async () => {
    const dashboard = wsClient(b.graphqlUrl);
    const onA = wsClient(a.graphqlUrl);
    const onB = [wsClient(b.graphqlUrl), wsClient(b.graphqlUrl)];
    try {
      const updates = await followCampaignUpdates(dashboard);
      const created = (await createCampaign(a.graphqlUrl, blogInput)).id;
      // Created on A, it runs on A (each instance queues its own campaigns here): B's subscribers read A's stream.
      const [fromA, ...fromB] = await Promise.all([followEvents(onA, created), ...onB.map((client) => followEvents(client, created))]);
      expect(fromA?.length).toBeGreaterThan(1000);
      expect(assertGapFree(fromA ?? [])).toBe(true);
      expect(fromA?.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
      for (const events of fromB) expect(events).toEqual(fromA);

      const campaign = await getCampaign(b.graphqlUrl, created);
      const texts = streamedText(fromA ?? []);
      for (const step of campaign.steps) expect(texts.get(`${step.role}#${step.attempt}`)).toBe(step.rawOutput ?? step.output);

      await updates.reached(created, 'COMPLETED');
      expect(updates.statusesOf(created)).toEqual(['QUEUED', 'RUNNING', 'COMPLETED']);
      // Once finished, B replays it from the database exactly as it streamed.
      expect(await runToEnd(b.graphqlUrl, created)).toEqual(fromA);
      // Deleted through A, it leaves B's dashboard too.
      await graphqlData(a.graphqlUrl, 'mutation ($id: ID!) { deleteCampaign(id: $id) { id } }', { id: created });
      await updates.deleted(created);
    } finally {
      await Promise.all([dashboard, onA, ...onB].map((client) => client.dispose()));
    }
  });
});
