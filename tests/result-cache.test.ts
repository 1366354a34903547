// The result cache through the real server: an identical request returns the earlier result at
// once as a new completed campaign, events replayed; fresh bypasses it; a brand edit misses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { resultCacheKey } from '../server/pipeline/result-cache.js';
import { blogInput, runToEnd, streamedText } from './support/campaigns.js';
import { graphqlData, type Json } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;
beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, RESULT_CACHE: 'true' });
});
afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

const fields = 'id status content fromCache cachedFrom { id } scores { overallQuality } steps { role attempt output }';

async function create(input: Record<string, unknown>): Promise<Json> {
  const data = await graphqlData(
    server.graphqlUrl,
    `mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { ${fields} } }`,
    {
      input,
    },
  );
  return data.createCampaign;
}

async function cacheHits(): Promise<number> {
  return (await graphqlData(server.graphqlUrl, '{ stats { cacheHits } }')).stats.cacheHits;
}

describe('the result cache', () => {
  it('serves an identical request at once, bypasses it when fresh, and misses after a brand edit', async () => {
    const brand = (
      await graphqlData(
        server.graphqlUrl,
        'mutation { createBrand(input: { name: "Cached Co", keywords: ["refill"], voice: "warm" }) { id } }',
      )
    ).createBrand;
    const input = { ...blogInput, brandId: brand.id };
    const hitsBefore = await cacheHits();

    const original = await create(input);
    expect(original).toMatchObject({ status: 'QUEUED', fromCache: false, cachedFrom: null });
    const originalEvents = await runToEnd(server.graphqlUrl, original.id);
    const completed = (await graphqlData(server.graphqlUrl, `query ($id: ID!) { campaign(id: $id) { ${fields} } }`, { id: original.id }))
      .campaign;
    expect(completed.status).toBe('COMPLETED');

    // An identical request: answered at once, completed, saying where it came from; no model asked.
    const requestsBefore = ollama.chatRequests.length;
    const hit = await create(input);
    expect(hit).toMatchObject({ status: 'COMPLETED', fromCache: true, cachedFrom: { id: original.id }, content: completed.content });
    expect(hit.id).not.toBe(original.id);
    expect(hit.scores).toEqual(completed.scores);
    expect(hit.steps.map((step: Json) => step.output)).toEqual(completed.steps.map((step: Json) => step.output));
    expect(ollama.chatRequests.length).toBe(requestsBefore);
    // Its events are the original's, replayed under its own id.
    const replayed = await runToEnd(server.graphqlUrl, hit.id);
    expect(replayed.every((event) => event.campaignId === hit.id)).toBe(true);
    expect(replayed.map((event) => [event.seq, event.__typename])).toEqual(originalEvents.map((event) => [event.seq, event.__typename]));
    expect(streamedText(replayed)).toEqual(streamedText(originalEvents));
    expect(await cacheHits()).toBe(hitsBefore + 1);

    // fresh: the pipeline runs again.
    const fresh = await create({ ...input, fresh: true });
    expect(fresh).toMatchObject({ status: 'QUEUED', fromCache: false });
    await runToEnd(server.graphqlUrl, fresh.id);
    expect(ollama.chatRequests.length).toBeGreaterThan(requestsBefore);

    // The brand's content changed: the same request is a miss.
    await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { updateBrand(id: $id, input: { voice: "warm and witty" }) { id } }', {
      id: brand.id,
    });
    const afterEdit = await create(input);
    expect(afterEdit).toMatchObject({ status: 'QUEUED', fromCache: false });
    await runToEnd(server.graphqlUrl, afterEdit.id);
    // Other models miss too.
    const otherModel = await create({ ...input, models: { optimizer: 'llama3.1' } });
    expect(otherModel.fromCache).toBe(false);
    await runToEnd(server.graphqlUrl, otherModel.id);
    expect(await cacheHits()).toBe(hitsBefore + 1);
  });

  it("changes the key when the prompts' version changes", () => {
    const config = loadConfig({});
    const request = {
      brief: 'b'.repeat(20),
      targetAudience: 'all',
      contentType: 'EMAIL' as const,
      keyphrase: null,
      brandId: null,
      modelOverrides: {},
    };
    expect(resultCacheKey(request, null, config, 'v1')).toBe(resultCacheKey(request, null, config, 'v1'));
    expect(resultCacheKey(request, null, config, 'v1')).not.toBe(resultCacheKey(request, null, config, 'v2'));
    // The models are read as Ollama reads them: "mistral" and "mistral:latest" are one model.
    expect(resultCacheKey({ ...request, modelOverrides: { OPTIMIZER: 'Mistral:latest' } }, null, config, 'v1')).toBe(
      resultCacheKey({ ...request, modelOverrides: { OPTIMIZER: 'mistral' } }, null, config, 'v1'),
    );
  });
});
