// Prometheus metrics at /metrics: a campaign run through the real server shows in the counters and
// histograms; the route is keyed like the API; METRICS_PORT serves metrics alone, without keys.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReplyError } from '../server/llm/chat.js';
import type { OllamaFailureKind } from '../server/llm/ollama.js';
import { MalformedVerdict } from '../server/pipeline/reply.js';
import { CampaignCancelled, shutdownReason, stepFailureCause } from '../server/pipeline/runner.js';
import { agentRoles } from '../server/pipeline/types.js';
import {
  agentOf,
  blogInput,
  campaignEventsSubscription,
  createCampaign,
  followEvents,
  getCampaign,
  runToEnd,
} from './support/campaigns.js';
import { graphql, type Json, wsClient } from './support/graphql.js';
import { type Sample, scrape, total } from './support/metrics.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { rawRequest } from './support/raw-http.js';
import { startTestServer, type TestServer, temporaryDatabase, withoutRateLimits } from './support/server.js';

/** A port that was free a moment ago, for METRICS_PORT (which has no "any port" value: 0 turns it off). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Reads a subscription over Server-Sent Events to its end; returns how many results came. */
async function countOverSse(graphqlUrl: string, id: string): Promise<number> {
  const url = new URL(graphqlUrl);
  url.searchParams.set('query', campaignEventsSubscription);
  url.searchParams.set('variables', JSON.stringify({ id }));
  const response = await fetch(url, { headers: { accept: 'text/event-stream' } });
  const text = await response.text();
  return text.split('\n\n').filter((message) => message.startsWith('event: next')).length;
}

describe('metrics of a campaign run', () => {
  let ollama: OllamaStandIn;
  let server: TestServer;
  let samples: Sample[];
  let campaign: Json;
  let delivered: number;
  let deliveredOverSse: number;

  beforeAll(async () => {
    ollama = await startOllamaStandIn();
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, LLM_RETRY_DELAY_MS: '0' });
    // The first model call fails once (Ollama's 500), so the campaign has a failure and a retry to count.
    let failed = false;
    ollama.options.chat = () => {
      if (failed) return undefined;
      failed = true;
      return { errorStatus: 500, errorMessage: 'llama runner failed to respond' };
    };
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    delivered = (await runToEnd(server.graphqlUrl, id)).length;
    deliveredOverSse = await countOverSse(server.graphqlUrl, id);
    await graphql(server.graphqlUrl, '{ noSuchField }');
    campaign = await getCampaign(server.graphqlUrl, id);
    samples = await scrape(server.url);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await ollama?.close();
  });

  it('counts campaigns by status from the database, and an empty queue', () => {
    expect(campaign.status).toBe('COMPLETED');
    expect(total(samples, 'copilot_campaigns', { status: 'COMPLETED' })).toBe(1);
    expect(total(samples, 'copilot_queue_campaigns', { state: 'waiting' })).toBe(0);
    expect(total(samples, 'copilot_queue_campaigns', { state: 'running' })).toBe(0);
  });

  it('has a step duration, first-token latency and speed for every agent, on the model it ran', () => {
    const steps = campaign.steps as Json[];
    for (const role of agentRoles) {
      const ran = steps.filter((step) => step.role === role);
      expect(ran.length, role).toBeGreaterThanOrEqual(1);
      const model = ran[0]?.model as string;
      expect(total(samples, 'copilot_step_duration_seconds_count', { role, model }), role).toBe(ran.length);
      expect(total(samples, 'copilot_step_first_token_seconds_count', { role, model }), role).toBeGreaterThanOrEqual(1);
      const completed = ran.filter((step) => step.status === 'COMPLETED').length;
      expect(total(samples, 'copilot_step_tokens_per_second_count', { role, model }), role).toBe(completed);
    }
  });

  it('counts the tokens, failures, retries and repairs the saved steps show', () => {
    const steps = campaign.steps as Json[];
    const sum = (field: string) => steps.reduce((all, step) => all + (step[field] as number), 0);
    expect(sum('completionTokens')).toBeGreaterThan(0);
    expect(total(samples, 'copilot_tokens_total', { kind: 'completion' })).toBe(sum('completionTokens'));
    expect(total(samples, 'copilot_tokens_total', { kind: 'prompt' })).toBe(sum('promptTokens'));
    const failed = steps.filter((step) => step.status === 'FAILED');
    expect(total(samples, 'copilot_llm_failures_total', { role: 'CONTENT_CREATOR', cause: 'server-error' })).toBe(1);
    expect(total(samples, 'copilot_step_retries_total', { role: 'CONTENT_CREATOR' })).toBe(1);
    expect(total(samples, 'copilot_llm_failures_total')).toBe(failed.length);
    for (const step of failed) expect(total(samples, 'copilot_llm_failures_total', { role: step.role })).toBeGreaterThan(0);
    // A retry is an attempt whose agent's previous attempt failed.
    const retries = steps.filter((step) =>
      steps.some((earlier) => earlier.role === step.role && earlier.attempt === step.attempt - 1 && earlier.status === 'FAILED'),
    );
    expect(total(samples, 'copilot_step_retries_total')).toBe(retries.length);
    expect(total(samples, 'copilot_step_repairs_total')).toBe(steps.reduce((all, step) => all + (step.repairs as string[]).length, 0));
  });

  it('counts subscription results by transport, and no subscriber left open', () => {
    expect(total(samples, 'copilot_subscription_events_total', { transport: 'graphql-ws' })).toBe(delivered);
    expect(deliveredOverSse).toBe(delivered);
    expect(total(samples, 'copilot_subscription_events_total', { transport: 'sse' })).toBe(deliveredOverSse);
    expect(total(samples, 'copilot_subscriptions_active')).toBe(0);
  });

  it('times GraphQL operations by root field and counts their errors by code', () => {
    expect(total(samples, 'copilot_graphql_operation_duration_seconds_count', { type: 'mutation', field: 'createCampaign' })).toBe(1);
    expect(total(samples, 'copilot_graphql_operation_duration_seconds_count', { type: 'query', field: 'campaign' })).toBe(1);
    expect(total(samples, 'copilot_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
  });
});

