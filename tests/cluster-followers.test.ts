// One subscription, never reconnected, follows a campaign through fail-over: whichever instance
// resumes it (after a SIGKILL, a SIGTERM hand-back or a retry), the subscriber gets the new run
// from its first event and the CampaignFinished, over graphql-ws and over SSE, on every survivor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentOf,
  assertGapFree,
  blogInput,
  type CampaignEventData,
  createCampaign,
  followEvents,
  followOverSse,
  whenChunksReach,
} from './support/campaigns.js';
import { backToThree, type Cluster, startCluster, waitForHolder } from './support/cluster.js';
import { graphqlData, wsClient } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { type SpawnedServer, withoutRateLimits } from './support/server.js';
import { requirePostgres, requireRedis } from './support/services.js';

const file = 'tests/cluster-followers.test.ts';
const ready = (await requirePostgres(file)) && (await requireRedis(file));

let ollama: OllamaStandIn;
let cluster: Cluster;

interface Follower {
  over: string;
  instance: SpawnedServer;
  /** Resolves with every event once the subscription completes by itself. */
  done: Promise<CampaignEventData[]>;
}

/** One subscription over graphql-ws and one over SSE on each instance, from the campaign's first event. */
function followOnEach(instances: SpawnedServer[], campaignId: string, onEvent?: (event: CampaignEventData) => void): Follower[] {
  return instances.flatMap((instance) => {
    const client = wsClient(instance.graphqlUrl);
    const overWs = followEvents(client, campaignId, 0, onEvent).finally(() => client.dispose());
    const overSse = followOverSse(instance.graphqlUrl, campaignId, 0, onEvent);
    // The followers on an instance that is killed fail with it: only the survivors' are awaited.
    for (const done of [overWs, overSse]) done.catch(() => {});
    return [
      { over: 'graphql-ws', instance, done: overWs },
      { over: 'SSE', instance, done: overSse },
    ];
  });
}

/** What each follower on a surviving instance saw: the first run, then all of run 2 and its end. */
async function expectSecondRunToTheEnd(followers: Follower[], survivors: SpawnedServer[]): Promise<void> {
  const watched = followers.filter((follower) => survivors.includes(follower.instance));
  expect(watched).toHaveLength(survivors.length * 2);
  for (const follower of watched) {
    const events = await follower.done;
    const context = `${follower.over} on an instance that survived`;
    expect(
      events.some((event) => event.run === 1),
      context,
    ).toBe(true);
    const secondRun = events.filter((event) => event.run === 2);
    expect(secondRun[0], context).toMatchObject({ seq: 1, __typename: 'StepStarted' });
    expect(assertGapFree(secondRun), context).toBe(true);
    expect(events.at(-1), context).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', run: 2 });
    expect(
      events.filter((event) => event.__typename === 'CampaignFinished'),
      context,
    ).toHaveLength(1);
    // Once the second run began, nothing of the first came any more.
    const secondStart = events.indexOf(secondRun[0] as CampaignEventData);
    expect(
      events.slice(secondStart).every((event) => event.run === 2),
      context,
    ).toBe(true);
  }
}

const slowOptimizer = (request: Parameters<NonNullable<OllamaStandIn['options']['chat']>>[0]) =>
  agentOf(request) === 'OPTIMIZER' ? { tokenDelayMs: 10 } : undefined;

beforeAll(async () => {
  if (!ready) return;
  ollama = await startOllamaStandIn();
  cluster = await startCluster(ollama.url, { ...withoutRateLimits, PIPELINE_CONCURRENCY: '1' });
}, 120_000);
afterAll(async () => {
  await cluster?.remove();
  await ollama?.close();
});

