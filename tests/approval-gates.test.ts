// Approval gates through the real server: a campaign waits at a gate (holding no run slot), and a
// person approves it (perhaps edited), sends it back with feedback, or rejects it; a waiting
// campaign survives a restart. The stand-in records what each agent was asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, blogInput, type CampaignEventData, createCampaign, runToEnd } from './support/campaigns.js';
import { graphql, graphqlData, type Json } from './support/graphql.js';
import { type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { spawnServer, startTestServer, type TestServer, temporaryDatabase, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;
beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, PIPELINE_CONCURRENCY: '1' });
});
afterAll(async () => {
  await server?.stop();
  await ollama?.close();
});

const approvalFields = `id status run error approvalGates
  pendingApproval { gate content requestedAt }
  approvals { gate decision by at editedContent note refinement superseded }
  content steps { role attempt stage status model superseded output }`;

async function approvalState(url: string, id: string): Promise<Json> {
  const data = await graphqlData(url, `query ($id: ID!) { campaign(id: $id) { ${approvalFields} } }`, { id });
  return data.campaign;
}

function mutate(url: string, name: string, variables: Record<string, unknown>, argumentTypes: string) {
  const declared = argumentTypes
    .split(',')
    .map((pair) => pair.trim().split(':'))
    .map(([field, type]) => `$${field}: ${type}`)
    .join(', ');
  const passed = argumentTypes
    .split(',')
    .map((pair) => pair.trim().split(':')[0])
    .map((field) => `${field}: $${field}`)
    .join(', ');
  return graphql(url, `mutation (${declared}) { ${name}(${passed}) { ${approvalFields} } }`, variables);
}

const approve = (url: string, variables: Record<string, unknown>) =>
  mutate(url, 'approveCampaign', variables, 'id:ID!, editedContent:String, by:String');
const requestChanges = (url: string, variables: Record<string, unknown>) =>
  mutate(url, 'requestChanges', variables, 'id:ID!, feedback:String!, by:String');
const reject = (url: string, variables: Record<string, unknown>) =>
  mutate(url, 'rejectCampaign', variables, 'id:ID!, reason:String!, by:String');

/** The stand-in's requests since `from`, with the agent that sent each. */
function requestsSince(from: number): { agent: string; request: ChatRequestSeen }[] {
  return ollama.chatRequests.slice(from).map((request) => ({ agent: agentOf(request), request }));
}

const userPrompt = (request: ChatRequestSeen) => request.messages.find((message) => message.role === 'user')?.content ?? '';

