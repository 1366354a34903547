// A Redis that accepts connections but does not answer: a redis-server of the test's own, stopped
// with SIGSTOP. What needs Redis says so within a bound (SERVICE_UNAVAILABLE, in words naming
// Redis), what is saved stays readable, and once Redis answers again (SIGCONT) the server is back
// in service by itself.
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentOf,
  blogInput,
  campaignEventsSubscription,
  createCampaign,
  followEvents,
  getCampaign,
  runToEnd,
  whenChunksReach,
} from './support/campaigns.js';
import { type GraphQLResponse, graphql, graphqlData, type Json, wsClient } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { type OwnRedis, startOwnRedis } from './support/redis-isolation.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

/** What the server must keep to: REDIS_COMMAND_TIMEOUT_MS's default (2 s) with room to spare. */
const boundMs = 5000;
/** A request not answered by then had no answer at all (the test says so instead of hanging). */
const noAnswerMs = 12_000;

type Errors = NonNullable<GraphQLResponse['errors']>;

/** The request's outcome and how long it took, or 'no answer' past noAnswerMs. */
async function timed<T>(request: Promise<T>): Promise<{ outcome: T | 'no answer'; ms: number }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'no answer'>((resolve) => (timer = setTimeout(() => resolve('no answer'), noAnswerMs)));
  const outcome = await Promise.race([request, deadline]);
  clearTimeout(timer);
  return { outcome, ms: performance.now() - started };
}

