// How real Ollama and real 7B models fail, and what the campaign says about it: error lines
// inside a 200 stream, streams without a done line, replies cut at num_predict, empty replies,
// runaway loops, a slow model load, reasoning models, and a wrong OLLAMA_HOST path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { sameModel } from '../server/llm/ollama.js';
import { agentOf, blogInput, createCampaign, getCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData } from './support/graphql.js';
import { type ChatBehaviour, type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({
    ...withoutRateLimits,
    OLLAMA_HOST: ollama.url,
    LLM_RETRIES: '1',
    LLM_RETRY_DELAY_MS: '10',
    LLM_TIMEOUT_MS: '300',
    LLM_FIRST_TOKEN_TIMEOUT_MS: '3000',
  });
});
afterAll(async () => {
  await server.stop();
  await ollama.close();
});

/** Runs one blog campaign with `behaviour` for one agent's calls (the first `calls` of them, or all). */
async function runWith(role: string, behaviour: ChatBehaviour, calls = Number.POSITIVE_INFINITY) {
  let seen = 0;
  ollama.options.chat = (request: ChatRequestSeen) => (agentOf(request) === role && seen++ < calls ? behaviour : undefined);
  try {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const events = await runToEnd(server.graphqlUrl, id);
    const campaign = await getCampaign(server.graphqlUrl, id);
    const steps = campaign.steps.filter((step: { role: string }) => step.role === role);
    return { campaign, steps, events };
  } finally {
    ollama.options.chat = undefined;
  }
}

describe('failures Ollama reports inside the stream', () => {
  it('names an out-of-memory error line (status 200, mid-stream), does not retry it, and keeps the reviewed draft', async () => {
    const { campaign, steps } = await runWith('OPTIMIZER', {
      errorLine: { afterChunks: 5, message: 'model requires more system memory (8.5 GiB) than is available (4.1 GiB)' },
    });
    expect(steps).toHaveLength(1);
    expect(steps[0].error).toMatch(/^The model "mistral" does not fit in the memory/);
    expect(steps[0].output.length).toBeGreaterThan(0); // the five chunks before the error are kept
    expect(campaign.status).toBe('COMPLETED');
    expect(campaign.draftKeptReason).toMatch(/^The Optimizer could not finish \(Optimizer failed: The model "mistral" does not fit/);
    expect(campaign.draftKeptReason).not.toMatch(/Cannot reach Ollama/);
    // The reviewed draft: the Content Creator's last, after the revision rounds the Brand Manager asked for.
    const draft = campaign.steps.findLast(
      (step: { role: string; status: string }) => step.role === 'CONTENT_CREATOR' && step.status === 'COMPLETED',
    );
    expect(campaign.content).toBe(draft.output);
  });

  it('names a crashed runner before the first token, retries it, and completes when it recovers', async () => {
    const crash =
      'model runner has unexpectedly stopped, this may be due to resource limitations or an internal error, check ollama server logs for details';
    const { campaign, steps } = await runWith('BRAND_MANAGER', { errorLine: { afterChunks: 0, message: crash } }, 1);
    expect(campaign.status).toBe('COMPLETED');
    expect(steps[0]).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/crashed inside Ollama/) });
    expect(steps[1]).toMatchObject({ status: 'COMPLETED' });
  });

  it('retries a stream that ends without its done line', async () => {
    const { campaign, steps } = await runWith('CONTENT_CREATOR', { endWithoutDone: true }, 1);
    expect(campaign.status).toBe('COMPLETED');
    expect(steps[0]).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/stopped in the middle of its reply/) });
  });
});

