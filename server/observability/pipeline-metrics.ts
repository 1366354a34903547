// Turns the pipeline's events into step metrics (durations, first-token latency, speed, tokens,
// failures by cause, retries and repairs), and counts result-cache hits and approval waits.
import type { PipelineObserver } from '../pipeline/pipeline.js';
import type { Metrics } from './metrics.js';
import { type FinishedStep, StepTimeline } from './step-timeline.js';

export function pipelineMetrics(metrics: Metrics): PipelineObserver {
  const timeline = new StepTimeline((step) => record(metrics, step));
  return {
    event: (event) => timeline.observe(event),
    cacheHit: () => metrics.cacheHits.inc(),
    approvalDecided: ({ gate, decision, waitedSeconds }) => metrics.approvalWait.observe({ gate, decision }, waitedSeconds),
  };
}

function record(metrics: Metrics, step: FinishedStep): void {
  const labels = { role: step.role, model: step.model };
  metrics.stepDuration.observe({ ...labels, status: step.status }, step.durationSeconds);
  if (step.firstTokenSeconds !== null) metrics.firstToken.observe(labels, step.firstTokenSeconds);
  if (step.promptTokens > 0) metrics.tokens.inc({ ...labels, kind: 'prompt' }, step.promptTokens);
  if (step.completionTokens > 0) metrics.tokens.inc({ ...labels, kind: 'completion' }, step.completionTokens);
  if (step.retry) metrics.retries.inc({ role: step.role });
  if (step.repairs > 0) metrics.repairs.inc({ role: step.role }, step.repairs);
  // Speed of generation alone: the wait for the first token (loading, queueing) has its own histogram.
  const { completionTokens, generatingSeconds } = step;
  if (step.status === 'COMPLETED' && completionTokens > 0 && generatingSeconds) {
    metrics.tokensPerSecond.observe(labels, completionTokens / generatingSeconds);
  }
  if (step.status === 'FAILED') {
    // A step stopped by a shutdown resumes at the next start: nothing went wrong with the model.
    if (step.cause && step.cause !== 'interrupted') metrics.failures.inc({ ...labels, cause: step.cause });
  }
}
