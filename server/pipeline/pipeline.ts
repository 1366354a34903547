// The campaign lifecycle: create, queue, run, cancel, retry, delete, resume after a
// restart, and the event logs that subscribers follow.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Brands } from '../brands/brands.js';
import type { Campaign, CampaignStore, NewCampaign } from '../campaigns/store.js';
import type { Config } from '../config.js';
import { badInput, queueFull, sharedStoreUnavailable } from '../errors.js';
import type { HostPool } from '../llm/host-pool.js';
import type { Logger } from '../logger.js';
import { type CancelBus, LocalCancelBus, RedisCancelBus } from './cancel-bus.js';
import { type CampaignEvent, CampaignEventLog } from './events.js';
import { CampaignAwaitingApproval } from './gates.js';
import { type CampaignUpdates, InProcessEventLogs, type LiveEventLogs, LocalCampaignUpdates } from './live-events.js';
import { NewRunWatch } from './new-run-watch.js';
import { type CampaignQueue, InProcessQueue } from './queue.js';
import { RedisCampaignQueue } from './redis-queue.js';
import { replayFromDatabase } from './replay.js';
import { rerunCut } from './rerun.js';
import { resultCacheKey } from './result-cache.js';
import { CampaignCancelled, CampaignFailed, CampaignInterrupted, runCampaign, shutdownReason } from './runner.js';
import { type FollowedRun, RunsFollower } from './runs-follower.js';
import {
  type AgentRole,
  type ApprovalDecision,
  type ApprovalDecisionKind,
  type CampaignStatus,
  finishedStatuses,
  type ModelOverrides,
  type PendingApproval,
} from './types.js';

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
  /** Set when several instances share the queue and cancels through Redis (REDIS_URL). */
  redis?: PipelineRedis;
}

/** Connections opened by server/redis/connection.ts; the pipeline closes none of them. */
export interface PipelineRedis {
  /** Fails fast while Redis is down. */
  commands: Redis;
  /** Waits out an outage (the queue worker's). */
  worker: Redis;
  /** For cancels published by other instances. */
  subscriber: Redis;
}

/**
 * Watches the pipeline from outside (metrics, traces) without the runner knowing: told when a run
 * starts and of every event appended to a live log. Called synchronously; a throw is logged, not raised.
 */
export interface PipelineObserver {
  runStarted?(campaign: Campaign): void;
  event?(event: CampaignEvent): void;
  /** A new campaign answered from the result cache, without running. */
  cacheHit?(campaign: Campaign): void;
  /** A person decided at a gate (or cancelled the waiting campaign), after waiting this long. */
  approvalDecided?(decision: ApprovalWait): void;
}

export interface ApprovalWait {
  gate: PendingApproval['gate'];
  decision: ApprovalDecisionKind | 'CANCELLED';
  waitedSeconds: number;
}

/** How long a finished campaign's live log stays in memory for reconnecting subscribers (one process). */
const finishedLogRetentionMs = 5 * 60_000;

/** Campaigns that can be rerun from a chosen agent: any that is not queued or running. */
const rerunnableStatuses = ['COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED', 'AWAITING_APPROVAL'] as const;

/** What a caller refused by a full queue is told to wait: about one short step of a running campaign. */
const queueFullRetryAfterSeconds = 30;

/** With Redis: how long a cancel waits for the instance running the campaign to stop it. */
const remoteCancelWaitMs = 5000;
/** With Redis: how often campaigns the database holds as waiting or running are checked to be in the queue. */
const queueCheckIntervalMs = 15_000;

/** The run lost its place in the shared queue (Redis gave it to another instance): it stops without a word. */
class RunLost extends CampaignInterrupted {}

export class Pipeline {
  readonly #logs = new Map<string, CampaignEventLog>();
  /** Running campaigns: how to stop each, and when it has stopped. */
  readonly #running = new Map<string, { controller: AbortController; settled: Promise<void> }>();
  readonly #liveEvents: LiveEventLogs;
  readonly #updates: CampaignUpdates;
  readonly #queue: CampaignQueue;
  #cancels: CancelBus = new LocalCancelBus();
  readonly #observers = new Set<PipelineObserver>();
  #queueCheck: NodeJS.Timeout | undefined;
  /** With shared logs, once someone subscribes: tells followers of new runs started on any instance. */
  #newRunWatch: NewRunWatch | undefined;
  #stopping = false;

