// The checks tests use to find the real PostgreSQL and Redis (tests/support/services.ts).
import { describe, expect, it, vi } from 'vitest';
import { postgresReachable, redisReachable, requireService } from './support/services.js';

describe('service checks', () => {
  it('find nothing on a closed port', async () => {
    expect(await postgresReachable('postgres://postgres@127.0.0.1:9/test')).toBe(false);
    expect(await redisReachable('redis://127.0.0.1:9')).toBe(false);
  });

  it('fail under CI=true instead of skipping', async () => {
    const ci = process.env.CI;
    process.env.CI = 'true';
    try {
      await expect(requireService('Redis', 'tests/services.test.ts', 'redis://127.0.0.1:9')).rejects.toThrow(
        /Redis is not reachable at redis:\/\/127\.0\.0\.1:9, and under CI=true the Redis tests in tests\/services\.test\.ts must run/,
      );
    } finally {
      if (ci === undefined) delete process.env.CI;
      else process.env.CI = ci;
    }
  });

  it('skip loudly otherwise', async () => {
    const ci = process.env.CI;
    delete process.env.CI;
    // Caught here, so that this run's output shows no false alarm.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(await requireService('PostgreSQL', 'tests/services.test.ts', 'postgres://postgres:pw@127.0.0.1:9/test')).toBe(false);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toMatch(
        /PostgreSQL is not reachable at postgres:\/\/postgres@127\.0\.0\.1:9\/test: the PostgreSQL tests in tests\/services\.test\.ts are SKIPPED/,
      );
    } finally {
      warn.mockRestore();
      if (ci !== undefined) process.env.CI = ci;
    }
  });

  it.skipIf(process.env.CI !== 'true')('find the real servers under CI', async () => {
    expect(await postgresReachable()).toBe(true);
    expect(await redisReachable()).toBe(true);
  });
});
