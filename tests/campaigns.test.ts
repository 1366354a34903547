import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, assertGapFree, blogInput, createCampaign, getCampaign, runToEnd, streamedText } from './support/campaigns.js';
import { followCampaignUpdates, graphql, graphqlData, wsClient } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { sampleContent } from './support/sample-content.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;
let brandId: string;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, REVISION_ROUNDS: '1', LLM_RETRY_DELAY_MS: '10' });
  const { createBrand } = await graphqlData(server.graphqlUrl, 'mutation ($input: BrandInput!) { createBrand(input: $input) { id } }', {
    input: {
      name: 'Green Leaf',
      voice: 'warm',
      tone: 'practical',
      colors: ['#1A7F5A'],
      keywords: ['sustainable living', 'reusable', 'jetpack'],
      prohibitedTopics: ['politics'],
    },
  });
  brandId = createBrand.id;
});
afterAll(async () => {
  await server.stop();
  await ollama.close();
});

const initials: Record<string, string> = {
  CONTENT_CREATOR: 'CC',
  BRAND_MANAGER: 'BM',
  COMPLIANCE_OFFICER: 'CO',
  DESIGN_VALIDATOR: 'DV',
  OPTIMIZER: 'OP',
};
/**
 * The finished steps of a campaign, in order: a draft, revisions while the Brand Manager asks for
 * them, the other two reviewers (in parallel, so a retried one may come second), the Optimizer,
 * and the final review of its rewrite (unless the reviewed draft was kept). The realistic stand-in
 * decides how many revisions and retries there are.
 */
const pipelineShape = /^CC:DRAFT( BM:DRAFT CC:DRAFT)* BM:DRAFT (CO:DRAFT DV:DRAFT|DV:DRAFT CO:DRAFT) OP:FINAL( BM:FINAL CO:FINAL)?$/;

describe('a full campaign', () => {
  it.each([
    ['BLOG_POST', false],
    ['BLOG_POST', true],
    ['SOCIAL_MEDIA', false],
    ['SOCIAL_MEDIA', true],
    ['EMAIL', false],
    ['EMAIL', true],
    ['AD_COPY', false],
    ['AD_COPY', true],
  ])('%s (with a brand: %s) runs all five agents, streams them and saves every step', async (contentType, withBrand) => {
    const created = await createCampaign(server.graphqlUrl, {
      brief: `A ${contentType.toLowerCase().replace('_', ' ')} about sustainable living in cities`,
      targetAudience: 'urban millennials',
      contentType,
      ...(withBrand ? { brandId } : {}),
    });
    expect(created.status).toBe('QUEUED');
    const events = await runToEnd(server.graphqlUrl, created.id);
    expect(assertGapFree(events)).toBe(true);
    expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', error: null });

    const campaign = await getCampaign(server.graphqlUrl, created.id);
    expect(campaign.status).toBe('COMPLETED');
    const finished = campaign.steps.filter((step: { status: string }) => step.status === 'COMPLETED');
    const shape = finished.map((step: { role: string; stage: string }) => `${initials[step.role]}:${step.stage}`).join(' ');
    expect(shape).toMatch(pipelineShape);
    // A failed attempt (an unusable verdict, say) is followed by a finished one of the same agent.
    for (const failed of campaign.steps.filter((step: { status: string }) => step.status === 'FAILED')) {
      expect(finished.some((step: { role: string; attempt: number }) => step.role === failed.role && step.attempt > failed.attempt)).toBe(
        true,
      );
    }
    // What streamed is what the model sent, step by step (the saved text may be cleaned of chatter).
    const texts = streamedText(events);
    for (const step of finished) {
      expect(texts.get(`${step.role}#${step.attempt}`)).toBe(step.rawOutput ?? step.output);
      expect(step.completionTokens).toBeGreaterThan(0);
      expect(step.promptTokens).toBeGreaterThan(0);
    }
    // The Optimizer's text is final, unless the campaign says why the reviewed draft was kept.
    const last = (role: string) => finished.filter((step: { role: string }) => step.role === role).at(-1);
    expect(campaign.content).toBe(campaign.draftKeptReason ? last('CONTENT_CREATOR').output : last('OPTIMIZER').output);
    // The prompt named the content type, so the writer produced that layout.
    expect(
      ollama.chatRequests.some((request) => request.messages.some((message) => message.content.includes(`Content type: ${contentType}`))),
    ).toBe(true);
    for (const score of Object.values(campaign.scores)) expect(score).toEqual(expect.any(Number));
    expect(campaign.finalMetrics.lengthChecks.length).toBeGreaterThan(0);
    expect(campaign.design.imageTypes).toHaveLength(3);
    expect(campaign.design.palette.every((colour: { hex: string }) => /^#[0-9A-Fa-f]{6}$/.test(colour.hex))).toBe(true);
    expect(campaign.feedback.map((explanation: { score: string }) => explanation.score)).toEqual([
      'brandAlignment',
      'compliance',
      'readability',
      'overallQuality',
    ]);
    const scoreEvents = events.filter((event) => event.__typename === 'ScoresUpdated');
    expect(scoreEvents.map((event) => event.stage)).toEqual(['DRAFT', 'FINAL']);
    expect(scoreEvents[1]?.scores).toEqual(campaign.scores);
  });

  it('measures the brand keywords: a missing keyword is named in the feedback', async () => {
    // Writers that never use the brand's keyword "jetpack", however often they are asked to.
    ollama.options.chat = (request) =>
      ['CONTENT_CREATOR', 'OPTIMIZER'].includes(agentOf(request)) ? { reply: sampleContent.BLOG_POST } : undefined;
    try {
      const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId });
      await runToEnd(server.graphqlUrl, id);
      const campaign = await getCampaign(server.graphqlUrl, id);
      const brandFeedback = campaign.feedback.find((explanation: { score: string }) => explanation.score === 'brandAlignment');
      expect(brandFeedback.message).toMatch(/jetpack/);
    } finally {
      ollama.options.chat = undefined;
    }
  });
});

