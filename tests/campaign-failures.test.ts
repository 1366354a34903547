import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentOf,
  assertGapFree,
  blogInput,
  createCampaign,
  followEvents,
  getCampaign,
  runToEnd,
  whenChunksReach,
} from './support/campaigns.js';
import { graphql, graphqlData, wsClient } from './support/graphql.js';
import { type ChatBehaviour, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, unreachableOllama, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({
    ...withoutRateLimits,
    OLLAMA_HOST: ollama.url,
    LLM_RETRIES: '2',
    LLM_RETRY_DELAY_MS: '10',
    LLM_TIMEOUT_MS: '2000',
    LLM_FIRST_TOKEN_TIMEOUT_MS: '2000',
  });
});
afterAll(async () => {
  await server.stop();
  await ollama.close();
});

const cancel = (id: string) =>
  graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id status error } }', { id });
const retry = (id: string) => graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { retryCampaign(id: $id) { id status } }', { id });

describe('cancel', () => {
  it('stops the model stream at once, keeps the partial output and ends the stream with CANCELLED', async () => {
    ollama.options.chat = (request) => (agentOf(request) === 'OPTIMIZER' ? { tokenDelayMs: 20 } : undefined);
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      const client = wsClient(server.graphqlUrl);
      const tenthOptimizerChunk = whenChunksReach('OPTIMIZER', 10);
      let cancelled: Promise<unknown> | undefined;
      let cancelledAt = 0;
      const events = await followEvents(client, id, 0, (event) => {
        if (tenthOptimizerChunk(event)) {
          cancelledAt = performance.now();
          cancelled = cancel(id);
        }
      });
      const finishedAfterMs = performance.now() - cancelledAt;
      await client.dispose();
      await cancelled;
      expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'CANCELLED' });
      // The stand-in would have needed ~16 s more for the ~800 chunks left.
      expect(finishedAfterMs).toBeLessThan(2000);
      const campaign = await getCampaign(server.graphqlUrl, id);
      expect(campaign.status).toBe('CANCELLED');
      const optimizer = campaign.steps.find((step: { role: string }) => step.role === 'OPTIMIZER');
      expect(optimizer.status).toBe('CANCELLED');
      expect(optimizer.output.length).toBeGreaterThan(0);
      // Every agent before it finished (after however many revision rounds and retries the models needed).
      for (const role of ['CONTENT_CREATOR', 'BRAND_MANAGER', 'COMPLIANCE_OFFICER', 'DESIGN_VALIDATOR']) {
        const last = campaign.steps.findLast((step: { role: string }) => step.role === role);
        expect(last, role).toMatchObject({ status: 'COMPLETED' });
      }
    } finally {
      ollama.options.chat = undefined;
    }
  });

  it('refuses to cancel a finished campaign', async () => {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    await runToEnd(server.graphqlUrl, id);
    const result = await graphql(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toMatch(/already COMPLETED/);
  });
});

