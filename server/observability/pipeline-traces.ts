// Spans for campaign runs: one per run, from its start to CampaignFinished, and a child per agent
// step, made from the step's events with its real start and end times, in the GenAI semantic
// conventions for model calls (https://opentelemetry.io/docs/specs/semconv/gen-ai/).
import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { PipelineObserver } from '../pipeline/pipeline.js';
import { type FinishedStep, StepTimeline } from './step-timeline.js';

export interface PipelineTraces extends PipelineObserver {
  /** Ends the spans of runs still going (a shutdown): they resume, and trace anew, at the next start. */
  close(): void;
}

export function pipelineTraces(tracer: Tracer): PipelineTraces {
  const runs = new Map<string, Span>();
  const timeline = new StepTimeline((step) => {
    const parent = runs.get(`${step.campaignId}/${step.run}`);
    if (parent) stepSpan(tracer, parent, step);
  });
  return {
    runStarted(campaign) {
      // A root of its own: a run may start long after the request that queued it, or after a restart.
      const span = tracer.startSpan(
        'campaign.run',
        {
          kind: SpanKind.INTERNAL,
          attributes: {
            'copilot.campaign.id': campaign.id,
            'copilot.campaign.run': campaign.runNumber,
            'copilot.campaign.content_type': campaign.contentType,
          },
        },
        ROOT_CONTEXT,
      );
      runs.set(`${campaign.id}/${campaign.runNumber}`, span);
    },
    event(event) {
      timeline.observe(event);
      // A run ends when the campaign finishes or stops at an approval gate.
      if (event.type !== 'CampaignFinished' && event.type !== 'ApprovalRequested') return;
      const key = `${event.campaignId}/${event.run}`;
      const span = runs.get(key);
      if (!span) return;
      runs.delete(key);
      span.setAttribute('copilot.campaign.status', event.type === 'CampaignFinished' ? event.status : 'AWAITING_APPROVAL');
      if (event.type === 'CampaignFinished' && event.status === 'FAILED')
        span.setStatus({ code: SpanStatusCode.ERROR, message: event.error ?? undefined });
      span.end();
    },
    close() {
      for (const span of runs.values()) {
        span.setAttribute('copilot.campaign.status', 'INTERRUPTED');
        span.end();
      }
      runs.clear();
    },
  };
}

function stepSpan(tracer: Tracer, parent: Span, step: FinishedStep): void {
  const cause = step.status === 'FAILED' ? step.cause : null;
  const span = tracer.startSpan(
    `chat ${step.model}`,
    {
      kind: SpanKind.CLIENT,
      startTime: step.startedAt,
      attributes: {
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'ollama',
        'gen_ai.provider.name': 'ollama',
        'gen_ai.agent.name': step.role,
        'gen_ai.request.model': step.model,
        'gen_ai.usage.input_tokens': step.promptTokens,
        'gen_ai.usage.output_tokens': step.completionTokens,
        'copilot.step.attempt': step.attempt,
        'copilot.step.stage': step.stage,
        'copilot.step.status': step.status,
        'copilot.step.retry': step.retry,
        'copilot.step.repairs': step.repairs,
        ...(step.firstTokenSeconds === null ? {} : { 'copilot.step.first_token_ms': Math.round(step.firstTokenSeconds * 1000) }),
      },
    },
    trace.setSpan(ROOT_CONTEXT, parent),
  );
  // Known only for replies that ended: a kept reply ended on its own, a truncated one at the token limit.
  if (step.status === 'COMPLETED') span.setAttribute('gen_ai.response.finish_reasons', ['stop']);
  if (cause === 'truncated') span.setAttribute('gen_ai.response.finish_reasons', ['length']);
  // A step stopped by a shutdown is resumed at the next start: said, but not an error.
  if (cause === 'interrupted') span.setAttribute('copilot.step.interrupted', true);
  else if (cause) {
    span.setAttribute('error.type', cause);
    span.setStatus({ code: SpanStatusCode.ERROR, message: step.error ?? undefined });
  }
  span.end(step.endedAt);
}
