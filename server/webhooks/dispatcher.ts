// Sends recorded deliveries when they are due, retrying failures with exponential backoff until
// WEBHOOK_MAX_ATTEMPTS, then marking them FAILED. Deliveries live in the database, so pending
// ones are sent after a restart as well.
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { type AttemptResult, sendDelivery } from './sender.js';
import type { WebhookDelivery, WebhookStore } from './store.js';

/** The longest sleep between looks at the table (another instance may have recorded deliveries). */
const longestSleepMs = 30_000;
const batchSize = 20;

/** However many attempts failed, the next is at most a day away. */
const longestRetryDelayMs = 24 * 3_600_000;

/** The wait before attempt `attempts + 1`: the first delay, doubled after each failed attempt. */
export function retryDelayMs(firstDelayMs: number, attempts: number): number {
  return Math.min(longestRetryDelayMs, firstDelayMs * 2 ** Math.max(0, attempts - 1));
}

export class WebhookDispatcher {
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(
    private readonly store: WebhookStore,
    private readonly config: Pick<
      Config,
      'WEBHOOK_ALLOW_PRIVATE' | 'WEBHOOK_MAX_ATTEMPTS' | 'WEBHOOK_RETRY_DELAY_MS' | 'WEBHOOK_TIMEOUT_MS'
    >,
    private readonly logger: Logger,
  ) {}

  /** Looks for due deliveries now (after a new one is recorded or requeued). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#running = this.#sendDue()
      .catch((error: unknown) => this.logger.error({ err: error }, 'webhook deliveries: could not read the queue; trying again later'))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.wake();
        } else void this.#sleep();
      });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  async #sleep(): Promise<void> {
    if (this.#stopped) return;
    const next = await this.store.nextDueAt().catch(() => null);
    const wait = next ? Math.min(longestSleepMs, Math.max(0, next.getTime() - Date.now())) : longestSleepMs;
    if (this.#stopped || this.#running) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.wake(), wait);
    this.#timer.unref();
  }

  async #sendDue(): Promise<void> {
    for (;;) {
      const due = await this.store.due(new Date(), batchSize);
      if (due.length === 0 || this.#stopped) return;
      await Promise.all(due.map((delivery) => this.#attempt(delivery)));
    }
  }

  async #attempt(delivery: WebhookDelivery): Promise<void> {
    // Held past the request's timeout, so no other worker sends it meanwhile.
    if (!(await this.store.claim(delivery, this.config.WEBHOOK_TIMEOUT_MS * 2 + 1000))) return;
    const endpoint = await this.store.endpoint(delivery.endpointId).catch(() => null);
    if (!endpoint) return;
    const result: AttemptResult = await sendDelivery(endpoint, delivery, {
      allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE,
      timeoutMs: this.config.WEBHOOK_TIMEOUT_MS,
    });
    const attempts = delivery.attempts + 1;
    const spent = attempts >= this.config.WEBHOOK_MAX_ATTEMPTS;
    const status = result.ok ? 'DELIVERED' : spent ? 'FAILED' : 'PENDING';
    const error = result.error && !result.ok && spent ? `${result.error} (gave up after ${attempts} attempts)` : result.error;
    const saved = await this.store
      .saveAttempt(delivery.id, {
        status,
        attempts,
        nextAttemptAt: status === 'PENDING' ? new Date(Date.now() + retryDelayMs(this.config.WEBHOOK_RETRY_DELAY_MS, attempts)) : null,
        statusCode: result.statusCode,
        error,
      })
      .then(
        () => true,
        // The endpoint (and with it the delivery) was removed while the attempt was under way.
        () => false,
      );
    if (!saved) return;
    const log = { deliveryId: delivery.id, endpointId: endpoint.id, event: delivery.event, attempts, status };
    if (result.ok) this.logger.info(log, 'webhook delivered');
    else this.logger.warn({ ...log, error: result.error }, status === 'FAILED' ? 'webhook delivery failed' : 'webhook attempt failed');
  }
}
