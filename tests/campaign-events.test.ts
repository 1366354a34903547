import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertGapFree,
  blogInput,
  type CampaignEventData,
  campaignEventsSubscription,
  createCampaign,
  followEvents,
  followOverSse,
  getCampaign,
  runToEnd,
  streamedText,
} from './support/campaigns.js';
import { followCampaignUpdates, wsClient } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, temporaryDatabase, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;

beforeAll(async () => {
  // Slow enough that subscribers can join mid-run.
  ollama = await startOllamaStandIn({ defaults: { tokenDelayMs: 1 } });
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url });
});
afterAll(async () => {
  await server.stop();
  await ollama.close();
});

describe('campaignEvents', () => {
  it('gives two concurrent subscribers the same gap-free sequence, and a late one what it missed', async () => {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const first = wsClient(server.graphqlUrl);
    const second = wsClient(server.graphqlUrl);
    const late = wsClient(server.graphqlUrl);
    try {
      let lateJoin: Promise<CampaignEventData[]> | undefined;
      const onEvent = (event: CampaignEventData) => {
        // Join while the Brand Manager is working: hundreds of events have gone by.
        if (!lateJoin && event.__typename === 'StepStarted' && event.role === 'BRAND_MANAGER') lateJoin = followEvents(late, id);
      };
      const [a, b] = await Promise.all([followEvents(first, id, 0, onEvent), followEvents(second, id)]);
      const c = await (lateJoin as Promise<CampaignEventData[]>);
      expect(a.length).toBeGreaterThan(1000);
      expect(assertGapFree(a)).toBe(true);
      expect(b).toEqual(a);
      expect(c).toEqual(a);
      expect(a.at(-1)?.__typename).toBe('CampaignFinished');
    } finally {
      await Promise.all([first.dispose(), second.dispose(), late.dispose()]);
    }
  });

  it('resumes after afterSeq without repeating or skipping an event', async () => {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const client = wsClient(server.graphqlUrl);
    try {
      const head: CampaignEventData[] = [];
      // Read the first 200 events, drop the connection, reconnect from the last seq.
      await new Promise<void>((resolve, reject) => {
        const stop = client.subscribe<{ campaignEvents: CampaignEventData }>(
          { query: campaignEventsSubscription, variables: { id, after: 0 } },
          {
            next: (result) => {
              if (result.data) head.push(result.data.campaignEvents);
              if (head.length === 200) {
                stop();
                resolve();
              }
            },
            error: reject,
            complete: () => resolve(),
          },
        );
      });
      const tail = await followEvents(client, id, head.at(-1)?.seq ?? 0);
      const all = [...head, ...tail];
      expect(assertGapFree(all)).toBe(true);
      const campaign = await getCampaign(server.graphqlUrl, id);
      const texts = streamedText(all);
      // What streamed is what the model sent (the saved text may be cleaned of chatter).
      for (const step of campaign.steps) expect(texts.get(`${step.role}#${step.attempt}`)).toBe(step.rawOutput ?? step.output);
    } finally {
      await client.dispose();
    }
  });

  it('streams over Server-Sent Events too', async () => {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const events = await followOverSse(server.graphqlUrl, id);
    expect(assertGapFree(events)).toBe(true);
    expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
  });

  it('replays a finished campaign exactly as it streamed, after a restart, from any afterSeq', async () => {
    // A server that ran the campaign, then a fresh one on the same database: it has no live log,
    // so the replay comes from the kept log, with the same seq numbers and the same chunks.
    const database = await temporaryDatabase();
    const first = await startTestServer({ OLLAMA_HOST: ollama.url, DATABASE_URL: database.url });
    const { id } = await createCampaign(first.graphqlUrl, blogInput);
    const live = await runToEnd(first.graphqlUrl, id);
    await first.stop();
    const restarted = await startTestServer({ OLLAMA_HOST: ollama.url, DATABASE_URL: database.url });
    const client = wsClient(restarted.graphqlUrl);
    try {
      const comparable = (events: CampaignEventData[]) => events.map(({ at: _at, ...event }) => event);
      expect(comparable(await followEvents(client, id))).toEqual(comparable(live));
      // A subscriber that dropped mid-stream gets exactly the rest, chunk for chunk.
      const middle = Math.floor(live.length / 2);
      const rest = await followEvents(client, id, middle, undefined, live[0]?.run);
      expect(comparable(rest)).toEqual(comparable(live.slice(middle)));
    } finally {
      await client.dispose();
      await restarted.stop();
      await database.remove();
    }
  });

  it('tells a campaign from before event logs were kept again from its steps', async () => {
    const database = await temporaryDatabase();
    // Such campaigns ran their reviewers one after the other.
    const first = await startTestServer({ OLLAMA_HOST: ollama.url, DATABASE_URL: database.url, PARALLEL_REVIEWERS: 'false' });
    const { id } = await createCampaign(first.graphqlUrl, blogInput);
    const live = await runToEnd(first.graphqlUrl, id);
    await first.prisma.campaignEventLog.deleteMany({ where: { campaignId: id } });
    await first.stop();
    const restarted = await startTestServer({ OLLAMA_HOST: ollama.url, DATABASE_URL: database.url });
    try {
      const replayed = await runToEnd(restarted.graphqlUrl, id);
      expect(assertGapFree(replayed)).toBe(true);
      const kinds = (events: CampaignEventData[]) =>
        events
          .filter((event) => event.__typename !== 'TokenChunk')
          .map((event) => `${event.__typename}:${event.role ?? event.stage ?? event.status}`);
      expect(kinds(replayed)).toEqual(kinds(live));
      expect(streamedText(replayed)).toEqual(streamedText(live));
    } finally {
      await restarted.stop();
      await database.remove();
    }
  });

  it('answers an unknown campaign with NOT_FOUND', async () => {
    const client = wsClient(server.graphqlUrl);
    try {
      await expect(followEvents(client, 'no-such-campaign')).rejects.toThrow(/NOT_FOUND/);
    } finally {
      await client.dispose();
    }
  });
});

describe('campaignUpdates', () => {
  it('announces each status change of a campaign', async () => {
    const client = wsClient(server.graphqlUrl);
    try {
      const updates = await followCampaignUpdates(client);
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      await updates.reached(id, 'COMPLETED');
      expect(updates.statusesOf(id)).toEqual(['QUEUED', 'RUNNING', 'COMPLETED']);
    } finally {
      await client.dispose();
    }
  });
});
