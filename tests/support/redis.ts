// A Redis key prefix of a test's own, and a way to remove every key under it afterwards.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { testRedisUrl } from './services.js';

export interface RedisScratch {
  /** Keys under it are this test's alone: "test-<uuid>:". */
  prefix: string;
  /** A connection of the test's own, for looking at what the server wrote. */
  redis: Redis;
  /** Deletes every key under the prefix and closes the connection. */
  remove(): Promise<void>;
}

/** Deletes every key under the prefix (SCAN, never KEYS). */
export async function deleteKeysUnder(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== '0');
}

export async function redisScratch(url = testRedisUrl): Promise<RedisScratch> {
  const prefix = `test-${randomUUID()}:`;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  return {
    prefix,
    redis,
    async remove() {
      await deleteKeysUnder(redis, prefix);
      await redis.quit();
    },
  };
}

/** The connections whose name starts with `prefix` (CLIENT SETNAME), as CLIENT LIST tells them. */
export async function connectionsNamed(redis: Redis, prefix: string): Promise<string[]> {
  const list = (await redis.client('LIST')) as string;
  return list
    .split('\n')
    .map((line) => / name=(\S*)/.exec(line)?.[1] ?? '')
    .filter((name) => name.startsWith(prefix));
}
