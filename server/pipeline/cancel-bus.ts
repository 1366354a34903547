// How a cancel reaches the instance that runs the campaign. In one process it is already there;
// with Redis it is published to every instance, and also kept for a while so that an instance
// that picks the campaign up a moment later (or after a crash) cancels it instead of running it.
import type { Redis } from 'ioredis';

export interface CancelBus {
  /** Asks whichever instance runs, or next picks up, the campaign to cancel it. */
  request(campaignId: string): Promise<void>;
  /** Whether a cancel is waiting for this campaign. */
  requested(campaignId: string): Promise<boolean>;
  /** Forgets a cancel that was carried out (or overtaken by a retry). */
  clear(campaignId: string): Promise<void>;
  close(): Promise<void>;
}

/** One process: the pipeline stops its own runs directly, so there is nothing to carry. */
export class LocalCancelBus implements CancelBus {
  async request(): Promise<void> {}
  async requested(): Promise<boolean> {
    return false;
  }
  async clear(): Promise<void> {}
  async close(): Promise<void> {}
}

/** A kept cancel lasts this long: longer than any lock, shorter than a campaign's life. */
const keptCancelSeconds = 3600;

export class RedisCancelBus implements CancelBus {
  readonly #channel: string;

  private constructor(
    private readonly commands: Redis,
    private readonly subscriber: Redis,
    private readonly keyPrefix: string,
  ) {
    this.#channel = `${keyPrefix}cancel`;
  }

  /** `onCancel` is told of every cancel published by any instance, this one included. */
  static async open(
    commands: Redis,
    subscriber: Redis,
    keyPrefix: string,
    onCancel: (campaignId: string) => void,
  ): Promise<RedisCancelBus> {
    const bus = new RedisCancelBus(commands, subscriber, keyPrefix);
    subscriber.on('message', (channel: string, campaignId: string) => {
      if (channel === bus.#channel) onCancel(campaignId);
    });
    // ioredis subscribes again by itself after a reconnect.
    await subscriber.subscribe(bus.#channel);
    return bus;
  }

  async request(campaignId: string): Promise<void> {
    // Kept first, then told: an instance either sees the key when it starts the run or hears the message.
    await this.commands.set(this.#key(campaignId), '1', 'EX', keptCancelSeconds);
    await this.commands.publish(this.#channel, campaignId);
  }

  async requested(campaignId: string): Promise<boolean> {
    return (await this.commands.exists(this.#key(campaignId))) === 1;
  }

  async clear(campaignId: string): Promise<void> {
    await this.commands.del(this.#key(campaignId));
  }

  async close(): Promise<void> {
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  #key(campaignId: string): string {
    return `${this.keyPrefix}cancel:${campaignId}`;
  }
}
