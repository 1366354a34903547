// What a model writes is kept, on SQLite and on PostgreSQL alike (this suite runs on both).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { agentOf, blogInput, createCampaign, getCampaign, runToEnd, streamedText } from './support/campaigns.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({ OLLAMA_HOST: ollama.url, REVISION_ROUNDS: '1' });
});
afterAll(async () => {
  await server.stop();
  await ollama.close();
});

it('keeps a reply with NUL characters, which PostgreSQL cannot store, without them', async () => {
  const draft =
    '# Sustainable living\u0000 in the city\n\nUrban millennials can live sustainably\u0000 by buying less and repairing more. ' +
    'Start with one habit this week: carry a bottle, cook at home, take the train.';
  ollama.options.chat = (request) => (agentOf(request) === 'CONTENT_CREATOR' ? { reply: draft } : undefined);
  try {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const events = await runToEnd(server.graphqlUrl, id);
    expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
    const campaign = await getCampaign(server.graphqlUrl, id);
    const creator = campaign.steps.find((step: { role: string }) => step.role === 'CONTENT_CREATOR');
    expect(creator.output).toBe(draft.replaceAll('\u0000', ''));
    // Subscribers got the same text as was saved.
    expect(streamedText(events).get(`CONTENT_CREATOR#${creator.attempt}`)).toBe(creator.output);
  } finally {
    ollama.options.chat = undefined;
  }
});
