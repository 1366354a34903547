// The final scores are of the text the user gets: the Optimizer's rewrite is reviewed again, and
// a rewrite that breaks a check the draft passed is not used (the reviewed draft is, and says so).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, blogInput, createCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData, type Json } from './support/graphql.js';
import { type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { sampleContent } from './support/sample-content.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;
let brandId: string;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url });
  const { createBrand } = await graphqlData(server.graphqlUrl, 'mutation ($input: BrandInput!) { createBrand(input: $input) { id } }', {
    input: { name: 'Green Streets', voice: 'warm', prohibitedTopics: ['gambling'] },
  });
  brandId = createBrand.id;
});
afterAll(async () => {
  await server.stop();
  await ollama.close();
});

const scoreFields = 'brandAlignment compliance readability overallQuality';
const campaignQuery = `query ($id: ID!) { campaign(id: $id) {
  status content draftKeptReason complianceIssues { severity description }
  scores { ${scoreFields} } draftMetrics { scores { ${scoreFields} } } finalMetrics { scores { ${scoreFields} } }
  steps { role stage status passed score output }
} }`;

async function run(chat: (request: ChatRequestSeen) => { reply: string } | undefined): Promise<{ campaign: Json; events: Json[] }> {
  ollama.options.chat = chat;
  try {
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId });
    const events = await runToEnd(server.graphqlUrl, id);
    const { campaign } = await graphqlData(server.graphqlUrl, campaignQuery, { id });
    return { campaign, events };
  } finally {
    ollama.options.chat = undefined;
  }
}

const draftOf = (request: ChatRequestSeen) => request.messages.at(-1)?.content ?? '';

describe('the final review', () => {
  it("scores the Optimizer's rewrite: a claim added in the rewrite brings the final compliance score down", async () => {
    const claim = 'Doctors agree this lifestyle cures every illness, guaranteed.';
    const { campaign, events } = await run((request) => {
      if (agentOf(request) === 'OPTIMIZER') return { reply: `${sampleContent.BLOG_POST.trim()}\n\n${claim}` };
      if (agentOf(request) !== 'COMPLIANCE_OFFICER') return undefined;
      // The Compliance Officer judges the text it was sent: only the rewrite holds the claim.
      const flagged = draftOf(request).includes(claim);
      const issues = flagged
        ? [{ severity: 'high', description: `Unsubstantiated health claim: "${claim}"`, suggestion: 'Remove it.' }]
        : [];
      return { reply: JSON.stringify({ passed: !flagged, score: flagged ? 35 : 92, issues }) };
    });
    expect(campaign.status).toBe('COMPLETED');
    expect(campaign.content).toContain(claim);
    expect(campaign.draftKeptReason).toBeNull();
    const compliance = campaign.steps.filter((step: Json) => step.role === 'COMPLIANCE_OFFICER');
    expect(compliance.map((step: Json) => [step.stage, step.passed])).toEqual([
      ['DRAFT', true],
      ['FINAL', false],
    ]);
    expect(campaign.scores.compliance).toBeLessThan(campaign.draftMetrics.scores.compliance);
    expect(campaign.scores).toEqual(campaign.finalMetrics.scores);
    expect(campaign.complianceIssues).toEqual([{ severity: 'high', description: expect.stringContaining('Unsubstantiated health claim') }]);
    const starts = events.filter((event) => event.__typename === 'StepStarted').map((event) => `${event.role}:${event.stage}`);
    expect(starts.slice(-3)).toEqual(['OPTIMIZER:FINAL', 'BRAND_MANAGER:FINAL', 'COMPLIANCE_OFFICER:FINAL']);
  });

  it('keeps the reviewed draft, and says why, when the rewrite mentions a prohibited topic the draft did not', async () => {
    const { campaign, events } = await run((request) => {
      // A draft that keeps to the brand's rules, and a rewrite that does not.
      if (agentOf(request) === 'CONTENT_CREATOR') return { reply: sampleContent.BLOG_POST };
      if (agentOf(request) === 'OPTIMIZER')
        return { reply: `${sampleContent.BLOG_POST.trim()}\n\nSave on bills and spend the rest on gambling.` };
      return undefined;
    });
    expect(campaign.status).toBe('COMPLETED');
    const draft = campaign.steps.find((step: Json) => step.role === 'CONTENT_CREATOR');
    expect(campaign.content).toBe(draft.output);
    expect(campaign.draftKeptReason).toMatch(/rewrite failed checks the draft passed \(mentions the prohibited topic "gambling"\)/);
    expect(events.find((event) => event.__typename === 'DraftKept')).toMatchObject({ reason: campaign.draftKeptReason });
    // Nothing reviewed the unused rewrite; the final scores are the draft's.
    expect(campaign.steps.filter((step: Json) => step.stage === 'FINAL').map((step: Json) => step.role)).toEqual(['OPTIMIZER']);
    expect(campaign.scores).toEqual(campaign.draftMetrics.scores);
  });
});