describe('replies that must not be accepted', () => {
  it('sends num_predict and num_ctx, and never keeps a reply cut at num_predict', async () => {
    const endless = `# A title\n\n${'More words about the topic. '.repeat(1500)}`;
    const { campaign, steps } = await runWith('OPTIMIZER', { reply: endless });
    expect(steps.map((step: { status: string }) => step.status)).toEqual(['FAILED', 'FAILED']);
    expect(campaign.status).toBe('COMPLETED');
    expect(campaign.content).not.toContain('More words about the topic.');
    expect(campaign.draftKeptReason).toMatch(/Optimizer failed after 2 tries: .*too long and was cut off.*LLM_MAX_OUTPUT_TOKENS/);
    const request = ollama.chatRequests.filter((seen) => agentOf(seen) === 'OPTIMIZER').at(-1);
    expect(request?.options).toMatchObject({ num_predict: 2400, num_ctx: expect.any(Number) });
    expect(request?.options?.num_ctx).toBeGreaterThanOrEqual(4096);
  });

  it('retries an empty reply', async () => {
    const { campaign, steps } = await runWith('CONTENT_CREATOR', { reply: '' }, 1);
    expect(campaign.status).toBe('COMPLETED');
    expect(steps[0]).toMatchObject({ status: 'FAILED', error: 'The model "mistral" sent an empty reply.' });
  });

  it('stops a verdict that loops on whitespace, closes the request, and retries', async () => {
    const { campaign, steps } = await runWith('COMPLIANCE_OFFICER', { reply: '{"score": ', loopToken: '\n', tokenDelayMs: 5 }, 1);
    expect(campaign.status).toBe('COMPLETED');
    expect(steps[0]).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/got stuck \(the model got stuck writing blank space/),
    });
    // Left open, the stand-in would go on streaming newlines up to num_predict.
    expect(ollama.openChats()).toBe(0);
  });

  it('stops a reply that repeats one token', async () => {
    const { steps } = await runWith('DESIGN_VALIDATOR', { reply: '{"imageTypes": ["', loopToken: 'very' }, 1);
    expect(steps[0].error).toMatch(/repeating "very" \(64 times in a row\)/);
  });
});

describe('waiting and thinking', () => {
  it('waits for a model that is still loading (no headers) longer than the idle timeout', async () => {
    const { campaign, steps } = await runWith('CONTENT_CREATOR', { headersDelayMs: 800 }, 1);
    expect(campaign.status).toBe('COMPLETED');
    expect(steps).toHaveLength(1);
  });

  it('gives up on a reply that stops streaming for longer than the idle timeout, and keeps what streamed', async () => {
    // Chunks 1 s apart: the first token arrives at once, the second after LLM_TIMEOUT_MS (300 ms) has passed.
    const { campaign, steps } = await runWith('CONTENT_CREATOR', { tokenDelayMs: 1000 }, 1);
    expect(campaign.status).toBe('COMPLETED');
    expect(steps[0]).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/did not answer in time .*\(no answer for 300 ms\)/) });
    expect(steps[0].output.length).toBeGreaterThan(0);
    expect(steps[1]).toMatchObject({ status: 'COMPLETED' });
  });

  it("streams a reasoning model's thinking as its own events, and keeps it out of the content", async () => {
    const { campaign, steps, events } = await runWith('CONTENT_CREATOR', { thinking: 'Let me plan the structure first. SECRET-PLAN' }, 1);
    expect(campaign.status).toBe('COMPLETED');
    const thinking = events.filter((event) => event.__typename === 'ThinkingChunk');
    expect(thinking.every((event) => event.role === 'CONTENT_CREATOR')).toBe(true);
    expect(thinking.map((event) => event.text).join('')).toBe('Let me plan the structure first. SECRET-PLAN');
    // Thinking comes first: the answer's first token follows the last thought.
    const firstToken = events.findIndex((event) => event.__typename === 'TokenChunk' && event.role === 'CONTENT_CREATOR');
    const lastThought = events.findLastIndex((event) => event.__typename === 'ThinkingChunk');
    expect(lastThought).toBeGreaterThan(0);
    expect(lastThought).toBeLessThan(firstToken);
    expect(steps[0].output).not.toContain('SECRET-PLAN');
    expect(campaign.content).not.toContain('SECRET-PLAN');
  });
});

