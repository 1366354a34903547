// Campaign status changes shared by every instance over Redis pub/sub: each instance publishes
// the changes it makes and, through one subscribed connection, hands every instance's changes
// (its own included, in the order Redis delivers them) to its own dashboard subscribers.
import type { Redis } from 'ioredis';
import type { Campaign } from '../campaigns/store.js';
import { liveEventsUnavailable } from '../errors.js';
import type { Logger } from '../logger.js';
import { type CampaignUpdates, LocalCampaignUpdates } from '../pipeline/live-events.js';

const dateFields = ['createdAt', 'updatedAt', 'startedAt', 'finishedAt'] as const;

function decodeCampaign(message: string): Campaign {
  const campaign = JSON.parse(message) as Campaign;
  for (const field of dateFields) {
    const value = campaign[field] as unknown;
    if (typeof value === 'string') Object.assign(campaign, { [field]: new Date(value) });
  }
  return campaign;
}

export class RedisCampaignUpdates implements CampaignUpdates {
  readonly #local = new LocalCampaignUpdates();
  #closing = false;

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly channel: string,
    private readonly logger: Logger,
  ) {}

  /** `redis` publishes (shared, not closed here); the subscription gets a connection of its own. */
  static async start(redis: Redis, keyPrefix: string, logger: Logger): Promise<RedisCampaignUpdates> {
    const channel = `${keyPrefix}campaign-updates`;
    // Without the command bound, like every subscription: ioredis subscribes again after a reconnect
    // and ignores how that went, so a SUBSCRIBE cut by a timeout would leave it deaf.
    const subscriber = redis.duplicate({ commandTimeout: undefined, connectionName: `${keyPrefix}campaign-updates` });
    subscriber.on('error', () => {}); // outages are told to subscribers on 'close' below
    await subscriber.connect();
    await subscriber.subscribe(channel);
    const updates = new RedisCampaignUpdates(redis, subscriber, channel, logger);
    subscriber.on('message', (from: string, message: string) => {
      if (from === channel) updates.#local.publish(decodeCampaign(message));
    });
    // Changes published while the connection is down never arrive: the dashboards are told to reload.
    subscriber.on('close', () => {
      if (!updates.#closing) updates.#local.failFollowers(liveEventsUnavailable('updates'));
    });
    return updates;
  }

  publish(campaign: Campaign): void {
    this.redis.publish(this.channel, JSON.stringify(campaign)).catch((error: unknown) => {
      // The change itself is saved; only the other dashboards miss it until they reload.
      this.logger.warn({ err: error, campaignId: campaign.id }, 'could not tell other instances of a campaign update (Redis)');
    });
  }

  follow(): AsyncIterableIterator<Campaign> {
    return this.#local.follow();
  }

  async close(): Promise<void> {
    this.#closing = true;
    this.subscriber.disconnect();
  }
}