describe.skipIf(!ready)('a subscriber on any instance follows a campaign through fail-over', { timeout: 240_000 }, () => {
  it('subscribed before the first run started, it gets run 2 and the end after the running instance is killed (SIGKILL)', async () => {
    // Every instance busy with a campaign that stalls: the one followed waits in the queue.
    const stalled = (request: Parameters<typeof slowOptimizer>[0]) =>
      request.messages.some((message) => message.content.includes('stalled on purpose')) ? { hang: true } : undefined;
    ollama.options.chat = (request) => stalled(request) ?? slowOptimizer(request);
    try {
      const blockers = await Promise.all(
        cluster.instances.map((instance, index) =>
          createCampaign(instance.graphqlUrl, { ...blogInput, brief: `${blogInput.brief}, stalled on purpose #${index}` }),
        ),
      );
      for (const { id } of blockers) await waitForHolder(cluster, id);
      const [first] = cluster.instances as [SpawnedServer];
      const { id, status } = await createCampaign(first.graphqlUrl, blogInput);
      expect(status).toBe('QUEUED');

      let killed: Promise<unknown> | undefined;
      let holder: SpawnedServer | undefined;
      const reached = whenChunksReach('OPTIMIZER', 20);
      const followers = followOnEach(cluster.instances, id, (event) => {
        if (!killed && holder && reached(event)) {
          ollama.options.chat = stalled;
          killed = holder.stop('SIGKILL');
        }
      });
      // The followers wait on a run that has not started; freeing the instances starts it.
      for (const { id: blocker } of blockers) {
        await graphqlData(first.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { status } }', { id: blocker });
      }
      holder = await waitForHolder(cluster, id);
      const survivors = cluster.instances.filter((instance) => instance !== holder);
      await expectSecondRunToTheEnd(followers, survivors);
      expect(killed).toBeDefined();
      await killed;
    } finally {
      ollama.options.chat = undefined;
      await backToThree(cluster);
    }
  });

  it('subscribed mid-run, it gets run 2 and the end after the running instance hands the campaign back (SIGTERM)', async () => {
    ollama.options.chat = slowOptimizer;
    try {
      const { id } = await createCampaign((cluster.instances[0] as SpawnedServer).graphqlUrl, blogInput);
      const holder = await waitForHolder(cluster, id);
      const survivors = cluster.instances.filter((instance) => instance !== holder);
      let stopped: Promise<unknown> | undefined;
      const reached = whenChunksReach('OPTIMIZER', 20);
      const followers = followOnEach(survivors, id, (event) => {
        if (!stopped && reached(event)) {
          ollama.options.chat = undefined;
          stopped = holder.stop('SIGTERM');
        }
      });
      await expectSecondRunToTheEnd(followers, survivors);
      expect(await stopped).toBe(0);
    } finally {
      ollama.options.chat = undefined;
      await backToThree(cluster);
    }
  });

  it('following a failed campaign from where it left off, it gets the run that retryCampaign started on another instance', async () => {
    ollama.options.chat = () => ({ errorStatus: 500, errorMessage: 'model runner has unexpectedly stopped' });
    const [a, b, c] = cluster.instances as [SpawnedServer, SpawnedServer, SpawnedServer];
    let firstRun: CampaignEventData[];
    let id: string;
    try {
      ({ id } = await createCampaign(a.graphqlUrl, blogInput));
      firstRun = await followOverSse(b.graphqlUrl, id);
      expect(firstRun.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'FAILED', run: 1 });
    } finally {
      ollama.options.chat = undefined;
    }
    const last = firstRun.at(-1) as CampaignEventData;
    const retried = await graphqlData(c.graphqlUrl, 'mutation ($id: ID!) { retryCampaign(id: $id) { status run } }', { id });
    expect(retried.retryCampaign).toEqual({ status: 'QUEUED', run: 2 });
    const client = wsClient(b.graphqlUrl);
    try {
      const [overWs, overSse] = await Promise.all([
        followEvents(client, id, last.seq, undefined, last.run),
        followOverSse(a.graphqlUrl, id, last.seq, undefined, last.run),
      ]);
      for (const events of [overWs, overSse]) {
        expect(events[0]).toMatchObject({ run: 2, seq: 1 });
        expect(assertGapFree(events)).toBe(true);
        expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', run: 2 });
      }
    } finally {
      await client.dispose();
    }
  });
});
