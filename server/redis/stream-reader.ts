// One blocking reader per instance for every run stream its subscribers follow: a single XREAD
// on its own connection waits on all of them at once and hands each entry to that stream's
// followers, so a thousand subscribers cost one Redis connection, not a thousand. A stream
// followed for the first time interrupts the wait (CLIENT UNBLOCK) so it is read at once.
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { CampaignEvent } from '../pipeline/events.js';
import { isCommandTimeout } from './connection.js';
import { entryId, readEntry, runStreamKey, type StreamEntry } from './stream-entries.js';
import { StreamFollower } from './stream-follower.js';

/** How long one XREAD waits; only bounds how long an idle reader takes to notice it is closed. */
export const readBlockMs = 5000;
/** Entries per stream per XREAD: a follower far behind catches up in several reads. */
const readCount = 1000;

/**
 * XREAD's streams: RESP2 answers [[key, entries], ...]; RESP3 a map, which ioredis gives as
 * [key, entries, key, entries, ...]; nothing arrived: null.
 */
function streamsOf(reply: unknown): [key: string, entries: StreamEntry[]][] {
  if (!Array.isArray(reply) || reply.length === 0) return [];
  if (Array.isArray(reply[0])) return reply as [string, StreamEntry[]][];
  const streams: [string, StreamEntry[]][] = [];
  for (let index = 0; index + 1 < reply.length; index += 2) streams.push([reply[index] as string, reply[index + 1] as StreamEntry[]]);
  return streams;
}

export interface ReaderErrors {
  /** What followers are told when Redis stops answering. */
  unavailable(cause: unknown): Error;
  /** What a follower is told when the events it asks for were trimmed away. */
  trimmed(seq: number): Error;
}

interface FollowedStream {
  campaignId: string;
  run: number;
  /** The id after which the next XREAD reads. */
  lastId: string;
  /** The seq of the last event read (0 before any). */
  lastSeq: number;
  followers: Set<StreamFollower>;
}

export class StreamReader {
  readonly #streams = new Map<string, FollowedStream>();
  #clientId: number | null = null;
  #waiting = false;
  /** Counts XREADs, so that an unblock meant for one does not end the next. */
  #reads = 0;
  #wakeIdle: (() => void) | null = null;
  #closed = false;
  readonly #loop: Promise<void>;

  constructor(
    /** Used for XREAD alone: it blocks. */
    private readonly blocking: Redis,
    /** For ranges and CLIENT UNBLOCK. */
    private readonly commands: Redis,
    private readonly keyPrefix: string,
    private readonly errors: ReaderErrors,
    private readonly logger: Logger,
  ) {
    this.#loop = this.#read();
  }

  /** Followed streams, for tests and metrics. */
  get streamCount(): number {
    return this.#streams.size;
  }

  /** Events of a run after `afterSeq`, then live ones, until the run's last event. */
  follow(campaignId: string, run: number, afterSeq: number): StreamFollower {
    const key = runStreamKey(this.keyPrefix, campaignId, run);
    let stream = this.#streams.get(key);
    const isNew = !stream;
    if (!stream) {
      stream = { campaignId, run, lastId: entryId(afterSeq), lastSeq: afterSeq, followers: new Set() };
      this.#streams.set(key, stream);
    }
    const follower = new StreamFollower(
      {
        range: (from, to) => this.#range(campaignId, run, from, to),
        leave: (gone) => this.#leave(key, gone),
        trimmed: (seq) => this.errors.trimmed(seq),
      },
      afterSeq,
      stream.lastSeq,
    );
    stream.followers.add(follower);
    if (isNew) this.#interrupt();
    return follower;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#interrupt();
    await this.#loop;
  }

  async #read(): Promise<void> {
    while (!this.#closed) {
      if (this.#streams.size === 0) {
        await new Promise<void>((resolve) => {
          this.#wakeIdle = resolve;
        });
        this.#wakeIdle = null;
        continue;
      }
      try {
        this.#clientId ??= (await this.blocking.client('ID')) as number;
        const keys = [...this.#streams.keys()];
        const ids = keys.map((key) => (this.#streams.get(key) as FollowedStream).lastId);
        this.#waiting = true;
        this.#reads += 1;
        const reply = await this.blocking.call('XREAD', 'COUNT', readCount, 'BLOCK', readBlockMs, 'STREAMS', ...keys, ...ids);
        this.#waiting = false;
        for (const [key, entries] of streamsOf(reply)) this.#deliver(key, entries);
      } catch (error) {
        this.#waiting = false;
        this.#clientId = null;
        if (this.#closed) break;
        // A read that had no reply in time may still be waiting inside Redis: the next one would queue
        // behind it and time out in turn. A fresh connection leaves it behind.
        if (isCommandTimeout(error)) this.blocking.disconnect(true);
        this.#failAll(error);
      }
    }
  }

  #deliver(key: string, entries: StreamEntry[]): void {
    const stream = this.#streams.get(key);
    const last = entries.at(-1);
    if (!stream || !last) return;
    stream.lastId = last[0];
    const events: CampaignEvent[] = [];
    let superseded = false;
    for (const entry of entries) {
      const read = readEntry(stream.campaignId, stream.run, entry);
      if (read === 'superseded') superseded = true;
      else if (read) events.push(read);
    }
    stream.lastSeq = events.at(-1)?.seq ?? stream.lastSeq;
    for (const follower of stream.followers) {
      if (events.length > 0) follower.deliver(events);
      if (superseded) follower.supersede();
    }
  }

  async #range(campaignId: string, run: number, from: number, to: number): Promise<CampaignEvent[]> {
    const key = runStreamKey(this.keyPrefix, campaignId, run);
    let entries: StreamEntry[];
    try {
      entries = (await this.commands.call('XRANGE', key, entryId(from), entryId(to))) as StreamEntry[];
    } catch (error) {
      throw this.errors.unavailable(error);
    }
    return entries.flatMap((entry) => {
      const read = readEntry(campaignId, run, entry);
      return read && read !== 'superseded' ? [read] : [];
    });
  }

  #leave(key: string, follower: StreamFollower): void {
    const stream = this.#streams.get(key);
    if (!stream) return;
    stream.followers.delete(follower);
    // The next XREAD leaves it out; entries that still come for it are dropped.
    if (stream.followers.size === 0) this.#streams.delete(key);
  }

  /** Redis stopped answering: every follower is told, and starts afresh when it subscribes again. */
  #failAll(cause: unknown): void {
    if (this.#streams.size > 0) this.logger.warn({ err: cause }, 'live event reader lost Redis; its subscribers were told');
    const error = this.errors.unavailable(cause);
    for (const stream of this.#streams.values()) for (const follower of stream.followers) follower.fail(error);
    this.#streams.clear();
  }

  /** A new stream to wait on, or closing: end the current wait now. */
  #interrupt(): void {
    if (this.#wakeIdle) {
      this.#wakeIdle();
      return;
    }
    if (this.#waiting && this.#clientId !== null) void this.#unblock(this.#clientId, this.#reads);
  }

  /**
   * CLIENT UNBLOCK goes on another connection, so it may reach Redis before the XREAD it is
   * meant for: then it unblocks nothing, and is sent again while that same read still waits.
   */
  async #unblock(clientId: number, read: number): Promise<void> {
    for (let tries = 0; tries < 100 && this.#waiting && this.#reads === read; tries++) {
      const unblocked = await this.commands.client('UNBLOCK', clientId).catch(() => 1); // Redis down: the XREAD fails by itself
      if (unblocked === 1) return;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}