describe('where Ollama is and what its models are called', () => {
  it('tells a wrong OLLAMA_HOST path from a missing model', async () => {
    const misplaced = await startTestServer({ OLLAMA_HOST: `${ollama.url}/v1`, LLM_RETRIES: '0' });
    try {
      const { id } = await createCampaign(misplaced.graphqlUrl, blogInput);
      const events = await runToEnd(misplaced.graphqlUrl, id);
      expect(events.at(-1)?.error).toMatch(
        /Ollama's API was not found at .*\/v1 \(404 page not found\)\. Set OLLAMA_HOST to the server's root/,
      );
      expect(events.at(-1)?.error).not.toMatch(/does not have the model/);
    } finally {
      await misplaced.stop();
    }
  });

  it.each([
    ['127.0.0.1:11434', 'http://127.0.0.1:11434'],
    ['0.0.0.0', 'http://0.0.0.0:11434'],
    [':11500', 'http://127.0.0.1:11500'],
    ['ollama', 'http://ollama:11434'],
    ['http://gpu-box', 'http://gpu-box'],
    ['https://gpu.example.com/ollama/', 'https://gpu.example.com/ollama'],
    ['[::1]:11434', 'http://[::1]:11434'],
  ])('reads OLLAMA_HOST=%s as Ollama does: %s', (value, url) => {
    expect(loadConfig({ OLLAMA_HOST: value }).OLLAMA_HOST).toBe(url);
  });

  it.each([
    ['Mistral', 'mistral:latest'],
    ['library/mistral', 'mistral:latest'],
    ['registry.ollama.ai/library/mistral:latest', 'mistral:latest'],
    ['llama3.1:8b', 'llama3.1:8b'],
    ['hf.co/TheBloke/Mistral-7B-GGUF:Q4_K_M', 'hf.co/thebloke/mistral-7b-gguf:q4_k_m'],
  ])('resolves the model name %s to %s', (configured, listed) => {
    expect(sameModel(configured, listed)).toBe(true);
  });

  it('does not confuse different tags or namespaces', () => {
    expect(sameModel('mistral:7b', 'mistral:latest')).toBe(false);
    expect(sameModel('someone/mistral', 'mistral:latest')).toBe(false);
  });

  it('tells how to pull a missing model the way Ollama runs here (OLLAMA_PULL_COMMAND)', async () => {
    const composed = await startTestServer({
      OLLAMA_HOST: ollama.url,
      MODEL_DESIGN_VALIDATOR: 'qwen2.5:7b',
      OLLAMA_PULL_COMMAND: 'docker-compose exec ollama ollama pull',
      LLM_RETRIES: '0',
    });
    try {
      const { health } = await graphqlData(composed.graphqlUrl, '{ health { models { name present pullCommand } } }');
      expect(health.models).toContainEqual({
        name: 'qwen2.5:7b',
        present: false,
        pullCommand: 'docker-compose exec ollama ollama pull qwen2.5:7b',
      });
      const { id } = await createCampaign(composed.graphqlUrl, blogInput);
      const events = await runToEnd(composed.graphqlUrl, id);
      expect(events.at(-1)?.error).toMatch(/Pull it with: docker-compose exec ollama ollama pull qwen2\.5:7b$/);
    } finally {
      await composed.stop();
    }
  });

  it('reports a configured "library/Mistral" as present in health', async () => {
    const renamed = await startTestServer({ OLLAMA_HOST: ollama.url, MODEL_CONTENT_CREATOR: 'library/Mistral' });
    try {
      const { health } = await graphqlData(renamed.graphqlUrl, '{ health { models { name present } } }');
      expect(health.models).toContainEqual({ name: 'library/Mistral', present: true });
    } finally {
      await renamed.stop();
    }
  });
});