describe('metrics of a resumed campaign', () => {
  it('counts only the steps the model ran again, not the saved ones told again', async () => {
    const ollama = await startOllamaStandIn();
    const database = await temporaryDatabase();
    const environment = { OLLAMA_HOST: ollama.url, DATABASE_URL: database.url };
    // The Optimizer streams slowly, so the server can be stopped in the middle of it.
    ollama.options.chat = (request) => (agentOf(request) === 'OPTIMIZER' ? { tokenDelayMs: 10 } : undefined);
    try {
      const first = await startTestServer(environment);
      const { id } = await createCampaign(first.graphqlUrl, blogInput);
      const client = wsClient(first.graphqlUrl);
      await new Promise<void>((resolve) => {
        followEvents(client, id, 0, (event) => {
          if (event.__typename === 'TokenChunk' && event.role === 'OPTIMIZER') resolve();
        }).catch(() => {});
      });
      await first.stop();
      await client.dispose();
      ollama.options.chat = undefined;

      const second = await startTestServer(environment);
      try {
        await runToEnd(second.graphqlUrl, id);
        const samples = await scrape(second.url);
        expect(total(samples, 'copilot_step_duration_seconds_count', { role: 'CONTENT_CREATOR' })).toBe(0);
        expect(total(samples, 'copilot_step_duration_seconds_count', { role: 'DESIGN_VALIDATOR' })).toBe(0);
        expect(total(samples, 'copilot_step_duration_seconds_count', { role: 'OPTIMIZER', status: 'COMPLETED' })).toBe(1);
        expect(total(samples, 'copilot_llm_failures_total')).toBe(0);
      } finally {
        await second.stop();
      }
    } finally {
      await database.remove();
      await ollama.close();
    }
  }, 60_000);
});

