// Rerunning a campaign from a chosen agent, with another model, and refining its text with an
// instruction, through the real server: earlier steps are kept, later ones superseded (kept for the record).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, blogInput, createCampaign, runToEnd } from './support/campaigns.js';
import { graphql, graphqlData, type Json } from './support/graphql.js';
import { type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;
beforeAll(async () => {
  ollama = await startOllamaStandIn();
  ollama.options.models?.push('qwen2.5:7b');
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url });
});
afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

const fields = `id status run content
  approvals { gate decision note refinement by superseded }
  steps { id role attempt stage status model superseded }`;

async function campaign(id: string): Promise<Json> {
  return (await graphqlData(server.graphqlUrl, `query ($id: ID!) { campaign(id: $id) { ${fields} } }`, { id })).campaign;
}

async function completedCampaign(): Promise<Json> {
  const { id } = await createCampaign(server.graphqlUrl, blogInput);
  expect((await runToEnd(server.graphqlUrl, id)).at(-1)).toMatchObject({ status: 'COMPLETED' });
  return campaign(id);
}

const userPrompt = (request: ChatRequestSeen) => request.messages.find((message) => message.role === 'user')?.content ?? '';

describe('a rerun from a chosen agent', () => {
  it('reruns from the Optimizer with another model, keeping the draft steps', async () => {
    const before = await completedCampaign();
    const requestsBefore = ollama.chatRequests.length;
    const rerun = await graphql(
      server.graphqlUrl,
      'mutation ($id: ID!) { retryCampaign(id: $id, fromRole: OPTIMIZER, models: { optimizer: "qwen2.5:7b" }) { id status run } }',
      { id: before.id },
    );
    expect(rerun.errors).toBeUndefined();
    expect(rerun.data?.retryCampaign).toMatchObject({ status: 'QUEUED', run: 2 });
    const events = await runToEnd(server.graphqlUrl, before.id);
    expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', run: 2 });

    const requests = ollama.chatRequests.slice(requestsBefore);
    expect(requests.map(agentOf)[0]).toBe('OPTIMIZER');
    expect(requests.filter((request) => agentOf(request) === 'OPTIMIZER').map((request) => request.model)).toEqual(['qwen2.5:7b']);
    expect(requests.map(agentOf)).not.toContain('CONTENT_CREATOR');
    expect(requests.map(agentOf)).not.toContain('DESIGN_VALIDATOR');

    const after = await campaign(before.id);
    const draftIds = (steps: Json[]) => steps.filter((step) => step.stage === 'DRAFT').map((step) => step.id);
    // The draft's steps are the same rows, still current; the old final steps are superseded, kept.
    expect(draftIds(after.steps.filter((step: Json) => !step.superseded))).toEqual(draftIds(before.steps));
    const superseded = after.steps.filter((step: Json) => step.superseded);
    expect(superseded.map((step: Json) => step.id).sort()).toEqual(
      before.steps
        .filter((step: Json) => step.stage === 'FINAL')
        .map((step: Json) => step.id)
        .sort(),
    );
    const optimizers = after.steps.filter((step: Json) => step.role === 'OPTIMIZER' && !step.superseded);
    expect(optimizers.map((step: Json) => step.model)).toEqual(['qwen2.5:7b']);
  });

  it("says which agent has not run yet, and keeps the Compliance Officer's review on a rerun from the Design Validator", async () => {
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, approvalGates: ['DRAFT'] });
    await runToEnd(server.graphqlUrl, id);
    const notYet = await graphql(server.graphqlUrl, 'mutation ($id: ID!) { retryCampaign(id: $id, fromRole: OPTIMIZER) { id } }', { id });
    expect(notYet.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(notYet.errors?.[0]?.message).toMatch(/fromRole.*Optimizer has not run/);
    expect((await campaign(id)).status).toBe('AWAITING_APPROVAL');
    // From the Design Validator while it waits: the Compliance Officer's review is kept, the gate asked again.
    const before = await campaign(id);
    const requestsBefore = ollama.chatRequests.length;
    const rerun = await graphql(
      server.graphqlUrl,
      'mutation ($id: ID!) { retryCampaign(id: $id, fromRole: DESIGN_VALIDATOR) { status } }',
      {
        id,
      },
    );
    expect(rerun.errors).toBeUndefined();
    expect((await runToEnd(server.graphqlUrl, id)).at(-1)).toMatchObject({ __typename: 'ApprovalRequested', gate: 'DRAFT' });
    expect(ollama.chatRequests.slice(requestsBefore).map(agentOf)).toEqual(['DESIGN_VALIDATOR']);
    const after = await campaign(id);
    const compliance = (steps: Json[]) =>
      steps.filter((step) => step.role === 'COMPLIANCE_OFFICER' && !step.superseded).map((step) => step.id);
    expect(compliance(after.steps)).toEqual(compliance(before.steps));
  });
});

describe('refining a completed campaign', () => {
  it('reruns the Optimizer on the current text with the instruction in its prompt, and records it', async () => {
    const before = await completedCampaign();
    const requestsBefore = ollama.chatRequests.length;
    const instruction = 'Make it shorter and end with a question to the reader.';
    const refined = await graphql(
      server.graphqlUrl,
      'mutation ($id: ID!, $instruction: String!) { refineCampaign(id: $id, instruction: $instruction, by: "Ari") { status run } }',
      { id: before.id, instruction },
    );
    expect(refined.errors).toBeUndefined();
    expect(refined.data?.refineCampaign).toMatchObject({ status: 'QUEUED', run: 2 });
    const events = await runToEnd(server.graphqlUrl, before.id);
    expect(events.find((event) => event.__typename === 'ApprovalDecided')).toMatchObject({
      refinement: true,
      note: instruction,
      by: 'Ari',
    });
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED' });
    const optimizer = ollama.chatRequests.slice(requestsBefore).find((request) => agentOf(request) === 'OPTIMIZER');
    expect(optimizer).toBeDefined();
    // The text it rewrites is the campaign's content as it was, with the instruction beside it.
    expect(userPrompt(optimizer as ChatRequestSeen)).toContain(instruction);
    expect(userPrompt(optimizer as ChatRequestSeen)).toContain(`Draft:\n<draft>\n${before.content}\n</draft>`);
    const after = await campaign(before.id);
    expect(after.approvals).toEqual([
      { gate: 'FINAL', decision: 'CHANGES_REQUESTED', note: instruction, refinement: true, by: 'Ari', superseded: false },
    ]);
    expect(after.steps.filter((step: Json) => step.role === 'OPTIMIZER' && !step.superseded)).toHaveLength(2);

    const blank = await graphql(server.graphqlUrl, 'mutation ($id: ID!) { refineCampaign(id: $id, instruction: " ") { id } }', {
      id: before.id,
    });
    expect(blank.errors?.[0]?.message).toMatch(/instruction/);
  });
});
