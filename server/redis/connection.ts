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

/** How long a command waits for Redis's reply unless REDIS_COMMAND_TIMEOUT_MS says otherwise. */
export const defaultCommandTimeoutMs = 2000;

/** ioredis's error for a command that had no reply within commandTimeout. */
export const isCommandTimeout = (error: unknown) => error instanceof Error && error.message === 'Command timed out';

export interface RedisConnectionRole {
  /**
   * true: a command fails at once while Redis is down, and after `commandTimeoutMs` when Redis
   * accepts connections but does not answer (frozen, swapping, stuck on a slow script: the socket
   * stays open, so only a timer tells). false: commands wait out an outage or a freeze.
   */
  failFast: boolean;
  /** With failFast: the bound on each reply (REDIS_COMMAND_TIMEOUT_MS). */
  commandTimeoutMs?: number;
  name?: string;
}

/**
 * Options for a long-lived connection: reconnects for ever with back-off up to 2 s. Only the
 * fail-fast connections get a commandTimeout. The waiting ones are BullMQ's worker connection,
 * which BullMQ duplicates for its blocking reads (BZPOPMIN for up to its drain delay): a timeout
 * shorter than that wait would cut every idle read, and BullMQ requires maxRetriesPerRequest: null
 * there; and the subscriptions, which send nothing anyone waits on. Their commands simply
 * complete once Redis answers again. Blocking reads of our own go on connections of their own
 * with a timeout longer than their wait (see RedisEventLogs).
 */
export function redisOptions({ failFast, commandTimeoutMs = defaultCommandTimeoutMs }: RedisConnectionRole): RedisOptions {
  return {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    retryStrategy: (times) => Math.min(100 * 2 ** times, 2000),
    maxRetriesPerRequest: failFast ? 1 : null,
    enableOfflineQueue: !failFast,
    commandTimeout: failFast ? commandTimeoutMs : undefined,
  };
}

/** The first connection had no reply in time. */
const silent = Symbol('no reply');

/** Why the first connection failed, in a few words. */
function reasonOf(failure: unknown): string {
  if (failure === silent || isCommandTimeout(failure)) return 'it accepts connections but is not answering';
  return (failure instanceof Error ? failure.message : String(failure)).replace(/\.$/, '');
}

/** Connects and checks with PING, or throws RedisUnreachableError naming the URL (without its password). */
export async function openRedis(url: string, role: RedisConnectionRole = { failFast: true }): Promise<Redis> {
  const redis = new Redis(url, { ...redisOptions(role), connectionName: role.name });
  // The socket's error says why (refused, unknown host, bad password); connect() only that it closed.
  // Later errors are outages, retried by ioredis.
  let cause: unknown;
  redis.on('error', (error) => (cause ??= error));
  // A Redis that accepts the connection but never replies would hold the start for ever, whatever the role.
  let timer: NodeJS.Timeout | undefined;
  const noReply = new Promise<typeof silent>((resolve) => {
    timer = setTimeout(() => resolve(silent), connectTimeoutMs + (role.commandTimeoutMs ?? defaultCommandTimeoutMs));
  });
  const answered = redis.connect().then(() => redis.ping());
  answered.catch(() => {}); // read below, unless the timer won: then what it says no longer matters
  let failure: unknown = silent;
  try {
    if ((await Promise.race([answered, noReply])) !== silent) return redis;
  } catch (error) {
    failure = cause ?? error;
  } finally {
    clearTimeout(timer);
  }
  redis.disconnect();
  throw new RedisUnreachableError(
    `Cannot reach Redis at ${redactRedisUrl(url)} (REDIS_URL): ${reasonOf(failure)}. Check that Redis is running, that the host and port are right and reachable from this machine, and the password if it needs one; or unset REDIS_URL to run as one process.`,
  );
}