describe('the cause of a failed step', () => {
  const responseError = (status: number, error: string) =>
    Object.assign(new Error(error), { name: 'ResponseError', status_code: status, error }) as Error;
  const failures: [OllamaFailureKind, unknown][] = [
    ['unreachable', new TypeError('fetch failed')],
    ['timeout', new DOMException('no first token', 'TimeoutError')],
    ['aborted', new DOMException('aborted', 'AbortError')],
    ['broken-stream', new TypeError('terminated')],
    ['model-missing', responseError(404, "model 'mistral' not found, try pulling it first")],
    ['wrong-path', responseError(404, '404 page not found')],
    ['out-of-memory', new ReplyError('reported', 'model requires more system memory (9 GiB) than is available')],
    ['model-crashed', new ReplyError('reported', 'llama runner process has terminated: exit status 2')],
    ['context-too-long', responseError(400, 'input length exceeds the context length')],
    ['server-error', responseError(500, 'something broke')],
    ['bad-request', responseError(400, 'invalid options')],
    ['unterminated', new ReplyError('unterminated', 'no done line')],
    ['truncated', new ReplyError('truncated', 'cut at 4096 tokens')],
    ['empty', new ReplyError('empty', 'nothing')],
    ['runaway', new ReplyError('runaway', 'repeating one token')],
  ];

  it.each(failures)('names %s, as the step that met it says to the metrics and traces', (kind, error) => {
    expect(stepFailureCause(error)).toBe(kind);
  });

  it('knows malformed verdicts, shutdowns and cancels', () => {
    expect(stepFailureCause(new MalformedVerdict('{"score": ', 'score is missing'))).toBe('malformed-verdict');
    expect(stepFailureCause(new DOMException('aborted', 'AbortError'), shutdownReason)).toBe('interrupted');
    expect(stepFailureCause(new DOMException('aborted', 'AbortError'), new CampaignCancelled('Cancelled by the user.'))).toBe('cancelled');
  });
});

describe('who may read the metrics', () => {
  const key = 'metrics-key-0123456789abcdef';
  let server: TestServer;
  let metricsPort: number;

  beforeAll(async () => {
    metricsPort = await freePort();
    server = await startTestServer({ API_KEYS: key, HOST: '127.0.0.1', METRICS_PORT: String(metricsPort) });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('refuses /metrics on the API port without a key, and serves it with one', async () => {
    const refused = await fetch(`${server.url}/metrics`);
    expect(refused.status).toBe(401);
    expect((await refused.json()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-key' } })).status).toBe(401);
    const samples = await scrape(server.url, { authorization: `Bearer ${key}` });
    expect(samples.some((sample) => sample.name === 'copilot_campaigns')).toBe(true);
  });

  it('answers only GET and HEAD at /metrics', async () => {
    const response = await fetch(`${server.url}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('serves /metrics on METRICS_PORT without a key, and nothing else there', async () => {
    expect(server.metricsUrl).toBe(`http://127.0.0.1:${metricsPort}`);
    const metricsUrl = server.metricsUrl ?? '';
    const samples = await scrape(metricsUrl);
    expect(samples.some((sample) => sample.name === 'copilot_queue_campaigns')).toBe(true);
    for (const path of ['/graphql', '/', '/health', '/metrics/', '/metricsx', '/campaigns/x/export.md']) {
      expect((await fetch(`${metricsUrl}${path}`)).status, path).toBe(404);
    }
    const graphqlPost = await fetch(`${metricsUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ brands { id } }' }),
    });
    expect(graphqlPost.status).toBe(404);
    expect((await fetch(`${metricsUrl}/metrics`, { method: 'POST' })).status).toBe(405);
    // DNS rebinding: a page under another name that resolves here.
    expect((await rawRequest(metricsUrl, { path: '/metrics', headers: { host: 'evil.example' } })).status).toBe(421);
  });
});
