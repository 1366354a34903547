// The Compliance Officer and the Design Validator review the same draft at the same time: their
// events interleave on one gap-free stream, each tagged with its role; PARALLEL_REVIEWERS=false
// runs them one after the other.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, assertGapFree, blogInput, type CampaignEventData, createCampaign, runToEnd, streamedText } from './support/campaigns.js';
import { type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
const reviewers = ['COMPLIANCE_OFFICER', 'DESIGN_VALIDATOR'];

beforeAll(async () => {
  // Slow reviewers, so that two running together must overlap.
  ollama = await startOllamaStandIn({
    chat: (request: ChatRequestSeen) => (reviewers.includes(agentOf(request)) ? { tokenDelayMs: 5 } : undefined),
  });
});
afterAll(() => ollama.close());

async function runWith(environment: Record<string, string>): Promise<CampaignEventData[]> {
  const server: TestServer = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, ...environment });
  try {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    return await runToEnd(server.graphqlUrl, id);
  } finally {
    await server.stop();
  }
}

/** Seqs of a reviewer's first start on the draft and its last draft attempt's end (retries included). */
function span(events: CampaignEventData[], role: string): { start: number; end: number } {
  const draftAttempts = new Set(
    events
      .filter((event) => event.__typename === 'StepStarted' && event.role === role && event.stage === 'DRAFT')
      .map((event) => event.attempt),
  );
  const own = events.filter((event) => event.role === role && draftAttempts.has(event.attempt));
  const completed = own.filter((event) => event.__typename === 'StepCompleted');
  return { start: own[0]?.seq ?? 0, end: completed.at(-1)?.seq ?? 0 };
}

describe('reviewers in parallel', () => {
  it('interleaves the two reviews on one gap-free stream, each chunk tagged with its role', async () => {
    const events = await runWith({});
    expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
    expect(assertGapFree(events)).toBe(true);
    const compliance = span(events, 'COMPLIANCE_OFFICER');
    const design = span(events, 'DESIGN_VALIDATOR');
    // Each started before the other finished.
    expect(design.start).toBeLessThan(compliance.end);
    expect(compliance.start).toBeLessThan(design.end);
    // Interleaved chunks still add up to each reviewer's own reply.
    const texts = streamedText(events);
    expect(JSON.parse(texts.get('COMPLIANCE_OFFICER#1') ?? '{}')).toHaveProperty('score');
    expect(JSON.parse(texts.get('DESIGN_VALIDATOR#1') ?? '{}')).toHaveProperty('palette');
    // The draft is scored once both have finished.
    const draftScores = events.find((event) => event.__typename === 'ScoresUpdated' && event.stage === 'DRAFT');
    expect(draftScores?.seq).toBeGreaterThan(Math.max(compliance.end, design.end));
  });

  it('runs them one after the other with PARALLEL_REVIEWERS=false', async () => {
    const events = await runWith({ PARALLEL_REVIEWERS: 'false' });
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED' });
    expect(span(events, 'DESIGN_VALIDATOR').start).toBeGreaterThan(span(events, 'COMPLIANCE_OFFICER').end);
  });
});
