// The real PostgreSQL and Redis servers some tests need (see .ci/run, which starts them).
// Without one, its tests skip with a loud message, except under CI=true, where they fail.
import { Socket } from 'node:net';
import { redactedUrl } from '../../server/db/database-url.js';
import { connectPostgres, scratchPostgresUrl } from '../../server/db/postgres.js';

/** Where tests may create and drop their own databases (override with TEST_POSTGRES_URL). */
export const testPostgresUrl = scratchPostgresUrl();
/** The Redis tests use, each with its own key prefix (override with TEST_REDIS_URL). */
export const testRedisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True when a PostgreSQL server accepts us at TEST_POSTGRES_URL. */
export async function postgresReachable(url = testPostgresUrl): Promise<boolean> {
  try {
    await (await connectPostgres(url)).end();
    return true;
  } catch {
    return false;
  }
}

/** True when something at TEST_REDIS_URL answers PING with PONG. */
export function redisReachable(url = testRedisUrl, timeoutMs = 2_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    let reply = '';
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      // +PONG, or -NOAUTH when a password is needed (it is there all the same; the test will say more).
      if (reply.includes('\r\n')) finish(/^(\+PONG|-NOAUTH)/.test(reply));
    });
    socket.connect(Number(port || 6379), hostname.replace(/^\[|\]$/g, ''), () => socket.write('PING\r\n'));
  });
}

const underCi = () => process.env.CI === 'true';

/**
 * Whether the tests that need `service` can run. When it is not reachable: under CI=true
 * this throws (the test file fails); otherwise it prints a loud warning and returns false,
 * for `describe.skipIf(!available)`.
 */
export async function requireService(
  service: 'PostgreSQL' | 'Redis',
  testFile: string,
  url = service === 'PostgreSQL' ? testPostgresUrl : testRedisUrl,
): Promise<boolean> {
  const reachable = service === 'PostgreSQL' ? await postgresReachable(url) : await redisReachable(url);
  if (reachable) return true;
  const what = `${service} is not reachable at ${redactedUrl(url)}`;
  const fix = `Start it (.ci/run starts or installs it) or set TEST_${service === 'PostgreSQL' ? 'POSTGRES' : 'REDIS'}_URL.`;
  if (underCi()) throw new Error(`${what}, and under CI=true the ${service} tests in ${testFile} must run. ${fix}`);
  console.warn(`\n${'!'.repeat(100)}\n!! ${what}: the ${service} tests in ${testFile} are SKIPPED. ${fix}\n${'!'.repeat(100)}\n`);
  return false;
}

export const requirePostgres = (testFile: string) => requireService('PostgreSQL', testFile);
export const requireRedis = (testFile: string) => requireService('Redis', testFile);
