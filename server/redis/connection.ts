// One way to open Redis (REDIS_URL, REDIS_KEY_PREFIX) for every part that shares state between
// instances: a first connection that fails says, in one line, which Redis and what to check.
import { Redis, type RedisOptions } from 'ioredis';

/** The server refuses to start: Redis is configured but cannot be reached. */
export class RedisUnreachableError extends Error {}

/** The URL as it may be shown: any password is replaced by "***". */
export function redactRedisUrl(url: string): string {
  if (!URL.canParse(url)) return '(unparsable REDIS_URL)';
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString().replace(/\/$/, '');
}

/** How long the first connection may take before the server gives up starting. */
const connectTimeoutMs = 5000;

/**
 * Options for a long-lived connection: reconnects for ever with back-off up to 2 s, and a
 * command sent while Redis is down fails at once (`failFast`) or waits for it to return.
 */
export function redisOptions({ failFast }: { failFast: boolean }): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2000),
    // BullMQ's blocking connections must wait out an outage; everything else says so at once.
    maxRetriesPerRequest: failFast ? 1 : null,
    enableOfflineQueue: !failFast,
  };
}

/** Connects and checks with PING, or throws RedisUnreachableError naming the URL (without its password). */
export async function openRedis(url: string, options: { failFast: boolean; name?: string } = { failFast: true }): Promise<Redis> {
  const redis = new Redis(url, { ...redisOptions(options), connectionName: options.name });
  // The socket's error says why (refused, unknown host, bad password); connect() only that it closed.
  // Later errors are outages, retried by ioredis.
  let cause: unknown;
  redis.on('error', (error) => (cause ??= error));
  try {
    await redis.connect();
    await redis.ping();
    return redis;
  } catch (error) {
    redis.disconnect();
    const failure = cause ?? error;
    const reason = (failure instanceof Error ? failure.message : String(failure)).replace(/\.$/, '');
    throw new RedisUnreachableError(
      `Cannot reach Redis at ${redactRedisUrl(url)} (REDIS_URL): ${reason}. Check that Redis is running, that the host and port are right and reachable from this machine, and the password if it needs one; or unset REDIS_URL to run as one process.`,
    );
  }
}