  constructor(private readonly services: PipelineServices) {
    this.#liveEvents = services.liveEvents ?? new InProcessEventLogs();
    this.#updates = services.campaignUpdates ?? new LocalCampaignUpdates();
    const { config, logger, redis } = services;
    const run = (id: string) => this.#runFromQueue(id);
    this.#queue = redis
      ? new RedisCampaignQueue(
          {
            keyPrefix: config.REDIS_KEY_PREFIX,
            concurrency: config.PIPELINE_CONCURRENCY,
            limit: config.QUEUE_LIMIT,
            lockMs: config.QUEUE_LOCK_MS,
            logger,
          },
          redis,
          run,
          (id) => this.#running.get(id)?.controller.abort(new RunLost('Another instance took this campaign over.')),
        )
      : new InProcessQueue(config.PIPELINE_CONCURRENCY, config.QUEUE_LIMIT, run);
  }

  /**
   * Starts running campaigns: those a previous server left queued or running first. With Redis
   * they are only put back in the shared queue (another instance may be running them).
   */
  async start(): Promise<number> {
    const { redis, config } = this.services;
    if (redis) {
      this.#cancels = await RedisCancelBus.open(redis.commands, redis.subscriber, config.REDIS_KEY_PREFIX, (id) =>
        this.#running.get(id)?.controller.abort(new CampaignCancelled('Cancelled by the user.')),
      );
    }
    const resumed = redis ? await this.#checkQueue() : await this.resumeInterrupted();
    await this.#queue.start();
    if (redis) {
      // A campaign whose job Redis lost (an outage, a flush) is put back: nothing saved waits for ever.
      this.#queueCheck = setInterval(() => {
        this.#checkQueue().catch((error: unknown) =>
          this.services.logger.warn({ err: error }, 'could not check the shared queue; trying again shortly'),
        );
      }, queueCheckIntervalMs).unref();
    }
    return resumed;
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

  /** Where a queued campaign waits: 1 starts next; null when it is not waiting. */
  queuePosition(id: string): Promise<number | null> {
    return this.#shared('Reading the queue position', () => this.#queue.positionOf(id));
  }

  /**
   * Queues a new campaign; or, when an identical request has a result (see result-cache.ts) and
   * `fresh` is not asked, returns that result at once as a new completed campaign. A campaign with
   * approval gates waits for a person, so it is neither served from nor kept for the cache.
   */
  async create(request: NewCampaign, { fresh = false }: { fresh?: boolean } = {}): Promise<Campaign> {
    const { store, brands, config } = this.services;
    const gated = (request.approvalGates ?? []).length > 0;
    const brand = request.brandId ? await brands.find(request.brandId) : null;
    const cacheKey = gated ? null : resultCacheKey(request, brand, config);
    const campaign: NewCampaign = { ...request, cacheKey };
    if (cacheKey && !fresh && config.RESULT_CACHE) {
      const source = await store.cachedResult(cacheKey);
      if (source) {
        const copy = await store.copyResult(source, campaign, (await this.#finishedLog(source)).events);
        this.#updates.publish(copy);
        this.#tell((observer) => observer.cacheHit?.(copy));
        return copy;
      }
    }
    // Held before the write, so concurrent creates (on any instance) cannot all see room for one more.
    const reserved = await this.#shared('Creating a campaign', () => this.#queue.reserve());
    if (!reserved) throw queueFull(this.services.config.QUEUE_LIMIT, queueFullRetryAfterSeconds);
    try {
      const created = await this.services.store.create(campaign);
      try {
        await this.#enqueue(created);
      } catch (error) {
        // Not queued, so not kept: the caller is told nothing was created.
        await this.services.store
          .delete(created.id)
          .catch((failure: unknown) =>
            this.services.logger.error({ err: failure, campaignId: created.id }, 'could not remove a campaign that was not queued'),
          );
        throw error;
      }
      return created;
    } finally {
      await this.#queue.release().catch(() => {});
    }
  }

  async cancel(id: string): Promise<Campaign> {
    const campaign = await this.services.store.get(id);
    if (finishedStatuses.includes(campaign.status)) {
      throw badInput([{ field: 'id', rule: `campaign is already ${campaign.status}; only queued or running campaigns can be cancelled` }]);
    }
    if (campaign.status === 'AWAITING_APPROVAL') {
      const cancelled = await this.services.store.decide(
        id,
        campaign.runNumber,
        null,
        'CANCELLED',
        'Cancelled by the user while it waited for approval.',
      );
      if (!cancelled) throw badInput([{ field: 'id', rule: 'campaign was decided on meanwhile; load it again' }]);
      if (campaign.pendingApproval) this.#toldDecided(campaign.pendingApproval, 'CANCELLED', new Date().toISOString());
      return this.#endedAtGate(cancelled);
    }
    const running = this.#running.get(id);
    if (running) {
      // The runner saves the interrupted step and finishes the campaign as CANCELLED.
      running.controller.abort(new CampaignCancelled('Cancelled by the user.'));
      await running.settled;
      return this.services.store.get(id);
    }
    const removed = await this.#shared('Cancelling a campaign', () => this.#queue.remove(id));
    if (removed || !this.#queue.shared) return this.#finish(id, 'CANCELLED', 'Cancelled by the user before it started.');
    // Running on another instance, or being picked up: that instance cancels it.
    await this.#shared('Cancelling a campaign', () => this.#cancels.request(id));
    return this.#finishedElsewhere(id);
  }

  /**
   * Runs a campaign again as a new run: a failed or cancelled one from its last finished step; or,
   * with `fromRole`, any stopped campaign from that agent on, keeping the steps before it (those
   * after it are superseded, kept for the record). `models` replace those agents' models from now on.
   */
  async retry(id: string, options: { fromRole?: AgentRole | null; models?: ModelOverrides | null } = {}): Promise<Campaign> {
    const { store } = this.services;
    const campaign = await store.get(id);
    const { fromRole, models } = options;
    const from: readonly CampaignStatus[] = fromRole ? rerunnableStatuses : ['FAILED', 'CANCELLED'];
    if (!from.includes(campaign.status)) {
      const what = fromRole ? 'completed, failed, cancelled, rejected or waiting' : 'failed or cancelled';
      throw badInput([
        { field: 'id', rule: `campaign is ${campaign.status}; only ${what} campaigns can be ${fromRole ? 'rerun' : 'retried'}` },
      ]);
    }
    await this.#shared('Retrying a campaign', () => this.#cancels.clear(id));
    const cut = fromRole ? rerunCut(await store.steps(id), fromRole) : undefined;
    const hasModels = models && Object.keys(models).length > 0;
    const queued =
      cut || hasModels
        ? await store.requeueFrom(id, [...from], {
            ...cut,
            models: hasModels ? { ...campaign.modelOverrides, ...models } : undefined,
          })
        : await store.requeue(id, [...from]);
    // A concurrent retry got there first: this one is a no-op, not a second run.
    if (!queued) throw badInput([{ field: 'id', rule: 'campaign is already being retried' }]);
    this.#logs.delete(id);
    await this.#enqueue(queued);
    return queued;
  }

  /** A person's decision on a campaign waiting at a gate: approved (perhaps edited), changes asked, or rejected. */
  async decide(id: string, decision: Omit<ApprovalDecision, 'gate' | 'at' | 'supersededAt' | 'refinement'>): Promise<Campaign> {
    const { store } = this.services;
    const campaign = await store.get(id);
    if (campaign.status !== 'AWAITING_APPROVAL' || !campaign.pendingApproval) {
      throw badInput([
        { field: 'id', rule: `campaign is ${campaign.status}; only a campaign awaiting approval can be approved, sent back or rejected` },
      ]);
    }
    const recorded: ApprovalDecision = {
      ...decision,
      gate: campaign.pendingApproval.gate,
      at: new Date().toISOString(),
      refinement: false,
      supersededAt: null,
    };
    const rejected = decision.decision === 'REJECTED';
    const next = await store.decide(
      id,
      campaign.runNumber,
      recorded,
      rejected ? 'REJECTED' : 'QUEUED',
      rejected ? `Rejected${decision.by ? ` by ${decision.by}` : ''}: ${decision.note}` : null,
    );
    if (!next) throw badInput([{ field: 'id', rule: 'campaign was decided on meanwhile; load it again' }]);
    this.#toldDecided(campaign.pendingApproval, decision.decision, recorded.at);
    if (rejected) return this.#endedAtGate(next);
    await this.#enqueue(next);
    return next;
  }

  /** Reruns the Optimizer on a completed campaign's text with a person's instruction, as a new run. */
  async refine(id: string, instruction: string, by: string | null): Promise<Campaign> {
    const { store } = this.services;
    const campaign = await store.get(id);
    if (campaign.status !== 'COMPLETED') {
      throw badInput([{ field: 'id', rule: `campaign is ${campaign.status}; only a completed campaign can be refined` }]);
    }
    const refinement: ApprovalDecision = {
      gate: 'FINAL',
      decision: 'CHANGES_REQUESTED',
      by,
      at: new Date().toISOString(),
      editedContent: null,
      note: instruction,
      refinement: true,
      supersededAt: null,
    };
    const queued = await store.requeueFrom(id, ['COMPLETED'], { extra: refinement });
    if (!queued) throw badInput([{ field: 'id', rule: 'campaign is already being refined or rerun' }]);
    this.#logs.delete(id);
    await this.#enqueue(queued);
    return queued;
  }

  async delete(id: string): Promise<Campaign> {
    const campaign = await this.services.store.get(id);
    if (!finishedStatuses.includes(campaign.status)) await this.cancel(id);
    this.#logs.delete(id);
    await this.#liveEvents.forget(id, campaign.runNumber);
    const deleted: Campaign = { ...(await this.services.store.delete(id)), deleted: true };
    // Every open dashboard drops it, on whichever instance it is open.
    this.#updates.publish(deleted);
    return deleted;
  }

  /** Campaigns a previous server left queued or running go back on the queue. */
  async resumeInterrupted(): Promise<number> {
    const ids = await this.services.store.idsWithStatus(['RUNNING', 'QUEUED']);
    for (const id of ids) {
      await this.services.store.failInterruptedSteps(id, 'Interrupted: the server stopped during this step.');
      const queued = await this.services.store.requeue(id);
      if (queued) await this.#enqueue(queued);
    }
    return ids.length;
  }

  /** With Redis: every campaign the database holds as queued or running has its job (a no-op for those that do). */
  async #checkQueue(): Promise<number> {
    const { store } = this.services;
    const ids = await store.idsWithStatus(['RUNNING', 'QUEUED']);
    for (const id of ids) {
      if (await this.#queue.holds(id)) continue;
      // Read again: one that finished since it was listed has left the queue, and must not be added back.
      const campaign = await store.find(id);
      if (campaign?.status === 'QUEUED' || campaign?.status === 'RUNNING') await this.#queue.enqueue(id);
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
    if (this.#liveEvents.shared) {
      // Any instance may be running it, and another may go on with it as a new run: subscribers read the shared store.
      this.#newRunWatch ??= new NewRunWatch(this.#updates, this.services.logger);
      const newRuns = this.#newRunWatch;
      return RunsFollower.start(
        { currentRun: () => this.#sharedRun(campaignId, () => 0), watch: (onRun) => newRuns.watch(campaignId, onRun) },
        () => this.#sharedRun(campaignId, from),
      );
    }
    const live = this.#logs.get(campaignId);
    if (live) return live.follow(from(live.run));
    const log = await this.#finishedLog(await this.services.store.get(campaignId));
    return log.follow(from(log.run));
  }

  /** With shared logs: the campaign's current run from the shared store, or as the database kept it once it ended. */
  async #sharedRun(campaignId: string, from: (run: number) => number): Promise<FollowedRun> {
    const campaign = await this.services.store.get(campaignId);
    const kept = await this.services.store.finishedEventLog(campaignId);
    if (!kept || kept.run !== campaign.runNumber) {
      const finished = finishedStatuses.includes(campaign.status);
      const shared = await this.#liveEvents.follow(campaignId, campaign.runNumber, from(campaign.runNumber), finished);
      if (shared) return { run: campaign.runNumber, events: shared };
    }
    const log = await this.#finishedLog(campaign);
    return { run: log.run, events: log.follow(from(log.run)) };
  }

  /** A campaign's last run as kept: exactly what subscribers got, or told again from its steps (campaigns from before logs were kept). */
  async #finishedLog(campaign: Campaign): Promise<CampaignEventLog> {
    const { store, config } = this.services;
    const kept = await store.finishedEventLog(campaign.id);
    return kept && kept.run === campaign.runNumber
      ? CampaignEventLog.restored(campaign.id, kept.run, kept.events)
      : replayFromDatabase(campaign, await store.steps(campaign.id), config.BRAND_THRESHOLD);
  }

  /** Status changes of every campaign, and deletions; `return()` unsubscribes at once. */
  updates(): AsyncIterableIterator<Campaign> {
    return this.#updates.follow();
  }

  /**
   * Graceful stop: no new runs; running steps are saved and their campaigns resume at the next
   * start, or with Redis, are handed back to the queue for another instance to resume at once.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#queueCheck);
    await this.#newRunWatch?.stop();
    for (const { controller } of this.#running.values()) controller.abort(shutdownReason);
    await this.#queue.drain();
    await this.#cancels.close();
  }

  async #enqueue(campaign: Campaign): Promise<void> {
    // The new run's log is there before the queue can start it; shared logs are opened where the
    // run runs (#run), which may be another instance, and an older run's goes.
    const log = this.#liveEvents.shared ? undefined : this.#newLog(campaign.id, campaign.runNumber);
    if (log) this.#logs.set(campaign.id, log);
    else this.#logs.delete(campaign.id);
    try {
      await this.#shared('Queueing a campaign', () => this.#queue.enqueue(campaign.id));
    } catch (error) {
      if (log && this.#logs.get(campaign.id) === log) this.#logs.delete(campaign.id);
      throw error;
    }
    this.#updates.publish(campaign);
  }

  /** Runs a Redis operation; while Redis is down the caller gets a clear error instead of a crash. */
  async #shared<T>(what: string, operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (!this.#queue.shared) throw error;
      this.services.logger.warn({ err: error }, `${what}: Redis did not answer`);
      throw sharedStoreUnavailable(what);
    }
  }

  /** Waits for another instance to finish a cancelled campaign; if none holds it now, it is cancelled when picked up. */
  async #finishedElsewhere(id: string): Promise<Campaign> {
    const deadline = Date.now() + remoteCancelWaitMs;
    for (;;) {
      const campaign = await this.services.store.get(id);
      if (finishedStatuses.includes(campaign.status) || Date.now() >= deadline) return campaign;
      await sleep(50);
    }
  }

  /** A live log: its events are told to the observers. */
  #newLog(campaignId: string, run: number): CampaignEventLog {
    return this.#liveEvents.open(campaignId, run, {
      onAppend: (event) => this.#tell((observer) => observer.event?.(event)),
      mergeChunks: this.services.config.MERGE_TOKEN_CHUNKS,
    });
  }

  #toldDecided(pending: PendingApproval, decision: ApprovalWait['decision'], at: string): void {
    const waitedSeconds = Math.max(0, (Date.parse(at) - Date.parse(pending.requestedAt)) / 1000);
    this.#tell((observer) => observer.approvalDecided?.({ gate: pending.gate, decision, waitedSeconds }));
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

  /** What the queue runs: the campaign, then whether it goes back to waiting (handed back, or retried meanwhile). */
  async #runFromQueue(id: string): Promise<'done' | 'run-again'> {
    if (!this.#queue.shared) {
      if (!this.#stopping) await this.#run(id);
      return 'done';
    }
    if (!this.#stopping) await this.#run(id);
    const campaign = await this.services.store.find(id);
    return campaign?.status === 'QUEUED' ? 'run-again' : 'done';
  }

  async #run(id: string): Promise<void> {
    const { store, brands, logger } = this.services;
    const controller = new AbortController();
    let settle = () => {};
    this.#running.set(id, { controller, settled: new Promise<void>((resolve) => (settle = resolve)) });
    try {
      const claimed = await this.#claim(id);
      if (!claimed) return;
      const campaign = await store.start(claimed);
      const held = this.#logs.get(id);
      const log = held?.run === campaign.runNumber ? held : this.#newLog(id, campaign.runNumber);
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

  /**
   * Whether the queue's campaign is to run here: not one already finished (a stale job), nor one
   * cancelled while it waited. One left RUNNING was held by an instance that died: it resumes
   * from its saved steps as a new run. The campaign as it is now, or null when it is not to run.
   */
  async #claim(id: string): Promise<Campaign | null> {
    const { store } = this.services;
    const campaign = await store.find(id);
    // Only a waiting or running campaign: not one finished, nor one waiting for a person (a stale job).
    if (!campaign || (campaign.status !== 'QUEUED' && campaign.status !== 'RUNNING')) return null;
    if (await this.#cancels.requested(id)) {
      await this.#finish(id, 'CANCELLED', 'Cancelled by the user before it started.');
      await this.#cancels.clear(id);
      return null;
    }
    if (campaign.status === 'RUNNING') {
      await store.failInterruptedSteps(id, 'Interrupted: the server running this campaign stopped during this step.');
      const resumed = await store.requeue(id, ['RUNNING']);
      if (!resumed) return null;
      this.#logs.set(id, this.#newLog(id, resumed.runNumber));
      this.services.logger.info({ campaignId: id, run: resumed.runNumber }, 'resuming a campaign another instance left');
      return resumed;
    }
    return campaign;
  }

  async #recordStop(id: string, error: unknown): Promise<void> {
    if (error instanceof RunLost) {
      // Another instance holds it now and records how it ends.
      this.services.logger.warn({ campaignId: id }, 'lost the hold on a running campaign; another instance resumes it');
    } else if (error instanceof CampaignInterrupted && this.#queue.shared) {
      // Handed back: the next instance to pick it up resumes it from its saved steps as a new run.
      await this.services.store.requeue(id, ['RUNNING']);
    } else if (error instanceof CampaignAwaitingApproval) {
      const campaign = await this.services.store.awaitApproval(id, {
        gate: error.gate,
        content: error.content,
        requestedAt: new Date().toISOString(),
      });
      const log = this.#logs.get(id) ?? this.#newLog(id, campaign.runNumber);
      log.append({ type: 'ApprovalRequested', gate: error.gate, content: error.content });
      await this.#keepLog(log, campaign);
    } else if (error instanceof CampaignInterrupted) {
      // Left for the next start to resume; the subscribers' connections close with the server.
      await this.services.store.setStatus(id, 'QUEUED');
    } else if (error instanceof CampaignCancelled) {
      await this.#finish(id, 'CANCELLED', error.message);
      await this.#cancels.clear(id).catch(() => {});
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

  /**
   * A campaign that waited at a gate and ended there (rejected, cancelled): its run at the gate is
   * over, so its new run is told from the database when someone follows it.
   */
  #endedAtGate(campaign: Campaign): Campaign {
    this.#logs.delete(campaign.id);
    this.#updates.publish(campaign);
    return campaign;
  }

  async #publishFinished(log: CampaignEventLog, campaign: Campaign): Promise<void> {
    log.append({ type: 'CampaignFinished', status: campaign.status, error: campaign.error });
    await this.#keepLog(log, campaign);
  }

  /** A run that ended (finished, or stopped at a gate): told to the dashboard, its events kept. */
  async #keepLog(log: CampaignEventLog, campaign: Campaign): Promise<void> {
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