describe('revision', () => {
  it('sends the draft back with the Brand Manager feedback, and the revision streams as attempt 2', async () => {
    const seen = ollama.chatRequests.length;
    let brandCalls = 0;
    ollama.options.chat = (request) => {
      if (agentOf(request) !== 'BRAND_MANAGER') return undefined;
      brandCalls += 1;
      return brandCalls === 1
        ? { reply: JSON.stringify({ score: 41, revisionNeeded: true, feedback: ['Mention the rooftop garden programme'] }) }
        : { reply: JSON.stringify({ score: 88, revisionNeeded: false, feedback: ['On brand now'] }) };
    };
    try {
      const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId });
      const events = await runToEnd(server.graphqlUrl, id);
      const revision = events.find((event) => event.__typename === 'RevisionRequested');
      expect(revision).toMatchObject({ round: 1, score: 41, feedback: ['Mention the rooftop garden programme'] });
      const creatorStarts = events.filter((event) => event.__typename === 'StepStarted' && event.role === 'CONTENT_CREATOR');
      expect(creatorStarts.map((event) => event.attempt)).toEqual([1, 2]);
      expect((revision?.seq ?? 0) < (creatorStarts[1]?.seq ?? 0)).toBe(true);

      const revisionPrompt = ollama.chatRequests.slice(seen).filter((request) => agentOf(request) === 'CONTENT_CREATOR')[1];
      expect(revisionPrompt?.messages.at(-1)?.content).toContain('Mention the rooftop garden programme');
      const campaign = await getCampaign(server.graphqlUrl, id);
      expect(campaign.steps.map((step: { role: string; attempt: number }) => `${step.role}#${step.attempt}`)).toEqual([
        'CONTENT_CREATOR#1',
        'BRAND_MANAGER#1',
        'CONTENT_CREATOR#2',
        'BRAND_MANAGER#2',
        'COMPLIANCE_OFFICER#1',
        'DESIGN_VALIDATOR#1',
        'OPTIMIZER#1',
        'BRAND_MANAGER#3',
        'COMPLIANCE_OFFICER#2',
      ]);
    } finally {
      ollama.options.chat = undefined;
    }
  });

  it('stops asking for revisions after REVISION_ROUNDS', async () => {
    ollama.options.chat = (request) =>
      agentOf(request) === 'BRAND_MANAGER'
        ? { reply: JSON.stringify({ score: 10, revisionNeeded: true, feedback: ['Still off brand'] }) }
        : undefined;
    try {
      const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId });
      const events = await runToEnd(server.graphqlUrl, id);
      expect(events.filter((event) => event.__typename === 'RevisionRequested')).toHaveLength(1);
      // The cap is said out loud, and the Brand Manager's steps say what was decided.
      expect(events.filter((event) => event.__typename === 'RevisionLimitReached')).toHaveLength(1);
      expect(events.at(-1)).toMatchObject({ status: 'COMPLETED' });
      const campaign = await getCampaign(server.graphqlUrl, id);
      expect(campaign.revisionLimitReached).toBe(true);
      const brandSteps = campaign.steps.filter((step: { role: string }) => step.role === 'BRAND_MANAGER');
      expect(brandSteps.map((step: { passed: boolean }) => step.passed)).toEqual([false, false, false]);
    } finally {
      ollama.options.chat = undefined;
    }
  });
});

