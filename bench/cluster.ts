// The cluster phase's deployment: instance A (the main thread, as the single-process phases)
// runs the campaigns, instance B (a thread of its own) serves their subscribers, and the two
// share one Redis under a key prefix of their own and one PostgreSQL database of their own,
// both removed afterwards. Two servers cannot share a SQLite file (the second refuses to
// start), so without PostgreSQL the phase runs one instance with REDIS_URL whose subscribers
// read every event back from Redis: the same write and read path, on one thread.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { runStreamKey } from '../server/redis/stream-entries.js';
import { deleteKeysUnder } from '../tests/support/redis.js';
import type { InstanceThreadApi } from './instance-thread.js';
import { startThread } from './threads.js';
import { benchServerEnvironment, type Deploy, type Deployment, startBenchServer } from './world.js';

export interface ClusterDeployment extends Deployment {
  keyPrefix: string;
}

export interface Cluster {
  redisUrl: string;
  /** 'two instances', or 'one instance' (no shared database for a second one). */
  layout: 'two instances' | 'one instance';
  /** The bench's own connection, for measuring what the instances keep in Redis. */
  redis: Redis;
  deploy: (...args: Parameters<Deploy>) => Promise<ClusterDeployment>;
  stop(): Promise<void>;
}

export interface SharedDatabase {
  url: string;
  remove(): Promise<void>;
}

/**
 * Null when no Redis answers at `redisUrl` (the phase is then left out, and says so).
 * `sharedDatabase` (a fresh PostgreSQL database per deployment) lets a second instance run beside the first.
 */
export async function connectCluster(redisUrl: string, sharedDatabase?: () => Promise<SharedDatabase>): Promise<Cluster | null> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  redis.on('error', () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch {
    redis.disconnect();
    return null;
  }
  return {
    redisUrl,
    layout: sharedDatabase ? 'two instances' : 'one instance',
    redis,
    async deploy(world, concurrency, environment = {}) {
      const keyPrefix = `bench-${randomUUID()}:`;
      if (!sharedDatabase) {
        const a = await startBenchServer(world, concurrency, { ...environment, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix });
        const stop = async () => {
          await a.stop();
          await deleteKeysUnder(redis, keyPrefix);
        };
        return { server: a, subscriberUrl: a.graphqlUrl, keyPrefix, stop };
      }
      const database = await sharedDatabase();
      const shared = { ...environment, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: keyPrefix, DATABASE_URL: database.url };
      const a = await startBenchServer(world, concurrency, shared);
      const b = startThread<InstanceThreadApi>(new URL('./instance-thread.ts', import.meta.url));
      const subscriberUrl = await b.call('start', {
        ...benchServerEnvironment(world, 1),
        ...shared,
        PORT: '0',
      });
      return {
        server: a,
        subscriberUrl,
        keyPrefix,
        async stop() {
          await b.call('stop');
          await b.stop();
          await a.stop();
          await deleteKeysUnder(redis, keyPrefix);
          await database.remove();
        },
      };
    },
    async stop() {
      await redis.quit();
    },
  };
}

export interface StreamMemory {
  bytes: number;
  entries: number;
  streams: number;
}

/** What Redis holds for these campaigns' first runs: MEMORY USAGE (exact, SAMPLES 0) and XLEN of each stream. */
export async function streamMemory(redis: Redis, keyPrefix: string, campaignIds: string[]): Promise<StreamMemory> {
  const pipeline = redis.pipeline();
  for (const id of campaignIds) {
    const key = runStreamKey(keyPrefix, id, 1);
    pipeline.memory('USAGE', key, 'SAMPLES', 0);
    pipeline.xlen(key);
  }
  const results = (await pipeline.exec()) ?? [];
  const memory: StreamMemory = { bytes: 0, entries: 0, streams: 0 };
  for (let index = 0; index < results.length; index += 2) {
    const bytes = Number(results[index]?.[1] ?? 0);
    if (bytes > 0) memory.streams += 1;
    memory.bytes += bytes;
    memory.entries += Number(results[index + 1]?.[1] ?? 0);
  }
  return memory;
}
