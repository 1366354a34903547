// Approval gates, "Run again from here" and refining in real Chromium against the real server: a
// campaign waits at its draft gate (listed on the dashboard), is edited and approved in the page
// (the Optimizer's prompt holds the edit), then rerun from the Optimizer on another model and refined.
import { expect, it } from 'vitest';
import { agentOf, blogInput, createCampaign, getCampaign } from '../support/campaigns.js';
import { graphqlData } from '../support/graphql.js';
import { expectNoSeriousViolations } from './accessibility.js';
import { describeInBrowser } from './browser.js';
import { campaignIdFromUrl, fillCampaignForm, useWebClientWorld, waitForStatus } from './support.js';

describeInBrowser('approval gates, reruns and refinements in the web UI', () => {
  const world = useWebClientWorld({}, async (started) => {
    // Nothing here watches text stream in: the model answers at once, so the pipeline's several runs are quick.
    started.ollama.options.defaults = { tokenDelayMs: 0 };
    started.ollama.options.models?.push('qwen2.5:7b');
  });

  it('shows a waiting draft on the dashboard, takes an edited approval, reruns from the Optimizer and refines', {
    timeout: 180_000,
  }, async () => {
    const { id } = await createCampaign(world.server.graphqlUrl, { ...blogInput, approvalGates: ['DRAFT'] });
    const open = await world.open();
    const { page } = open;

    // The dashboard lists it once it waits.
    await page.goto(`${world.server.url}/#/`);
    const listed = page.getByTestId('awaiting-approval').locator(`[data-campaign-id="${id}"]`);
    await listed.waitFor({ timeout: 120_000 });
    await expect.poll(() => listed.textContent()).toContain('reviewed draft');
    await listed.getByRole('link').click();

    // The gate: the reviewed draft in an editor, and the three actions.
    await waitForStatus(page, 'AWAITING_APPROVAL');
    const gate = page.getByTestId('approval-gate');
    await gate.waitFor();
    expect(await gate.getAttribute('data-gate')).toBe('DRAFT');
    const waiting = await getCampaign(world.server.graphqlUrl, id);
    const pending = (
      await graphqlData(world.server.graphqlUrl, 'query ($id: ID!) { campaign(id: $id) { pendingApproval { content } } }', { id })
    ).campaign.pendingApproval.content as string;
    expect(waiting.status).toBe('AWAITING_APPROVAL');
    const editor = page.getByLabel('Text to approve');
    expect(await editor.inputValue()).toBe(pending);
    for (const name of ['Approve', 'Request changes', 'Reject'])
      await expect.poll(() => gate.getByRole('button', { name, exact: true }).count()).toBe(1);
    await expectNoSeriousViolations(page, 'the approval gate');

    // An edit and a name, then approve: the campaign goes on and completes.
    const requestsBefore = world.ollama.chatRequests.length;
    await editor.fill(`${pending}\n\nEdited in the browser: join the Tuesday swap meet at the library.`);
    await page.getByLabel(/Your name/).fill('Robin');
    await gate.getByRole('button', { name: 'Approve with my edits' }).click();
    await waitForStatus(page, 'COMPLETED', 90_000);
    await page.getByTestId('results').waitFor();
    const optimizer = world.ollama.chatRequests.slice(requestsBefore).find((request) => agentOf(request) === 'OPTIMIZER');
    expect(optimizer?.messages.find((message) => message.role === 'user')?.content).toContain('join the Tuesday swap meet at the library');
    const history = page.getByTestId('approval-history');
    await expect.poll(() => history.textContent()).toContain('Approved the reviewed draft with edits');
    expect(await history.textContent()).toContain('Robin');
    // No longer listed as waiting.
    await page.goto(`${world.server.url}/#/`);
    await page.getByTestId('awaiting-approval').getByText('Nothing is waiting for approval.').waitFor();

    // "Run again from here" on the Optimizer's panel, with another model.
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    await waitForStatus(page, 'COMPLETED');
    const rerun = page.locator('[data-testid="rerun-from-here"][data-role="OPTIMIZER"]');
    await rerun.getByRole('button', { name: 'Run again from here' }).click();
    await rerun.getByLabel(/Model for the Optimizer/).fill('qwen2.5:7b');
    const beforeRerun = world.ollama.chatRequests.length;
    await rerun.getByRole('button', { name: 'Run again', exact: true }).click();
    await expect.poll(async () => (await getCampaign(world.server.graphqlUrl, id)).status, { timeout: 60_000 }).toBe('COMPLETED');
    await waitForStatus(page, 'COMPLETED', 60_000);
    const rerunRequests = world.ollama.chatRequests.slice(beforeRerun);
    expect(rerunRequests.map(agentOf)).not.toContain('CONTENT_CREATOR');
    expect(rerunRequests.find((request) => agentOf(request) === 'OPTIMIZER')?.model).toBe('qwen2.5:7b');
    await expect.poll(() => page.locator('[data-testid="agent-panel"][data-role="OPTIMIZER"]').textContent()).toContain('qwen2.5:7b');

    // Refine with an instruction: the Optimizer gets it with the current text.
    const content = (await getCampaign(world.server.graphqlUrl, id)).content as string;
    const beforeRefine = world.ollama.chatRequests.length;
    await page.getByLabel('Instruction for the Optimizer').fill('Make it shorter and friendlier.');
    await page.getByTestId('refine-campaign').getByRole('button', { name: 'Refine' }).click();
    await expect
      .poll(() => world.ollama.chatRequests.slice(beforeRefine).some((request) => agentOf(request) === 'OPTIMIZER'), { timeout: 60_000 })
      .toBe(true);
    await expect.poll(async () => (await getCampaign(world.server.graphqlUrl, id)).status, { timeout: 60_000 }).toBe('COMPLETED');
    await waitForStatus(page, 'COMPLETED', 60_000);
    const refinePrompt = world.ollama.chatRequests
      .slice(beforeRefine)
      .find((request) => agentOf(request) === 'OPTIMIZER')
      ?.messages.find((message) => message.role === 'user')?.content;
    expect(refinePrompt).toContain('Make it shorter and friendlier.');
    expect(refinePrompt).toContain(content);
    await expect.poll(() => page.getByTestId('approval-history').textContent()).toContain('Asked the Optimizer to refine the text');
  });

  it('asks for approval from the form, sends a draft back with feedback and rejects it from the page', { timeout: 300_000 }, async () => {
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/create`);
    await fillCampaignForm(page, { brief: `${blogInput.brief}, for renters`, audience: blogInput.targetAudience });
    await page.getByLabel('the reviewed draft, before the Optimizer polishes it').check();
    await page.getByRole('button', { name: 'Start campaign' }).click();
    await page.waitForURL(/#\/campaigns\//);
    const id = campaignIdFromUrl(page);
    const { campaign } = await graphqlData(world.server.graphqlUrl, 'query ($id: ID!) { campaign(id: $id) { approvalGates } }', { id });
    expect(campaign.approvalGates).toEqual(['DRAFT']);
    await waitForStatus(page, 'AWAITING_APPROVAL', 120_000);
    const gate = page.getByTestId('approval-gate');

    const requestsBefore = world.ollama.chatRequests.length;
    await gate.getByRole('button', { name: 'Request changes' }).click();
    await gate.getByRole('button', { name: 'Send back with these changes' }).click();
    await gate
      .getByRole('alert')
      .getByText(/Say what should change/)
      .waitFor();
    await page.getByLabel('What should change?').fill('Lead with the balcony herb garden.');
    await gate.getByRole('button', { name: 'Send back with these changes' }).click();
    // A new Creator attempt with the feedback, then the gate again.
    await expect
      .poll(() => world.ollama.chatRequests.slice(requestsBefore).some((request) => agentOf(request) === 'CONTENT_CREATOR'), {
        timeout: 60_000,
      })
      .toBe(true);
    const creator = world.ollama.chatRequests.slice(requestsBefore).find((request) => agentOf(request) === 'CONTENT_CREATOR');
    expect(creator?.messages.find((message) => message.role === 'user')?.content).toContain('Lead with the balcony herb garden.');
    // The new draft is reviewed again, revision rounds included, before it waits once more.
    await expect.poll(async () => (await getCampaign(world.server.graphqlUrl, id)).status, { timeout: 150_000 }).toBe('AWAITING_APPROVAL');
    await waitForStatus(page, 'AWAITING_APPROVAL', 60_000);

    await page.getByTestId('approval-gate').getByRole('button', { name: 'Reject' }).click();
    await page.getByLabel('Why reject it?').fill('Off-season; not publishing.');
    await page.getByTestId('approval-gate').getByRole('button', { name: 'Reject the campaign' }).click();
    await waitForStatus(page, 'REJECTED', 30_000);
    await page.getByText('Off-season; not publishing.').first().waitFor();
    expect((await getCampaign(world.server.graphqlUrl, id)).status).toBe('REJECTED');
  });

  it("sets a brand's default approvals in its form, and that brand's campaigns then wait at the draft", { timeout: 120_000 }, async () => {
    const { page } = await world.open();
    await page.goto(`${world.server.url}/#/brands`);
    await page.getByRole('button', { name: 'New brand' }).click();
    await page.getByLabel('Name').fill('Riverside Repairs');
    const gates = page.getByRole('group', { name: "This brand's campaigns wait for approval of" });
    await gates.getByLabel('the reviewed draft, before the Optimizer polishes it').check();
    await page.getByRole('button', { name: 'Create brand' }).click();
    const card = page.locator('[data-brand="Riverside Repairs"]');
    await card.waitFor();
    await expect.poll(() => card.textContent()).toContain('Waits for approval of');

    const { brands } = await graphqlData(world.server.graphqlUrl, '{ brands { id name defaultApprovalGates } }');
    const brand = brands.find((each: { name: string }) => each.name === 'Riverside Repairs');
    expect(brand?.defaultApprovalGates).toEqual(['DRAFT']);
    // A campaign that names no gates of its own waits where its brand says.
    const { id } = await createCampaign(world.server.graphqlUrl, { ...blogInput, brandId: brand.id });
    await expect.poll(async () => (await getCampaign(world.server.graphqlUrl, id)).status, { timeout: 60_000 }).toBe('AWAITING_APPROVAL');

    // Edited: the form shows the brand's choice, and clearing it saves no default.
    await card.getByRole('button', { name: 'Edit' }).click();
    const draftGate = gates.getByLabel('the reviewed draft, before the Optimizer polishes it');
    await expect(draftGate.isChecked()).resolves.toBe(true);
    await draftGate.uncheck();
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(async () => (await graphqlData(world.server.graphqlUrl, '{ brands { name defaultApprovalGates } }')).brands)
      .toContainEqual({ name: 'Riverside Repairs', defaultApprovalGates: [] });
  });
});
