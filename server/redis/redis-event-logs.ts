// Live event logs shared by every instance through Redis Streams: the instance running a
// campaign writes its run's stream (StreamedEventLog); any instance serves subscribers from it
// through its one blocking reader (StreamReader). Streams are bounded and expire.
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { liveEventsTrimmed, liveEventsUnavailable } from '../errors.js';
import type { Logger } from '../logger.js';
import { type CampaignEvent, CampaignEventLog, type EventLogOptions } from '../pipeline/events.js';
import type { LiveEventLogs } from '../pipeline/live-events.js';
import { RunStreamWriter, type StreamSettings } from './run-stream-writer.js';
import { runStreamKey } from './stream-entries.js';
import { readBlockMs, StreamReader } from './stream-reader.js';

/** How long a stopping server waits for its last events to reach Redis. */
const closeWaitMs = 5000;

type StreamConfig = Pick<
  Config,
  'REDIS_KEY_PREFIX' | 'REDIS_COMMAND_TIMEOUT_MS' | 'LIVE_EVENTS_RETENTION_SECONDS' | 'LIVE_EVENTS_MAX_PER_RUN'
>;

export class RedisEventLogs implements LiveEventLogs {
  readonly shared = true;
  /** Runs this instance writes, until they have finished and are written. */
  readonly #writers = new Map<CampaignEventLog, RunStreamWriter>();

  private constructor(
    private readonly settings: StreamSettings,
    private readonly reader: StreamReader,
    /** The reader's and the writers' own connections, closed with this. */
    private readonly connections: Redis[],
  ) {}

  /** `redis` is for commands (shared, not closed here); the reader and the writers get connections of their own. */
  static async start(redis: Redis, config: StreamConfig, logger: Logger): Promise<RedisEventLogs> {
    // A read in flight when Redis goes away fails at once (no retries), so its subscribers are told.
    // Its XREAD blocks for readBlockMs by design: the bound on a reply that does not come (a frozen
    // Redis) is that wait plus REDIS_COMMAND_TIMEOUT_MS, not the bound alone, which would cut every
    // idle read. (ioredis's blockingTimeout would not do: it ends a read as if nothing had arrived.)
    const blocking = redis.duplicate({
      maxRetriesPerRequest: 0,
      commandTimeout: readBlockMs + config.REDIS_COMMAND_TIMEOUT_MS,
      connectionName: `${config.REDIS_KEY_PREFIX}event-reader`,
    });
    blocking.on('error', () => {}); // outages reach the reader as failed reads
    await blocking.connect();
    // With the command connection's bound: a write with no reply is tried again (one that did land is told apart by its id).
    const writer = redis.duplicate({ enableAutoPipelining: true, connectionName: `${config.REDIS_KEY_PREFIX}event-writer` });
    writer.on('error', () => {}); // outages reach the writers as failed writes, which they retry
    await writer.connect();
    const settings: StreamSettings = {
      redis: writer,
      keyPrefix: config.REDIS_KEY_PREFIX,
      logger,
      retentionMs: config.LIVE_EVENTS_RETENTION_SECONDS * 1000,
      maxEvents: config.LIVE_EVENTS_MAX_PER_RUN,
    };
    const reader = new StreamReader(
      blocking,
      redis,
      config.REDIS_KEY_PREFIX,
      {
        unavailable: () => liveEventsUnavailable('events'),
        trimmed: (seq) => liveEventsTrimmed(seq, config.LIVE_EVENTS_MAX_PER_RUN),
      },
      logger,
    );
    return new RedisEventLogs(settings, reader, [blocking, writer]);
  }

  open(campaignId: string, run: number, options: EventLogOptions = {}): CampaignEventLog {
    for (const [log, writer] of this.#writers) if (log.finished && !writer.writing) this.#writers.delete(log);
    const log = new CampaignEventLog(campaignId, run, {
      ...options,
      onAppend: (event) => {
        options.onAppend?.(event);
        writer.appended();
      },
    });
    const writer = new RunStreamWriter(log, this.settings);
    this.#writers.set(log, writer);
    return log;
  }

  async follow(campaignId: string, run: number, afterSeq: number, finished: boolean): Promise<AsyncIterableIterator<CampaignEvent> | null> {
    // A finished run whose stream expired (or was never written) is told from the database. Asked of
    // every run: a subscriber learns within the command bound that Redis does not answer, rather
    // than when the reader's blocking read gives up.
    const exists = await this.settings.redis.exists(runStreamKey(this.settings.keyPrefix, campaignId, run)).catch(() => {
      throw liveEventsUnavailable('events');
    });
    if (finished && exists === 0) return null;
    return this.reader.follow(campaignId, run, afterSeq);
  }

  async forget(campaignId: string, runs: number): Promise<void> {
    const keys = Array.from({ length: runs }, (_, index) => runStreamKey(this.settings.keyPrefix, campaignId, index + 1));
    // The campaign is deleted all the same: with Redis down its streams expire on their own.
    if (keys.length > 0) {
      await this.settings.redis.unlink(...keys).catch((error: unknown) => {
        this.settings.logger.warn(
          { err: error, campaignId },
          'could not remove a deleted campaign’s live events from Redis; they expire on their own',
        );
      });
    }
  }

  /** Streams the reader waits on, for tests. */
  get followedStreams(): number {
    return this.reader.streamCount;
  }

  async close(): Promise<void> {
    const written = Promise.all([...this.#writers.values()].map((writer) => writer.written()));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([written, new Promise((resolve) => (timer = setTimeout(resolve, closeWaitMs)))]);
    clearTimeout(timer);
    for (const writer of this.#writers.values()) writer.close();
    await this.reader.close();
    for (const connection of this.connections) connection.disconnect();
  }
}
