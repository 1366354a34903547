// Tone, length and platforms: from createCampaign to the prompts the agents get and the checks the scoring makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { socialMediaLimits } from '../server/scoring/length-limits.js';
import { agentOf, blogInput, createCampaign, runToEnd } from './support/campaigns.js';
import { graphql, graphqlData } from './support/graphql.js';
import { type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;
const prompts: ChatRequestSeen[] = [];

beforeAll(async () => {
  ollama = await startOllamaStandIn({ defaults: { tokenDelayMs: 0 } });
  server = await startTestServer({ OLLAMA_HOST: ollama.url });
});
afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

const promptText = (request: ChatRequestSeen) => request.messages.map((message) => message.content).join('\n');
const fields = 'tone length platforms finalMetrics { lengthChecks { name passed target } }';

describe('writing options', () => {
  it('asks the writers for the chosen platforms only, and scores only those', async () => {
    ollama.options.chat = (request) => {
      prompts.push(request);
      return {};
    };
    const { id } = await createCampaign(server.graphqlUrl, {
      ...blogInput,
      keyphrase: undefined,
      contentType: 'SOCIAL_MEDIA',
      platforms: ['LINKEDIN', 'X'],
      tone: 'playful',
    });
    await runToEnd(server.graphqlUrl, id);
    ollama.options.chat = undefined;
    const creator = prompts.find((request) => agentOf(request) === 'CONTENT_CREATOR');
    expect(creator && promptText(creator)).toContain('Write one post for each of these platforms only (X, LinkedIn)');
    expect(creator && promptText(creator)).not.toContain('## Instagram');
    expect(creator && promptText(creator)).toContain('Tone for this piece: <tone>playful</tone>');
    const reviewer = prompts.find((request) => agentOf(request) === 'BRAND_MANAGER');
    expect(reviewer && promptText(reviewer)).toContain('Tone for this piece: <tone>playful</tone>');

    const { campaign } = await graphqlData(server.graphqlUrl, `query ($id: ID!) { campaign(id: $id) { ${fields} } }`, { id });
    expect(campaign.tone).toBe('playful');
    expect(campaign.platforms).toEqual(['X', 'LINKEDIN']);
    const names = campaign.finalMetrics.lengthChecks.map((check: { name: string }) => check.name);
    expect(names.filter((name: string) => /Instagram|Facebook/.test(name))).toEqual([]);
    expect(campaign.finalMetrics.lengthChecks.find((check: { name: string }) => check.name === 'platform posts').target).toBe(
      'X, LinkedIn',
    );
  });

  it('asks for a short blog post and checks its words against the short range', async () => {
    prompts.length = 0;
    ollama.options.chat = (request) => {
      prompts.push(request);
      return {};
    };
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, length: 'SHORT' });
    await runToEnd(server.graphqlUrl, id);
    ollama.options.chat = undefined;
    const creator = prompts.find((request) => agentOf(request) === 'CONTENT_CREATOR');
    expect(creator && promptText(creator)).toContain('Write a blog post of 300 to 600 words');
    const { campaign } = await graphqlData(server.graphqlUrl, `query ($id: ID!) { campaign(id: $id) { ${fields} } }`, { id });
    expect(campaign.length).toBe('SHORT');
    expect(campaign.platforms).toEqual([]);
    expect(campaign.finalMetrics.lengthChecks.find((check: { name: string }) => check.name === 'blog post length').target).toBe(
      '300–600 words',
    );
  });

  it('refuses platforms for other content types and a blank tone, naming the field', async () => {
    const mutation = 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';
    const platforms = await graphql(server.graphqlUrl, mutation, { input: { ...blogInput, platforms: ['X'] } });
    expect(platforms.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.platforms' });
    const tone = await graphql(server.graphqlUrl, mutation, { input: { ...blogInput, tone: '  ' } });
    expect(tone.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.tone' });
    const none = await graphql(server.graphqlUrl, mutation, { input: { ...blogInput, contentType: 'SOCIAL_MEDIA', platforms: [] } });
    expect(none.errors?.[0]?.message).toContain('must name at least one platform');
  });
});

describe('ad copy slots', () => {
  it('lays the ad out as headline and description slots counted as the length checks count them', async () => {
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, keyphrase: undefined, contentType: 'AD_COPY' });
    await runToEnd(server.graphqlUrl, id);
    const { campaign } = await graphqlData(
      server.graphqlUrl,
      `query ($id: ID!) { campaign(id: $id) {
        adSlots { headlines { text characters limit withinLimit } descriptions { text characters limit withinLimit } }
        finalMetrics { lengthChecks { name value } } } }`,
      { id },
    );
    const { headlines, descriptions } = campaign.adSlots;
    expect(headlines.length).toBeGreaterThan(0);
    expect(descriptions.length).toBeGreaterThan(0);
    const checked = new Map(campaign.finalMetrics.lengthChecks.map((check: { name: string; value: number }) => [check.name, check.value]));
    headlines.forEach((slot: { characters: number; limit: number; withinLimit: boolean }, index: number) => {
      expect(slot.limit).toBe(30);
      expect(slot.characters).toBe(checked.get(`headline ${index + 1}`));
      expect(slot.withinLimit).toBe(slot.characters <= 30);
    });
    descriptions.forEach((slot: { characters: number; limit: number }, index: number) => {
      expect(slot.limit).toBe(90);
      expect(slot.characters).toBe(checked.get(`description ${index + 1}`));
    });
    const blog = await createCampaign(server.graphqlUrl, blogInput);
    const { campaign: other } = await graphqlData(
      server.graphqlUrl,
      'query ($id: ID!) { campaign(id: $id) { adSlots { headlines { text } } } }',
      {
        id: blog.id,
      },
    );
    expect(other.adSlots).toBeNull();
  });
});

describe('socialMediaLimits with chosen platforms', () => {
  const posts = '## X\nShort and sweet.\n\n## LinkedIn\nA longer professional post.\n\n## Instagram\nPretty pictures #green';
  it('needs a post for each chosen platform and ignores the others', () => {
    const chosen = socialMediaLimits(posts, ['X', 'Facebook']);
    expect(chosen[0]).toMatchObject({
      check: 'platform posts',
      passed: false,
      message: 'platform posts: 1 of 2 (no section for Facebook)',
    });
    expect(chosen.map((check) => check.check)).toEqual(['platform posts', 'X post']);
  });
  it('keeps the old rule with every platform: one post is enough', () => {
    expect(socialMediaLimits(posts)[0]).toMatchObject({ passed: true, message: 'platform posts: 3 of 4 (no section for Facebook)' });
  });
});
