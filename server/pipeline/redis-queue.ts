// The campaign queue shared by every instance, on BullMQ: each instance is a worker with
// PIPELINE_CONCURRENCY places; QUEUE_LIMIT counts the whole cluster's waiting campaigns. A job's
// id is its campaign's id, so adding one twice is a no-op. An instance that dies stops renewing
// its lock; after QUEUE_LOCK_MS BullMQ's stalled check puts the job back and another takes it.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { type Job, Queue, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.js';
import type { CampaignQueue, RunCampaign } from './queue.js';

export interface RedisQueueSettings {
  keyPrefix: string;
  concurrency: number;
  limit: number;
  lockMs: number;
  logger: Logger;
}

export interface RedisQueueConnections {
  /**
   * Fails fast while Redis is down, and after REDIS_COMMAND_TIMEOUT_MS when it does not answer:
   * creating and cancelling say so within that bound. No blocking command goes on it.
   */
  commands: Redis;
  /**
   * Waits out an outage or a freeze, without a command timeout: the worker's own, which BullMQ
   * duplicates for its blocking reads (BZPOPMIN); a timeout would cut those, and BullMQ needs
   * maxRetriesPerRequest: null on them. A running campaign's lock renewals and completion wait
   * on it until Redis answers again.
   */
  worker: Redis;
}

const queueName = 'campaigns';
/** A place held by an instance that died between reserve() and release() is given back after this. */
const reservationTtlMs = 60_000;
/** How often the waiting count shown in the metrics is read from Redis. */
const waitingCountIntervalMs = 5000;
/** However often an instance stalls (restarts, outages), its campaign is not given up on. */
const maxStalls = 1000;

export class RedisCampaignQueue implements CampaignQueue {
  readonly shared = true;
  readonly #queue: Queue;
  readonly #reservations: string;
  readonly #running = new Set<string>();
  /** This instance's reservation tokens, any of which release() may give back. */
  readonly #tokens: string[] = [];
  #worker: Worker | null = null;
  #waiting = 0;
  #countTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly settings: RedisQueueSettings,
    private readonly connections: RedisQueueConnections,
    private readonly run: RunCampaign,
    /** Told of runs whose lock this instance lost (Redis gave it to another): they must stop at once. */
    private readonly lost: (campaignId: string) => void,
  ) {
    this.#queue = new Queue(queueName, { connection: connections.commands, prefix: `${settings.keyPrefix}bull` });
    this.#queue.on('error', (error) => settings.logger.warn({ err: error }, 'campaign queue: Redis error'));
    this.#reservations = `${settings.keyPrefix}queue:reservations`;
  }

  get runningCount(): number {
    return this.#running.size;
  }

  get waitingCount(): number {
    return this.#waiting;
  }

  async start(): Promise<void> {
    const { concurrency, lockMs, keyPrefix, logger } = this.settings;
    const worker = new Worker(queueName, (job, token) => this.#process(job, token), {
      connection: this.connections.worker,
      prefix: `${keyPrefix}bull`,
      // Kept on the job while it runs (BullMQ's processedBy): which instance holds a campaign.
      name: `${hostname()}:${process.pid}`,
      concurrency,
      lockDuration: lockMs,
      // How soon after a lock expires the job goes back to waiting.
      stalledInterval: Math.max(500, Math.round(lockMs / 2)),
      maxStalledCount: maxStalls,
    });
    worker.on('lockRenewalFailed', (jobIds) => {
      for (const id of jobIds) this.lost(id);
    });
    worker.on('error', (error) => logger.warn({ err: error }, 'campaign queue worker: Redis error; retrying'));
    this.#worker = worker;
    await worker.waitUntilReady();
    // For the metrics (copilot_queue_campaigns{state="waiting"}): the whole cluster's count, a few seconds old at most.
    this.#countTimer = setInterval(() => {
      this.#countWaiting().then(
        (waiting) => (this.#waiting = waiting),
        () => {},
      );
    }, waitingCountIntervalMs).unref();
  }

  async reserve(): Promise<boolean> {
    const token = randomUUID();
    const now = Date.now();
    const replies = await this.connections.commands
      .multi()
      .zremrangebyscore(this.#reservations, '-inf', now - reservationTtlMs)
      .zadd(this.#reservations, now, token)
      .zcard(this.#reservations)
      .pexpire(this.#reservations, reservationTtlMs)
      .exec();
    const [error, reserved] = replies?.[2] ?? [new Error('the reservation was not counted'), 0];
    if (error) throw error;
    this.#waiting = await this.#countWaiting();
    // Counted with this reservation: over the limit means there was no room for it.
    if (this.#waiting + Number(reserved) > this.settings.limit) {
      await this.connections.commands.zrem(this.#reservations, token);
      return false;
    }
    this.#tokens.push(token);
    return true;
  }

  async release(): Promise<void> {
    const token = this.#tokens.pop();
    if (token) await this.connections.commands.zrem(this.#reservations, token);
  }

  /** A no-op if the campaign's job is already there (waiting or running anywhere). */
  async enqueue(campaignId: string): Promise<void> {
    await this.#queue.add('campaign', {}, { jobId: campaignId, removeOnComplete: true, removeOnFail: true });
  }

  async holds(campaignId: string): Promise<boolean> {
    return (await this.#queue.getJob(campaignId)) !== undefined;
  }

  /** 1 for the campaign that starts next on whichever instance has a place first; null when it is not waiting. */
  async positionOf(campaignId: string): Promise<number | null> {
    // Oldest first, the order the workers take them in; at most QUEUE_LIMIT ids.
    const waiting = await this.#queue.getRanges(['wait'], 0, -1, true);
    const index = waiting.indexOf(campaignId);
    return index === -1 ? null : index + 1;
  }

  async remove(campaignId: string): Promise<boolean> {
    // 0 when the job is locked (running on some instance) or unknown.
    return (await this.#queue.remove(campaignId)) === 1;
  }

  async drain(): Promise<void> {
    clearInterval(this.#countTimer);
    // Waits for the running jobs, which the pipeline has just told to stop and hand back.
    await this.#worker?.close();
    await this.#queue.close();
  }

  async #countWaiting(): Promise<number> {
    const counts = await this.#queue.getJobCounts('waiting', 'prioritized', 'delayed');
    return Object.values(counts).reduce((sum, count) => sum + count, 0);
  }

  async #process(job: Job, token: string | undefined): Promise<void> {
    const campaignId = job.id as string;
    this.#running.add(campaignId);
    try {
      const outcome = await this.run(campaignId);
      if (outcome === 'run-again') {
        // Back to waiting, for whichever instance has a place first (this one, if it is not stopping).
        await job.moveToWait(token);
        throw new WaitingError();
      }
    } finally {
      this.#running.delete(campaignId);
    }
  }
}
