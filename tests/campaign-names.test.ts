// Campaign names: given on create, or derived from the brief short enough for a heading and a file name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCampaignName } from '../server/campaigns/names.js';
import { blogInput, createCampaign } from './support/campaigns.js';
import { graphql, graphqlData } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ OLLAMA_HOST: 'http://127.0.0.1:9' });
});
afterAll(() => server.stop());

const nameOf = async (id: string) =>
  (await graphqlData(server.graphqlUrl, 'query ($id: ID!) { campaign(id: $id) { name brief exports { fileName } } }', { id })).campaign;

describe('campaign names', () => {
  it('keeps the name given, trimmed, and names the downloads after it', async () => {
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, name: '  Spring refill kits  ' });
    const campaign = await nameOf(id);
    expect(campaign.name).toBe('Spring refill kits');
    expect(campaign.brief).toBe(blogInput.brief);
    expect(campaign.exports.fileName).toBe(`spring-refill-kits-campaign-${id}`);
  });

  it('derives a short name from a 4,000-character brief', async () => {
    const brief =
      `Write about city balconies. ${'Composting, herbs and small planters for renters who have little room. '.repeat(60)}`.slice(0, 4000);
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brief });
    const campaign = await nameOf(id);
    expect(campaign.name).toBe('Write about city balconies');
    expect(campaign.brief).toBe(brief.trim());
  });

  it('refuses a blank or over-long name, naming the field and the rule', async () => {
    const mutation = 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';
    for (const [name, rule] of [
      ['   ', 'must not be blank'],
      ['x'.repeat(121), 'must be at most 120 characters'],
    ]) {
      const result = await graphql(server.graphqlUrl, mutation, { input: { ...blogInput, name } });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
      expect(result.errors?.[0]?.message).toContain(rule);
    }
  });
});

describe('defaultCampaignName', () => {
  it.each([
    ['A blog post about sustainable living for urban millennials', 'A blog post about sustainable living for urban millennials'],
    ['Launch week. Tell people about the new app and its three features in detail', 'Launch week'],
    [
      'An email to every customer who bought a refill kit last spring, telling them about the autumn range',
      'An email to every customer who bought a refill kit last…',
    ],
    ['  Ads   for\nthe   spring  sale  ', 'Ads for the spring sale'],
    ['x'.repeat(200), `${'x'.repeat(60)}…`],
  ])('%j → %j', (brief, name) => {
    expect(defaultCampaignName(brief)).toBe(name);
    expect(defaultCampaignName(brief).length).toBeLessThanOrEqual(61);
  });
});
