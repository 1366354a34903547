// The campaign lifecycle: create, queue, run, cancel, retry, delete, resume after a
// restart, and the event logs that subscribers follow.
import type { Brands } from '../brands/brands.js';
import type { Campaign, CampaignStore, NewCampaign } from '../campaigns/store.js';
import type { Config } from '../config.js';
import { badInput, queueFull } from '../errors.js';
import type { HostPool } from '../llm/host-pool.js';
import type { Logger } from '../logger.js';
import { type CampaignEvent, CampaignEventLog } from './events.js';
import { type CampaignUpdates, InProcessEventLogs, type LiveEventLogs, LocalCampaignUpdates } from './live-events.js';
import { CampaignQueue } from './queue.js';
import { replayFromDatabase } from './replay.js';
import { CampaignCancelled, CampaignFailed, CampaignInterrupted, runCampaign, shutdownReason } from './runner.js';
import { finishedStatuses } from './types.js';

export interface PipelineServices {
  config: Config;
  logger: Logger;
  store: CampaignStore;
  brands: Brands;
  ollamaHosts: HostPool;
  /** Where the live event logs are kept: this process unless given (Redis when REDIS_URL is set). */
  liveEvents?: LiveEventLogs;
  /** Where status changes go: this process's subscribers unless given. */
  campaignUpdates?: CampaignUpdates;
}

/**
 * Watches the pipeline from outside (metrics, traces) without the runner knowing: told when a run
 * starts and of every event appended to a live log. Called synchronously; a throw is logged, not raised.
 */
export interface PipelineObserver {
  runStarted?(campaign: Campaign): void;
  event?(event: CampaignEvent): void;
}

/** How long a finished campaign's live log stays in memory for reconnecting subscribers (one process). */
const finishedLogRetentionMs = 5 * 60_000;

/** What a caller refused by a full queue is told to wait: about one short step of a running campaign. */
const queueFullRetryAfterSeconds = 30;

export class Pipeline {
  readonly #logs = new Map<string, CampaignEventLog>();
  /** Running campaigns: how to stop each, and when it has stopped. */
  readonly #running = new Map<string, { controller: AbortController; settled: Promise<void> }>();
  readonly #liveEvents: LiveEventLogs;
  readonly #updates: CampaignUpdates;
  readonly #queue: CampaignQueue;
  readonly #observers = new Set<PipelineObserver>();
  #stopping = false;

  constructor(private readonly services: PipelineServices) {
    this.#liveEvents = services.liveEvents ?? new InProcessEventLogs();
    this.#updates = services.campaignUpdates ?? new LocalCampaignUpdates();
    this.#queue = new CampaignQueue(services.config.PIPELINE_CONCURRENCY, services.config.QUEUE_LIMIT, (id) => this.#run(id));
  }

  get runningCount(): number {
    return this.#queue.runningCount;
  }

  /** Campaigns waiting for a place to run. */
  get waitingCount(): number {
    return this.#queue.waitingCount;
  }

  /** Adds an observer; the returned function removes it. */
  observe(observer: PipelineObserver): () => void {
    this.#observers.add(observer);
    return () => this.#observers.delete(observer);
  }