describe('createCampaign validation', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['a short brief', { ...blogInput, brief: 'short' }, 'input.brief', 'BAD_USER_INPUT'],
    ['a huge brief', { ...blogInput, brief: 'x'.repeat(4001) }, 'input.brief', 'BAD_USER_INPUT'],
    ['a blank audience', { ...blogInput, targetAudience: '  ' }, 'input.targetAudience', 'BAD_USER_INPUT'],
    ['a bad model name', { ...blogInput, models: { optimizer: 'rm -rf /' } }, 'input.models.optimizer', 'BAD_USER_INPUT'],
    ['an unknown brand', { ...blogInput, brandId: 'no-such-brand' }, 'input.brandId', 'NOT_FOUND'],
  ];
  it.each(cases)('rejects %s naming the field, and creates nothing', async (_name, input, field, code) => {
    const before = await server.prisma.campaign.count();
    const result = await graphql(server.graphqlUrl, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', {
      input,
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code, field });
    expect(result.errors?.[0]?.message).toContain(field);
    expect(await server.prisma.campaign.count()).toBe(before);
  });

  it('rejects an unknown content type', async () => {
    const result = await graphql(server.graphqlUrl, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', {
      input: { ...blogInput, contentType: 'PODCAST' },
    });
    expect(result.errors?.[0]?.message).toMatch(/PODCAST/);
  });
});

describe('queries', () => {
  it('pages campaigns newest first with a cursor, filtered by status and brand', async () => {
    const query = `query ($first: Int, $after: String, $status: CampaignStatus, $brandId: ID) {
      campaigns(first: $first, after: $after, status: $status, brandId: $brandId) { totalCount edges { cursor node { id createdAt brand { id } status } } pageInfo { hasNextPage endCursor } } }`;
    const all = await graphqlData(server.graphqlUrl, query, { first: 100 });
    const ids = all.campaigns.edges.map((edge: { node: { id: string } }) => edge.node.id);
    const times = all.campaigns.edges.map((edge: { node: { createdAt: string } }) => Date.parse(edge.node.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const first = await graphqlData(server.graphqlUrl, query, { first: 3 });
    const second = await graphqlData(server.graphqlUrl, query, { first: 3, after: first.campaigns.pageInfo.endCursor });
    expect(first.campaigns.pageInfo.hasNextPage).toBe(true);
    expect([...first.campaigns.edges, ...second.campaigns.edges].map((edge: { node: { id: string } }) => edge.node.id)).toEqual(
      ids.slice(0, 6),
    );

    const branded = await graphqlData(server.graphqlUrl, query, { first: 100, brandId, status: 'COMPLETED' });
    expect(branded.campaigns.totalCount).toBeGreaterThan(0);
    expect(
      branded.campaigns.edges.every(
        (edge: { node: { brand: { id: string } | null; status: string } }) =>
          edge.node.brand?.id === brandId && edge.node.status === 'COMPLETED',
      ),
    ).toBe(true);
  });

  it('reports stats over the campaigns', async () => {
    const { stats } = await graphqlData(
      server.graphqlUrl,
      '{ stats { total byStatus { status count } averageScores { overallQuality } averageDurationMs tokensPerSecond } }',
    );
    const completed = await server.prisma.campaign.count({ where: { status: 'COMPLETED' } });
    expect(stats.total).toBe(await server.prisma.campaign.count());
    expect(stats.byStatus).toContainEqual({ status: 'COMPLETED', count: completed });
    expect(stats.averageScores.overallQuality).toBeGreaterThan(0);
    expect(stats.averageDurationMs).toBeGreaterThan(0);
    expect(stats.tokensPerSecond).toBeGreaterThan(0);
  });

  it('lists Ollama models and the missing configured ones', async () => {
    ollama.options.models = ['mistral:latest'];
    try {
      const { models } = await graphqlData(
        server.graphqlUrl,
        '{ models { reachable available { name } missing configured { name present } } }',
      );
      expect(models.reachable).toBe(true);
      expect(models.available).toEqual([{ name: 'mistral:latest' }]);
      expect(models.missing).toEqual(['llama3.1', 'nomic-embed-text']);
    } finally {
      ollama.options.models = ['mistral:latest', 'llama3.1:latest', 'nomic-embed-text:latest'];
    }
  });

  it("measures similarity to the brand's earlier campaigns with embeddings", async () => {
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId });
    await runToEnd(server.graphqlUrl, id);
    const campaign = await getCampaign(server.graphqlUrl, id);
    expect(campaign.finalMetrics.similarityMethod).toBe('embeddings');
    // The stand-in writes the same sample each time: it is a near copy of the earlier ones.
    expect(campaign.finalMetrics.similarity).toBeGreaterThan(0.9);
    expect(campaign.feedback.find((explanation: { score: string }) => explanation.score === 'compliance').message).toMatch(/similar/);
  });
});

