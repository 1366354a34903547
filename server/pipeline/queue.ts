// Where campaigns wait for a place to run. Two kinds: in this process (the default), or shared by
// every instance through Redis (redis-queue.ts). Either way at most PIPELINE_CONCURRENCY run here.

/** What the pipeline asks of a queue; `run` is told each campaign to run here, once at a time. */
export interface CampaignQueue {
  /** Campaigns running on this instance. */
  readonly runningCount: number;
  /** Campaigns waiting for a place (all instances', where shared; the last count seen). */
  readonly waitingCount: number;
  /** Shared by every instance (Redis), rather than this process's own. */
  readonly shared: boolean;
  /** Starts taking campaigns. */
  start(): Promise<void>;
  /** Holds a waiting place while a new campaign is saved; false when the queue is full. */
  reserve(): Promise<boolean>;
  /** Gives back a place held by reserve(): the campaign is about to be enqueued, or was not saved. */
  release(): Promise<void>;
  enqueue(campaignId: string): Promise<void>;
  /** Whether the campaign is in the queue, waiting or running (on any instance, where shared). */
  holds(campaignId: string): Promise<boolean>;
  /** Takes a waiting campaign off the queue; false if it was not waiting (running, or unknown). */
  remove(campaignId: string): Promise<boolean>;
  /** Where a waiting campaign stands, 1 next (in the whole cluster, where shared); null when it is not waiting. */
  positionOf(campaignId: string): Promise<number | null>;
  /** Stops starting new campaigns and resolves when the running ones have ended (or been handed back). */
  drain(): Promise<void>;
}

/** A campaign run as the queue sees it: resolves when it has ended; "run-again" when it was handed back (shutdown) or retried meanwhile. */
export type RunCampaign = (campaignId: string) => Promise<'done' | 'run-again'>;

// A bounded in-process queue: at most `concurrency` campaigns run, at most `limit` wait.
export class InProcessQueue implements CampaignQueue {
  readonly shared = false;
  readonly #waiting: string[] = [];
  readonly #running = new Set<string>();
  #idle: (() => void)[] = [];
  /** Places held for campaigns being saved, counted as waiting. */
  #reserved = 0;

  constructor(
    private readonly concurrency: number,
    private readonly limit: number,
    private readonly run: RunCampaign,
  ) {}

  get runningCount(): number {
    return this.#running.size;
  }

  get waitingCount(): number {
    return this.#waiting.length;
  }

  async start(): Promise<void> {}

  async reserve(): Promise<boolean> {
    if (this.#waiting.length + this.#reserved >= this.limit) return false;
    this.#reserved++;
    return true;
  }

  async release(): Promise<void> {
    this.#reserved--;
  }

  /** 1 for the next campaign to start; null when the campaign is not waiting here. */
  async positionOf(campaignId: string): Promise<number | null> {
    const index = this.#waiting.indexOf(campaignId);
    return index === -1 ? null : index + 1;
  }

  async enqueue(campaignId: string): Promise<void> {
    if (await this.holds(campaignId)) return;
    this.#waiting.push(campaignId);
    this.#drain();
  }

  async holds(campaignId: string): Promise<boolean> {
    return this.#running.has(campaignId) || this.#waiting.includes(campaignId);
  }

  async remove(campaignId: string): Promise<boolean> {
    const index = this.#waiting.indexOf(campaignId);
    if (index === -1) return false;
    this.#waiting.splice(index, 1);
    return true;
  }

  async drain(): Promise<void> {
    this.#waiting.length = 0;
    if (this.#running.size === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #drain(): void {
    while (this.#running.size < this.concurrency && this.#waiting.length > 0) {
      const campaignId = this.#waiting.shift() as string;
      this.#running.add(campaignId);
      // A run handed back at shutdown resumes at the next start, from the database.
      void this.run(campaignId).finally(() => {
        this.#running.delete(campaignId);
        this.#drain();
        if (this.#running.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }
}
