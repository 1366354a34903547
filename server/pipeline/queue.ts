// A bounded in-process queue: at most `concurrency` campaigns run, at most `limit` wait.
export class CampaignQueue {
  readonly #waiting: string[] = [];
  readonly #running = new Set<string>();
  #idle: (() => void)[] = [];
  /** Places held for campaigns being saved, counted as waiting. */
  #reserved = 0;

  constructor(
    private readonly concurrency: number,
    private readonly limit: number,
    private readonly run: (campaignId: string) => Promise<void>,
  ) {}

  get runningCount(): number {
    return this.#running.size;
  }

  get waitingCount(): number {
    return this.#waiting.length;
  }

  /** Holds a waiting place while a new campaign is saved; false when the queue is full. */
  reserve(): boolean {
    if (this.#waiting.length + this.#reserved >= this.limit) return false;
    this.#reserved++;
    return true;
  }

  /** Gives back a place held by reserve(): the campaign is about to be enqueued, or was not saved. */
  release(): void {
    this.#reserved--;
  }

  /** 1 for the next campaign to start; null when the campaign is not waiting. */
  positionOf(campaignId: string): number | null {
    const index = this.#waiting.indexOf(campaignId);
    return index === -1 ? null : index + 1;
  }

  has(campaignId: string): boolean {
    return this.#running.has(campaignId) || this.#waiting.includes(campaignId);
  }

  enqueue(campaignId: string): void {
    if (this.has(campaignId)) return;
    this.#waiting.push(campaignId);
    this.#drain();
  }

  /** Takes a waiting campaign off the queue; false if it was not waiting. */
  remove(campaignId: string): boolean {
    const index = this.#waiting.indexOf(campaignId);
    if (index === -1) return false;
    this.#waiting.splice(index, 1);
    return true;
  }

  /** Stops starting new campaigns and resolves when the running ones have ended. */
  async drain(): Promise<void> {
    this.#waiting.length = 0;
    if (this.#running.size === 0) return;
    await new Promise<void>((resolve) => this.#idle.push(resolve));
  }

  #drain(): void {
    while (this.#running.size < this.concurrency && this.#waiting.length > 0) {
      const campaignId = this.#waiting.shift() as string;
      this.#running.add(campaignId);
      void this.run(campaignId).finally(() => {
        this.#running.delete(campaignId);
        this.#drain();
        if (this.#running.size === 0) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }
}
