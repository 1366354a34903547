// Sends recorded deliveries when they are due, retrying failures with exponential backoff until
// WEBHOOK_MAX_ATTEMPTS, then marking them FAILED. Deliveries live in the database, so pending
// ones are sent after a restart as well.
//
// Each attempt runs on its own: the dispatcher starts attempts as deliveries come due and slots are
// free, and fills a slot again as soon as its attempt ends, so a slow or dead endpoint holds only
// its own attempts (at most mostInFlightPerEndpoint of them), never another endpoint's.
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { type AttemptResult, sendDelivery } from './sender.js';
import type { DueSkipping, WebhookDelivery, WebhookStore } from './store.js';

/** The longest sleep between looks at the table (another instance may have recorded deliveries). */
const longestSleepMs = 30_000;
const batchSize = 20;

/** Attempts under way at once in this instance, in all and to any one endpoint. */
export const mostInFlight = 50;
export const mostInFlightPerEndpoint = 4;

/** However many attempts failed, the next is at most a day away. */
const longestRetryDelayMs = 24 * 3_600_000;

/** The wait before attempt `attempts + 1`: the first delay, doubled after each failed attempt. */
export function retryDelayMs(firstDelayMs: number, attempts: number): number {
  return Math.min(longestRetryDelayMs, firstDelayMs * 2 ** Math.max(0, attempts - 1));
}

/**
 * How long a claim on a delivery holds: no other worker (in this instance or another) takes the
 * delivery until then. A request is sent only while the claim still has its whole deadline
 * (WEBHOOK_TIMEOUT_MS, headers and body together) plus claimReserveMs left, so every attempt is
 * over, cut off if need be, before its claim lapses: two workers never send the same delivery at
 * once. The rest of the claim is for claiming and reading the endpoint before the request.
 */
export function claimMs(timeoutMs: number): number {
  return timeoutMs * 2 + 1000;
}

/** Left between an attempt's deadline and its claim's end: for a late timer and the clocks of instances differing a little. */
export const claimReserveMs = 1000;

export class WebhookDispatcher {
  #timer: NodeJS.Timeout | null = null;
  /** The look for due deliveries that starts attempts (it does not wait for them). */
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  /** Counts wakes and sleeps: a sleep whose look at the table was overtaken by a later one sets no timer. */
  #generation = 0;
  /** The attempts under way: delivery id → its endpoint's id. */
  readonly #inFlight = new Map<string, string>();
  readonly #attempts = new Set<Promise<void>>();

  constructor(
    private readonly store: WebhookStore,
    private readonly config: Pick<
      Config,
      'WEBHOOK_ALLOW_PRIVATE' | 'WEBHOOK_MAX_ATTEMPTS' | 'WEBHOOK_RETRY_DELAY_MS' | 'WEBHOOK_TIMEOUT_MS'
    >,
    private readonly logger: Logger,
  ) {}

  /** Looks for due deliveries now (after a new one is recorded or requeued, or an attempt ended). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#generation += 1;
    this.#running = this.#startDue()
      .catch((error: unknown) => this.logger.error({ err: error }, 'webhook deliveries: could not read the queue; trying again later'))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.wake();
        } else void this.#sleep();
      });
  }

  /** Starts nothing more; the attempts under way end (by their deadline at the latest). */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
    await Promise.all(this.#attempts);
  }

