// Things that happen at once: many creates against the queue bound, two retries of one campaign,
// a cancel while the similarity to earlier campaigns is being measured, and a database write
// that fails while a campaign's end is being recorded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blogInput, createCampaign, followEvents, runToEnd } from './support/campaigns.js';
import { graphql, graphqlData, wsClient } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

const create = 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';

describe('the queue bound under concurrent creates', () => {
  let ollama: OllamaStandIn;
  let server: TestServer;
  beforeAll(async () => {
    ollama = await startOllamaStandIn({ chat: () => ({ hang: true }) });
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, PIPELINE_CONCURRENCY: '1', QUEUE_LIMIT: '3' });
  });
  afterAll(async () => {
    await server.stop();
    await ollama.close();
  });

  it('never lets more than QUEUE_LIMIT wait, however many arrive at once', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => graphql(server.graphqlUrl, create, { input: blogInput })));
    const accepted = results.filter((result) => !result.errors);
    const refused = results.filter((result) => result.errors);
    // One may already be running (PIPELINE_CONCURRENCY 1), three may wait.
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    expect(accepted.length).toBeLessThanOrEqual(4);
    expect(refused.every((result) => result.errors?.[0]?.extensions?.code === 'QUEUE_FULL')).toBe(true);
    expect(await server.prisma.campaign.count()).toBe(accepted.length);
  });
});

describe('retry, cancel and failing writes', () => {
  let ollama: OllamaStandIn;
  let server: TestServer;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    ollama = await startOllamaStandIn();
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, LLM_RETRIES: '0' });
  });
  afterAll(async () => {
    await server.stop();
    await ollama.close();
    process.off('unhandledRejection', onUnhandled);
  });

  it('makes one new run of two retries sent at once', async () => {
    ollama.options.chat = () => ({ errorStatus: 400, errorMessage: 'invalid options' });
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    expect((await runToEnd(server.graphqlUrl, id)).at(-1)).toMatchObject({ status: 'FAILED' });
    ollama.options.chat = () => ({ hang: true });
    const before = await server.prisma.campaign.findUniqueOrThrow({ where: { id } });
    const retry = 'mutation ($id: ID!) { retryCampaign(id: $id) { id status } }';
    const results = await Promise.all(Array.from({ length: 5 }, () => graphql(server.graphqlUrl, retry, { id })));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    for (const refused of results.filter((result) => result.errors)) {
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    const after = await server.prisma.campaign.findUniqueOrThrow({ where: { id } });
    expect(after.runNumber).toBe(before.runNumber + 1);
    await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id });
    ollama.options.chat = undefined;
  });

  it('cancels within 2 s while the similarity to earlier campaigns is being measured', async () => {
    const earlier = await createCampaign(server.graphqlUrl, blogInput);
    expect((await runToEnd(server.graphqlUrl, earlier.id)).at(-1)).toMatchObject({ status: 'COMPLETED' });
    ollama.options.embedHang = true;
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      const client = wsClient(server.graphqlUrl);
      let cancelledAt = 0;
      const events = await followEvents(client, id, 0, (event) => {
        // The draft is measured (similarity included) before the Brand Manager starts.
        if (event.__typename === 'StepCompleted' && event.role === 'CONTENT_CREATOR' && cancelledAt === 0) {
          cancelledAt = performance.now();
          void graphql(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id });
        }
      });
      await client.dispose();
      expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'CANCELLED' });
      expect(performance.now() - cancelledAt).toBeLessThan(2000);
    } finally {
      ollama.options.embedHang = false;
    }
  });

  it('keeps serving, with no unhandled rejection, when recording how a run stopped fails', async () => {
    ollama.options.chat = () => ({ tokenDelayMs: 20 });
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const client = wsClient(server.graphqlUrl);
    const started = new Promise<void>((resolve) => {
      void followEvents(client, id, 0, (event) => {
        if (event.__typename === 'TokenChunk') resolve();
      }).catch(() => {});
    });
    await started;
    // The rows disappear under the running campaign: every write about it now fails.
    await server.prisma.campaign.delete({ where: { id } });
    ollama.options.chat = undefined;
    await client.dispose();
    // Stopping interrupts the run, whose end cannot be recorded any more.
    await server.pipeline.stop();
    expect(unhandled).toEqual([]);
  });
});
