// Metrics and traces for one server: what they watch (the pipeline's events, GraphQL through Yoga's
// plugins), where metrics are served (the gate's /metrics route, and METRICS_PORT), and their stop.
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import type { Logger } from '../logger.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { useGraphQLMetrics } from './graphql-metrics.js';
import { useGraphQLTraces } from './graphql-traces.js';
import { createMetrics, type Metrics } from './metrics.js';
import { type MetricsListener, startMetricsListener, useMetricsRoute } from './metrics-route.js';
import { pipelineMetrics } from './pipeline-metrics.js';
import { pipelineTraces } from './pipeline-traces.js';
import { startTracing } from './tracing.js';

export interface Observability {
  metrics: Metrics;
  /** Yoga plugins: the /metrics route, GraphQL metrics, and GraphQL spans when tracing is on. */
  plugins: Plugin[];
  /** The METRICS_PORT listener's address, when there is one. */
  metricsUrl: string | null;
  /** Closes the metrics port and sends the last spans. */
  stop(): Promise<void>;
}

interface ObservedServices {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  pipeline: Pipeline;
}

export async function startObservability({ config, logger, prisma, pipeline }: ObservedServices): Promise<Observability> {
  const metrics = createMetrics({
    async campaignsByStatus() {
      const groups = await prisma.campaign.groupBy({ by: ['status'], _count: { _all: true } });
      return Object.fromEntries(groups.map((group) => [group.status, group._count._all]));
    },
    queue: () => ({ waiting: pipeline.waitingCount, running: pipeline.runningCount }),
  });
  const unobserve = [pipeline.observe(pipelineMetrics(metrics))];
  const plugins: Plugin[] = [useMetricsRoute(metrics.registry), useGraphQLMetrics(metrics)];

  const tracing = startTracing(config);
  const traces = tracing ? pipelineTraces(tracing.tracer) : null;
  if (tracing && traces) {
    unobserve.push(pipeline.observe(traces));
    plugins.push(useGraphQLTraces(tracing.tracer));
    logger.info(
      { endpoint: config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_ENDPOINT },
      'exporting traces over OTLP/HTTP',
    );
  }

  let listener: MetricsListener | null = null;
  if (config.METRICS_PORT > 0) {
    listener = await startMetricsListener(metrics.registry, {
      port: config.METRICS_PORT,
      host: config.HOST,
      allowedHosts: config.ALLOWED_HOSTS,
      logger,
    });
    logger.info({ url: `${listener.url}/metrics` }, 'metrics served without API keys on their own port');
  }

  return {
    metrics,
    plugins,
    metricsUrl: listener?.url ?? null,
    async stop() {
      for (const stopObserving of unobserve) stopObserving();
      await listener?.stop();
      traces?.close();
      await tracing?.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'could not send the last spans'));
    },
  };
}
