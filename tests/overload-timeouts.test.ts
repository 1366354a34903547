// A saturated server must slow down, never fail campaigns: its timeouts count the model's
// time, not the server's own. The test blocks its own event loop, where startTestServer runs
// the server, while the Ollama stand-in (on a thread of its own) keeps streaming on time: the
// chunks wait unread in the socket, as they do when the server is 100 % busy.
import { createRequire } from 'node:module';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OllamaHostPool } from '../server/llm/host-pool.js';
import { blogInput, type CampaignEventData, createCampaign, followEvents, getCampaign, whenChunksReach } from './support/campaigns.js';
import { wsClient } from './support/graphql.js';
import { type OllamaStandInThread, startOllamaStandInThread } from './support/ollama-standin-thread.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

const require = createRequire(import.meta.url);

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

/**
 * A graphql-ws client on a thread of its own, as a browser is: it answers pings (50 ms later, so
 * that a pong arrives while the server's loop is held) or never.
 */
function clientThread(url: string, answersPings: boolean) {
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const WebSocket = require(workerData.ws);
    const socket = new WebSocket(workerData.url, 'graphql-transport-ws', { autoPong: false });
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init' })));
    socket.on('message', (message) => parentPort.postMessage({ message: JSON.parse(String(message)).type }));
    socket.on('close', (code) => parentPort.postMessage({ closed: code }));
    socket.on('ping', (data) => {
      parentPort.postMessage({ pinged: true });
      if (workerData.answersPings) setTimeout(() => socket.pong(data), 50);
    });
    parentPort.on('message', (type) => socket.send(JSON.stringify({ type })));
  `;
  const worker = new Worker(source, { eval: true, workerData: { url, answersPings, ws: require.resolve('ws') } });
  const next = (what: 'message' | 'closed' | 'pinged') =>
    new Promise<unknown>((resolve) => {
      const onMessage = (data: { message?: string; closed?: number; pinged?: boolean }) => {
        if (data[what] === undefined) return;
        worker.off('message', onMessage);
        resolve(data[what]);
      };
      worker.on('message', onMessage);
    });
  return { next, send: (type: string) => worker.postMessage(type), stop: () => worker.terminate() };
}

describe('WebSockets of a server too busy to read their pongs on time', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ WS_KEEPALIVE_MS: '200' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('stay open through stalls longer than the keep-alive; a client that never answers pings is dropped', async () => {
    const url = server.graphqlUrl.replace(/^http/, 'ws');
    const live = clientThread(url, true);
    const silent = clientThread(url, false);
    try {
      const liveClosed = live.next('closed');
      const silentClosed = silent.next('closed');
      expect(await Promise.all([live.next('message'), silent.next('message')])).toEqual(['connection_ack', 'connection_ack']);
      let liveClosedEarly = false;
      void liveClosed.then(() => (liveClosedEarly = true));
      // The silent client is dropped once a ping goes unanswered for a whole interval.
      expect(await silentClosed).toBe(1006);
      // Each stall starts as a ping arrives: its pong comes during the stall and waits unread.
      for (let stall = 0; stall < 3; stall++) {
        const pinged = await Promise.race([live.next('pinged'), liveClosed.then((code) => `closed with ${code}`)]);
        expect(pinged, `before stall ${stall + 1}`).toBe(true);
        busyFor(700);
        await nextTurn();
      }
      expect(liveClosedEarly).toBe(false);
      const pong = live.next('message');
      live.send('ping');
      expect(await Promise.race([pong, liveClosed.then((code) => `closed with ${code}`)])).toBe('pong');
    } finally {
      await live.stop();
      await silent.stop();
    }
  });
});
