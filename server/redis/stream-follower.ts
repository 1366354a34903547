// One subscriber's view of a run's stream: events in seq order without gaps or repeats. The
// instance's reader hands it what arrives live; whatever it missed (it joined late, or joined a
// stream the reader was already past) it reads by seq range. Ends after the run's last event
// (CampaignFinished, or ApprovalRequested at a gate), or when a newer run replaced this one.
import { type CampaignEvent, endsRun } from '../pipeline/events.js';

export interface FollowerSource {
  /** Events with seq from..to (inclusive) as the stream holds them, in order. */
  range(from: number, to: number): Promise<CampaignEvent[]>;
  /** The follower is done: the reader forgets it. */
  leave(follower: StreamFollower): void;
  /** What a follower whose missing events were trimmed away is told. */
  trimmed(seq: number): Error;
}

/** Events read by range at a time while catching up. */
const rangeChunk = 1000;

export class StreamFollower implements AsyncIterableIterator<CampaignEvent> {
  /** The seq this follower gives next. */
  #next: number;
  /** The highest seq known to be in the stream: anything from #next up to it can be read by range. */
  #known: number;
  /** Live events not given yet, in seq order; #head is the first one not given. */
  #buffer: CampaignEvent[] = [];
  #head = 0;
  #superseded = false;
  #done = false;
  #failure: Error | null = null;
  #wake: (() => void) | null = null;

  constructor(
    private readonly source: FollowerSource,
    afterSeq: number,
    knownUpTo: number,
  ) {
    this.#next = afterSeq + 1;
    this.#known = knownUpTo;
  }

  /** Live events from the reader, in stream order. */
  deliver(events: CampaignEvent[]): void {
    for (const event of events) this.#buffer.push(event);
    this.#wakeUp();
  }

  /** The stream's last entry says a newer run replaced this one. */
  supersede(): void {
    this.#superseded = true;
    this.#wakeUp();
  }

  fail(error: Error): void {
    this.#failure ??= error;
    this.#wakeUp();
  }

  async next(): Promise<IteratorResult<CampaignEvent>> {
    try {
      while (!this.#done) {
        if (this.#failure) throw this.#failure;
        const event = this.#take();
        if (event) return { value: event, done: false };
        const head = this.#buffer[this.#head];
        const missingUpTo = Math.min(head ? head.seq - 1 : this.#known, this.#next + rangeChunk - 1);
        if (missingUpTo >= this.#next) {
          await this.#readMissing(missingUpTo);
          continue;
        }
        if (this.#superseded) break;
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
        });
        this.#wake = null;
      }
    } catch (error) {
      this.#end();
      throw error;
    }
    this.#end();
    return { value: undefined, done: true };
  }

  async return(): Promise<IteratorResult<CampaignEvent>> {
    this.#end();
    this.#wakeUp();
    return { value: undefined, done: true };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<CampaignEvent> {
    return this;
  }

  /** The next event in seq order if it is at hand; drops what was already given. */
  #take(): CampaignEvent | undefined {
    while (this.#head < this.#buffer.length) {
      const event = this.#buffer[this.#head] as CampaignEvent;
      if (event.seq >= this.#next) {
        if (event.seq !== this.#next) return undefined;
        this.#head += 1;
        this.#give(event);
        return event;
      }
      this.#head += 1;
    }
    // Everything buffered was given: start again at the front instead of growing for ever.
    this.#buffer = [];
    this.#head = 0;
    return undefined;
  }

  #give(event: CampaignEvent): void {
    this.#next = event.seq + 1;
    this.#known = Math.max(this.#known, event.seq);
    if (endsRun(event)) this.#done = true;
  }

  async #readMissing(upTo: number): Promise<void> {
    const missing = await this.source.range(this.#next, upTo);
    if (missing[0]?.seq !== this.#next) throw this.source.trimmed(this.#next);
    // Put in front of the live ones, which all come after them.
    this.#buffer = [...missing, ...this.#buffer.slice(this.#head)];
    this.#head = 0;
  }

  #end(): void {
    this.#done = true;
    this.source.leave(this);
  }

  #wakeUp(): void {
    this.#wake?.();
  }
}
