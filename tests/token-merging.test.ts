// Model chunks that reach the server together go out as one TokenChunk; chunks that come
// one at a time still go out one at a time. Either way the text and its order are the model's.
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertGapFree,
  blogInput,
  type CampaignEventData,
  createCampaign,
  getCampaign,
  runToEnd,
  streamedText,
} from './support/campaigns.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn | undefined;
let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  await ollama?.close();
});

async function runCampaign(tokenDelayMs: number, environment: Record<string, string> = {}) {
  // Larger chunks when they are spaced out keep the run short.
  ollama = await startOllamaStandIn({ defaults: { tokenDelayMs, charsPerChunk: tokenDelayMs > 0 ? 40 : undefined } });
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, ...environment });
  const { id } = await createCampaign(server.graphqlUrl, blogInput);
  const events = await runToEnd(server.graphqlUrl, id);
  const campaign = await getCampaign(server.graphqlUrl, id);
  return { events, campaign };
}

/** Per (role, attempt): token events, model chunks they carry, and the step's completion tokens (one per chunk). */
function chunkCounts(events: CampaignEventData[]) {
  const counts = new Map<string, { events: number; chunks: number; generated: number }>();
  for (const event of events) {
    const key = `${event.role}#${event.attempt}`;
    const count = counts.get(key) ?? { events: 0, chunks: 0, generated: 0 };
    if (event.__typename === 'TokenChunk') {
      count.events += 1;
      count.chunks += event.chunks as number;
    }
    if (event.__typename === 'StepCompleted') count.generated = event.completionTokens as number;
    if (event.__typename === 'TokenChunk' || event.__typename === 'StepCompleted') counts.set(key, count);
  }
  return counts;
}

interface SavedStep {
  role: string;
  attempt: number;
  output: string;
  rawOutput: string | null;
}

function expectTextAsSaved(events: CampaignEventData[], steps: SavedStep[]) {
  expect(assertGapFree(events)).toBe(true);
  const streamed = streamedText(events);
  for (const step of steps) expect(streamed.get(`${step.role}#${step.attempt}`)).toBe(step.rawOutput ?? step.output);
}

describe('token chunks', () => {
  it('merges the chunks that arrive together, carrying every one of them', async () => {
    const { events, campaign } = await runCampaign(0);
    expect(campaign.status).toBe('COMPLETED');
    expectTextAsSaved(events, campaign.steps);
    const counts = [...chunkCounts(events).values()];
    for (const count of counts) expect(count.chunks).toBe(count.generated);
    const allEvents = counts.reduce((sum, count) => sum + count.events, 0);
    const allChunks = counts.reduce((sum, count) => sum + count.chunks, 0);
    // A burst of hundreds of chunks per step arrives in a few reads of the socket.
    expect(allEvents).toBeLessThan(allChunks / 2);
  });

  it('sends each chunk on its own when they come one at a time', async () => {
    const { events, campaign } = await runCampaign(5);
    expectTextAsSaved(events, campaign.steps);
    const creator = chunkCounts(events).get('CONTENT_CREATOR#1');
    expect(creator?.generated).toBeGreaterThan(50);
    // Allow a handful of merges where the machine stalled for longer than the 5 ms between chunks.
    expect(creator?.events).toBeGreaterThan((creator?.generated ?? 0) * 0.9);
  });

  it('sends one event per chunk when merging is switched off', async () => {
    const { events, campaign } = await runCampaign(0, { MERGE_TOKEN_CHUNKS: 'false' });
    expectTextAsSaved(events, campaign.steps);
    const tokens = events.filter((event) => event.__typename === 'TokenChunk');
    expect(tokens.every((event) => event.chunks === 1)).toBe(true);
    for (const count of chunkCounts(events).values()) expect(count.events).toBe(count.generated);
  });
});
