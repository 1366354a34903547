import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, blogInput, createCampaign, followEvents, getCampaign, runToEnd, whenChunksReach } from './support/campaigns.js';
import { followCampaignUpdates, graphqlData, type Json, wsClient } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { spawnServer, startTestServer, temporaryDatabase, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
beforeAll(async () => {
  ollama = await startOllamaStandIn();
});
afterAll(() => ollama.close());

describe('the queue', () => {
  it('runs 20 campaigns submitted at once, never more than PIPELINE_CONCURRENCY at a time', async () => {
    const server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, PIPELINE_CONCURRENCY: '3' });
    const client = wsClient(server.graphqlUrl);
    try {
      const updates = await followCampaignUpdates(client);
      const created = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          createCampaign(server.graphqlUrl, { ...blogInput, brief: `${blogInput.brief} #${index}` }),
        ),
      );
      expect(created.every((campaign) => campaign.status === 'QUEUED')).toBe(true);
      const finished = await Promise.all(created.map(({ id }) => runToEnd(server.graphqlUrl, id)));
      expect(finished.map((events) => events.at(-1)?.status)).toEqual(Array(20).fill('COMPLETED'));
      await Promise.all(created.map(({ id }) => updates.reached(id, 'COMPLETED')));
      const running = new Set<string>();
      let mostRunning = 0;
      for (const update of updates.updates) {
        if (update.status === 'RUNNING') running.add(update.id);
        else running.delete(update.id);
        mostRunning = Math.max(mostRunning, running.size);
      }
      expect(mostRunning).toBe(3);
    } finally {
      await client.dispose();
      await server.stop();
    }
  });
});

describe('a server stopped mid-run', () => {
  const slowOptimizer = (request: { messages: { role: string; content: string }[] }) =>
    agentOf(request) === 'OPTIMIZER' ? { tokenDelayMs: 10 } : undefined;

  it.each([
    ['killed (SIGKILL)', 'SIGKILL'],
    ['stopped gracefully (SIGTERM)', 'SIGTERM'],
  ] as const)('resumes from its last finished step when %s and started again', async (_how, signal) => {
    const database = await temporaryDatabase();
    const environment = { OLLAMA_HOST: ollama.url, DATABASE_URL: database.url };
    ollama.options.chat = slowOptimizer;
    try {
      const first = await spawnServer(environment);
      const { id } = await createCampaign(first.graphqlUrl, blogInput);
      const client = wsClient(first.graphqlUrl);
      const twentiethOptimizerChunk = whenChunksReach('OPTIMIZER', 20);
      let lastSeqOfFirstRun = 0;
      const stopped = new Promise<number | null>((resolve) => {
        followEvents(client, id, 0, (event) => {
          lastSeqOfFirstRun = event.seq;
          if (twentiethOptimizerChunk(event)) resolve(first.stop(signal));
          // The stream breaks off with the server: expected here.
        }).catch(() => {});
      });
      const exitCode = await stopped;
      if (signal === 'SIGTERM') expect(exitCode).toBe(0);
      await client.dispose();
      const requestsBefore = ollama.chatRequests.length;
      ollama.options.chat = undefined;

      const second = await spawnServer(environment);
      const reconnected = wsClient(second.graphqlUrl);
      try {
        // A subscriber of the first run reconnects with its last seq: the resumed run is new, so it starts at seq 1.
        const events = await followEvents(reconnected, id, lastSeqOfFirstRun, undefined, 1);
        expect(events[0]).toMatchObject({ run: 2, seq: 1 });
        expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', run: 2 });
        // Only the Optimizer (and the final review after it) ran again; the draft's finished steps were kept.
        const rerun = ollama.chatRequests.slice(requestsBefore).map(agentOf);
        expect(rerun[0]).toBe('OPTIMIZER');
        expect(rerun.filter((role) => !['OPTIMIZER', 'BRAND_MANAGER', 'COMPLIANCE_OFFICER'].includes(role))).toEqual([]);
        const campaign = await getCampaign(second.graphqlUrl, id);
        const draftSteps = campaign.steps.filter((step: { stage: string }) => step.stage === 'DRAFT');
        expect(draftSteps.every((step: { status: string }) => step.status === 'COMPLETED' || step.status === 'FAILED')).toBe(true);
        const designs = draftSteps.filter((step: Json) => step.role === 'DESIGN_VALIDATOR' && step.status === 'COMPLETED');
        expect(designs).toHaveLength(1);
        const optimizerSteps = campaign.steps.filter((step: { role: string }) => step.role === 'OPTIMIZER');
        expect(optimizerSteps.map((step: { status: string }) => step.status)).toEqual(['FAILED', 'COMPLETED']);
        const interrupted = optimizerSteps[0];
        expect(interrupted.error).toMatch(signal === 'SIGTERM' ? /shut down/ : /Interrupted/);
        // A graceful stop saves what the step had streamed; a kill cannot.
        if (signal === 'SIGTERM') expect(interrupted.output.length).toBeGreaterThan(0);
        const { campaigns } = await graphqlData(second.graphqlUrl, '{ campaigns(first: 10) { totalCount } }');
        expect(campaigns.totalCount).toBe(1);
      } finally {
        await reconnected.dispose();
        await second.stop();
      }
    } finally {
      ollama.options.chat = undefined;
      await database.remove();
    }
  });
});
