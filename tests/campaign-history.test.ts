// The history's search, content-type filter and numbered pages, and metrics per brand, through the real API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blogInput, createCampaign } from './support/campaigns.js';
import { graphql, graphqlData } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
let brandId: string;
const ids: Record<string, string> = {};

const history = `query ($first: Int, $offset: Int, $after: String, $search: String, $contentType: ContentType, $brandId: ID) {
  campaigns(first: $first, offset: $offset, after: $after, search: $search, contentType: $contentType, brandId: $brandId) {
    totalCount pageInfo { hasNextPage } edges { node { id name } }
  }
}`;
const namesOf = async (variables: Record<string, unknown>) => {
  const { campaigns } = await graphqlData(server.graphqlUrl, history, variables);
  return { total: campaigns.totalCount, names: campaigns.edges.map((edge: { node: { name: string } }) => edge.node.name) };
};

beforeAll(async () => {
  server = await startTestServer({ OLLAMA_HOST: 'http://127.0.0.1:9', LLM_RETRIES: '0' });
  brandId = (await graphqlData(server.graphqlUrl, 'mutation { createBrand(input: { name: "Green Leaf" }) { id } }')).createBrand.id;
  for (const [name, brief, contentType, withBrand] of [
    ['Spring refill kits', 'Ads for our spring refill kits, cheap and kind', 'AD_COPY', true],
    ['Balcony compost', 'A blog post about composting on a small balcony', 'BLOG_POST', true],
    ['Late opening', 'An email about late opening hours on Thursdays', 'EMAIL', false],
    ['Refill reminder', 'An email reminding customers to order a spring refill', 'EMAIL', false],
  ] as const) {
    ids[name] = (await createCampaign(server.graphqlUrl, { ...blogInput, name, brief, contentType, ...(withBrand ? { brandId } : {}) })).id;
  }
});
afterAll(() => server.stop());

describe('campaigns: search, content type and numbered pages', () => {
  it('finds campaigns whose name or brief holds every word, in any case', async () => {
    await expect(namesOf({ search: 'REFILL' })).resolves.toEqual({ total: 2, names: ['Refill reminder', 'Spring refill kits'] });
    await expect(namesOf({ search: 'spring email' })).resolves.toEqual({ total: 1, names: ['Refill reminder'] });
    await expect(namesOf({ search: 'compost balcony' })).resolves.toEqual({ total: 1, names: ['Balcony compost'] });
    await expect(namesOf({ search: 'nothing-like-this' })).resolves.toEqual({ total: 0, names: [] });
  });

  it('filters by content type, with the other filters', async () => {
    await expect(namesOf({ contentType: 'EMAIL' })).resolves.toEqual({ total: 2, names: ['Refill reminder', 'Late opening'] });
    await expect(namesOf({ contentType: 'AD_COPY', brandId })).resolves.toEqual({ total: 1, names: ['Spring refill kits'] });
    await expect(namesOf({ contentType: 'EMAIL', brandId })).resolves.toEqual({ total: 0, names: [] });
  });

  it('gives numbered pages by offset, and refuses an offset with a cursor', async () => {
    await expect(namesOf({ first: 3, offset: 0 })).resolves.toEqual({
      total: 4,
      names: ['Refill reminder', 'Late opening', 'Balcony compost'],
    });
    await expect(namesOf({ first: 3, offset: 3 })).resolves.toEqual({ total: 4, names: ['Spring refill kits'] });
    const both = await graphql(server.graphqlUrl, history, { offset: 1, after: ids['Late opening'] });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'offset' });
    const negative = await graphql(server.graphqlUrl, history, { offset: -1 });
    expect(negative.errors?.[0]?.message).toMatch(/offset.*must be at least 0/);
  });
});

describe('stats for one brand', () => {
  it("counts only the brand's campaigns", async () => {
    const query = 'query ($brandId: ID) { stats(brandId: $brandId) { total byStatus { status count } } }';
    const all = (await graphqlData(server.graphqlUrl, query, {})).stats;
    const brand = (await graphqlData(server.graphqlUrl, query, { brandId })).stats;
    expect(all.total).toBe(4);
    expect(brand.total).toBe(2);
    const sum = (stats: { byStatus: { count: number }[] }) => stats.byStatus.reduce((total, entry) => total + entry.count, 0);
    expect(sum(brand)).toBe(2);
  });
});
