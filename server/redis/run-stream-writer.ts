// Writes the log of a run this instance runs through to the run's Redis stream. Appends stay
// synchronous and in memory (the runner's hot path, and the log kept in the database at the
// end); the events appended together are written as one batch, and while they are on their
// way the next batch gathers, so a saturated run does not wait one round trip per token. The connection pipelines on its own (ioredis auto-pipelining): every run's
// writes of one turn leave in one socket write. A write that fails (Redis down) is tried again
// until it succeeds.
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import { type CampaignEvent, type CampaignEventLog, endsRun } from '../pipeline/events.js';
import { encodeEvent, entryId, eventField, isAlreadyWritten, runStreamKey, supersededField } from './stream-entries.js';

export interface StreamSettings {
  /** With enableAutoPipelining, so that the writes of every run in one turn go out together. */
  redis: Redis;
  keyPrefix: string;
  logger: Logger;
  /** How long a stream is kept after its last write. */
  retentionMs: number;
  /** The most entries a stream keeps (approximately: Redis trims in whole nodes). */
  maxEvents: number;
}

/** Entries per batch: a backlog after an outage goes out in pieces of this size. */
const batchSize = 500;
/** Waits between tries while Redis does not answer: 100 ms, doubling, up to 2 s. */
const retryDelayMs = (failures: number) => Math.min(100 * 2 ** failures, 2000);

export class RunStreamWriter {
  readonly #key: string;
  /** Events [0, #written) of the log are in the stream. */
  #written = 0;
  #writing: Promise<void> | null = null;
  #closed = false;
  /** When the stream's expiry was last pushed back (ms, performance.now()). */
  #expiryRenewedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly log: CampaignEventLog,
    private readonly settings: StreamSettings,
  ) {
    this.#key = runStreamKey(settings.keyPrefix, log.campaignId, log.run);
  }

  /** Called as each event is appended to the log. */
  appended(): void {
    // Started once the code appending now has run (a microtask), so the events it appends go in one
    // batch; the connection's auto-pipelining then sends every run's writes of this turn together.
    this.#writing ??= Promise.resolve().then(() => this.#writeAll());
  }

  /** Events are on their way to the stream (or waiting for Redis to answer). */
  get writing(): boolean {
    return this.#writing !== null;
  }

  /** Resolves once every event appended so far is in the stream (or the log was closed). */
  async written(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  /** Stops trying to write (the server is stopping and waited long enough). */
  close(): void {
    this.#closed = true;
  }

  async #writeAll(): Promise<void> {
    let failures = 0;
    while (this.#written < this.log.events.length && !this.#closed) {
      const batch = this.log.events.slice(this.#written, this.#written + batchSize);
      try {
        await this.#write(batch, this.#written === 0);
        this.#written += batch.length;
        if (failures > 0)
          this.settings.logger.info({ campaignId: this.log.campaignId, run: this.log.run }, 'live events written to Redis again');
        failures = 0;
      } catch (error) {
        if (failures === 0) {
          this.settings.logger.warn(
            { err: error, campaignId: this.log.campaignId, run: this.log.run },
            'cannot write live events to Redis; the campaign goes on and they are written when Redis answers again',
          );
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(failures)));
        failures += 1;
      }
    }
    this.#writing = null;
    // An append during the last write's round trip found #writing set: pick its events up now.
    if (this.#written < this.log.events.length && !this.#closed) this.#writing = this.#writeAll();
  }

  async #write(batch: CampaignEvent[], first: boolean): Promise<void> {
    const { redis, retentionMs, maxEvents, keyPrefix } = this.settings;
    const writes: Promise<unknown>[] = batch.map((event) =>
      redis.xadd(this.#key, 'MAXLEN', '~', maxEvents, entryId(event.seq), eventField, encodeEvent(event)),
    );
    // Kept retentionMs after the last event: renewed with the final event, and now and then before it.
    const now = performance.now();
    const last = batch.at(-1);
    if ((last && endsRun(last)) || now - this.#expiryRenewedAt > retentionMs / 10) {
      writes.push(redis.pexpire(this.#key, retentionMs));
      this.#expiryRenewedAt = now;
    }
    // Followers of the previous run (an instance that stopped mid-run) learn that no more comes.
    if (first && this.log.run > 1) {
      const previous = runStreamKey(keyPrefix, this.log.campaignId, this.log.run - 1);
      writes.push(redis.xadd(previous, 'NOMKSTREAM', '*', supersededField, String(this.log.run)));
    }
    const results = await Promise.allSettled(writes);
    for (const result of results) {
      if (result.status === 'rejected' && !(result.reason instanceof Error && isAlreadyWritten(result.reason))) {
        this.#expiryRenewedAt = Number.NEGATIVE_INFINITY;
        throw result.reason;
      }
    }
  }
}
