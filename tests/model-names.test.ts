// Model names are read with Ollama's own grammar (types/model/name.go: host/namespace/model:tag,
// each part with its characters and length), wherever one enters: a campaign's per-agent models
// over GraphQL and REST, a rerun on another model, and the MODEL_* settings. A bad name is refused
// before any work is queued, saying which part is wrong and naming the field or the variable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.js';
import { blogInput } from './support/campaigns.js';
import { graphql, graphqlData } from './support/graphql.js';
import { spawnServer, startTestServer, type TestServer, temporarySqliteDatabase, withoutRateLimits } from './support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(withoutRateLimits);
});
afterAll(() => server.stop());

const createCampaign = 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id models { contentCreator } } }';
const campaignCount = () => server.prisma.campaign.count();

/** [name, what the message says is wrong with it] */
const badNames: [string, RegExp][] = [
  ['../../etc/passwd', /the model name has too many parts \(at most host\/namespace\/model:tag/],
  ['../etc/passwd', /the model name's host \("\.\."\) must start with a letter, a digit or "_"/],
  ['a/b/c/d/e', /the model name has too many parts/],
  ['mistral:', /the model name's tag is empty/],
  ['mistral:lat~est', /the model name's tag \("lat~est"\) may hold only letters, digits, "_", "-" and "\." \(found "~"\)/],
  ['mistral:.hidden', /the model name's tag \("\.hidden"\) must start with a letter, a digit or "_"/],
  [`mistral:${'q'.repeat(81)}`, /the model name's tag must be at most 80 characters \(it has 81\)/],
  [':latest', /the model name's model part is empty/],
  ['my.team/mistral', /the model name's namespace \("my\.team"\) may hold only letters, digits, "_" and "-" \(found "\."\)/],
  ['/mistral', /the model name's namespace is empty/],
  ['library/', /the model name's model part is empty/],
  ['-mistral', /the model name's model part \("-mistral"\) must start with a letter, a digit or "_"/],
  ['mistràl', /the model name's model part \("mistràl"\) may hold only letters, digits, "_", "-" and "\." \(found "à"\)/],
  ['mis tral', /the model name's model part \("mis tral"\) may hold only .* \(found " "\)/],
  [`${'m'.repeat(81)}`, /the model name's model part must be at most 80 characters \(it has 81\)/],
  [
    'reg!stry.example/team/model',
    /the model name's host \("reg!stry\.example"\) may hold only letters, digits, "_", "-", "\." and ":" \(found "!"\)/,
  ],
  [`${'h'.repeat(351)}/team/model`, /the model name's host must be at most 350 characters \(it has 351\)/],
  ['ftp://registry.example/team/model', /the model name's protocol \("ftp"\) must be http or https/],
  ['mistral@sha256:0123abcd', /a digest \("@\.\.\."\) is not read here/],
];

/** Long names shortened in the test's title. */
const titled = badNames.map(
  ([model, problem]) => [model.length > 40 ? `${model.slice(0, 12)}… (${model.length} characters)` : model, model, problem] as const,
);

describe('a bad model name', () => {
  it.each(titled)('%s is refused for createCampaign, saying which part is wrong', async (_title, model, problem) => {
    const before = await campaignCount();
    const result = await graphql(server.graphqlUrl, createCampaign, { input: { ...blogInput, models: { contentCreator: model } } });
    const error = result.errors?.[0];
    expect(error?.extensions, JSON.stringify(result.errors)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.models.contentCreator',
    });
    expect(error?.message).toMatch(/^input\.models\.contentCreator: must be an Ollama model name: /);
    expect(error?.message).toMatch(problem);
    expect(result.data ?? null).toBeNull();
    expect(await campaignCount()).toBe(before);
  });

  it('is refused over REST, naming the REST field', async () => {
    const before = await campaignCount();
    const response = await fetch(`${server.url}/api/campaign/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        campaign_brief: blogInput.brief,
        target_audience: 'renters',
        content_type: 'blog_post',
        models: { optimizer: '../../etc/passwd' },
      }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string; field: string } };
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'models.optimizer' });
    expect(error.message).toMatch(/^models\.optimizer: must be an Ollama model name: the model name has too many parts/);
    expect(await campaignCount()).toBe(before);
  });

  it('is refused for a rerun on another model, leaving the campaign as it was', async () => {
    const { createCampaign: campaign } = await graphqlData(server.graphqlUrl, createCampaign, { input: blogInput });
    const before = await server.prisma.campaign.findUniqueOrThrow({
      where: { id: campaign.id },
      select: { runNumber: true, modelOverrides: true },
    });
    const result = await graphql(
      server.graphqlUrl,
      'mutation ($id: ID!, $models: ModelOverridesInput) { retryCampaign(id: $id, fromRole: OPTIMIZER, models: $models) { id run } }',
      { id: campaign.id, models: { optimizer: 'qwen2.5:7b/../../x' } },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'models.optimizer' });
    expect(result.errors?.[0]?.message).toMatch(/^models\.optimizer: must be an Ollama model name: the model name has too many parts/);
    expect(
      await server.prisma.campaign.findUniqueOrThrow({ where: { id: campaign.id }, select: { runNumber: true, modelOverrides: true } }),
    ).toEqual(before);
  });
});

describe('a good model name', () => {
  it.each([
    'mistral',
    'Mistral',
    'library/mistral',
    'registry.ollama.ai/library/mistral:latest',
    'llama3.1:8b-instruct-q4_K_M',
    'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M',
    'localhost:5000/team/model:v1',
    'https://registry.ollama.ai/library/mistral',
    '_private/model_1:v2.0',
  ])('%s is accepted and kept as sent', async (model) => {
    const { createCampaign: campaign } = await graphqlData(server.graphqlUrl, createCampaign, {
      input: { ...blogInput, models: { contentCreator: model } },
    });
    expect(campaign.models.contentCreator).toBe(model);
  });
});

describe('the MODEL_* settings', () => {
  it.each([
    ['MODEL_CONTENT_CREATOR', '../../etc/passwd', /MODEL_CONTENT_CREATOR must be an Ollama model name: the model name has too many parts/],
    ['MODEL_OPTIMIZER', 'mistral:', /MODEL_OPTIMIZER must be an Ollama model name: the model name's tag is empty/],
    ['MODEL_EMBEDDING', 'nomic embed', /MODEL_EMBEDDING must be an Ollama model name: the model name's model part \("nomic embed"\)/],
  ])('refuses %s=%s, naming the variable and the part', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });

  it('accepts the names Ollama accepts', () => {
    const config = loadConfig({ MODEL_BRAND_MANAGER: 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M', MODEL_OPTIMIZER: 'qwen2.5:7b' });
    expect(config).toMatchObject({
      MODEL_BRAND_MANAGER: 'hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M',
      MODEL_OPTIMIZER: 'qwen2.5:7b',
    });
  });

  it('stops the real server with one clear line naming the variable', async () => {
    const database = await temporarySqliteDatabase();
    const start = spawnServer({ DATABASE_URL: database.url, MODEL_DESIGN_VALIDATOR: 'llama3.1:../../x' });
    try {
      await expect(start).rejects.toThrow(
        /exited \(1\)[\s\S]*Invalid configuration: MODEL_DESIGN_VALIDATOR must be an Ollama model name: the model name/,
      );
    } finally {
      // Should it start after all, it is stopped rather than left running.
      await (await start.catch(() => null))?.stop();
      await database.remove();
    }
  });
});
