// OpenTelemetry traces over OTLP/HTTP to a real receiver: a campaign run is one span with a child
// per agent step in the GenAI conventions, and each GraphQL operation has its span.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracesUrl } from '../server/observability/tracing.js';
import { blogInput, createCampaign, getCampaign, runToEnd } from './support/campaigns.js';
import { graphql, type Json } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './support/otlp-receiver.js';
import { spawnServer, startTestServer, temporaryDatabase, withoutRateLimits } from './support/server.js';

describe('traces of a campaign run', () => {
  let ollama: OllamaStandIn;
  let receiver: OtlpReceiver;
  let campaign: Json;
  let spans: ReceivedSpan[];

  beforeAll(async () => {
    ollama = await startOllamaStandIn();
    receiver = await startOtlpReceiver();
    const server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, id);
      campaign = await getCampaign(server.graphqlUrl, id);
    } finally {
      // Stopping sends every span still batched.
      await server.stop();
    }
    spans = receiver.spans;
  }, 60_000);
  afterAll(async () => {
    await receiver?.close();
    await ollama?.close();
  });

  it('sends one span for the run, naming the campaign, its run and content type', () => {
    const runs = spans.filter((span) => span.name === 'campaign.run');
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run?.parentSpanId).toBeNull();
    expect(run?.serviceName).toBe('content-copilot');
    expect(run?.attributes).toMatchObject({
      'copilot.campaign.id': campaign.id,
      'copilot.campaign.run': 1,
      'copilot.campaign.content_type': 'BLOG_POST',
      'copilot.campaign.status': 'COMPLETED',
    });
  });

  it('has one child span per saved agent step, with the GenAI attributes and its token counts', () => {
    const run = spans.find((span) => span.name === 'campaign.run');
    const children = spans.filter((span) => span.parentSpanId === run?.spanId);
    const steps = campaign.steps as Json[];
    expect(children).toHaveLength(steps.length);
    for (const step of steps) {
      const span = children.find(
        (child) => child.attributes['gen_ai.agent.name'] === step.role && child.attributes['copilot.step.attempt'] === step.attempt,
      );
      expect(span, `${step.role} #${step.attempt}`).toBeDefined();
      expect(span?.traceId).toBe(run?.traceId);
      expect(span?.name).toBe(`chat ${step.model}`);
      expect(span?.attributes).toMatchObject({
        'gen_ai.operation.name': 'chat',
        'gen_ai.system': 'ollama',
        'gen_ai.request.model': step.model,
        'gen_ai.usage.input_tokens': step.promptTokens,
        'gen_ai.usage.output_tokens': step.completionTokens,
        'copilot.step.status': step.status,
      });
      if (step.status === 'COMPLETED') expect(span?.attributes['gen_ai.response.finish_reasons']).toEqual(['stop']);
      // Within its run, and as long as the step took.
      expect(span && run && span.startNanos >= run.startNanos && span.endNanos <= run.endNanos).toBe(true);
    }
  });

  it('sends a span for the createCampaign operation, inside its HTTP request span', () => {
    const operation = spans.find((span) => span.name === 'mutation createCampaign');
    expect(operation?.attributes['graphql.operation.type']).toBe('mutation');
    const request = spans.find((span) => span.spanId === operation?.parentSpanId);
    expect(request?.name).toBe('POST /graphql');
    expect(request?.attributes['http.response.status_code']).toBe(200);
  });

  it('sends a span for the subscription over graphql-ws too', () => {
    expect(spans.some((span) => span.name === 'subscription campaignEvents')).toBe(true);
  });
});

describe('trace ids in the log', () => {
  const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const callerSpanId = '00f067aa0ba902b7';
  const callerTraceparent = `00-${callerTraceId}-${callerSpanId}-01`;

  it("puts the request's trace id on its log lines, next to its request id, continuing the caller's trace", async () => {
    const receiver = await startOtlpReceiver();
    const database = await temporaryDatabase();
    const server = await spawnServer({
      DATABASE_URL: database.url,
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OLLAMA_HOST: 'http://127.0.0.1:9',
    });
    try {
      await graphql(server.graphqlUrl, '{ brands { id } }', {}, { 'x-request-id': 'traced-request-1', traceparent: callerTraceparent });
    } finally {
      expect(await server.stop()).toBe(0);
      await database.remove();
      await receiver.close();
    }
    const line = server
      .output()
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((entry) => entry.requestId === 'traced-request-1');
    const request = receiver.spans.find((span) => span.name === 'POST /graphql');
    expect(line?.trace_id).toBe(callerTraceId);
    expect(request?.traceId).toBe(callerTraceId);
    expect(request?.parentSpanId).toBe(callerSpanId);
  }, 30_000);
});

describe('where traces go', () => {
  it('is off without an endpoint, appends /v1/traces to the general one, and takes the traces one as given', () => {
    const base = { OTEL_SERVICE_NAME: 'content-copilot' };
    expect(tracesUrl({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined })).toBeNull();
    expect(
      tracesUrl({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined }),
    ).toBe('http://collector:4318/v1/traces');
    expect(
      tracesUrl({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/custom' }),
    ).toBe('http://b:4318/custom');
  });
});
