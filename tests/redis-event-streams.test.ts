// The Redis event log as two instances use it: instance A runs a campaign and writes its run's
// stream, instance B (its own connections, its own reader) serves subscribers from it. Outages
// are a TCP proxy in front of the real Redis being cut, so only this test's connections see them.

import { once } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/logger.js';
import type { CampaignEvent, CampaignEventLog } from '../server/pipeline/events.js';
import { openRedis } from '../server/redis/connection.js';
import { RedisCampaignUpdates } from '../server/redis/redis-campaign-updates.js';
import { RedisEventLogs } from '../server/redis/redis-event-logs.js';
import { runStreamKey } from '../server/redis/stream-entries.js';
import { type RedisScratch, redisScratch } from './support/redis.js';
import { requireRedis, testRedisUrl } from './support/services.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

const redisAvailable = await requireRedis('tests/redis-event-streams.test.ts');
const logger = createLogger('silent');

interface Instance {
  logs: RedisEventLogs;
  /** Its command connection (the writer's). */
  redis: Redis;
  close(): Promise<void>;
}

/** Reads a follower until it ends; `onEvent` sees each event as it comes. */
async function readAll(follower: AsyncIterableIterator<CampaignEvent>, onEvent?: (event: CampaignEvent) => void): Promise<CampaignEvent[]> {
  const events: CampaignEvent[] = [];
  for await (const event of follower) {
    events.push(event);
    onEvent?.(event);
  }
  return events;
}