describe('retry', () => {
  it('resumes a cancelled campaign from its last finished step', async () => {
    ollama.options.chat = (request) => (agentOf(request) === 'DESIGN_VALIDATOR' ? { hang: true } : undefined);
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    const client = wsClient(server.graphqlUrl);
    // The reviewers run side by side: cancel once the Compliance Officer is done and the Design Validator hangs.
    const seen = new Set<string>();
    const events = followEvents(client, id, 0, (event) => {
      if (event.__typename === 'StepStarted' && event.role === 'DESIGN_VALIDATOR') seen.add('validator started');
      if (event.__typename === 'StepCompleted' && event.role === 'COMPLIANCE_OFFICER') seen.add('compliance done');
      if (seen.size === 2 && !seen.has('cancelled')) {
        seen.add('cancelled');
        void cancel(id);
      }
    });
    expect((await events).at(-1)).toMatchObject({ status: 'CANCELLED' });
    ollama.options.chat = undefined;
    const requestsBefore = ollama.chatRequests.length;

    expect((await retry(id)).retryCampaign.status).toBe('QUEUED');
    const resumed = await followEvents(client, id);
    await client.dispose();
    expect(assertGapFree(resumed)).toBe(true);
    expect(resumed.every((event) => event.run === 2)).toBe(true);
    expect(resumed.at(-1)).toMatchObject({ status: 'COMPLETED' });
    // Only the unfinished agents talked to the model again.
    expect(ollama.chatRequests.slice(requestsBefore).map(agentOf)).toEqual([
      'DESIGN_VALIDATOR',
      'OPTIMIZER',
      'BRAND_MANAGER',
      'COMPLIANCE_OFFICER',
    ]);
    const campaign = await getCampaign(server.graphqlUrl, id);
    expect(
      campaign.steps.map((step: { role: string; attempt: number; status: string }) => `${step.role}#${step.attempt}:${step.status}`),
    ).toEqual([
      'CONTENT_CREATOR#1:COMPLETED',
      'BRAND_MANAGER#1:COMPLETED',
      'COMPLIANCE_OFFICER#1:COMPLETED',
      'DESIGN_VALIDATOR#1:CANCELLED',
      'DESIGN_VALIDATOR#2:COMPLETED',
      'OPTIMIZER#1:COMPLETED',
      'BRAND_MANAGER#2:COMPLETED',
      'COMPLIANCE_OFFICER#2:COMPLETED',
    ]);
  });

  it('refuses to retry a campaign that has not failed or been cancelled', async () => {
    const { id } = await createCampaign(server.graphqlUrl, blogInput);
    await runToEnd(server.graphqlUrl, id);
    const result = await graphql(server.graphqlUrl, 'mutation ($id: ID!) { retryCampaign(id: $id) { id } }', { id });
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Ollama failures', () => {
  it("retries a broken stream with a new attempt and keeps the broken attempt's partial output", async () => {
    let creatorCalls = 0;
    ollama.options.chat = (request) =>
      agentOf(request) === 'CONTENT_CREATOR' && ++creatorCalls === 1 ? { failAfterChunks: 25 } : undefined;
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      const events = await runToEnd(server.graphqlUrl, id);
      expect(events.at(-1)).toMatchObject({ status: 'COMPLETED' });
      const campaign = await getCampaign(server.graphqlUrl, id);
      const [broken, retried] = campaign.steps;
      expect(broken).toMatchObject({ role: 'CONTENT_CREATOR', attempt: 1, status: 'FAILED' });
      expect(broken.error).toMatch(/broke off/);
      expect(broken.output.split(' ').length).toBeGreaterThanOrEqual(20);
      expect(retried).toMatchObject({ role: 'CONTENT_CREATOR', attempt: 2, status: 'COMPLETED' });
    } finally {
      ollama.options.chat = undefined;
    }
  });

  it('retries a malformed verdict, then fails with a readable reason when it stays malformed', async () => {
    ollama.options.chat = (request) =>
      agentOf(request) === 'COMPLIANCE_OFFICER' ? { reply: '{"passed": "maybe", "score": 500' } : undefined;
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      const events = await runToEnd(server.graphqlUrl, id);
      const finished = events.at(-1);
      expect(finished).toMatchObject({ status: 'FAILED' });
      expect(finished?.error).toMatch(
        /Compliance Officer failed after 3 tries: the model's verdict could not be used \(the JSON object in the reply was cut off before its closing brace\)/,
      );
      const campaign = await getCampaign(server.graphqlUrl, id);
      const attempts = campaign.steps.filter((step: { role: string }) => step.role === 'COMPLIANCE_OFFICER');
      expect(attempts.map((step: { status: string }) => step.status)).toEqual(['FAILED', 'FAILED', 'FAILED']);
      expect(attempts[0].output).toBe('{"passed": "maybe", "score": 500');
      // What was finished before the failure is kept: the draft, its brand review (with any revisions),
      // and the Design Validator's review, made beside the Compliance Officer's.
      const kept = new Set(
        campaign.steps.filter((step: { status: string }) => step.status === 'COMPLETED').map((step: { role: string }) => step.role),
      );
      expect(kept).toEqual(new Set(['CONTENT_CREATOR', 'BRAND_MANAGER', 'DESIGN_VALIDATOR']));
    } finally {
      ollama.options.chat = undefined;
    }
  });

  it('asks again at once for a reply the model got wrong, without the backoff meant for a host in trouble', async () => {
    // A minute's backoff: the campaign finishes within the test's time only if these retries do not wait.
    const patient = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, LLM_RETRY_DELAY_MS: '60000' });
    const wrongOnce: Record<string, ChatBehaviour> = {
      COMPLIANCE_OFFICER: { reply: '{"passed": "maybe", "score": 500' },
      DESIGN_VALIDATOR: { reply: '{"imageTypes": ["', loopToken: 'very' },
    };
    ollama.options.chat = (request) => {
      const role = agentOf(request);
      const behaviour = wrongOnce[role];
      delete wrongOnce[role];
      return behaviour;
    };
    try {
      const { id } = await createCampaign(patient.graphqlUrl, blogInput);
      const events = await runToEnd(patient.graphqlUrl, id);
      expect(events.at(-1)).toMatchObject({ status: 'COMPLETED' });
      const { campaign } = await graphqlData(
        patient.graphqlUrl,
        'query ($id: ID!) { campaign(id: $id) { steps { role attempt status error startedAt finishedAt } } }',
        { id },
      );
      for (const [role, fault] of [
        ['COMPLIANCE_OFFICER', /verdict could not be used/],
        ['DESIGN_VALIDATOR', /stuck repeating "very"/],
      ] as const) {
        const [failed, retried] = campaign.steps.filter((step: { role: string }) => step.role === role);
        expect(failed).toMatchObject({ attempt: 1, status: 'FAILED', error: expect.stringMatching(fault) });
        expect(retried).toMatchObject({ attempt: 2, status: 'COMPLETED' });
        expect(Date.parse(retried.startedAt) - Date.parse(failed.finishedAt)).toBeLessThan(60_000);
      }
    } finally {
      ollama.options.chat = undefined;
      await patient.stop();
    }
  });

  it('names the missing model and how to pull it, without retrying', async () => {
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, models: { brandManager: 'qwen-missing:7b' } });
    const events = await runToEnd(server.graphqlUrl, id);
    expect(events.at(-1)?.error).toBe(
      `Brand Manager failed: Ollama at ${ollama.url} does not have the model "qwen-missing:7b". Pull it with: ollama pull qwen-missing:7b`,
    );
    const campaign = await getCampaign(server.graphqlUrl, id);
    expect(campaign.status).toBe('FAILED');
    expect(campaign.steps.filter((step: { role: string }) => step.role === 'BRAND_MANAGER')).toHaveLength(1);
  });

  it('gives up on a hung model after the first-token timeout and says so', async () => {
    ollama.options.chat = (request) => (agentOf(request) === 'DESIGN_VALIDATOR' ? { hang: true } : undefined);
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      const events = await runToEnd(server.graphqlUrl, id);
      expect(events.at(-1)?.error).toMatch(
        /Design Validator failed after 3 tries: Ollama at .* did not answer in time for model "llama3.1"/,
      );
    } finally {
      ollama.options.chat = undefined;
    }
  });
});

describe('Ollama down', () => {
  it('retries with backoff, then fails naming the host and how to start Ollama', async () => {
    const offline = await startTestServer({ OLLAMA_HOST: unreachableOllama, LLM_RETRIES: '2', LLM_RETRY_DELAY_MS: '50' });
    try {
      const started = performance.now();
      const { id } = await createCampaign(offline.graphqlUrl, blogInput);
      const events = await runToEnd(offline.graphqlUrl, id);
      // Three tries with 50 ms and 100 ms between them.
      expect(performance.now() - started).toBeGreaterThanOrEqual(150);
      expect(events.at(-1)?.error).toMatch(
        /Content Creator failed after 3 tries: Cannot reach Ollama at http:\/\/127\.0\.0\.1:9 .*ollama serve/,
      );
      const campaign = await getCampaign(offline.graphqlUrl, id);
      expect(campaign.status).toBe('FAILED');
      expect(campaign.steps).toHaveLength(3);
    } finally {
      await offline.stop();
    }
  });
});
