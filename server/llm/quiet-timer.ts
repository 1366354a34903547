// The idle timeouts of a streamed reply: a timer that each chunk pushes back.

/**
 * Calls `onQuiet` when nothing arrives for a while. A reply streams thousands of chunks, so a
 * chunk only moves the deadline on; the one timer is set again only when it fires early.
 */
export class QuietTimer {
  #deadline = 0;
  #ms = 0;
  #what = '';
  #timer: NodeJS.Timeout | undefined;
  /** When the timer set now fires. */
  #firesAt = Number.POSITIVE_INFINITY;

  constructor(private readonly onQuiet: (ms: number, what: string) => void) {}

  /** The next chunk (`what`, in words) is due within `ms`. */
  waitAtMost(ms: number, what: string): void {
    this.#ms = ms;
    this.#what = what;
    this.#deadline = performance.now() + ms;
    if (this.#deadline < this.#firesAt) this.#arm(ms);
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#firesAt = Number.POSITIVE_INFINITY;
  }

  #arm(ms: number): void {
    clearTimeout(this.#timer);
    this.#firesAt = performance.now() + ms;
    this.#timer = setTimeout(() => {
      const left = this.#deadline - performance.now();
      if (left > 0) return this.#arm(left);
      this.#firesAt = Number.POSITIVE_INFINITY;
      this.onQuiet(this.#ms, this.#what);
    }, ms);
  }
}
