// Proves the Ollama stand-in against the real `ollama` client: if these pass, the
// product's LLM layer sees the stand-in exactly as it would see a real Ollama.
import { type ChatResponse, Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type OllamaStandIn, type StandInOptions, startOllamaStandIn } from './support/ollama-standin.js';
import { sampleContent } from './support/sample-content.js';

const started: OllamaStandIn[] = [];

/** The perfect persona: these tests prove the protocol, with replies known in advance (model-persona.test.ts covers the realistic one). */
async function setUp(options?: StandInOptions): Promise<{ standIn: OllamaStandIn; ollama: Ollama }> {
  const standIn = await startOllamaStandIn({ persona: 'perfect', ...options });
  started.push(standIn);
  return { standIn, ollama: new Ollama({ host: standIn.url }) };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((standIn) => standIn.close()));
});

async function collect(stream: AsyncIterable<ChatResponse>): Promise<ChatResponse[]> {
  const parts: ChatResponse[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * (b[i] ?? 0), 0); // vectors are L2-normalised
}

const user = (content: string) => [{ role: 'user', content }];

describe('Ollama stand-in, through the real ollama client', () => {
  it('streams chat word by word and ends with a done chunk carrying the counters', async () => {
    const { ollama } = await setUp();
    const stream = await ollama.chat({ model: 'mistral', messages: user('Content type: BLOG_POST\nBrief: green living'), stream: true });
    try {
      const parts = await collect(stream);
      const last = parts.at(-1);
      const tokens = parts.slice(0, -1);
      expect(tokens.length).toBeGreaterThan(700);
      expect(tokens.every((part) => !part.done && part.message.role === 'assistant')).toBe(true);
      expect(tokens.map((part) => part.message.content).join('')).toBe(sampleContent.BLOG_POST);
      expect(last).toMatchObject({ model: 'mistral', done: true, done_reason: 'stop', message: { content: '' } });
      expect(last?.eval_count).toBe(tokens.length);
      expect(last?.prompt_eval_count).toBe(6); // words in the prompt
      expect(last?.eval_duration).toBeGreaterThan(0);
      expect(last?.total_duration).toBeGreaterThan(last?.eval_duration ?? 0);
    } finally {
      stream.abort();
    }
  });

  it('picks the sample by content type, chunks by size, answers non-streamed, records requests', async () => {
    const { standIn, ollama } = await setUp();
    const social = await ollama.chat({ model: 'llama3.1:latest', messages: user('Content type: SOCIAL_MEDIA'), stream: false });
    expect(social.message.content).toBe(sampleContent.SOCIAL_MEDIA);
    expect(social.done).toBe(true);
    expect(social.eval_count).toBeGreaterThan(10);

    standIn.options.defaults = { charsPerChunk: 20 };
    const stream = await ollama.chat({
      model: 'mistral',
      messages: user('Write AD_COPY now'),
      stream: true,
      options: { temperature: 0.2 },
    });
    const parts = await collect(stream);
    const tokens = parts.slice(0, -1).map((part) => part.message.content);
    expect(tokens.join('')).toBe(sampleContent.AD_COPY);
    expect(Math.max(...tokens.map((token) => token.length))).toBeLessThanOrEqual(20);

    expect(standIn.chatRequests.map((request) => request.stream)).toEqual([false, true]);
    expect(standIn.chatRequests[1]).toMatchObject({ model: 'mistral', options: { temperature: 0.2 } });
  });

  it('scripts calls by index, truncates at num_predict, and honours tokenDelayMs', async () => {
    const { ollama } = await setUp({
      chat: (_request, callIndex) => ({ reply: `reply number ${callIndex}`, tokenDelayMs: callIndex === 1 ? 30 : undefined }),
    });
    const first = await ollama.chat({ model: 'mistral', messages: user('hi'), options: { num_predict: 2 } });
    expect(first.message.content).toBe('reply number');
    expect(first.done_reason).toBe('length');

    const startedAt = Date.now();
    const stream = await ollama.chat({ model: 'mistral', messages: user('hi'), stream: true });
    const parts = await collect(stream);
    expect(parts.map((part) => part.message.content)).toEqual(['reply', ' number', ' 1', '']);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(80);
  });

  it('answers format with JSON that the zod schema accepts', async () => {
    const verdict = z.object({
      score: z.int().min(0).max(100),
      passed: z.boolean(),
      needsRevision: z.boolean(),
      summary: z.string().min(10),
      feedback: z.array(z.object({ severity: z.enum(['low', 'medium', 'high']), message: z.string() })).min(2),
      palette: z
        .array(z.object({ hex: z.string().regex(/^#[0-9A-Fa-f]{6}$/), role: z.enum(['primary', 'secondary', 'accent']) }))
        .length(3),
      design: z.object({ typography: z.string(), layout: z.string().max(80), confidence: z.number().min(0).max(1).nullable() }),
      notes: z.string().optional(),
    });
    const { ollama } = await setUp();
    const stream = await ollama.chat({
      model: 'llama3.1',
      messages: user('Review this draft'),
      format: z.toJSONSchema(verdict),
      stream: true,
    });
    const text = (await collect(stream)).map((part) => part.message.content).join('');
    const parsed = verdict.parse(JSON.parse(text));
    expect(parsed).toMatchObject({ score: 82, passed: true, needsRevision: false });
    expect(new Set(parsed.palette.map((colour) => colour.hex)).size).toBe(3);

    const loose = await ollama.chat({ model: 'llama3.1', messages: user('Review'), format: 'json' });
    expect(JSON.parse(loose.message.content)).toMatchObject({ score: 82, passed: true, needsRevision: false });
  });

  it("rejects a missing model with a ResponseError 404 and Ollama's message", async () => {
    const { ollama } = await setUp({ models: ['llama3.1:latest'] });
    const failure = await ollama.chat({ model: 'mistral', messages: user('hi'), stream: true }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'ResponseError', status_code: 404, error: 'model "mistral" not found, try pulling it first' });
    expect((failure as Error).message).toContain('not found');
    await expect(ollama.embed({ model: 'nomic-embed-text', input: 'x' })).rejects.toMatchObject({ status_code: 404 });
    await expect(ollama.show({ model: 'mistral' })).rejects.toMatchObject({ status_code: 404, message: "model 'mistral' not found" });
  });

  it('answers scripted errors with their status and body', async () => {
    const { ollama } = await setUp({ defaults: { errorStatus: 503 } });
    await expect(ollama.chat({ model: 'mistral', messages: user('hi') })).rejects.toMatchObject({
      name: 'ResponseError',
      status_code: 503,
      message: expect.stringContaining('server busy'),
    });
  });

  it('breaks the stream after failAfterChunks: iteration throws after the chunks sent', async () => {
    const { ollama } = await setUp({ defaults: { reply: 'one two three four five', failAfterChunks: 2 } });
    const stream = await ollama.chat({ model: 'mistral', messages: user('hi'), stream: true });
    const seen: string[] = [];
    const failure = await (async () => {
      for await (const part of stream) seen.push(part.message.content);
    })().catch((error: unknown) => error);
    stream.abort();
    expect(seen).toEqual(['one', ' two']);
    // Not a ResponseError: undici's TypeError "terminated", caused by a SocketError.
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure).toMatchObject({ message: 'terminated', cause: { code: 'UND_ERR_SOCKET', message: 'other side closed' } });

    // Non-streamed, the connection drops before any answer: fetch itself fails.
    const dropped = await ollama.chat({ model: 'mistral', messages: user('hi') }).catch((error: unknown) => error);
    expect(dropped).toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'UND_ERR_SOCKET' } });
  });

  it('hangs until the client aborts its stream, and close() ends hung sockets', async () => {
    const { standIn, ollama } = await setUp({ defaults: { hang: true } });
    const stream = await ollama.chat({ model: 'mistral', messages: user('hi'), stream: true });
    const startedAt = Date.now();
    setTimeout(() => stream.abort(), 50);
    const failure = await collect(stream).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'AbortError' });
    expect(Date.now() - startedAt).toBeLessThan(1000);

    void ollama.chat({ model: 'mistral', messages: user('hi'), stream: false }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const closingAt = Date.now();
    await standIn.close();
    expect(Date.now() - closingAt).toBeLessThan(1000);
  });

  it('lists, shows, pulls and reports its version', async () => {
    const { standIn, ollama } = await setUp({ models: ['mistral:latest', 'nomic-embed-text'], version: '0.12.9' });
    expect(await ollama.version()).toEqual({ version: '0.12.9' });

    const { models } = await ollama.list();
    expect(models.map((model) => model.name)).toEqual(['mistral:latest', 'nomic-embed-text:latest']);
    expect(models[0]).toMatchObject({ model: 'mistral:latest', details: { format: 'gguf', family: 'llama', parameter_size: '7.2B' } });
    expect(models[0]?.digest).toMatch(/^[0-9a-f]{64}$/);

    const shown = await ollama.show({ model: 'nomic-embed-text:latest' });
    expect(shown.capabilities).toEqual(['embedding']);
    expect(shown.details.family).toBe('nomic-bert');
    expect(shown.modelfile).toContain('FROM');

    const progress = await ollama.pull({ model: 'llama3.1', stream: true });
    const statuses = [];
    for await (const step of progress) statuses.push(step);
    expect(statuses[0]?.status).toBe('pulling manifest');
    expect(statuses.some((step) => step.total > 0 && step.completed === step.total)).toBe(true);
    expect(statuses.at(-1)?.status).toBe('success');
    expect(standIn.options.models).toContain('llama3.1:latest');
    expect((await ollama.list()).models).toHaveLength(3);
    expect(await ollama.pull({ model: 'qwen3:4b' })).toEqual({ status: 'success' });
    expect((await ollama.show({ model: 'qwen3:4b' })).capabilities).toContain('completion');
  });

  it("lists model names in the case they were pulled, and resolves Ollama's name prefixes", async () => {
    const { ollama } = await setUp({ models: ['MyOrg/Brand-Writer', 'library/mistral:7b', 'registry.ollama.ai/library/llama3.1'] });
    const messages = user('hi');
    expect((await ollama.list()).models.map((model) => model.name)).toEqual(['MyOrg/Brand-Writer:latest', 'mistral:7b', 'llama3.1:latest']);
    for (const name of ['myorg/brand-writer', 'registry.ollama.ai/library/mistral:7b', 'Llama3.1:latest']) {
      expect((await ollama.chat({ model: name, messages })).done).toBe(true);
    }
  });

  it('embeds deterministically, similar texts closer than unrelated ones', async () => {
    const { ollama } = await setUp();
    const texts = [
      'Sustainable living tips for urban millennials: cycle, compost and cut waste.',
      'Urban millennials can cut waste with sustainable living habits like compost and cycling.',
      'Quarterly earnings report for enterprise database licensing.',
    ];
    const response = await ollama.embed({ model: 'nomic-embed-text', input: texts });
    const [a, b, c] = response.embeddings;
    expect(response).toMatchObject({ model: 'nomic-embed-text', prompt_eval_count: expect.any(Number) });
    expect(a).toHaveLength(64);
    expect(cosine(a ?? [], a ?? [])).toBeCloseTo(1, 6);
    expect(cosine(a ?? [], b ?? [])).toBeGreaterThan(0.6);
    expect(cosine(a ?? [], b ?? [])).toBeGreaterThan(cosine(a ?? [], c ?? []) + 0.3);
    const again = await ollama.embed({ model: 'nomic-embed-text', input: texts[0] ?? '' });
    expect(again.embeddings).toEqual([a]);
  });

  it('speaks plain HTTP like Ollama: root, unknown routes, bad JSON', async () => {
    const { standIn } = await setUp();
    expect(await (await fetch(standIn.url)).text()).toBe('Ollama is running');
    const unknown = await fetch(`${standIn.url}/api/nothing`);
    expect([unknown.status, await unknown.text()]).toEqual([404, '404 page not found']);
    const badJson = await fetch(`${standIn.url}/api/chat`, { method: 'POST', body: '{"model": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.headers.get('content-type')).toContain('application/json');
    expect(await badJson.json()).toEqual({ error: expect.stringContaining('invalid JSON') });
  });

  it('leaves a refused connection as a fetch TypeError, not a ResponseError', async () => {
    const { standIn, ollama } = await setUp();
    await standIn.close();
    const failure = await ollama.list().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TypeError);
    expect(failure).toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
  });
});
