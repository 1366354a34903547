// One subscriber's stream of a campaign across its runs, for shared logs: a run whose instance
// died (SIGKILL) or handed it back (SIGTERM) ends without its last event, and another instance
// goes on as a new run. The subscriber then gets the new run from its first event, and the
// stream ends with the last event of whichever run ends the campaign (or waits at a gate).
import { type CampaignEvent, endsRun } from './events.js';

export interface FollowedRun {
  run: number;
  events: AsyncIterableIterator<CampaignEvent>;
}

export interface RunsSource {
  /** The campaign's current run, from its first event. */
  currentRun(): Promise<FollowedRun>;
  /** Calls `onRun` with the campaign's run number whenever its status changes, on any instance; returns how to stop. */
  watch(onRun: (run: number) => void): () => void;
}

export class RunsFollower implements AsyncIterableIterator<CampaignEvent> {
  #followed: FollowedRun;
  /** The newest run a status change told of. */
  #newest: number;
  #wakeOnNewRun: (() => void) | null = null;
  #done = false;

  private constructor(
    private readonly source: RunsSource,
    first: FollowedRun,
    private readonly unwatch: () => void,
  ) {
    this.#followed = first;
    this.#newest = first.run;
  }

  /** Follows from `first` (a run's events from where the subscriber asked) on, across the runs after it. */
  static async start(source: RunsSource, first: () => Promise<FollowedRun>): Promise<RunsFollower> {
    // Watched before the first run is read, so that a run starting meanwhile is not missed.
    const early = { follower: null as RunsFollower | null, newest: 0 };
    const unwatch = source.watch((run) => {
      if (early.follower) early.follower.#newRun(run);
      else early.newest = Math.max(early.newest, run);
    });
    try {
      const follower = new RunsFollower(source, await first(), unwatch);
      early.follower = follower;
      follower.#newRun(early.newest);
      return follower;
    } catch (error) {
      unwatch();
      throw error;
    }
  }

  async next(): Promise<IteratorResult<CampaignEvent>> {
    while (!this.#done) {
      const result = await this.#followed.events.next();
      if (this.#done) break;
      if (!result.done) {
        if (endsRun(result.value)) this.#end();
        return result;
      }
      // The run's stream ended without its last event: a newer run took its place.
      await this.#followNewerRun();
    }
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<CampaignEvent>> {
    this.#end();
    this.#wakeOnNewRun?.();
    await this.#followed.events.return?.();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<CampaignEvent> {
    return this;
  }

  /** A status change of the campaign: a newer run ends the one followed now. */
  #newRun(run: number): void {
    if (run <= this.#newest) return;
    this.#newest = run;
    if (run > this.#followed.run) void this.#followed.events.return?.();
    this.#wakeOnNewRun?.();
  }

  async #followNewerRun(): Promise<void> {
    const ended = this.#followed.run;
    for (;;) {
      const current = await this.source.currentRun();
      if (current.run > ended || this.#done) {
        this.#followed = current;
        if (this.#done) await current.events.return?.();
        return;
      }
      // The database does not hold the new run yet: wait to be told of it.
      await current.events.return?.();
      await new Promise<void>((resolve) => {
        this.#wakeOnNewRun = resolve;
        if (this.#newest > ended) resolve();
      });
      this.#wakeOnNewRun = null;
      if (this.#done) return;
    }
  }

  #end(): void {
    if (this.#done) return;
    this.#done = true;
    this.unwatch();
  }
}