/** A promise and the function that resolves it (Node 20 has no Promise.withResolvers). */
function signal(): { promise: Promise<void>; resolve(): void } {
  let resolve = () => {};
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

function appendTokens(log: CampaignEventLog, count: number, from = 0): void {
  for (let index = from; index < from + count; index++)
    log.append({ type: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 1, text: `token ${index} `, chunks: 1 });
}

const finish = (log: CampaignEventLog) => log.append({ type: 'CampaignFinished', status: 'COMPLETED', error: null });

describe.skipIf(!redisAvailable)('Redis event streams shared by two instances', () => {
  let scratch: RedisScratch;
  let proxy: TcpProxy;
  const instances: Instance[] = [];
  let campaignNumber = 0;
  const newCampaignId = () => `campaign-${++campaignNumber}`;

  async function startInstance(options: { throughProxy?: boolean; settings?: Record<string, string> } = {}): Promise<Instance> {
    const url = options.throughProxy ? `redis://${proxy.address}` : testRedisUrl;
    const config = loadConfig({ REDIS_URL: url, REDIS_KEY_PREFIX: scratch.prefix, ...options.settings });
    const redis = await openRedis(url, { failFast: true, name: `${scratch.prefix}instance` });
    const logs = await RedisEventLogs.start(redis, config, logger);
    const instance = {
      logs,
      redis,
      async close() {
        await logs.close();
        redis.disconnect();
      },
    };
    instances.push(instance);
    return instance;
  }

  beforeAll(async () => {
    scratch = await redisScratch();
    const target = new URL(testRedisUrl);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 6379));
  });
  afterEach(async () => {
    proxy.restore();
    await Promise.all(instances.splice(0).map((instance) => instance.close()));
  });
  afterAll(async () => {
    await proxy?.close();
    await scratch?.remove();
  });

  it("gives B's subscribers every event A appends, in order, whenever they join", async () => {
    const [a, b] = [await startInstance(), await startInstance()];
    const id = newCampaignId();
    // B subscribes before A has written anything: the stream does not exist yet.
    const early = await b.logs.follow(id, 1, 0, false);
    let lateJoin: Promise<CampaignEvent[]> | undefined;
    let resumed: Promise<CampaignEvent[]> | undefined;
    const reachedMiddle = signal();
    const earlyRead = readAll(early as AsyncIterableIterator<CampaignEvent>, (event) => {
      if (event.seq === 1500) {
        // One joins from the start while B's reader is already past it, one resumes mid-way.
        lateJoin = b.logs.follow(id, 1, 0, false).then((follower) => readAll(follower as AsyncIterableIterator<CampaignEvent>));
        resumed = b.logs.follow(id, 1, 1200, false).then((follower) => readAll(follower as AsyncIterableIterator<CampaignEvent>));
        reachedMiddle.resolve();
      }
    });

    const log = a.logs.open(id, 1);
    log.append({ type: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 1, model: 'mistral', stage: 'DRAFT' });
    appendTokens(log, 2000); // in one turn of the event loop: one pipelined batch after another
    await reachedMiddle.promise;
    for (let burst = 0; burst < 10; burst++) {
      appendTokens(log, 100, 2000 + burst * 100);
      await nextTurn();
    }
    finish(log);

    const everything = await earlyRead;
    expect(everything).toHaveLength(3002);
    expect(everything).toEqual(log.events);
    expect(await lateJoin).toEqual(log.events);
    expect(await resumed).toEqual(log.events.slice(1200));
    // Everyone has left: B's reader waits on nothing.
    expect(b.logs.followedStreams).toBe(0);
  });

  it('tells a finished run whose stream is gone from the database (follow gives nothing)', async () => {
    const [b] = [await startInstance()];
    expect(await b.logs.follow(newCampaignId(), 1, 0, true)).toBeNull();
  });

  it('keeps each stream bounded and expiring, and says so to a subscriber asking for trimmed events', async () => {
    const a = await startInstance({ settings: { LIVE_EVENTS_MAX_PER_RUN: '1000', LIVE_EVENTS_RETENTION_SECONDS: '60' } });
    const b = await startInstance({ settings: { LIVE_EVENTS_MAX_PER_RUN: '1000' } });
    const id = newCampaignId();
    const log = a.logs.open(id, 1);
    appendTokens(log, 5000);
    finish(log);
    const tail = await readAll((await b.logs.follow(id, 1, 4500, false)) as AsyncIterableIterator<CampaignEvent>);
    expect(tail).toEqual(log.events.slice(4500));

    const key = runStreamKey(scratch.prefix, id, 1);
    const length = await scratch.redis.xlen(key);
    // Redis trims whole nodes (MAXLEN ~): a little over the bound, never the whole run.
    expect(length).toBeGreaterThanOrEqual(1000);
    expect(length).toBeLessThan(1200);
    const ttl = await scratch.redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);

    const fromStart = (await b.logs.follow(id, 1, 0, false)) as AsyncIterableIterator<CampaignEvent>;
    await expect(fromStart.next()).rejects.toMatchObject({
      message: expect.stringMatching(/^afterSeq: event 1 of this run is no longer kept .*LIVE_EVENTS_MAX_PER_RUN/),
      extensions: { code: 'BAD_USER_INPUT', field: 'afterSeq' },
    });
  });

  it('ends the subscribers of a run that another instance replaced with a newer run', async () => {
    const [a, b, c] = [await startInstance(), await startInstance(), await startInstance()];
    const id = newCampaignId();
    const first = a.logs.open(id, 1);
    appendTokens(first, 50);
    // A stops mid-run (no CampaignFinished); its subscriber on B has what A wrote.
    const reading = readAll((await b.logs.follow(id, 1, 0, false)) as AsyncIterableIterator<CampaignEvent>);
    await expect.poll(() => scratch.redis.xlen(runStreamKey(scratch.prefix, id, 1))).toBe(50);
    const second = c.logs.open(id, 2);
    appendTokens(second, 1);
    expect(await reading).toEqual(first.events);
  });

  it("fails B's subscribers with a clear error while Redis is down, and B serves the rest once it is back", async () => {
    const a = await startInstance();
    const b = await startInstance({ throughProxy: true });
    const id = newCampaignId();
    const log = a.logs.open(id, 1);
    const received: CampaignEvent[] = [];
    const gotFirst = signal();
    const follower = (await b.logs.follow(id, 1, 0, false)) as AsyncIterableIterator<CampaignEvent>;
    const reading = readAll(follower, (event) => {
      received.push(event);
      if (received.length === 100) gotFirst.resolve();
    });
    appendTokens(log, 100);
    await gotFirst.promise;
    proxy.cut();
    appendTokens(log, 100, 100); // A is not cut off: the run goes on
    await expect(reading).rejects.toMatchObject({
      message: expect.stringMatching(/^Live events are unavailable: the shared event store \(Redis\) is not answering\..*afterSeq/),
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });
    // While it is down, a new subscriber is told at once too.
    await expect(b.logs.follow(id, 1, 100, false).then((again) => again?.next())).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });

    proxy.restore();
    finish(log);
    // B's connections come back by themselves (with back-off); then a subscriber resumes from its last seq.
    let resumed: CampaignEvent[] | null = null;
    const resume = async () =>
      readAll((await b.logs.follow(id, 1, received.at(-1)?.seq ?? 0, false)) as AsyncIterableIterator<CampaignEvent>);
    await expect.poll(async () => (resumed = await resume().catch(() => null)), { timeout: 10_000 }).not.toBeNull();
    expect([...received, ...(resumed ?? [])]).toEqual(log.events);
  });

  it('keeps what A appends while Redis is down and writes it, in order, when Redis is back', async () => {
    const a = await startInstance({ throughProxy: true });
    const b = await startInstance();
    const id = newCampaignId();
    const log = a.logs.open(id, 1);
    const reading = readAll((await b.logs.follow(id, 1, 0, false)) as AsyncIterableIterator<CampaignEvent>);
    appendTokens(log, 100);
    await expect.poll(() => scratch.redis.xlen(runStreamKey(scratch.prefix, id, 1))).toBe(100);
    const lost = once(a.redis, 'close');
    proxy.cut();
    await lost;
    appendTokens(log, 300, 100);
    finish(log);
    await nextTurn(); // the write is tried, and fails
    expect(await scratch.redis.xlen(runStreamKey(scratch.prefix, id, 1))).toBe(100);
    proxy.restore();
    expect(await reading).toEqual(log.events);
  });

  it("removes a deleted campaign's streams, every run of it", async () => {
    const a = await startInstance();
    const id = newCampaignId();
    for (const run of [1, 2]) {
      const log = a.logs.open(id, run);
      appendTokens(log, 10);
      finish(log);
    }
    const keys = [1, 2].map((run) => runStreamKey(scratch.prefix, id, run));
    await expect.poll(() => scratch.redis.exists(...keys)).toBe(2);
    await a.logs.forget(id, 2);
    expect(await scratch.redis.exists(...keys)).toBe(0);
  });

  it('tells dashboard subscribers when updates stop because Redis is down', async () => {
    const redis = await openRedis(`redis://${proxy.address}`, { failFast: true, name: `${scratch.prefix}updates` });
    const updates = await RedisCampaignUpdates.start(redis, scratch.prefix, logger);
    try {
      const follower = updates.follow();
      const next = follower.next();
      proxy.cut();
      await expect(next).rejects.toMatchObject({
        message: expect.stringMatching(/^Live campaign updates are unavailable: .*Reload the list once it is back\./),
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
    } finally {
      await updates.close();
      redis.disconnect();
    }
  });
});