describe('the draft gate', () => {
  it('waits for approval without holding a run slot, then gives the Optimizer the edited text', async () => {
    const requestsBefore = ollama.chatRequests.length;
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, approvalGates: ['DRAFT'] });
    const firstRun = await runToEnd(server.graphqlUrl, id);
    const gate = firstRun.at(-1) as CampaignEventData;
    expect(gate).toMatchObject({ __typename: 'ApprovalRequested', gate: 'DRAFT', run: 1 });
    expect(firstRun.some((event) => event.__typename === 'CampaignFinished')).toBe(false);
    const waiting = await approvalState(server.graphqlUrl, id);
    expect(waiting.status).toBe('AWAITING_APPROVAL');
    expect(waiting.pendingApproval).toMatchObject({ gate: 'DRAFT', content: gate.content });
    // The text to approve is the reviewed draft: the Creator's last attempt, and the Optimizer has not run.
    const creatorSteps = waiting.steps.filter((step: Json) => step.role === 'CONTENT_CREATOR' && step.status === 'COMPLETED');
    expect(creatorSteps.length).toBeGreaterThan(0);
    expect(requestsSince(requestsBefore).map(({ agent }) => agent)).not.toContain('OPTIMIZER');

    // With one run slot, another campaign runs to the end while this one waits.
    const other = await createCampaign(server.graphqlUrl, { ...blogInput, brief: `${blogInput.brief}, second take` });
    const otherEvents = await runToEnd(server.graphqlUrl, other.id);
    expect(otherEvents.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });

    const edited = `${gate.content}\n\nA line the approver added: visit the Riverside repair café every Saturday.`;
    const beforeApproval = ollama.chatRequests.length;
    const approved = await approve(server.graphqlUrl, { id, editedContent: edited, by: 'Dana (editor)' });
    expect(approved.errors).toBeUndefined();
    expect(approved.data?.approveCampaign).toMatchObject({ status: 'QUEUED', run: 2, pendingApproval: null });

    const secondRun = await runToEnd(server.graphqlUrl, id);
    expect(secondRun[0]).toMatchObject({ run: 2, seq: 1 });
    expect(secondRun.find((event) => event.__typename === 'ApprovalDecided')).toMatchObject({
      gate: 'DRAFT',
      decision: 'APPROVED',
      by: 'Dana (editor)',
      edited: true,
    });
    expect(secondRun.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
    // Only the Optimizer and its final review ran; its prompt holds the edited text.
    const after = requestsSince(beforeApproval);
    expect(after[0]?.agent).toBe('OPTIMIZER');
    expect(after.map(({ agent }) => agent)).not.toContain('CONTENT_CREATOR');
    expect(userPrompt(after[0]?.request as ChatRequestSeen)).toContain('Riverside repair café every Saturday');

    const done = await approvalState(server.graphqlUrl, id);
    expect(done.status).toBe('COMPLETED');
    expect(done.approvals).toHaveLength(1);
    expect(done.approvals[0]).toMatchObject({ gate: 'DRAFT', decision: 'APPROVED', by: 'Dana (editor)', editedContent: edited.trim() });
    expect(Date.parse(done.approvals[0].at)).toBeGreaterThan(Date.parse(waiting.pendingApproval.requestedAt) - 1);
    // A second decision on a campaign that no longer waits is refused, naming the id.
    const late = await approve(server.graphqlUrl, { id });
    expect(late.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(late.errors?.[0]?.message).toMatch(/id.*COMPLETED.*awaiting approval/);
  });

  it("sends the draft back to the Content Creator with the person's feedback, then takes a rejection", async () => {
    const brand = await graphqlData(
      server.graphqlUrl,
      'mutation ($input: BrandInput!) { createBrand(input: $input) { id defaultApprovalGates } }',
      { input: { name: 'Gated Greens', keywords: ['sustainable living'], defaultApprovalGates: ['DRAFT'] } },
    );
    expect(brand.createBrand.defaultApprovalGates).toEqual(['DRAFT']);
    // No gates named: the brand's default gates apply.
    const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brandId: brand.createBrand.id });
    expect((await runToEnd(server.graphqlUrl, id)).at(-1)).toMatchObject({ __typename: 'ApprovalRequested', gate: 'DRAFT' });
    const before = await approvalState(server.graphqlUrl, id);
    const creatorAttempts = before.steps.filter((step: Json) => step.role === 'CONTENT_CREATOR').length;

    const blank = await requestChanges(server.graphqlUrl, { id, feedback: '  ' });
    expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(blank.errors?.[0]?.message).toMatch(/feedback/);
    expect((await approvalState(server.graphqlUrl, id)).status).toBe('AWAITING_APPROVAL');

    const requestsBefore = ollama.chatRequests.length;
    const feedback = 'Open with the community garden on Elm Street and drop the statistics.';
    const sent = await requestChanges(server.graphqlUrl, { id, feedback, by: 'Sam' });
    expect(sent.errors).toBeUndefined();
    const secondRun = await runToEnd(server.graphqlUrl, id);
    expect(secondRun.find((event) => event.__typename === 'ApprovalDecided')).toMatchObject({
      decision: 'CHANGES_REQUESTED',
      note: feedback,
    });
    // A new Creator attempt, with the feedback and the previous draft in its prompt; then the draft is reviewed and waits again.
    const first = requestsSince(requestsBefore)[0];
    expect(first?.agent).toBe('CONTENT_CREATOR');
    expect(userPrompt(first?.request as ChatRequestSeen)).toContain(feedback);
    expect(userPrompt(first?.request as ChatRequestSeen)).toContain(before.pendingApproval.content.slice(0, 80));
    expect(secondRun.at(-1)).toMatchObject({ __typename: 'ApprovalRequested', gate: 'DRAFT', run: 2 });
    const again = await approvalState(server.graphqlUrl, id);
    expect(again.steps.filter((step: Json) => step.role === 'CONTENT_CREATOR').length).toBeGreaterThan(creatorAttempts);
    // What waits now is the new attempt's text.
    const newAttempt = again.steps.filter((step: Json) => step.role === 'CONTENT_CREATOR' && step.status === 'COMPLETED').at(-1);
    expect(newAttempt.attempt).toBeGreaterThan(creatorAttempts);
    expect(again.pendingApproval.content).toBe(newAttempt.output);

    const rejected = await reject(server.graphqlUrl, { id, reason: 'The brief changed; we will not publish this.', by: 'Sam' });
    expect(rejected.errors).toBeUndefined();
    expect(rejected.data?.rejectCampaign).toMatchObject({ status: 'REJECTED', pendingApproval: null });
    expect(rejected.data?.rejectCampaign.error).toContain('The brief changed');
    expect(rejected.data?.rejectCampaign.approvals.map((decision: Json) => decision.decision)).toEqual(['CHANGES_REQUESTED', 'REJECTED']);
    // Its events end as REJECTED, and a rejected campaign cannot be approved.
    const told = await runToEnd(server.graphqlUrl, id);
    expect(told.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'REJECTED' });
    expect(told.find((event) => event.__typename === 'ApprovalDecided')).toMatchObject({ decision: 'REJECTED', by: 'Sam' });
    expect((await approve(server.graphqlUrl, { id })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the final gate', () => {
  it("sends the final text back to the Optimizer with the feedback, then completes with the approver's edit", async () => {
    const { id } = await createCampaign(server.graphqlUrl, {
      ...blogInput,
      brief: `${blogInput.brief}, final gate`,
      approvalGates: ['FINAL'],
    });
    const first = (await runToEnd(server.graphqlUrl, id)).at(-1) as CampaignEventData;
    expect(first).toMatchObject({ __typename: 'ApprovalRequested', gate: 'FINAL' });

    const requestsBefore = ollama.chatRequests.length;
    const feedback = 'End with a call to join the neighbourhood tool library.';
    expect((await requestChanges(server.graphqlUrl, { id, feedback })).errors).toBeUndefined();
    const second = await runToEnd(server.graphqlUrl, id);
    expect(second.at(-1)).toMatchObject({ __typename: 'ApprovalRequested', gate: 'FINAL', run: 2 });
    // A new Optimizer attempt on the text that waited, with the feedback; then the final review again. The draft is not rewritten.
    const asked = requestsSince(requestsBefore);
    expect(asked[0]?.agent).toBe('OPTIMIZER');
    expect(userPrompt(asked[0]?.request as ChatRequestSeen)).toContain(feedback);
    expect(userPrompt(asked[0]?.request as ChatRequestSeen)).toContain(`Draft:\n<draft>\n${first.content}\n</draft>`);
    expect(asked.map(({ agent }) => agent)).not.toContain('CONTENT_CREATOR');
    const waiting = await approvalState(server.graphqlUrl, id);
    expect(waiting.steps.filter((step: Json) => step.role === 'OPTIMIZER' && step.status === 'COMPLETED')).toHaveLength(2);

    // Two approvals at once: one is taken, the other is told the campaign was decided on meanwhile.
    const edited = `${waiting.pendingApproval.content}\n\nP.S. Edited by the approver.`;
    const [one, other] = await Promise.all([
      approve(server.graphqlUrl, { id, editedContent: edited, by: 'Kim' }),
      approve(server.graphqlUrl, { id, editedContent: edited, by: 'Kim' }),
    ]);
    const refused = [one, other].filter((result) => result.errors);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await runToEnd(server.graphqlUrl, id)).at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED', run: 3 });
    const done = await approvalState(server.graphqlUrl, id);
    expect(done.content).toBe(edited);
    expect(done.approvals.map((decision: Json) => decision.decision)).toEqual(['CHANGES_REQUESTED', 'APPROVED']);
  });

  it('refuses a gate named twice and an unknown gate, naming the field', async () => {
    const twice = await graphql(server.graphqlUrl, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', {
      input: { ...blogInput, approvalGates: ['DRAFT', 'DRAFT'] },
    });
    expect(twice.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(twice.errors?.[0]?.message).toMatch(/approvalGates.*twice/);
    const unknown = await graphql(server.graphqlUrl, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', {
      input: { ...blogInput, approvalGates: ['LEGAL'] },
    });
    expect(unknown.errors?.[0]?.message).toMatch(/approvalGates|ApprovalGate/);
  });

  it('survives a server restart and is approved through the new process', async () => {
    const database = await temporaryDatabase();
    const environment = { OLLAMA_HOST: ollama.url, DATABASE_URL: database.url };
    try {
      const first = await spawnServer(environment);
      let id: string;
      let gateEvents: CampaignEventData[];
      try {
        ({ id } = await createCampaign(first.graphqlUrl, { ...blogInput, approvalGates: ['FINAL'] }));
        gateEvents = await runToEnd(first.graphqlUrl, id);
      } finally {
        await first.stop();
      }
      const gate = gateEvents.at(-1) as CampaignEventData;
      expect(gate).toMatchObject({ __typename: 'ApprovalRequested', gate: 'FINAL' });
      // The final text was reviewed before it waits: the Optimizer ran.
      expect(gateEvents.some((event) => event.__typename === 'StepStarted' && event.role === 'OPTIMIZER')).toBe(true);

      const requestsBefore = ollama.chatRequests.length;
      const second = await spawnServer(environment);
      try {
        const waiting = await approvalState(second.graphqlUrl, id);
        expect(waiting).toMatchObject({ status: 'AWAITING_APPROVAL', run: 1, pendingApproval: { gate: 'FINAL', content: gate.content } });
        // Not resumed at start: it still waits, and its stream is the same one, told again exactly.
        const told = await runToEnd(second.graphqlUrl, id);
        expect(told.map(({ seq, __typename, text }) => ({ seq, __typename, text }))).toEqual(
          gateEvents.map(({ seq, __typename, text }) => ({ seq, __typename, text })),
        );
        expect(ollama.chatRequests.length).toBe(requestsBefore);

        const approved = await approve(second.graphqlUrl, { id, by: 'Lee' });
        expect(approved.errors).toBeUndefined();
        expect((await runToEnd(second.graphqlUrl, id)).at(-1)).toMatchObject({
          __typename: 'CampaignFinished',
          status: 'COMPLETED',
          run: 2,
        });
        const done = await approvalState(second.graphqlUrl, id);
        expect(done.content).toBe(gate.content);
        expect(done.approvals).toMatchObject([{ gate: 'FINAL', decision: 'APPROVED', by: 'Lee', editedContent: null }]);
        // Approving replayed the saved steps: no model was asked anything again.
        expect(ollama.chatRequests.length).toBe(requestsBefore);
      } finally {
        await second.stop();
      }
    } finally {
      await database.remove();
    }
  }, 90_000);
});