  async create(campaign: NewCampaign): Promise<Campaign> {
    // Held before the write, so concurrent creates cannot all see room for one more.
    if (!this.#queue.reserve()) throw queueFull(this.services.config.QUEUE_LIMIT, queueFullRetryAfterSeconds);
    let created: Campaign;
    try {
      created = await this.services.store.create(campaign);
    } finally {
      this.#queue.release();
    }
    this.#enqueue(created);
    return created;
  }

  async cancel(id: string): Promise<Campaign> {
    const campaign = await this.services.store.get(id);
    if (finishedStatuses.includes(campaign.status)) {
      throw badInput([{ field: 'id', rule: `campaign is already ${campaign.status}; only queued or running campaigns can be cancelled` }]);
    }
    const running = this.#running.get(id);
    if (running) {
      // The runner saves the interrupted step and finishes the campaign as CANCELLED.
      running.controller.abort(new CampaignCancelled('Cancelled by the user.'));
      await running.settled;
      return this.services.store.get(id);
    }
    this.#queue.remove(id);
    return this.#finish(id, 'CANCELLED', 'Cancelled by the user before it started.');
  }

  async retry(id: string): Promise<Campaign> {
    const campaign = await this.services.store.get(id);
    if (campaign.status !== 'FAILED' && campaign.status !== 'CANCELLED') {
      throw badInput([{ field: 'id', rule: `campaign is ${campaign.status}; only failed or cancelled campaigns can be retried` }]);
    }
    const queued = await this.services.store.requeue(id, ['FAILED', 'CANCELLED']);
    // A concurrent retry got there first: this one is a no-op, not a second run.
    if (!queued) throw badInput([{ field: 'id', rule: 'campaign is already being retried' }]);
    this.#enqueue(queued);
    return queued;
  }

  async delete(id: string): Promise<Campaign> {
    const campaign = await this.services.store.get(id);
    if (!finishedStatuses.includes(campaign.status)) await this.cancel(id);
    this.#logs.delete(id);
    await this.#liveEvents.forget(id, campaign.runNumber);
    return this.services.store.delete(id);
  }

  /** Campaigns a previous server left queued or running go back on the queue. */
  async resumeInterrupted(): Promise<number> {
    const ids = await this.services.store.idsWithStatus(['RUNNING', 'QUEUED']);
    for (const id of ids) {
      await this.services.store.failInterruptedSteps(id, 'Interrupted: the server stopped during this step.');
      const queued = await this.services.store.requeue(id);
      if (queued) this.#enqueue(queued);
    }
    return ids.length;
  }

  /**
   * Every event of a campaign's current run after `afterSeq`; a finished campaign is replayed
   * from the database. `afterSeq` counts within `run`: a subscriber whose run is over gets the
   * current run from its first event.
   */
  async events(campaignId: string, afterSeq = 0, run?: number | null): Promise<AsyncIterableIterator<CampaignEvent>> {
    const from = (currentRun: number) => (run === undefined || run === null || run === currentRun ? afterSeq : 0);
    // Shared logs: any instance may be running it, so subscribers read the shared store, not this process.
    let log = this.#liveEvents.shared ? undefined : this.#logs.get(campaignId);
    if (!log) {
      const { store, config } = this.services;
      const campaign = await store.get(campaignId);
      const kept = await store.finishedEventLog(campaignId);
      // Exactly what subscribers got; campaigns from before logs were kept are told again from their steps.
      if (kept && kept.run === campaign.runNumber) {
        log = CampaignEventLog.restored(campaignId, kept.run, kept.events);
      } else {
        const finished = finishedStatuses.includes(campaign.status);
        const shared = await this.#liveEvents.follow(campaignId, campaign.runNumber, from(campaign.runNumber), finished);
        if (shared) return shared;
        log = replayFromDatabase(campaign, await store.steps(campaignId), config.BRAND_THRESHOLD);
      }
    }
    return log.follow(from(log.run));
  }

  /** Status changes of every campaign; `return()` unsubscribes at once. */
  updates(): AsyncIterableIterator<Campaign> {
    return this.#updates.follow();
  }

  /** Graceful stop: no new runs; running steps are saved and their campaigns resume at the next start. */
  async stop(): Promise<void> {
    this.#stopping = true;
    for (const { controller } of this.#running.values()) controller.abort(shutdownReason);
    await this.#queue.drain();
  }

  #enqueue(campaign: Campaign): void {
    // Shared logs are opened where the run runs (#run), which may be another instance; an older run's goes.
    if (this.#liveEvents.shared) this.#logs.delete(campaign.id);
    else this.#logs.set(campaign.id, this.#newLog(campaign.id, campaign.runNumber));
    this.#updates.publish(campaign);
    this.#queue.enqueue(campaign.id);
  }

  /** A live log: its events are told to the observers. */
  #newLog(campaignId: string, run: number): CampaignEventLog {
    return this.#liveEvents.open(campaignId, run, {
      onAppend: (event) => this.#tell((observer) => observer.event?.(event)),
      mergeChunks: this.services.config.MERGE_TOKEN_CHUNKS,
    });
  }

  /** Observers watch; they never stop a campaign. */
  #tell(notify: (observer: PipelineObserver) => void): void {
    for (const observer of this.#observers) {
      try {
        notify(observer);
      } catch (error) {
        this.services.logger.error({ err: error }, 'a pipeline observer failed');
      }
    }
  }

  async #run(id: string): Promise<void> {
    if (this.#stopping) return;
    const { store, brands, logger } = this.services;
    const controller = new AbortController();
    let settle = () => {};
    this.#running.set(id, { controller, settled: new Promise<void>((resolve) => (settle = resolve)) });
    try {
      const campaign = await store.setStatus(id, 'RUNNING');
      const log = this.#logs.get(id) ?? this.#newLog(id, campaign.runNumber);
      this.#logs.set(id, log);
      this.#updates.publish(campaign);
      this.#tell((observer) => observer.runStarted?.(campaign));
      const brand = campaign.brandId ? await brands.find(campaign.brandId) : null;
      const result = await runCampaign(this.services, campaign, brand, log, controller.signal);
      await this.#publishFinished(log, await store.complete(id, result));
    } catch (error) {
      // If even that write fails, the campaign stays RUNNING in the database and resumes at the next start.
      await this.#recordStop(id, error).catch((failure: unknown) =>
        logger.error({ err: failure, campaignId: id }, 'could not record how the campaign stopped; it resumes at the next start'),
      );
    } finally {
      this.#running.delete(id);
      settle();
    }
  }

  async #recordStop(id: string, error: unknown): Promise<void> {
    if (error instanceof CampaignInterrupted) {
      // Left for the next start to resume; the subscribers' connections close with the server.
      await this.services.store.setStatus(id, 'QUEUED');
    } else if (error instanceof CampaignCancelled) {
      await this.#finish(id, 'CANCELLED', error.message);
    } else {
      // A crash's detail may hold SQL or internals: it goes to the log, the user gets a reference.
      const message =
        error instanceof CampaignFailed
          ? error.message
          : `The campaign stopped on an internal error (see the server log for campaign ${id}).`;
      if (!(error instanceof CampaignFailed)) this.services.logger.error({ err: error, campaignId: id }, 'campaign run crashed');
      await this.#finish(id, 'FAILED', message);
    }
  }

  async #finish(id: string, status: 'CANCELLED' | 'FAILED', error: string): Promise<Campaign> {
    const campaign = await this.services.store.setStatus(id, status, error);
    const log = this.#logs.get(id) ?? this.#newLog(id, campaign.runNumber);
    this.#logs.set(id, log);
    await this.#publishFinished(log, campaign);
    return campaign;
  }

  async #publishFinished(log: CampaignEventLog, campaign: Campaign): Promise<void> {
    log.append({ type: 'CampaignFinished', status: campaign.status, error: campaign.error });
    this.#updates.publish(campaign);
    // With shared logs nobody reads this copy: the shared store keeps the run for reconnects.
    setTimeout(
      () => {
        if (this.#logs.get(campaign.id) === log) this.#logs.delete(campaign.id);
      },
      this.#liveEvents.shared ? 0 : finishedLogRetentionMs,
    ).unref();
    // Kept so that a subscriber who returns after the live log is gone gets exactly these events.
    await this.services.store.saveEventLog(campaign.id, log.run, log.events).catch((error: unknown) => {
      this.services.logger.error(
        { err: error, campaignId: campaign.id },
        'could not keep the event log; a replay is told again from the steps',
      );
    });
  }
}
