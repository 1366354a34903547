// Tells the followers of a campaign's run when a newer run of it starts, whichever instance
// starts it: with shared logs, a run whose instance died or handed it back ends without its last
// event, and its followers go on with the new one. One reader of the campaign updates per
// instance, however many followers.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Campaign } from '../campaigns/store.js';
import type { Logger } from '../logger.js';
import type { CampaignUpdates } from './live-events.js';

/** After the updates stopped (a Redis outage), how long before they are followed again. */
const refollowDelayMs = 1000;

export class NewRunWatch {
  readonly #watchers = new Map<string, Set<(run: number) => void>>();
  #updates: AsyncIterableIterator<Campaign> | null = null;
  #stopped = false;

  constructor(
    private readonly campaignUpdates: CampaignUpdates,
    private readonly logger: Logger,
  ) {
    void this.#follow();
  }

  /** Calls `onRun` with the run number of each update of the campaign; returns how to stop. */
  watch(campaignId: string, onRun: (run: number) => void): () => void {
    const watchers = this.#watchers.get(campaignId) ?? new Set();
    this.#watchers.set(campaignId, watchers);
    watchers.add(onRun);
    return () => {
      watchers.delete(onRun);
      if (watchers.size === 0 && this.#watchers.get(campaignId) === watchers) this.#watchers.delete(campaignId);
    };
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#updates?.return?.();
  }

  async #follow(): Promise<void> {
    while (!this.#stopped) {
      this.#updates = this.campaignUpdates.follow();
      try {
        for await (const campaign of this.#updates) {
          for (const onRun of this.#watchers.get(campaign.id) ?? []) onRun(campaign.runNumber);
        }
      } catch (error) {
        // The followers' own streams are told of the outage; new runs are watched again after it.
        this.logger.debug({ err: error }, 'campaign updates stopped; watching for new runs again shortly');
        await sleep(refollowDelayMs);
      }
    }
  }
}
