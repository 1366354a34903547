// Three real server processes on one PostgreSQL database and one Redis: the shared queue, a
// campaign resumed by another instance after a SIGKILL, a cancel through another instance, the
// cluster-wide concurrency, an approval through another instance, and the rate limit across instances.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, blogInput, type CampaignEventData, createCampaign, followEvents, getCampaign, runToEnd } from './support/campaigns.js';
import { backToThree, type Cluster, holderOf, startCluster as startThree } from './support/cluster.js';
import { graphql, graphqlData, type Json, wsClient } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { type SpawnedServer, withoutRateLimits } from './support/server.js';
import { requirePostgres, requireRedis, testRedisUrl } from './support/services.js';

const file = 'tests/cluster.test.ts';
const ready = (await requirePostgres(file)) && (await requireRedis(file));

let ollama: OllamaStandIn;
const cleanups: (() => Promise<void>)[] = [];

async function startCluster(settings: Record<string, string>): Promise<Cluster> {
  const cluster = await startThree(ollama.url, settings);
  cleanups.push(() => cluster.remove());
  return cluster;
}

/** Follows a campaign as the web client does: after a dropped connection, again from the last seq and run seen. */
async function followToTheEnd(instance: SpawnedServer, campaignId: string, onEvent?: (event: CampaignEventData) => void) {
  const events: CampaignEventData[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const last = events.at(-1);
    const client = wsClient(instance.graphqlUrl);
    try {
      await followEvents(
        client,
        campaignId,
        last?.seq ?? 0,
        (event) => {
          events.push(event);
          onEvent?.(event);
        },
        last?.run,
      );
    } catch {
      // Reconnects below.
    } finally {
      await client.dispose();
    }
    if (events.at(-1)?.__typename === 'CampaignFinished') return events;
  }
  throw new Error(`campaign ${campaignId} did not finish`);
}

const cancelMutation = 'mutation ($id: ID!) { cancelCampaign(id: $id) { status error } }';

beforeAll(async () => {
  ollama = await startOllamaStandIn();
});
afterAll(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
  await ollama?.close();
});

