// The timeouts of a model's reply: a timer that each chunk pushes back, on the server's own
// clock, so that a server too busy to read the reply waits longer instead of failing it.
import { holdServerClock, releaseServerClock, serverNow } from './server-clock.js';

/**
 * Calls `onQuiet` when nothing arrives for a while. A reply streams thousands of chunks, so a
 * chunk only moves the deadline on; the one timer is set again only when it fires early. Time
 * the event loop was stalled does not count, and before it speaks the timer lets the event
 * loop read once more: chunks that came while the server was busy wait unread in the socket.
 */
export class QuietTimer {
  /** On the server's clock, as every time below. */
  #deadline = 0;
  #ms = 0;
  #what = '';
  #timer: NodeJS.Timeout | undefined;
  #lastLook: NodeJS.Immediate | undefined;
  /** When the timer set now fires. */
  #firesAt = Number.POSITIVE_INFINITY;
  #holdsClock = false;

  constructor(private readonly onQuiet: (ms: number, what: string) => void) {}

  /** The next chunk (`what`, in words) is due within `ms`. */
  waitAtMost(ms: number, what: string): void {
    if (!this.#holdsClock) {
      this.#holdsClock = true;
      holdServerClock();
    }
    this.#ms = ms;
    this.#what = what;
    this.#deadline = serverNow() + ms;
    if (this.#deadline < this.#firesAt) this.#arm(ms);
  }

  stop(): void {
    clearTimeout(this.#timer);
    clearImmediate(this.#lastLook);
    this.#firesAt = Number.POSITIVE_INFINITY;
    if (this.#holdsClock) {
      this.#holdsClock = false;
      releaseServerClock();
    }
  }

  #arm(ms: number): void {
    clearTimeout(this.#timer);
    this.#firesAt = serverNow() + ms;
    this.#timer = setTimeout(() => {
      if (this.#early()) return;
      this.#lastLook = setImmediate(() => {
        if (this.#early()) return;
        this.stop();
        this.onQuiet(this.#ms, this.#what);
      });
    }, ms);
  }

  /** Set again when the deadline has not passed on the server's clock (a chunk came, or the server was busy). */
  #early(): boolean {
    const left = this.#deadline - serverNow();
    if (left <= 0) return false;
    this.#arm(left);
    return true;
  }
}

/** Like AbortSignal.timeout(ms), on the server's clock; `stop()` once the work is done. */
export function serverTimeout(ms: number): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const timer = new QuietTimer(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')));
  timer.waitAtMost(ms, 'answer');
  return { signal: controller.signal, stop: () => timer.stop() };
}
