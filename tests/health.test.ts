import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, unreachableOllama } from './support/server.js';

const healthQuery = `{ health {
  ok
  server { ok version uptimeSeconds }
  database { ok message }
  ollama { ok host version message }
  models { name usedBy present pullCommand }
} }`;

describe('health with Ollama down', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ OLLAMA_HOST: unreachableOllama });
  });
  afterAll(() => server.stop());

  it('reports Ollama as down with how to fix it, not as an exception', async () => {
    const { health } = await graphqlData(server.graphqlUrl, healthQuery);
    expect(health.ok).toBe(false);
    expect(health.server.ok).toBe(true);
    expect(health.database).toEqual({ ok: true, message: null });
    expect(health.ollama).toMatchObject({ ok: false, host: unreachableOllama, version: null });
    expect(health.ollama.message).toContain(unreachableOllama);
    expect(health.ollama.message).toMatch(/ollama serve|OLLAMA_HOST/);
    expect(health.models.every((model: { present: boolean }) => !model.present)).toBe(true);
  });
});

describe('health with a stand-in Ollama up', () => {
  let ollama: OllamaStandIn;
  let server: TestServer;
  beforeAll(async () => {
    // The embedding model is missing; the chat models are there ("mistral" is listed as "mistral:latest").
    ollama = await startOllamaStandIn({ models: ['mistral:latest', 'llama3.1:latest'], version: '0.12.3' });
    server = await startTestServer({ OLLAMA_HOST: ollama.url });
  });
  afterAll(async () => {
    await server.stop();
    await ollama.close();
  });

  it('reports Ollama up with its version and which configured models are present or missing', async () => {
    const { health } = await graphqlData(server.graphqlUrl, healthQuery);
    expect(health.ollama).toEqual({ ok: true, host: ollama.url, version: '0.12.3', message: null });
    expect(health.models).toEqual([
      { name: 'mistral', usedBy: ['Content Creator', 'Optimizer'], present: true, pullCommand: 'ollama pull mistral' },
      {
        name: 'llama3.1',
        usedBy: ['Brand Manager', 'Compliance Officer', 'Design Validator'],
        present: true,
        pullCommand: 'ollama pull llama3.1',
      },
      { name: 'nomic-embed-text', usedBy: ['embeddings (similarity)'], present: false, pullCommand: 'ollama pull nomic-embed-text' },
    ]);
    expect(health.ok).toBe(false);
  });

  it('is ok once every configured model is present', async () => {
    ollama.options.models = ['mistral:latest', 'llama3.1:latest', 'nomic-embed-text:latest'];
    const { health } = await graphqlData(server.graphqlUrl, healthQuery);
    expect(health.ok).toBe(true);
  });
});
