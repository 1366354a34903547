// OpenTelemetry traces over OTLP/HTTP, on only when an OTLP endpoint is configured. Each server
// has its own provider and hands its tracer to the span makers, so nothing is registered globally
// but the context manager that carries the active span through async calls (for the log lines).
import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Config } from '../config.js';

export interface Tracing {
  tracer: Tracer;
  /** Sends every ended span now. */
  forceFlush(): Promise<void>;
  /** Sends what is left and stops exporting. */
  shutdown(): Promise<void>;
}

type TracingConfig = Pick<Config, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' | 'OTEL_SERVICE_NAME'>;

/** As the OTLP spec says: the traces endpoint is used as given, the general one gets /v1/traces appended. */
export function tracesUrl(config: TracingConfig): string | null {
  if (config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  if (!config.OTEL_EXPORTER_OTLP_ENDPOINT) return null;
  return `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`;
}

let contextManagerRegistered = false;

export function startTracing(config: TracingConfig): Tracing | null {
  const url = tracesUrl(config);
  if (!url) return null;
  // Once per process: a second server in the same process (the tests) shares it; it holds no spans itself.
  if (!contextManagerRegistered) contextManagerRegistered = context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  // Headers, timeout and compression still come from the standard OTEL_EXPORTER_OTLP_* variables.
  const exporter = new OTLPTraceExporter({ url });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME }),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  return {
    tracer: provider.getTracer('content-copilot'),
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