const create = (url: string) =>
  graphql(url, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', { input: blogInput });

/** The errors a campaignEvents subscription ends with (after any events); it failing to end in errors fails the test. */
function subscriptionErrors(client: Client, id: string, afterSeq = 0): Promise<Errors> {
  return new Promise((resolve, reject) => {
    client.subscribe(
      { query: campaignEventsSubscription, variables: { id, after: afterSeq } },
      {
        next: (result) => result.errors && resolve(result.errors as Errors),
        error: (error) => (Array.isArray(error) ? resolve(error as Errors) : reject(error)),
        complete: () => reject(new Error('the subscription ended without an error')),
      },
    );
  });
}

const notAnsweringRedis = /\(Redis\) is not answering/;

describe('a Redis that accepts connections but does not answer', { timeout: 120_000 }, () => {
  let ollama: OllamaStandIn;
  let redis: OwnRedis;
  let server: TestServer;
  /** Two clients: one follows the running campaign, the other subscribes while Redis is frozen. */
  let client: Client;
  let lateClient: Client;

  beforeAll(async () => {
    ollama = await startOllamaStandIn();
    redis = await startOwnRedis();
    // One place, so that a third campaign waits in the queue.
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, REDIS_URL: redis.url, PIPELINE_CONCURRENCY: '1' });
    client = wsClient(server.graphqlUrl);
    lateClient = wsClient(server.graphqlUrl);
  });

  afterAll(async () => {
    redis?.thaw(); // a server cannot stop cleanly on a frozen Redis
    await client?.dispose();
    await lateClient?.dispose();
    await server?.stop();
    await redis?.close();
    await ollama?.close();
  });

  it('refuses what needs Redis within a bound, keeps what is saved, and recovers by itself', async () => {
    const done = await createCampaign(server.graphqlUrl, blogInput);
    const doneEvents = await runToEnd(server.graphqlUrl, done.id);
    expect(doneEvents.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
    const doneBefore = await getCampaign(server.graphqlUrl, done.id);

    // A second campaign is running (its Optimizer streams slowly) and a third waits when Redis freezes.
    ollama.options.chat = (request) => (agentOf(request) === 'OPTIMIZER' ? { tokenDelayMs: 20 } : undefined);
    const running = await createCampaign(server.graphqlUrl, blogInput);
    const reached = whenChunksReach('OPTIMIZER', 5);
    await new Promise<void>((resolve, reject) => {
      followEvents(client, running.id, 0, (event) => reached(event) && resolve()).then(
        () => reject(new Error('the campaign ended before the Optimizer streamed')),
        reject,
      );
    });
    const waiting = await createCampaign(server.graphqlUrl, blogInput);
    expect(waiting.status).toBe('QUEUED');
    const follower = subscriptionErrors(client, running.id);
    follower.catch(() => {}); // awaited below; this only keeps an early failure from also being reported as unhandled
    const savedBefore = (await getCampaign(server.graphqlUrl, running.id)).steps.filter((step: Json) => step.status === 'COMPLETED');
    expect(savedBefore.length).toBeGreaterThan(3);

    redis.freeze();
    const frozenAt = performance.now();

    const refused = await timed(create(server.graphqlUrl));
    expect(refused.outcome).not.toBe('no answer');
    const refusal = refused.outcome === 'no answer' ? undefined : refused.outcome.errors?.[0];
    expect(refusal?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(refusal?.message).toMatch(/^Creating a campaign could not be done: .*\(Redis\) is not answering; try again/);
    expect(refused.ms).toBeLessThan(boundMs);

    // A new subscriber to the running campaign is told too, as soon.
    const subscribed = await timed(subscriptionErrors(lateClient, running.id));
    expect(subscribed.outcome).not.toBe('no answer');
    expect(subscribed.outcome).toMatchObject([
      { message: expect.stringMatching(notAnsweringRedis), extensions: { code: 'SERVICE_UNAVAILABLE' } },
    ]);
    expect(subscribed.ms).toBeLessThan(boundMs);

    // The one already following it learns once its blocking read gives up (its wait, 5 s, plus the bound).
    const followed = await timed(follower);
    expect(followed.outcome).toMatchObject([
      { message: expect.stringMatching(notAnsweringRedis), extensions: { code: 'SERVICE_UNAVAILABLE' } },
    ]);
    expect(performance.now() - frozenAt).toBeLessThan(5000 + boundMs);

    // Where the waiting one stands is Redis's to say: that field is refused, the rest answers.
    const position = await timed(graphql(server.graphqlUrl, 'query ($id: ID!) { campaign(id: $id) { status queuePosition } }', waiting));
    expect(position.outcome).toMatchObject({
      data: { campaign: { status: 'QUEUED', queuePosition: null } },
      errors: [
        {
          path: ['campaign', 'queuePosition'],
          message: expect.stringMatching(notAnsweringRedis),
          extensions: { code: 'SERVICE_UNAVAILABLE' },
        },
      ],
    });
    expect(position.ms).toBeLessThan(boundMs);

    // What needs only the database still answers, and nothing saved is lost.
    const health = await timed(graphqlData(server.graphqlUrl, '{ health { database { ok } } }'));
    expect(health.outcome).toMatchObject({ health: { database: { ok: true } } });
    expect(await getCampaign(server.graphqlUrl, done.id)).toEqual(doneBefore);
    const { campaigns } = await graphqlData(server.graphqlUrl, '{ campaigns(first: 10) { totalCount } }');
    expect(campaigns.totalCount).toBe(3);

    redis.thaw();
    ollama.options.chat = undefined;
    let next: Json | undefined;
    await expect
      .poll(
        async () => {
          next = (await create(server.graphqlUrl)).data?.createCampaign as Json | undefined;
          return next?.id;
        },
        { timeout: 15_000, interval: 200 },
      )
      .toBeTypeOf('string');
    expect((await runToEnd(server.graphqlUrl, next?.id)).at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
    // The campaign that ran through the freeze finishes, with the steps it had saved, and the one that waited runs.
    await expect
      .poll(async () => (await getCampaign(server.graphqlUrl, running.id)).status, { timeout: 60_000, interval: 250 })
      .toBe('COMPLETED');
    await expect
      .poll(async () => (await getCampaign(server.graphqlUrl, waiting.id)).status, { timeout: 60_000, interval: 250 })
      .toBe('COMPLETED');
    const after = (await getCampaign(server.graphqlUrl, running.id)).steps as Json[];
    for (const step of savedBefore)
      expect(after).toContainEqual(expect.objectContaining({ role: step.role, stage: step.stage, output: step.output }));
  });

  it('stops a server starting on a frozen Redis with one line naming it', async () => {
    redis.freeze();
    try {
      const started = await timed(
        startTestServer({ REDIS_URL: redis.url }).then(
          async (stray) => stray.stop(),
          (error: Error) => error,
        ),
      );
      expect(started.outcome).toBeInstanceOf(Error);
      expect(String(started.outcome)).toMatch(new RegExp(`Cannot reach Redis at ${redis.url} \\(REDIS_URL\\): .*not answer`));
      expect(started.ms).toBeLessThan(2 * boundMs);
    } finally {
      redis.thaw();
    }
  });
});
