// OLLAMA_HOST naming several Ollama hosts: each step goes to a healthy host that has its model,
// the least busy one; a host that is down is skipped; health reports every host.
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';
import { OllamaHostPool } from '../server/llm/host-pool.js';
import { NoOllamaHost } from '../server/llm/ollama.js';
import { blogInput, createCampaign, getCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData } from './support/graphql.js';
import { type OllamaStandIn, type StandInOptions, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, unreachableOllama, withoutRateLimits } from './support/server.js';

let standIns: OllamaStandIn[] = [];
let server: TestServer | undefined;

async function standIn(options: StandInOptions): Promise<OllamaStandIn> {
  const started = await startOllamaStandIn(options);
  standIns.push(started);
  return started;
}

async function serverFor(hosts: string[], environment: Record<string, string> = {}): Promise<TestServer> {
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: hosts.join(','), LLM_RETRY_DELAY_MS: '10', ...environment });
  return server;
}

afterEach(async () => {
  await server?.stop();
  server = undefined;
  await Promise.all(standIns.map((started) => started.close()));
  standIns = [];
});

const modelsOf = (ollama: OllamaStandIn) => new Set(ollama.chatRequests.map((request) => request.model));

describe('a pool of Ollama hosts', () => {
  it('sends each step to the host that has its model', async () => {
    const writers = await standIn({ models: ['mistral:latest'] });
    const reviewers = await standIn({ models: ['llama3.1:latest', 'nomic-embed-text:latest'] });
    const { graphqlUrl } = await serverFor([writers.url, reviewers.url]);
    const { id } = await createCampaign(graphqlUrl, blogInput);
    await runToEnd(graphqlUrl, id);
    expect((await getCampaign(graphqlUrl, id)).status).toBe('COMPLETED');
    expect(modelsOf(writers)).toEqual(new Set(['mistral']));
    expect(modelsOf(reviewers)).toEqual(new Set(['llama3.1']));
  });

  it('spreads overlapping campaigns over two hosts that have the same model', async () => {
    const first = await standIn({ defaults: { tokenDelayMs: 1 } });
    const second = await standIn({ defaults: { tokenDelayMs: 1 } });
    const { graphqlUrl } = await serverFor([first.url, second.url], { PIPELINE_CONCURRENCY: '4' });
    const ids = await Promise.all([1, 2, 3, 4].map(async () => (await createCampaign(graphqlUrl, blogInput)).id));
    await Promise.all(ids.map((id) => runToEnd(graphqlUrl, id)));
    for (const id of ids) expect((await getCampaign(graphqlUrl, id)).status).toBe('COMPLETED');
    expect(first.chatRequests.length).toBeGreaterThan(0);
    expect(second.chatRequests.length).toBeGreaterThan(0);
    const { health } = await graphqlData(graphqlUrl, '{ health { ollama { hosts { host inFlight } } } }');
    expect(health.ollama.hosts).toEqual([
      { host: first.url, inFlight: 0 },
      { host: second.url, inFlight: 0 },
    ]);
  });

  it('skips a host that is down, completes on the other, and reports the down host in health', async () => {
    const up = await standIn({});
    const { graphqlUrl } = await serverFor([unreachableOllama, up.url]);
    const { id } = await createCampaign(graphqlUrl, blogInput);
    await runToEnd(graphqlUrl, id);
    const campaign = await getCampaign(graphqlUrl, id);
    expect(campaign.status).toBe('COMPLETED');
    expect(campaign.steps.every((step: { status: string }) => step.status === 'COMPLETED')).toBe(true);

    const { health } = await graphqlData(
      graphqlUrl,
      '{ health { ok ollama { ok host message hosts { host ok version models message inFlight } } models { name present hosts } } }',
    );
    expect(health.ollama).toMatchObject({ ok: true, host: `${unreachableOllama}, ${up.url}`, message: null });
    const [down, answered] = health.ollama.hosts;
    expect(down).toMatchObject({ host: unreachableOllama, ok: false, version: null, models: [], inFlight: 0 });
    expect(down.message).toMatch(/Cannot reach Ollama at http:\/\/127\.0\.0\.1:9 .*ollama serve/);
    expect(answered).toMatchObject({ host: up.url, ok: true, version: '0.12.3', message: null });
    expect(answered.models).toContain('mistral:latest');
    expect(health.models).toContainEqual({ name: 'mistral', present: true, hosts: [up.url] });
    expect(health.ok).toBe(true);

    const { models } = await graphqlData(graphqlUrl, '{ models { reachable available { name hosts } missing } }');
    expect(models.reachable).toBe(true);
    expect(models.available).toContainEqual({ name: 'llama3.1:latest', hosts: [up.url] });
    expect(models.missing).toEqual([]);
  });

  it('moves the retry of a step whose host went away to the other host', async () => {
    const leaving = await standIn({});
    const staying = await standIn({});
    const { graphqlUrl } = await serverFor([leaving.url, staying.url]);
    // The first reply from the leaving host: a few words, then the host is gone.
    leaving.options.chat = (_request, callIndex) => (callIndex === 0 ? { failAfterChunks: 3 } : undefined);
    const { id } = await createCampaign(graphqlUrl, blogInput);
    const closing = new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (leaving.chatRequests.length === 0) return;
        clearInterval(poll);
        void leaving.close().then(resolve);
      }, 5);
    });
    await runToEnd(graphqlUrl, id);
    await closing;
    const campaign = await getCampaign(graphqlUrl, id);
    expect(campaign.status).toBe('COMPLETED');
    expect(leaving.chatRequests).toHaveLength(1);
    expect(campaign.steps[0]).toMatchObject({ role: 'CONTENT_CREATOR', status: 'FAILED' });
    expect(staying.chatRequests.length).toBeGreaterThan(0);
  });

  it('fails a step whose model no host has, naming the hosts and how to pull it', async () => {
    const first = await standIn({});
    const second = await standIn({});
    const { graphqlUrl } = await serverFor([first.url, second.url], { MODEL_DESIGN_VALIDATOR: 'qwen2.5:7b' });
    const { id } = await createCampaign(graphqlUrl, blogInput);
    const events = await runToEnd(graphqlUrl, id);
    expect(events.at(-1)?.error).toBe(
      `Design Validator failed: Ollama at ${first.url} or ${second.url} does not have the model "qwen2.5:7b". Pull it with: ollama pull qwen2.5:7b`,
    );
    expect([...modelsOf(first), ...modelsOf(second)]).not.toContain('qwen2.5:7b');
  });

  it('fails naming every host when none answers', async () => {
    const { graphqlUrl } = await serverFor([unreachableOllama, 'http://127.0.0.1:10'], { LLM_RETRIES: '0' });
    const { id } = await createCampaign(graphqlUrl, blogInput);
    const events = await runToEnd(graphqlUrl, id);
    expect(events.at(-1)?.error).toMatch(
      /^Content Creator failed: Cannot reach Ollama at http:\/\/127\.0\.0\.1:9 or http:\/\/127\.0\.0\.1:10 \(.*\)\. Start it with "ollama serve"/,
    );
  });
});

