// With REDIS_URL: the live event logs and campaign updates every instance shares, on one
// command connection (plus the reader's and the subscription's own).
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { CampaignUpdates, LiveEventLogs } from '../pipeline/live-events.js';
import { openRedis } from './connection.js';
import { RedisCampaignUpdates } from './redis-campaign-updates.js';
import { RedisEventLogs } from './redis-event-logs.js';

export interface SharedEvents {
  liveEvents: LiveEventLogs;
  campaignUpdates: CampaignUpdates;
  redis: Redis;
  /** After the pipeline stopped: waits (a few seconds at most) for the last events to reach Redis. */
  close(): Promise<void>;
}

export async function startSharedEvents(config: Config & { REDIS_URL: string }, logger: Logger): Promise<SharedEvents> {
  const redis = await openRedis(config.REDIS_URL, {
    failFast: true,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    name: `${config.REDIS_KEY_PREFIX}events`,
  });
  try {
    const liveEvents = await RedisEventLogs.start(redis, config, logger);
    const campaignUpdates = await RedisCampaignUpdates.start(redis, config.REDIS_KEY_PREFIX, logger);
    return {
      liveEvents,
      campaignUpdates,
      redis,
      async close() {
        await liveEvents.close();
        await campaignUpdates.close();
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  } catch (error) {
    redis.disconnect();
    throw error;
  }
}
