// The shared queue, cancels, rate limits and shutdown hand-back with a real Redis, one server
// process at a time (two processes cannot share SQLite; tests/cluster.test.ts runs three on PostgreSQL).
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, blogInput, createCampaign, followEvents, getCampaign, runToEnd, whenChunksReach } from './support/campaigns.js';
import { graphql, graphqlData, type Json, wsClient } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { removeKeys, requireRedis, startOwnRedis, testKeyPrefix, testRedisUrl } from './support/redis-isolation.js';
import { spawnServer, startTestServer, temporaryDatabase, withoutRateLimits } from './support/server.js';

const redisUp = await requireRedis('tests/redis-queue.test.ts');

let ollama: OllamaStandIn;
beforeAll(async () => {
  ollama = await startOllamaStandIn();
});
afterAll(() => ollama?.close());

/** The Optimizer streams slowly, so a test can act while it runs. */
const slowOptimizer = (request: { messages: { role: string; content: string }[] }) =>
  agentOf(request) === 'OPTIMIZER' ? { tokenDelayMs: 10 } : undefined;

async function jobsIn(prefix: string, list: 'wait' | 'active'): Promise<string[]> {
  const redis = new Redis(testRedisUrl);
  try {
    return await redis.lrange(`${prefix}bull:campaigns:${list}`, 0, -1);
  } finally {
    redis.disconnect();
  }
}

async function queuePosition(graphqlUrl: string, id: string): Promise<number | null> {
  return (await graphqlData(graphqlUrl, 'query ($id: ID!) { campaign(id: $id) { queuePosition } }', { id })).campaign.queuePosition;
}