describe.skipIf(!ready)('three instances on one PostgreSQL and one Redis', { timeout: 300_000 }, () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(withoutRateLimits);
  }, 120_000);

  it('resumes on another instance, from the last saved step, a campaign whose instance was killed (SIGKILL)', async () => {
    ollama.options.chat = (request) => (agentOf(request) === 'OPTIMIZER' ? { tokenDelayMs: 10 } : undefined);
    try {
      const [a, b] = cluster.instances as [SpawnedServer, SpawnedServer, SpawnedServer];
      const requestsAtStart = ollama.chatRequests.length;
      const { id } = await createCampaign(a.graphqlUrl, blogInput);
      // Wait for the Optimizer to be streaming; the draft's steps are saved by then.
      await expect
        .poll(() => ollama.chatRequests.slice(requestsAtStart).filter((request) => agentOf(request) === 'OPTIMIZER').length, {
          timeout: 120_000,
          interval: 100,
        })
        .toBeGreaterThan(0);
      const holder = await holderOf(cluster, id);
      expect(holder).toBeDefined();
      const savedBefore = (await getCampaign(b.graphqlUrl, id)).steps.filter((step: Json) => step.status === 'COMPLETED');
      expect(savedBefore.length).toBeGreaterThan(3);
      const requestsBefore = ollama.chatRequests.length;
      await holder?.stop('SIGKILL');
      const survivors = cluster.instances.filter((instance) => instance !== holder);
      ollama.options.chat = undefined;

      // Another instance takes it once the lock expires and finishes it as run 2.
      await expect
        .poll(async () => (await getCampaign(survivors[0]?.graphqlUrl ?? '', id)).status, { timeout: 120_000, interval: 250 })
        .toBe('COMPLETED');
      const campaign = await getCampaign(survivors[1]?.graphqlUrl ?? '', id);
      const newHolderRan = ollama.chatRequests.slice(requestsBefore).map(agentOf);
      expect(newHolderRan[0]).toBe('OPTIMIZER');
      // Every step saved before the kill is still there, unchanged, and none was run twice.
      const key = (step: Json) => `${step.role}/${step.stage}/${step.attempt}`;
      const after = new Map<string, Json>(campaign.steps.map((step: Json) => [key(step), step]));
      expect(after.size).toBe(campaign.steps.length);
      for (const step of savedBefore) expect(after.get(key(step))).toMatchObject({ status: 'COMPLETED', output: step.output });
      const draftRoles = campaign.steps.filter((step: Json) => step.stage === 'DRAFT' && step.status === 'COMPLETED').map(key);
      expect(draftRoles.sort()).toEqual(
        savedBefore
          .filter((step: Json) => step.stage === 'DRAFT')
          .map(key)
          .sort(),
      );
      const optimizer = campaign.steps.filter((step: Json) => step.role === 'OPTIMIZER');
      expect(optimizer.map((step: Json) => step.status)).toEqual(['FAILED', 'COMPLETED']);
      expect(optimizer[0].error).toMatch(/server running this campaign stopped/);
      const resumedBy = survivors.filter((instance) => /resuming a campaign another instance left/.test(instance.output()));
      expect(resumedBy).toHaveLength(1);
    } finally {
      ollama.options.chat = undefined;
      await backToThree(cluster);
    }
  });

  it('a campaign waiting at its draft gate is approved through an instance that did not run it, and its followers see it finish', async () => {
    const [a, b, c] = cluster.instances as [SpawnedServer, SpawnedServer, SpawnedServer];
    const requestsAtStart = ollama.chatRequests.length;
    const { id } = await createCampaign(a.graphqlUrl, { ...blogInput, approvalGates: ['DRAFT'] });
    // B follows it from the start: the first run ends at the gate, on whichever instance ran it.
    const firstRun = await runToEnd(b.graphqlUrl, id);
    expect(firstRun.at(-1)).toMatchObject({ __typename: 'ApprovalRequested', gate: 'DRAFT' });
    const gate = firstRun.at(-1) as CampaignEventData;
    const edited = `${gate.content}\n\nAdded at the gate: the Riverside repair café opens every Saturday.`;
    const approved = await graphqlData(
      c.graphqlUrl,
      'mutation ($id: ID!, $text: String!) { approveCampaign(id: $id, editedContent: $text, by: "Dana") { status approvals { gate decision by } } }',
      { id, text: edited },
    );
    expect(approved.approveCampaign).toEqual({ status: 'QUEUED', approvals: [{ gate: 'DRAFT', decision: 'APPROVED', by: 'Dana' }] });
    const [seenByA, seenByB] = await Promise.all([followToTheEnd(a, id), followToTheEnd(b, id)]);
    expect(seenByB).toEqual(seenByA);
    expect(seenByA.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
    // The Optimizer, wherever it ran, was given the approver's text.
    const optimizer = ollama.chatRequests.slice(requestsAtStart).filter((request) => agentOf(request) === 'OPTIMIZER');
    expect(optimizer.length).toBeGreaterThan(0);
    expect(optimizer.every((request) => request.messages.some((message) => message.content.includes('Riverside repair café')))).toBe(true);
    expect(await getCampaign(a.graphqlUrl, id)).toMatchObject({ status: 'COMPLETED' });
  });

  it('a cancel sent through another instance stops the run within 2 s', async () => {
    ollama.options.chat = () => ({ tokenDelayMs: 20 });
    try {
      const [a] = cluster.instances as [SpawnedServer];
      const { id } = await createCampaign(a.graphqlUrl, blogInput);
      let holder: SpawnedServer | undefined;
      await expect
        .poll(
          async () => {
            holder = await holderOf(cluster, id);
            return holder !== undefined && ollama.chatRequests.length > 0;
          },
          { timeout: 60_000, interval: 100 },
        )
        .toBe(true);
      const other = cluster.instances.find((instance) => instance !== holder) as SpawnedServer;
      const sentAt = performance.now();
      const { cancelCampaign } = await graphqlData(other.graphqlUrl, cancelMutation, { id });
      const tookMs = performance.now() - sentAt;
      expect(cancelCampaign).toEqual({ status: 'CANCELLED', error: 'Cancelled by the user.' });
      expect(tookMs).toBeLessThan(2000);
      const campaign = await getCampaign(other.graphqlUrl, id);
      expect(campaign.steps.at(-1)?.status).toBe('CANCELLED');
      await expect.poll(() => holderOf(cluster, id), { timeout: 5000 }).toBeUndefined();
    } finally {
      ollama.options.chat = undefined;
    }
  });

  it('runs 60 campaigns created through all three, never more than 6 at once, each exactly once', async () => {
    const redis = new Redis(testRedisUrl);
    let mostRunning = 0;
    const holders = new Set<string>();
    /** Each campaign's holders as sampled: one, if it ran exactly once. */
    const heldBy = new Map<string, Set<string>>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const active = await redis.lrange(`${cluster.prefix}bull:campaigns:active`, 0, -1);
        mostRunning = Math.max(mostRunning, active.length);
        for (const id of active) {
          // Gone already when it finished between the two reads.
          const name = await redis.hget(`${cluster.prefix}bull:campaigns:${id}`, 'pb');
          if (!name) continue;
          holders.add(name);
          heldBy.set(id, (heldBy.get(id) ?? new Set()).add(name));
        }
        await new Promise((resolveSample) => setTimeout(resolveSample, 20));
      }
    })();
    const completed = async () => {
      const { campaigns } = await graphqlData(
        cluster.instances[1]?.graphqlUrl ?? '',
        '{ campaigns(first: 1, status: COMPLETED) { totalCount } }',
      );
      return campaigns.totalCount as number;
    };
    try {
      const completedBefore = await completed();
      const created = await Promise.all(
        Array.from({ length: 60 }, (_, index) => {
          const instance = cluster.instances[index % 3] as SpawnedServer;
          return createCampaign(instance.graphqlUrl, { ...blogInput, brief: `${blogInput.brief} #${index}` });
        }),
      );
      expect(new Set(created.map(({ id }) => id)).size).toBe(60);
      const [, b] = cluster.instances as [SpawnedServer, SpawnedServer];
      await expect.poll(completed, { timeout: 280_000, interval: 1000 }).toBe(completedBefore + 60);
      sampling = false;
      await sampler;
      expect(mostRunning).toBeLessThanOrEqual(6);
      expect(mostRunning).toBeGreaterThan(2);
      for (const { id } of created) {
        const { campaign } = await graphqlData(
          b.graphqlUrl,
          'query ($id: ID!) { campaign(id: $id) { status run steps { role stage attempt } } }',
          {
            id,
          },
        );
        // Ran once: its first run, one Content Creator first draft, no step saved twice, one holder.
        expect(campaign).toMatchObject({ status: 'COMPLETED', run: 1 });
        const keys = campaign.steps.map((step: Json) => `${step.role}/${step.stage}/${step.attempt}`);
        expect(new Set(keys).size).toBe(keys.length);
        expect(keys.filter((key: string) => key === 'CONTENT_CREATOR/DRAFT/1')).toHaveLength(1);
        expect(heldBy.get(id)?.size ?? 1).toBe(1);
      }
      // Every instance ran a share.
      for (const instance of cluster.instances) expect([...holders].some((name) => name.endsWith(`:${instance.process.pid}`))).toBe(true);
    } finally {
      sampling = false;
      await sampler;
      redis.disconnect();
    }
  });
});

describe.skipIf(!ready)('the rate limit across three instances', { timeout: 120_000 }, () => {
  it('counts a client’s mutations on every instance together', async () => {
    const cluster = await startCluster({ RATE_LIMIT_MUTATIONS_PER_MINUTE: '6' });
    const mutate = (instance: SpawnedServer) => graphql(instance.graphqlUrl, 'mutation { deleteBrand(id: "no-such-brand") { id } }');
    for (const instance of [...cluster.instances, ...cluster.instances]) {
      expect((await mutate(instance)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    for (const instance of cluster.instances) {
      const refused = await mutate(instance);
      expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    }
  });
});
