// Metrics of approvals and the result cache through the real server's /metrics: campaigns waiting
// at a gate, how long each waited for its decision (by gate and decision), and result-cache hits.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blogInput, createCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData } from './support/graphql.js';
import { scrape, total } from './support/metrics.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;
beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, RESULT_CACHE: 'true' });
});
afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

const waitName = 'copilot_approval_wait_seconds';

async function gatedCampaign(take: number): Promise<string> {
  const { id } = await createCampaign(server.graphqlUrl, {
    ...blogInput,
    brief: `${blogInput.brief}, take ${take}`,
    approvalGates: ['DRAFT'],
  });
  const events = await runToEnd(server.graphqlUrl, id);
  expect(events.at(-1)).toMatchObject({ __typename: 'ApprovalRequested', gate: 'DRAFT' });
  return id;
}

describe('approval metrics', () => {
  it('counts campaigns awaiting approval, and times each wait by gate and decision', async () => {
    const before = await scrape(server.url);
    expect(total(before, 'copilot_campaigns', { status: 'AWAITING_APPROVAL' })).toBe(0);
    expect(total(before, `${waitName}_count`)).toBe(0);

    const startedAt = Date.now();
    const approved = await gatedCampaign(1);
    const firstAtGate = Date.now();
    const [rejected, cancelled] = [await gatedCampaign(2), await gatedCampaign(3)];
    const waiting = await scrape(server.url);
    expect(total(waiting, 'copilot_campaigns', { status: 'AWAITING_APPROVAL' })).toBe(3);

    const approving = Date.now();
    await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { approveCampaign(id: $id, by: "Ana") { id } }', { id: approved });
    await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { rejectCampaign(id: $id, reason: "Off brief.") { id } }', { id: rejected });
    await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id: cancelled });
    const decidedWithin = (Date.now() - startedAt) / 1000;
    await runToEnd(server.graphqlUrl, approved);

    const after = await scrape(server.url);
    expect(total(after, 'copilot_campaigns', { status: 'AWAITING_APPROVAL' })).toBe(0);
    expect(total(after, 'copilot_campaigns', { status: 'REJECTED' })).toBe(1);
    for (const decision of ['APPROVED', 'REJECTED', 'CANCELLED']) {
      expect(total(after, `${waitName}_count`, { gate: 'DRAFT', decision }), decision).toBe(1);
    }
    expect(total(after, `${waitName}_count`, { gate: 'FINAL' })).toBe(0);
    // Each wait is from its gate to its decision: more than nothing, less than the whole test so far.
    for (const decision of ['APPROVED', 'REJECTED', 'CANCELLED']) {
      const waited = total(after, `${waitName}_sum`, { gate: 'DRAFT', decision });
      expect(waited, decision).toBeGreaterThan(0);
      expect(waited, decision).toBeLessThan(decidedWithin);
    }
    // The first one waited at least while the other two ran to their gates (millisecond timestamps).
    const approvedWait = total(after, `${waitName}_sum`, { gate: 'DRAFT', decision: 'APPROVED' });
    expect(approvedWait).toBeGreaterThanOrEqual((approving - firstAtGate) / 1000 - 0.002);
    expect(total(after, `${waitName}_bucket`, { gate: 'DRAFT', decision: 'APPROVED', le: '+Inf' })).toBe(1);
  });
});

describe('result cache metrics', () => {
  it('counts each campaign answered from the cache, as stats.cacheHits does', async () => {
    const input = { ...blogInput, brief: `${blogInput.brief}, for the cache` };
    const hitsBefore = total(await scrape(server.url), 'copilot_result_cache_hits_total');
    const original = await createCampaign(server.graphqlUrl, input);
    await runToEnd(server.graphqlUrl, original.id);
    expect(total(await scrape(server.url), 'copilot_result_cache_hits_total')).toBe(hitsBefore);

    const hits = [await createCampaign(server.graphqlUrl, input), await createCampaign(server.graphqlUrl, input)];
    expect(hits.map((hit) => hit.status)).toEqual(['COMPLETED', 'COMPLETED']);
    const samples = await scrape(server.url);
    expect(total(samples, 'copilot_result_cache_hits_total')).toBe(hitsBefore + 2);
    const { stats } = await graphqlData(server.graphqlUrl, '{ stats { cacheHits } }');
    expect(total(samples, 'copilot_result_cache_hits_total')).toBe(stats.cacheHits);
  });
});

describe('the sample Grafana dashboard', () => {
  it('queries only metrics the server exposes', async () => {
    const dashboard = await readFile(new URL('../docs/grafana-dashboard.json', import.meta.url), 'utf8');
    const queried = new Set([...dashboard.matchAll(/\b(copilot_\w+?)(?:_bucket|_count|_sum)?\b/g)].map((match) => match[1]));
    expect(queried).toContain('copilot_approval_wait_seconds');
    expect(queried).toContain('copilot_result_cache_hits_total');
    const exposed = await (await fetch(`${server.url}/metrics`)).text();
    for (const name of queried) expect(exposed, name).toContain(`# TYPE ${name} `);
  });
});
