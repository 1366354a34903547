// A retried campaign's duration is its last run's: the time it sat cancelled is not counted.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { blogInput, createCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;

beforeAll(async () => {
  ollama = await startOllamaStandIn({ defaults: { tokenDelayMs: 0 } });
  server = await startTestServer({ OLLAMA_HOST: ollama.url });
});
afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

it('times a retried campaign from the start of its new run', async () => {
  const url = server.graphqlUrl;
  let writerAsked: () => void = () => {};
  const asked = new Promise<void>((resolve) => {
    writerAsked = resolve;
  });
  ollama.options.chat = () => {
    writerAsked();
    return { hang: true };
  };
  const { id } = await createCampaign(url, blogInput);
  await asked;
  const cancelled = await graphqlData(url, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id finishedAt } }', { id });
  ollama.options.chat = undefined;
  // Cancelled for a while before the retry (the gap a duration must not count).
  const idleUntil = Date.parse(cancelled.cancelCampaign.finishedAt) + 1500;
  while (Date.now() < idleUntil) await new Promise((resolve) => setTimeout(resolve, 100));

  await graphqlData(url, 'mutation ($id: ID!) { retryCampaign(id: $id) { id } }', { id });
  await runToEnd(url, id);
  const { campaign } = await graphqlData(url, 'query ($id: ID!) { campaign(id: $id) { status startedAt finishedAt durationMs } }', { id });
  expect(campaign.status).toBe('COMPLETED');
  expect(Date.parse(campaign.startedAt)).toBeGreaterThanOrEqual(idleUntil);
  expect(campaign.durationMs).toBe(Date.parse(campaign.finishedAt) - Date.parse(campaign.startedAt));
});
