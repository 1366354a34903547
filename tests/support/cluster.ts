// Three real server processes on one PostgreSQL database and one Redis, for the tests of what
// several instances share: the queue, the live events, fail-over.
import { Redis } from 'ioredis';
import { expect } from 'vitest';
import { temporaryPostgresDatabase } from '../../server/db/postgres.js';
import { removeKeys, testKeyPrefix } from './redis-isolation.js';
import { type SpawnedServer, spawnServer } from './server.js';
import { testRedisUrl } from './services.js';

export interface Cluster {
  instances: SpawnedServer[];
  environment: Record<string, string>;
  prefix: string;
  remove(): Promise<void>;
}

/** Three instances on a database and a key prefix of their own. */
export async function startCluster(ollamaUrl: string, settings: Record<string, string>): Promise<Cluster> {
  const database = await temporaryPostgresDatabase('cluster');
  const prefix = testKeyPrefix();
  const environment = {
    OLLAMA_HOST: ollamaUrl,
    DATABASE_URL: database.url,
    REDIS_URL: testRedisUrl,
    REDIS_KEY_PREFIX: prefix,
    PIPELINE_CONCURRENCY: '2',
    // Short, so that a killed instance's campaign is taken over soon; long enough for a busy test machine.
    QUEUE_LOCK_MS: '5000',
    ...settings,
  };
  // The first applies the migrations; the others find them applied.
  const first = await spawnServer(environment);
  const others = await Promise.all([spawnServer(environment), spawnServer(environment)]);
  const cluster: Cluster = {
    instances: [first, ...others],
    environment,
    prefix,
    async remove() {
      await Promise.all(cluster.instances.map((instance) => instance.stop()));
      await database.remove();
      await removeKeys(testRedisUrl, prefix);
    },
  };
  return cluster;
}

/** The instance whose worker holds the campaign now (BullMQ keeps the worker's name, host:pid, on the job). */
export async function holderOf(cluster: Cluster, campaignId: string): Promise<SpawnedServer | undefined> {
  const redis = new Redis(testRedisUrl);
  try {
    const name = await redis.hget(`${cluster.prefix}bull:campaigns:${campaignId}`, 'pb');
    const active = await redis.lrange(`${cluster.prefix}bull:campaigns:active`, 0, -1);
    if (!name || !active.includes(campaignId)) return undefined;
    return cluster.instances.find((instance) => name.endsWith(`:${instance.process.pid}`));
  } finally {
    redis.disconnect();
  }
}

/** Waits until an instance holds the campaign, and gives it. */
export async function waitForHolder(cluster: Cluster, campaignId: string): Promise<SpawnedServer> {
  let holder: SpawnedServer | undefined;
  await expect
    .poll(
      async () => {
        holder = await holderOf(cluster, campaignId);
        return holder !== undefined;
      },
      { timeout: 60_000, interval: 50 },
    )
    .toBe(true);
  return holder as SpawnedServer;
}

/** Replaces stopped instances, so that the next test has three again. */
export async function backToThree(cluster: Cluster): Promise<void> {
  const alive = cluster.instances.filter((instance) => instance.process.exitCode === null && instance.process.signalCode === null);
  while (alive.length < 3) alive.push(await spawnServer(cluster.environment));
  cluster.instances = alive;
}
