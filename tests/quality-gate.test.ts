// The quality gate: a completed campaign whose scores or checks fall short is marked as needing
// attention, with the reasons in plain words; worked out on read, so QUALITY_MIN_SCORE applies
// to campaigns already stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, createCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData, type Json } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { sampleContent } from './support/sample-content.js';
import { startTestServer, type TestServer, temporaryDatabase, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let database: Awaited<ReturnType<typeof temporaryDatabase>>;
let server: TestServer;

/** A server on this suite's database (one at a time: SQLite is locked to one process). */
const serverWith = (environment: Record<string, string> = {}) =>
  startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, DATABASE_URL: database.url, ...environment });

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  database = await temporaryDatabase();
  server = await serverWith();
});
afterAll(async () => {
  await server?.stop();
  await ollama?.close();
  await database?.remove();
});

const campaignQuery = `query ($id: ID!) { campaign(id: $id) {
  status needsAttention attentionReasons draftKeptReason revisionLimitReached content
  scores { brandAlignment compliance readability overallQuality }
  feedback { score message detail }
  exports { markdown json fileName }
} }`;

const longXPost = `${'Small swaps add up to a greener city, one habit at a time. '.repeat(5).trim()} #SustainableLiving`;
const socialWithLongXPost = sampleContent.SOCIAL_MEDIA.replace(/## X\n[^\n]+/, `## X\n${longXPost}`);

/** Reviewers who like what they read: only the measurements can hold a campaign back. */
function happyReviewers(writer: string) {
  ollama.options.chat = (request) => {
    switch (agentOf(request)) {
      case 'CONTENT_CREATOR':
      case 'OPTIMIZER':
        return { reply: writer };
      case 'BRAND_MANAGER':
        return { reply: JSON.stringify({ score: 92, revisionNeeded: false, feedback: ['Warm and on brand.'] }) };
      case 'COMPLIANCE_OFFICER':
        return { reply: JSON.stringify({ passed: true, score: 95, issues: [] }) };
      default:
        return undefined;
    }
  };
}

/** Runs a social campaign for a brand of its own (no earlier campaigns to be similar to). */
async function runSocialCampaign(url: string, writer: string, brief: string): Promise<string> {
  happyReviewers(writer);
  try {
    const { createBrand } = await graphqlData(url, 'mutation ($input: BrandInput!) { createBrand(input: $input) { id } }', {
      input: { name: `Brand for ${brief}`, voice: 'warm' },
    });
    const { id } = await createCampaign(url, {
      brief,
      targetAudience: 'city renters',
      contentType: 'SOCIAL_MEDIA',
      brandId: createBrand.id,
    });
    await runToEnd(url, id);
    return id;
  } finally {
    ollama.options.chat = undefined;
  }
}

const read = async (url: string, id: string): Promise<Json> => (await graphqlData(url, campaignQuery, { id })).campaign;

describe('the quality gate', () => {
  let cleanId: string;
  let brokenId: string;

  beforeAll(async () => {
    expect([...longXPost].length).toBeGreaterThan(280);
    cleanId = await runSocialCampaign(server.graphqlUrl, sampleContent.SOCIAL_MEDIA, 'Social posts about green habits in the city');
    brokenId = await runSocialCampaign(server.graphqlUrl, socialWithLongXPost, 'Social posts about small swaps for a greener city');
  });

  it('lets a clean campaign through', async () => {
    const campaign = await read(server.graphqlUrl, cleanId);
    expect(campaign.status).toBe('COMPLETED');
    expect(Object.values(campaign.scores).every((score) => (score as number) >= 70)).toBe(true);
    expect(campaign.needsAttention).toBe(false);
    expect(campaign.attentionReasons).toEqual([]);
  });

  it('marks a completed campaign whose final text breaks a limit the draft also broke, in plain words', async () => {
    const campaign = await read(server.graphqlUrl, brokenId);
    // The rewrite broke nothing the draft passed, so it is the content; the campaign completes.
    expect(campaign.status).toBe('COMPLETED');
    expect(campaign.draftKeptReason).toBeNull();
    expect(campaign.content).toContain(longXPost);
    expect(campaign.needsAttention).toBe(true);
    expect(campaign.attentionReasons).toContain(`The X post is ${[...longXPost].length} characters; X allows 280.`);
    for (const reason of campaign.attentionReasons) expect(reason).toMatch(/^[A-Z].*\.$/);
  });

  it('explains every score in plain words, with the arithmetic beside it', async () => {
    const campaign = await read(server.graphqlUrl, brokenId);
    const byScore = Object.fromEntries(campaign.feedback.map((entry: Json) => [entry.score, entry]));
    expect(byScore.brandAlignment.message).toBe('Brand alignment 92: the Brand Manager gave 92; the brand has no keywords to check.');
    expect(byScore.readability.message).toMatch(/^Readability \d+: sentences average [\d.]+ words .*; 1 of \d+ length limits is missed\.$/);
    expect(byScore.overallQuality.message).toContain(`the X post is ${[...longXPost].length} characters; X allows 280`);
    expect(byScore.overallQuality.detail).toMatch(/^overallQuality \d+: 35 % brandAlignment 92 \+ 30 % compliance 95/);
  });

  it('lists the reasons in the downloads, which are named after the brief', async () => {
    const campaign = await read(server.graphqlUrl, brokenId);
    expect(campaign.exports.fileName).toBe(`social-posts-about-small-swaps-for-campaign-${brokenId}`);
    const markdown = await fetch(`${server.url}${campaign.exports.markdown}`);
    expect(markdown.headers.get('content-disposition')).toBe(`attachment; filename="${campaign.exports.fileName}.md"`);
    const text = await markdown.text();
    expect(text).toContain(`## Needs attention\n- The X post is ${[...longXPost].length} characters; X allows 280.`);
    expect(text).toContain('- Status: Completed\n- Content type: Social media');
    const json = await (await fetch(`${server.url}${campaign.exports.json}`)).json();
    expect(json).toMatchObject({ campaign_id: brokenId, status: 'completed', needs_attention: true });
    expect(json.attention_reasons).toEqual(campaign.attentionReasons);
  });

  it('lists campaigns that need attention in the history', async () => {
    const { campaigns } = await graphqlData(
      server.graphqlUrl,
      'query { campaigns(first: 10) { edges { node { id needsAttention attentionReasons } } } }',
    );
    const byId = Object.fromEntries(campaigns.edges.map((edge: Json) => [edge.node.id, edge.node]));
    expect(byId[brokenId].needsAttention).toBe(true);
    expect(byId[cleanId].needsAttention).toBe(false);
  });

  it('applies QUALITY_MIN_SCORE to campaigns already stored', async () => {
    await server.stop();
    server = await serverWith({ QUALITY_MIN_SCORE: '95' });
    const campaign = await read(server.graphqlUrl, cleanId);
    expect(campaign.scores.brandAlignment).toBe(92);
    expect(campaign.needsAttention).toBe(true);
    expect(campaign.attentionReasons).toEqual(['Brand alignment scored 92, under the 95 you asked for: the Brand Manager gave 92.']);

    await server.stop();
    server = await serverWith({ QUALITY_MIN_SCORE: '0' });
    expect((await read(server.graphqlUrl, cleanId)).needsAttention).toBe(false);
    // A hard check is not a score: no threshold lets it through.
    expect((await read(server.graphqlUrl, brokenId)).needsAttention).toBe(true);
  });
});
