// A queued campaign says where it waits, and moves up as the ones before it leave.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { blogInput, createCampaign } from './support/campaigns.js';
import { graphqlData } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;

beforeAll(async () => {
  ollama = await startOllamaStandIn({ defaults: { hang: true } });
  server = await startTestServer({ OLLAMA_HOST: ollama.url, PIPELINE_CONCURRENCY: '1' });
});
afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

const stateOf = async (id: string) =>
  (await graphqlData(server.graphqlUrl, 'query ($id: ID!) { campaign(id: $id) { status queuePosition } }', { id })).campaign;
const cancel = (id: string) => graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id });

it('numbers the waiting campaigns from 1 and moves them up', async () => {
  const ids: string[] = [];
  for (const brief of ['The first campaign in line', 'The second campaign in line', 'The third campaign in line']) {
    ids.push((await createCampaign(server.graphqlUrl, { ...blogInput, brief })).id);
  }
  const [running, next, last] = ids as [string, string, string];
  await expect.poll(() => stateOf(running)).toEqual({ status: 'RUNNING', queuePosition: null });
  await expect(stateOf(next)).resolves.toEqual({ status: 'QUEUED', queuePosition: 1 });
  await expect(stateOf(last)).resolves.toEqual({ status: 'QUEUED', queuePosition: 2 });

  await cancel(running);
  await expect.poll(() => stateOf(next)).toEqual({ status: 'RUNNING', queuePosition: null });
  await expect(stateOf(last)).resolves.toEqual({ status: 'QUEUED', queuePosition: 1 });
  await cancel(next);
  await cancel(last);
  await expect(stateOf(last)).resolves.toEqual({ status: 'CANCELLED', queuePosition: null });
});