describe('the host pool itself', () => {
  it('skips a host marked down until its back-off has passed, then asks it again', async () => {
    const first = await standIn({});
    const second = await standIn({});
    const pool = new OllamaHostPool([first.url, second.url], { firstBackOffMs: 150 });
    const lease = await pool.pick('mistral');
    expect(lease.host).toBe(first.url);
    lease.release();
    pool.markDown(first.url, new TypeError('fetch failed'));
    const during = await pool.pick('Mistral');
    expect(during.host).toBe(second.url);
    during.release();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Equally idle: the host used least gets the next request.
    const after = await pool.pick('mistral:latest');
    expect(after.host).toBe(first.url);
    after.release();
  });

  it('gives the least busy host that has the model, and says which model is missing', async () => {
    const first = await standIn({});
    const second = await standIn({ models: ['mistral:latest'] });
    const pool = new OllamaHostPool([first.url, second.url]);
    const held = await pool.pick('mistral');
    expect((await pool.pick('mistral')).host).not.toBe(held.host);
    expect((await pool.pick('llama3.1')).host).toBe(first.url);
    const missing = await pool.pick('qwen2.5').catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(NoOllamaHost);
    expect(missing).toMatchObject({ kind: 'model-missing', hosts: `${first.url} or ${second.url}` });
  });
});

describe('OLLAMA_HOST with several hosts', () => {
  it('reads a comma list, with spaces and mixed forms, as Ollama reads each entry', () => {
    const config = loadConfig({ OLLAMA_HOST: ' 127.0.0.1:11434 , gpu-box,https://gpu.example.com/ollama/ ,:11500' });
    expect(config.OLLAMA_HOSTS).toEqual([
      'http://127.0.0.1:11434',
      'http://gpu-box:11434',
      'https://gpu.example.com/ollama',
      'http://127.0.0.1:11500',
    ]);
    expect(config.OLLAMA_HOST).toBe('http://127.0.0.1:11434');
  });

  it('keeps one host as before, and lists a repeated host once', () => {
    expect(loadConfig({}).OLLAMA_HOSTS).toEqual(['http://127.0.0.1:11434']);
    expect(loadConfig({ OLLAMA_HOST: '127.0.0.1:11434,http://127.0.0.1:11434' }).OLLAMA_HOSTS).toEqual(['http://127.0.0.1:11434']);
  });

  it.each([
    ['127.0.0.1:11434, ftp://gpu-box', /OLLAMA_HOST must be a host such as .* \(bad entry "ftp:\/\/gpu-box"\)/],
    [',', /OLLAMA_HOST must name at least one host/],
  ])('rejects OLLAMA_HOST=%s naming the bad entry', (value, message) => {
    expect(() => loadConfig({ OLLAMA_HOST: value })).toThrow(ConfigError);
    expect(() => loadConfig({ OLLAMA_HOST: value })).toThrow(message);
  });
});
