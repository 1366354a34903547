// Editing a completed campaign's content in place, kept as versions, through the real API and downloads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blogInput, createCampaign, runToEnd } from './support/campaigns.js';
import { graphql, graphqlData } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;
let id: string;
let original: string;

const versionsQuery = 'query ($id: ID!) { campaign(id: $id) { content versions { number source content } } }';
const edit = 'mutation ($id: ID!, $content: String!) { editCampaignContent(id: $id, content: $content) { id content } }';
const restore = 'mutation ($id: ID!, $number: Int!) { restoreCampaignVersion(id: $id, number: $number) { id content } }';

beforeAll(async () => {
  ollama = await startOllamaStandIn({ defaults: { tokenDelayMs: 0 } });
  server = await startTestServer({ OLLAMA_HOST: ollama.url });
  id = (await createCampaign(server.graphqlUrl, blogInput)).id;
  await runToEnd(server.graphqlUrl, id);
  original = (await graphqlData(server.graphqlUrl, versionsQuery, { id })).campaign.content;
});
afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

describe('content versions', () => {
  it('lists the agents’ text as the one version of a campaign never edited', async () => {
    const { campaign } = await graphqlData(server.graphqlUrl, versionsQuery, { id });
    expect(campaign.versions).toEqual([{ number: 1, source: 'AGENTS', content: original }]);
  });

  it('saves an edit as a new version, keeps the agents’ text, and downloads the current version', async () => {
    const edited = `${original}\n\nOne more line, written by a person.`;
    const result = await graphqlData(server.graphqlUrl, edit, { id, content: edited });
    expect(result.editCampaignContent.content).toBe(edited);
    const { campaign } = await graphqlData(server.graphqlUrl, versionsQuery, { id });
    expect(campaign.versions).toEqual([
      { number: 1, source: 'AGENTS', content: original },
      { number: 2, source: 'EDIT', content: edited },
    ]);
    const download = await fetch(`${server.url}/campaigns/${id}/export.md`);
    expect(await download.text()).toContain('One more line, written by a person.');
  });

  it('restores an earlier version as a new one, overwriting nothing', async () => {
    const result = await graphqlData(server.graphqlUrl, restore, { id, number: 1 });
    expect(result.restoreCampaignVersion.content).toBe(original);
    const { campaign } = await graphqlData(server.graphqlUrl, versionsQuery, { id });
    expect(campaign.versions.map((version: { number: number; source: string }) => [version.number, version.source])).toEqual([
      [1, 'AGENTS'],
      [2, 'EDIT'],
      [3, 'RESTORE'],
    ]);
    const missing = await graphql(server.graphqlUrl, restore, { id, number: 9 });
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'number' });
  });

  it('refuses empty content and campaigns without finished content, changing nothing', async () => {
    const before = await graphqlData(server.graphqlUrl, versionsQuery, { id });
    const empty = await graphql(server.graphqlUrl, edit, { id, content: '  \n ' });
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'content' });
    expect(empty.errors?.[0]?.message).toContain('must not be empty');

    ollama.options.chat = () => ({ hang: true });
    const running = (await createCampaign(server.graphqlUrl, { ...blogInput, brief: 'A campaign still being written' })).id;
    const refused = await graphql(server.graphqlUrl, edit, { id: running, content: 'Too early' });
    expect(refused.errors?.[0]?.message).toMatch(/no finished content to edit yet/);
    await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id: running });
    ollama.options.chat = undefined;
    await expect(graphqlData(server.graphqlUrl, versionsQuery, { id })).resolves.toEqual(before);
  });

  it('keeps every one of several edits saved at the same moment, each as a version of its own', async () => {
    const before = (await graphqlData(server.graphqlUrl, versionsQuery, { id })).campaign.versions.length;
    const edits = [1, 2, 3, 4].map((person) => `${original}\n\nA line from person ${person}, saved with the others.`);
    await Promise.all(edits.map((content) => graphqlData(server.graphqlUrl, edit, { id, content })));
    const { campaign } = await graphqlData(server.graphqlUrl, versionsQuery, { id });
    const added = campaign.versions.slice(before);
    expect(added.map((version: { number: number }) => version.number)).toEqual([1, 2, 3, 4].map((index) => before + index));
    expect(new Set(added.map((version: { content: string }) => version.content))).toEqual(new Set(edits));
    expect(campaign.content).toBe(added.at(-1).content);
  });
});