describe('an unreachable Redis at start', () => {
  it('stops the server with one line naming the URL without its password and what to check', async () => {
    const database = await temporaryDatabase();
    try {
      const start = spawnServer({ DATABASE_URL: database.url, REDIS_URL: 'redis://app:s3cret-pw@127.0.0.1:9/2' });
      const error: Error = await start.then(
        () => new Error('the server started'),
        (failure: Error) => failure,
      );
      expect(error.message).toMatch(/exited \(1\)/);
      const lines = error.message.split('\n').filter((line) => line.includes('Redis'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Cannot reach Redis at redis:\/\/app:\*\*\*@127\.0\.0\.1:9\/2 \(REDIS_URL\): connect ECONNREFUSED/);
      expect(lines[0]).toMatch(/Check that Redis is running/);
      expect(error.message).not.toContain('s3cret-pw');
    } finally {
      await database.remove();
    }
  });
});

describe.skipIf(!redisUp)('one server on the shared queue', { timeout: 120_000 }, () => {
  it('runs campaigns through BullMQ, cancels a waiting and a running one, and leaves no job behind', async () => {
    const prefix = testKeyPrefix();
    ollama.options.chat = slowOptimizer;
    const server = await startTestServer({
      ...withoutRateLimits,
      OLLAMA_HOST: ollama.url,
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: prefix,
      PIPELINE_CONCURRENCY: '1',
    });
    const client = wsClient(server.graphqlUrl);
    try {
      const first = await createCampaign(server.graphqlUrl, blogInput);
      const second = await createCampaign(server.graphqlUrl, { ...blogInput, brief: `${blogInput.brief} (second)` });
      const third = await createCampaign(server.graphqlUrl, { ...blogInput, brief: `${blogInput.brief} (third)` });
      // One place: the first runs, the others wait in Redis.
      let optimizerChunks = 0;
      const firstEnded = followEvents(client, first.id, 0, (event) => {
        if (event.__typename === 'TokenChunk' && event.role === 'OPTIMIZER') optimizerChunks += Number(event.chunks ?? 1);
      });
      await expect.poll(() => optimizerChunks, { timeout: 60_000, interval: 50 }).toBeGreaterThan(5);
      expect(await jobsIn(prefix, 'active')).toEqual([first.id]);
      expect((await jobsIn(prefix, 'wait')).sort()).toEqual([second.id, third.id].sort());
      // As the web client shows it: 1 starts next, wherever a place frees first.
      const positions = () => Promise.all([first, second, third].map(({ id }) => queuePosition(server.graphqlUrl, id)));
      expect(await positions()).toEqual([null, 1, 2]);

      const cancelWaiting = await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { status error } }', {
        id: second.id,
      });
      expect(cancelWaiting.cancelCampaign).toEqual({ status: 'CANCELLED', error: 'Cancelled by the user before it started.' });
      expect(await jobsIn(prefix, 'wait')).toEqual([third.id]);
      expect(await positions()).toEqual([null, null, 1]);

      const cancelled = await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { status error } }', {
        id: first.id,
      });
      expect(cancelled.cancelCampaign).toEqual({ status: 'CANCELLED', error: 'Cancelled by the user.' });
      expect((await firstEnded).at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'CANCELLED' });

      ollama.options.chat = undefined;
      const thirdEvents = await runToEnd(server.graphqlUrl, third.id);
      expect(thirdEvents.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', run: 1 });
      // Finished jobs are removed, so a retry can queue the campaign again under its id.
      await expect.poll(() => jobsIn(prefix, 'active'), { timeout: 5000 }).toEqual([]);
      const retried = await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { retryCampaign(id: $id) { status } }', { id: first.id });
      expect(retried.retryCampaign.status).toBe('QUEUED');
      const retriedEvents = await runToEnd(server.graphqlUrl, first.id);
      expect(retriedEvents.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', run: 2 });
    } finally {
      ollama.options.chat = undefined;
      await client.dispose();
      await server.stop();
      await removeKeys(testRedisUrl, prefix);
    }
  });

  it('holds the rate limit across two instances sharing Redis', async () => {
    const prefix = testKeyPrefix();
    const environment = {
      OLLAMA_HOST: ollama.url,
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: prefix,
      RATE_LIMIT_MUTATIONS_PER_MINUTE: '4',
    };
    const a = await startTestServer(environment);
    const b = await startTestServer(environment);
    const mutate = (url: string) => graphql(url, 'mutation { deleteBrand(id: "no-such-brand") { id } }');
    try {
      for (const url of [a.graphqlUrl, b.graphqlUrl, a.graphqlUrl, b.graphqlUrl]) {
        const allowed = await mutate(url);
        expect(allowed.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
      // The fifth in the minute, whichever instance it reaches, is over the limit of 4.
      for (const url of [a.graphqlUrl, b.graphqlUrl]) {
        const refused = await mutate(url);
        expect(refused.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
        expect(refused.errors?.[0]?.message).toMatch(/the limit is 4 a minute/);
      }
    } finally {
      await a.stop();
      await b.stop();
      await removeKeys(testRedisUrl, prefix);
    }
  });
});

describe.skipIf(!redisUp)('a server stopped mid-run, with the shared queue', { timeout: 120_000 }, () => {
  it.each([
    ['SIGTERM hands the campaign back to the queue', 'SIGTERM'],
    ['SIGKILL leaves it locked until the lock expires', 'SIGKILL'],
  ] as const)('%s; the next instance resumes it from its saved steps as a new run', async (_how, signal) => {
    const prefix = testKeyPrefix();
    const database = await temporaryDatabase();
    const environment = {
      OLLAMA_HOST: ollama.url,
      DATABASE_URL: database.url,
      REDIS_URL: testRedisUrl,
      REDIS_KEY_PREFIX: prefix,
      QUEUE_LOCK_MS: '2000',
    };
    ollama.options.chat = slowOptimizer;
    try {
      const first = await spawnServer(environment);
      const { id } = await createCampaign(first.graphqlUrl, blogInput);
      const client = wsClient(first.graphqlUrl);
      const reached = whenChunksReach('OPTIMIZER', 20);
      const exitCode = await new Promise<number | null>((resolve, reject) => {
        followEvents(client, id, 0, (event) => {
          if (reached(event)) resolve(first.stop(signal));
        }).then(
          // The stream breaks off with the server: expected, unless it ended before the Optimizer got going.
          () => reject(new Error('the campaign ended before the Optimizer streamed 20 chunks')),
          () => {},
        );
      });
      await client.dispose();
      if (signal === 'SIGTERM') {
        expect(exitCode).toBe(0);
        // Handed back: waiting in Redis for any instance, not left to this one's next start.
        expect(await jobsIn(prefix, 'wait')).toEqual([id]);
      } else {
        expect(await jobsIn(prefix, 'active')).toEqual([id]);
      }
      const requestsBefore = ollama.chatRequests.length;
      ollama.options.chat = undefined;

      const second = await spawnServer(environment);
      // After a kill the campaign waits for its lock to expire; the new run starts then.
      if (signal === 'SIGKILL') {
        await expect.poll(() => second.output(), { timeout: 30_000, interval: 100 }).toMatch(/resuming a campaign another instance left/);
      }
      const watcher = wsClient(second.graphqlUrl);
      try {
        const events = await followEvents(watcher, id, 0, undefined, 2);
        expect(events[0]).toMatchObject({ run: 2, seq: 1 });
        expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', run: 2 });
        // The draft's finished steps were kept: the Optimizer is the first agent asked again.
        expect(ollama.chatRequests.slice(requestsBefore).map(agentOf)[0]).toBe('OPTIMIZER');
        const campaign = await getCampaign(second.graphqlUrl, id);
        const optimizerSteps = campaign.steps.filter((step: Json) => step.role === 'OPTIMIZER');
        expect(optimizerSteps.map((step: Json) => step.status)).toEqual(['FAILED', 'COMPLETED']);
        expect(optimizerSteps[0].error).toMatch(signal === 'SIGTERM' ? /shut down/ : /server running this campaign stopped/);
        const creators = campaign.steps.filter((step: Json) => step.role === 'CONTENT_CREATOR' && step.status === 'COMPLETED');
        expect(creators.length).toBeGreaterThan(0);
      } finally {
        await watcher.dispose();
        await second.stop();
      }
    } finally {
      ollama.options.chat = undefined;
      await database.remove();
      await removeKeys(testRedisUrl, prefix);
    }
  });
});

describe('a Redis outage while running', { timeout: 180_000 }, () => {
  it('fails creating with a clear error, loses no saved step, and recovers when Redis returns, even empty', async () => {
    const redis = await startOwnRedis();
    ollama.options.chat = slowOptimizer;
    const server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, REDIS_URL: redis.url, QUEUE_LOCK_MS: '2000' });
    const client = wsClient(server.graphqlUrl);
    const create = () =>
      graphql(server.graphqlUrl, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', { input: blogInput });
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      const reached = whenChunksReach('OPTIMIZER', 5);
      await new Promise<void>((resolve, reject) => {
        followEvents(client, id, 0, (event) => reached(event) && resolve()).then(
          () => reject(new Error('the campaign ended before the Optimizer streamed')),
          reject,
        );
      });
      const savedBefore = (await getCampaign(server.graphqlUrl, id)).steps.filter((step: Json) => step.status === 'COMPLETED');
      expect(savedBefore.length).toBeGreaterThan(3);
      await redis.kill();

      const refused = await create();
      expect(refused.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(refused.errors?.[0]?.message).toMatch(
        /^Creating a campaign could not be done: the store the servers share \(Redis\) is not answering/,
      );
      const { campaigns } = await graphqlData(server.graphqlUrl, '{ campaigns(first: 10) { totalCount } }');
      expect(campaigns.totalCount).toBe(1);

      // Back, but empty (no persistence): the campaign's hold is gone, so it is queued again from the database.
      await redis.start();
      ollama.options.chat = undefined;
      await expect
        .poll(async () => (await getCampaign(server.graphqlUrl, id)).status, { timeout: 90_000, interval: 500 })
        .toBe('COMPLETED');
      const campaign = await getCampaign(server.graphqlUrl, id);
      const key = (step: Json) => `${step.role}/${step.stage}/${step.attempt}`;
      const after = new Map<string, Json>(campaign.steps.map((step: Json) => [key(step), step]));
      expect(after.size).toBe(campaign.steps.length);
      for (const step of savedBefore) expect(after.get(key(step))).toMatchObject({ status: 'COMPLETED', output: step.output });

      // In service again: a new campaign is queued and runs.
      let next: Json | undefined;
      await expect
        .poll(
          async () => {
            next = (await create()).data?.createCampaign as Json | undefined;
            return next?.id;
          },
          { timeout: 15_000, interval: 200 },
        )
        .toBeTypeOf('string');
      expect((await runToEnd(server.graphqlUrl, next?.id)).at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
    } finally {
      ollama.options.chat = undefined;
      await client.dispose();
      await server.stop();
      await redis.close();
    }
  });
});
