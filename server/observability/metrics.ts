// The Prometheus metrics this server exposes, in one registry per server (tests run several in
// one process, so nothing goes into prom-client's global registry).
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { campaignStatuses } from '../pipeline/types.js';

export const metricsContentType = Registry.PROMETHEUS_CONTENT_TYPE;

/** What a step metric is about: the agent and the model it ran on. */
const stepLabels = ['role', 'model'] as const;

/** What is read at scrape time rather than counted as it happens. */
export interface MetricSources {
  /** Campaigns per status in the database (shared by every instance, so kept current by nobody). */
  campaignsByStatus(): Promise<Record<string, number>>;
  queue(): { waiting: number; running: number };
}

export function createMetrics(sources: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'copilot_' });
  const registers = [registry];
  return {
    registry,
    campaigns: new Gauge({
      name: 'copilot_campaigns',
      help: 'Campaigns by status, read from the database at scrape time.',
      labelNames: ['status'],
      registers,
      async collect() {
        const counts = await sources.campaignsByStatus();
        // Every status, zeros too: a series that vanishes reads as "no data", not as none.
        for (const status of campaignStatuses) this.set({ status }, counts[status] ?? 0);
      },
    }),
    queue: new Gauge({
      name: 'copilot_queue_campaigns',
      help: "Campaigns waiting (in the whole cluster's queue, with Redis), or running on this instance.",
      labelNames: ['state'],
      registers,
      collect() {
        const { waiting, running } = sources.queue();
        this.set({ state: 'waiting' }, waiting);
        this.set({ state: 'running' }, running);
      },
    }),
    stepDuration: new Histogram({
      name: 'copilot_step_duration_seconds',
      help: 'Agent step duration, from the request to Ollama to the saved result (every finished attempt).',
      labelNames: [...stepLabels, 'status'],
      buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 900],
      registers,
    }),
    firstToken: new Histogram({
      name: 'copilot_step_first_token_seconds',
      help: "Time from a step's start to the model's first token or thought (model load and queueing show here).",
      labelNames: stepLabels,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    tokensPerSecond: new Histogram({
      name: 'copilot_step_tokens_per_second',
      help: 'Generation speed of completed steps: completion tokens over the time after the first token.',
      labelNames: stepLabels,
      buckets: [1, 2, 5, 10, 20, 30, 50, 75, 100, 150, 200, 500],
      registers,
    }),
    tokens: new Counter({
      name: 'copilot_tokens_total',
      help: 'Tokens of finished steps, by kind: prompt (input) or completion (generated).',
      labelNames: [...stepLabels, 'kind'],
      registers,
    }),
    failures: new Counter({
      name: 'copilot_llm_failures_total',
      help: 'Failed agent steps, by cause (the Ollama failure kind, or malformed-verdict).',
      labelNames: ['role', 'model', 'cause'],
      registers,
    }),
    retries: new Counter({
      name: 'copilot_step_retries_total',
      help: 'Step attempts that follow a failed attempt of the same agent.',
      labelNames: ['role'],
      registers,
    }),
    repairs: new Counter({
      name: 'copilot_step_repairs_total',
      help: 'Repairs made to model replies that were kept (remarks removed, verdicts mended).',
      labelNames: ['role'],
      registers,
    }),
    eventsDelivered: new Counter({
      name: 'copilot_subscription_events_total',
      help: 'Subscription results sent to clients, by transport.',
      labelNames: ['transport'],
      registers,
    }),
    subscribers: new Gauge({
      name: 'copilot_subscriptions_active',
      help: 'Open subscriptions, by transport.',
      labelNames: ['transport'],
      registers,
    }),
    operationDuration: new Histogram({
      name: 'copilot_graphql_operation_duration_seconds',
      help: 'GraphQL query and mutation execution time, by operation type and root field.',
      labelNames: ['type', 'field'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    operationErrors: new Counter({
      name: 'copilot_graphql_errors_total',
      help: 'GraphQL errors sent to clients, by operation type and error code.',
      labelNames: ['type', 'code'],
      registers,
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
