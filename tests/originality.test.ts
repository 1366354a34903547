// Similarity to the brand's earlier campaigns: each campaign's embedding is made once and kept,
// one method measures both the draft and the final text, and each method has its own threshold.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blogInput, createCampaign, followEvents, getCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData, wsClient } from './support/graphql.js';
import { defaultStandInModels, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, LLM_RETRIES: '0' });
});
afterAll(async () => {
  await server.stop();
  await ollama.close();
});

async function brandWithCampaigns(name: string, count: number): Promise<{ brandId: string; ids: string[] }> {
  const { createBrand } = await graphqlData(server.graphqlUrl, 'mutation ($input: BrandInput!) { createBrand(input: $input) { id } }', {
    input: { name },
  });
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId: createBrand.id });
    expect((await runToEnd(server.graphqlUrl, id)).at(-1)).toMatchObject({ status: 'COMPLETED' });
    ids.push(id);
  }
  return { brandId: createBrand.id, ids };
}

const stored = (id: string) =>
  server.prisma.campaign.findUniqueOrThrow({ where: { id }, select: { embedding: true, embeddingModel: true } });

describe('embeddings', () => {
  it('are made once per campaign and kept, and measure the draft and the final text alike', async () => {
    const { ids } = await brandWithCampaigns('Embedded', 2);
    const [first = '', second = ''] = ids;
    // The first had nothing to compare with; the second embedded it, and kept its own.
    expect(await stored(first)).toMatchObject({ embeddingModel: 'nomic-embed-text', embedding: expect.any(Array) });
    expect(await stored(second)).toMatchObject({ embeddingModel: 'nomic-embed-text', embedding: expect.any(Array) });
    const campaign = await getCampaign(server.graphqlUrl, second);
    expect(campaign.finalMetrics.similarityMethod).toBe('embeddings');
    const { campaign: metrics } = await graphqlData(
      server.graphqlUrl,
      'query ($id: ID!) { campaign(id: $id) { draftMetrics { similarityMethod } } }',
      {
        id: second,
      },
    );
    expect(metrics.draftMetrics.similarityMethod).toBe('embeddings');

    // A kept embedding is used as it is: a marked vector survives the next campaign.
    const marked = (await stored(first)).embedding as number[];
    marked[0] = 0.123456;
    await server.prisma.campaign.update({ where: { id: first }, data: { embedding: marked } });
    const brand = await server.prisma.campaign.findUniqueOrThrow({ where: { id: first }, select: { brandId: true } });
    const { id: third } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId: brand.brandId });
    expect((await runToEnd(server.graphqlUrl, third)).at(-1)).toMatchObject({ status: 'COMPLETED' });
    expect(((await stored(first)).embedding as number[])[0]).toBe(0.123456);
  });

  it('fail the campaign, saying so, rather than switch method between the draft and the final text', async () => {
    const { brandId } = await brandWithCampaigns('Switching', 1);
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId });
    const client = wsClient(server.graphqlUrl);
    try {
      const events = await followEvents(client, id, 0, (event) => {
        // The draft has been measured with embeddings by now; the embedding model goes away.
        if (event.__typename === 'StepStarted' && event.role === 'BRAND_MANAGER') {
          ollama.options.models = defaultStandInModels.filter((model) => !model.startsWith('nomic-embed-text'));
        }
      });
      expect(events.at(-1)).toMatchObject({ status: 'FAILED' });
      expect(events.at(-1)?.error).toMatch(/embedding model stopped answering .* Retry the campaign once it answers\./);
    } finally {
      await client.dispose();
      ollama.options.models = [...defaultStandInModels];
    }
  });
});

describe('without an embedding model', () => {
  it('uses word overlap for the whole run', async () => {
    ollama.options.models = defaultStandInModels.filter((model) => !model.startsWith('nomic-embed-text'));
    try {
      const { ids } = await brandWithCampaigns('Shingled', 2);
      const { campaign } = await graphqlData(
        server.graphqlUrl,
        'query ($id: ID!) { campaign(id: $id) { draftMetrics { similarityMethod similarity } finalMetrics { similarityMethod } } }',
        { id: ids[1] },
      );
      expect(campaign.draftMetrics.similarityMethod).toBe('shingles');
      expect(campaign.finalMetrics.similarityMethod).toBe('shingles');
      expect(await stored(ids[1] ?? '')).toEqual({ embedding: null, embeddingModel: null });
    } finally {
      ollama.options.models = [...defaultStandInModels];
    }
  });
});
