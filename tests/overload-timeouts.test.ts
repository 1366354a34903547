// A saturated server must slow down, never fail campaigns: its timeouts count the model's
// time, not the server's own. The test blocks its own event loop, where startTestServer runs
// the server, while the Ollama stand-in (on a thread of its own) keeps streaming on time: the
// chunks wait unread in the socket, as they do when the server is 100 % busy.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OllamaHostPool } from '../server/llm/host-pool.js';
import { blogInput, type CampaignEventData, createCampaign, followEvents, getCampaign, whenChunksReach } from './support/campaigns.js';
import { wsClient } from './support/graphql.js';
import { type OllamaStandInThread, startOllamaStandInThread } from './support/ollama-standin-thread.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

/** The server's event loop held for `ms`: nothing is read, no timer runs. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose
  }
}

/** About 60 chunks, 20 ms apart, per prose reply: the draft streams for over a second. */
const streaming = { tokenDelayMs: 20, charsPerChunk: 80 };

const timeouts = {
  LLM_TIMEOUT_MS: '300',
  LLM_FIRST_TOKEN_TIMEOUT_MS: '300',
  LLM_STEP_TIMEOUT_MS: '2000',
  // No retries: any timeout that fires shows as a failed step and a failed or degraded campaign.
  LLM_RETRIES: '0',
};

/** Runs a blog campaign, calling `onEvent` on each event as the test's subscriber gets it (in the server's thread). */
async function runCampaign(server: TestServer, onEvent: (event: CampaignEventData) => void) {
  const client = wsClient(server.graphqlUrl);
  try {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const events = await followEvents(client, id, 0, onEvent);
    return { events, campaign: await getCampaign(server.graphqlUrl, id) };
  } finally {
    await client.dispose();
  }
}

describe('a server too busy to read its model on time', () => {
  let standIn: OllamaStandInThread;
  let server: TestServer;

  beforeAll(async () => {
    standIn = await startOllamaStandInThread({ persona: 'perfect', defaults: streaming });
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: standIn.url, ...timeouts });
  });
  afterAll(async () => {
    await server?.stop();
    await standIn?.close();
  });

  it('takes longer and completes: no timeout counts the time the server itself was busy', async () => {
    const stalls: string[] = [];
    const tenthChunk = whenChunksReach('CONTENT_CREATOR', 10);
    const { campaign, events } = await runCampaign(server, (event) => {
      // Past the first-token timeout, while the first request is under way.
      if (event.__typename === 'StepStarted' && stalls.length === 0) {
        stalls.push('first step started');
        busyFor(1000);
      }
      // Past the idle timeout, twice mid-stream: the step then takes longer than LLM_STEP_TIMEOUT_MS.
      const draftChunk = event.__typename === 'TokenChunk' && event.role === 'CONTENT_CREATOR';
      if ((stalls.length === 1 && tenthChunk(event)) || (stalls.length === 2 && draftChunk)) {
        stalls.push('draft streaming');
        busyFor(1000);
      }
    });
    expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', error: null });
    expect(stalls).toEqual(['first step started', 'draft streaming', 'draft streaming']);
    expect(
      campaign.steps.map((step: { role: string; status: string; error: string | null }) => [step.role, step.status, step.error]),
    ).toEqual(campaign.steps.map((step: { role: string }) => [step.role, 'COMPLETED', null]));
    expect(campaign.draftKeptReason).toBeNull();
    // In wall time the draft took longer than the step timeout: the stalls did hold it up.
    const draft = campaign.steps.find((step: { role: string }) => step.role === 'CONTENT_CREATOR');
    expect(draft.durationMs).toBeGreaterThan(Number(timeouts.LLM_STEP_TIMEOUT_MS));
  });

  it.each([
    ['goes quiet mid-reply', { tokenDelayMs: 1000 }, /did not answer in time .*\(no answer for 300 ms\)/],
    ['never answers', { hang: true }, /did not answer in time .*\(no first token for 300 ms\)/],
  ])('still gives up on a model that %s, busy server or not', async (_, behaviour, reason) => {
    await standIn.setDefaults(behaviour);
    try {
      let stalled = false;
      const { campaign } = await runCampaign(server, (event) => {
        if (event.__typename === 'StepStarted' && !stalled) {
          stalled = true;
          busyFor(1000);
        }
      });
      expect(stalled).toBe(true);
      expect(campaign.status).toBe('FAILED');
      expect(campaign.error).toMatch(reason);
      expect(campaign.steps).toHaveLength(1);
      expect(campaign.steps[0]).toMatchObject({ role: 'CONTENT_CREATOR', status: 'FAILED', error: expect.stringMatching(reason) });
    } finally {
      await standIn.setDefaults(streaming);
    }
  });
});

describe('a host probe answered while the server was busy', () => {
  it('is not late: the host stays up', async () => {
    const standIn = await startOllamaStandInThread();
    try {
      const pool = new OllamaHostPool([standIn.url], { probeTimeoutMs: 300 });
      const probed = pool.status();
      await nextTurn(); // the probe's requests are on their way
      busyFor(1000);
      const [host] = await probed;
      expect(host).toMatchObject({ ok: true, message: null });
    } finally {
      await standIn.close();
    }
  });
});

describe('a kept-alive connection the host closed while the server still counted it open', () => {
  let standIn: OllamaStandInThread;
  let server: TestServer;

  beforeAll(async () => {
    standIn = await startOllamaStandInThread({ persona: 'perfect', defaults: streaming, closesKeptAliveOnce: true });
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: standIn.url, ...timeouts });
  });
  afterAll(async () => {
    await server?.stop();
    await standIn?.close();
  });

  it('is not the host failing: the request goes out again on another connection', async () => {
    const { campaign, events } = await runCampaign(server, () => {});
    expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', error: null });
    expect(campaign.steps.filter((step: { status: string }) => step.status !== 'COMPLETED')).toEqual([]);
    expect(await standIn.closedKeptAlive()).toBe(true);
  });
});