describe('exports', () => {
  it('downloads a completed campaign as Markdown, text and JSON with the REST field names', async () => {
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId });
    await runToEnd(server.graphqlUrl, id);
    const campaign = await getCampaign(server.graphqlUrl, id);

    const json = await fetch(`${server.url}${campaign.exports.json}`);
    expect(json.headers.get('content-type')).toMatch(/application\/json/);
    const body = await json.json();
    expect(body).toMatchObject({
      campaign_id: id,
      status: 'completed',
      content: campaign.content,
      validations: {
        brand_alignment: campaign.scores.brandAlignment,
        compliance: campaign.scores.compliance,
        readability: campaign.scores.readability,
        overall_quality: campaign.scores.overallQuality,
      },
    });
    expect(Object.keys(body.agent_feedback)).toEqual([
      'content_creator',
      'brand_manager',
      'compliance_officer',
      'design_validator',
      'optimizer',
    ]);
    expect(Date.parse(body.timestamp)).not.toBeNaN();

    const markdown = await (await fetch(`${server.url}${campaign.exports.markdown}`)).text();
    expect(markdown.startsWith(campaign.content)).toBe(true);
    expect(markdown).toContain('## Scores');
    const text = await (await fetch(`${server.url}${campaign.exports.text}`)).text();
    expect(text).not.toMatch(/^#/m);
    // The title, without its Markdown heading mark.
    const title = campaign.content.match(/^# (.+)$/m)?.[1];
    expect(title).toBeTruthy();
    expect(text).toContain(title);

    const missing = await fetch(`${server.url}/campaigns/nope/export.json`);
    expect(missing.status).toBe(404);
  });
});

describe('deleteCampaign', () => {
  it('deletes a finished campaign and its steps, and tells every dashboard', async () => {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    await runToEnd(server.graphqlUrl, id);
    const dashboard = wsClient(server.graphqlUrl);
    try {
      const updates = await followCampaignUpdates(dashboard);
      const answer = await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { deleteCampaign(id: $id) { id deleted } }', { id });
      expect(answer.deleteCampaign).toEqual({ id, deleted: true });
      await updates.deleted(id);
      expect(updates.updates).toEqual([{ id, status: 'COMPLETED', deleted: true }]);
    } finally {
      await dashboard.dispose();
    }
    expect(await server.prisma.campaign.count({ where: { id } })).toBe(0);
    expect(await server.prisma.agentStep.count({ where: { campaignId: id } })).toBe(0);
    const again = await graphql(server.graphqlUrl, 'mutation ($id: ID!) { deleteCampaign(id: $id) { id } }', { id });
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
