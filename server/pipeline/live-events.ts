// Where the live event logs and the campaign updates live: in this process (one server), or in
// a store every instance shares (Redis, see server/redis/). Chosen once at start; the pipeline
// talks to these interfaces only.
import { EventEmitter, on } from 'node:events';
import type { Campaign } from '../campaigns/store.js';
import { type CampaignEvent, CampaignEventLog, type EventLogOptions } from './events.js';

export interface LiveEventLogs {
  /**
   * True when subscribers read every run from the shared store (any instance may run it);
   * false when they follow the logs this process holds.
   */
  readonly shared: boolean;
  /** The log a run on this instance appends to. */
  open(campaignId: string, run: number, options?: EventLogOptions): CampaignEventLog;
  /**
   * A run's events after `afterSeq` from the shared store, then live ones; null when the store
   * keeps none of it and `finished` says none will come (then the database tells the run).
   */
  follow(campaignId: string, run: number, afterSeq: number, finished: boolean): Promise<AsyncIterableIterator<CampaignEvent> | null>;
  /** A deleted campaign's runs 1..`runs` leave the shared store now rather than when they expire. */
  forget(campaignId: string, runs: number): Promise<void>;
  /** Waits (a few seconds at most) for the last events to reach the shared store. */
  close(): Promise<void>;
}

/** One process: the logs are the ones this process holds; nothing is shared. */
export class InProcessEventLogs implements LiveEventLogs {
  readonly shared = false;

  open(campaignId: string, run: number, options?: EventLogOptions): CampaignEventLog {
    return new CampaignEventLog(campaignId, run, options);
  }

  async follow(): Promise<null> {
    return null;
  }

  async forget(): Promise<void> {}

  async close(): Promise<void> {}
}

/** Status changes of every campaign, from whichever instance made them. */
export interface CampaignUpdates {
  publish(campaign: Campaign): void;
  /** Every update from now on; `return()` unsubscribes at once. */
  follow(): AsyncIterableIterator<Campaign>;
  close(): Promise<void>;
}

/** Status changes told to the subscribers of this process, as they happen. */
export class LocalCampaignUpdates implements CampaignUpdates {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  publish(campaign: Campaign): void {
    this.#emitter.emit('campaign', campaign);
  }

  /** A shared store's outage ends every follower with this error. */
  failFollowers(error: Error): void {
    // Each follower listens for 'error' while it follows; with none, there is nobody to tell.
    if (this.#emitter.listenerCount('error') > 0) this.#emitter.emit('error', error);
  }

  follow(): AsyncIterableIterator<Campaign> {
    const events = on(this.#emitter, 'campaign');
    return {
      next: async () => {
        const { value, done } = await events.next();
        return done ? { value: undefined, done: true } : { value: (value as [Campaign])[0], done: false };
      },
      return: async () => {
        await events.return?.();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  async close(): Promise<void> {}
}