  /** What this instance cannot start now: what it is sending, and the endpoints whose slots are all taken. */
  #skipping(): DueSkipping {
    const perEndpoint = new Map<string, number>();
    for (const endpointId of this.#inFlight.values()) perEndpoint.set(endpointId, (perEndpoint.get(endpointId) ?? 0) + 1);
    return {
      deliveryIds: [...this.#inFlight.keys()],
      endpointIds: [...perEndpoint].filter(([, count]) => count >= mostInFlightPerEndpoint).map(([endpointId]) => endpointId),
    };
  }

  #endpointFull(endpointId: string): boolean {
    let count = 0;
    for (const each of this.#inFlight.values()) if (each === endpointId) count += 1;
    return count >= mostInFlightPerEndpoint;
  }

  async #sleep(): Promise<void> {
    if (this.#stopped) return;
    const generation = ++this.#generation;
    // With every slot taken there is nothing to start: the next attempt to end wakes the dispatcher.
    const full = this.#inFlight.size >= mostInFlight;
    const next = full ? null : await this.store.nextDueAt(this.#skipping()).catch(() => null);
    const wait = next ? Math.min(longestSleepMs, Math.max(0, next.getTime() - Date.now())) : longestSleepMs;
    // A wake or a later sleep came meanwhile (an attempt ended): its look at the table is the newer one.
    if (this.#stopped || this.#running || generation !== this.#generation) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.wake(), wait);
    this.#timer.unref();
  }

  async #startDue(): Promise<void> {
    // Each page starts at least its first delivery (what cannot be started is left out of it), so this ends.
    while (!this.#stopped && this.#inFlight.size < mostInFlight) {
      const room = mostInFlight - this.#inFlight.size;
      const due = await this.store.due(new Date(), Math.min(batchSize, room), this.#skipping());
      if (due.length === 0) return;
      for (const delivery of due) {
        if (this.#stopped || this.#inFlight.size >= mostInFlight) return;
        if (!this.#endpointFull(delivery.endpointId)) this.#start(delivery);
      }
    }
  }

  #start(delivery: WebhookDelivery): void {
    this.#inFlight.set(delivery.id, delivery.endpointId);
    const attempt: Promise<void> = this.#attempt(delivery)
      .catch((error: unknown) =>
        this.logger.error(
          { err: error, deliveryId: delivery.id },
          'webhook attempt: could not read or save the delivery; it is tried again when its claim lapses',
        ),
      )
      .finally(() => {
        this.#inFlight.delete(delivery.id);
        this.#attempts.delete(attempt);
        // Its slot is free: the endpoint's next delivery (or another's) may go.
        this.wake();
      });
    this.#attempts.add(attempt);
  }

  async #attempt(delivery: WebhookDelivery): Promise<void> {
    const timeoutMs = this.config.WEBHOOK_TIMEOUT_MS;
    const claimedUntil = await this.store.claim(delivery, claimMs(timeoutMs));
    if (!claimedUntil) return;
    const endpoint = await this.store.endpoint(delivery.endpointId).catch(() => null);
    if (!endpoint) return;
    // The request ends by its deadline, which must come claimReserveMs before the claim lapses (see
    // claimMs). When the database took so long that it would not, the attempt waits for the claim to lapse.
    const left = claimedUntil.getTime() - Date.now();
    if (left < timeoutMs + claimReserveMs) {
      this.logger.warn(
        { deliveryId: delivery.id, endpointId: endpoint.id, claimLeftMs: left },
        'webhook attempt put off: too little of its claim was left to send it safely; it is tried again when the claim lapses',
      );
      return;
    }
    const result: AttemptResult = await sendDelivery(endpoint, delivery, {
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs,
    });
    const attempts = delivery.attempts + 1;
    const spent = attempts >= this.config.WEBHOOK_MAX_ATTEMPTS;
    const status = result.ok ? 'DELIVERED' : spent ? 'FAILED' : 'PENDING';
    const error = result.error && !result.ok && spent ? `${result.error} (gave up after ${attempts} attempts)` : result.error;
    const saved = await this.store.saveAttempt(delivery.id, claimedUntil, {
      status,
      attempts,
      nextAttemptAt: status === 'PENDING' ? new Date(Date.now() + retryDelayMs(this.config.WEBHOOK_RETRY_DELAY_MS, attempts)) : null,
      statusCode: result.statusCode,
      error,
    });
    const log = { deliveryId: delivery.id, endpointId: endpoint.id, event: delivery.event, attempts, status };
    // Removed (with its endpoint) or redelivered while the attempt was under way: that stands.
    if (!saved) return this.logger.debug(log, 'webhook attempt not recorded: the delivery changed meanwhile');
    if (result.ok) this.logger.info(log, 'webhook delivered');
    else this.logger.warn({ ...log, error: result.error }, status === 'FAILED' ? 'webhook delivery failed' : 'webhook attempt failed');
  }
}
