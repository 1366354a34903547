import { trace } from '@opentelemetry/api';
import { type Logger, pino } from 'pino';

export type { Logger };

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'content-copilot' }, mixin: traceIds });
}

/** A log line written while a traced request is in progress carries its trace (nothing when tracing is off). */
function traceIds(): Record<string, string> {
  const span = trace.getActiveSpan();
  // An ended span is a request that is over: a campaign run it queued is not part of its trace.
  if (!span?.isRecording()) return {};
  // The names OpenTelemetry's log data model and pino instrumentation use, which log tools link to traces.
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
