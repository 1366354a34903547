// The campaign page for marketers, in real Chromium against the real server: a short name as the
// heading with the brief folded, whatever the brief's length.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { blogInput, createCampaign, runToEnd } from '../support/campaigns.js';
import { graphql, graphqlData } from '../support/graphql.js';
import { expectNoSeriousViolations } from './accessibility.js';
import { describeInBrowser } from './browser.js';
import { campaignIdFromUrl, useWebClientWorld, waitForStatus } from './support.js';

const campaignFields = 'name brief targetAudience contentType keyphrase approvalGates brand { name } models { optimizer contentCreator }';
const readCampaign = async (url: string, id: string) =>
  (await graphqlData(url, `query ($id: ID!) { campaign(id: $id) { ${campaignFields} } }`, { id })).campaign;

describeInBrowser('the campaign page', () => {
  const world = useWebClientWorld({}, async (started) => {
    started.ollama.options.defaults = { tokenDelayMs: 0 };
  });

  it('shows a 4,000-character brief folded under a short heading, with the status and Cancel on screen', { timeout: 60_000 }, async () => {
    world.ollama.options.chat = () => ({ hang: true });
    const brief =
      `Balcony composting for renters. ${'Explain worm bins, bokashi and what to do with the compost in a small flat. '.repeat(60)}`.slice(
        0,
        4000,
      );
    const { id } = await createCampaign(world.server.graphqlUrl, { ...blogInput, brief });
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    await waitForStatus(page, 'RUNNING');

    const heading = page.getByRole('heading', { level: 1 });
    await expect(heading.textContent()).resolves.toBe('Balcony composting for renters');
    expect((await heading.boundingBox())?.height).toBeLessThan(80);
    const cancel = page.getByRole('button', { name: 'Cancel' });
    const cancelBox = await cancel.boundingBox();
    expect(cancelBox && cancelBox.y + cancelBox.height).toBeLessThan(900);
    await expect(page.locator('[data-testid="campaign-view"] .title-row').getByText('Running').isVisible()).resolves.toBe(true);

    const folded = page.getByTestId('campaign-brief');
    await expect(folded.getByText(brief.trim()).isVisible()).resolves.toBe(false);
    await folded.getByText('The brief').click();
    await expect(folded.getByText(brief.trim()).isVisible()).resolves.toBe(true);
    await expectNoSeriousViolations(page, 'a campaign with a long brief');
    await graphqlData(world.server.graphqlUrl, 'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }', { id }); // frees the pipeline
  });

  it('runs a campaign again with changes from a form filled in from it, leaving the original as it was', { timeout: 90_000 }, async () => {
    const url = world.server.graphqlUrl;
    const brand = (await graphqlData(url, 'mutation { createBrand(input: { name: "Green Leaf" }) { id } }')).createBrand;
    const input = { ...blogInput, name: 'Balcony compost', brandId: brand.id, models: { optimizer: 'mistral' }, approvalGates: ['FINAL'] };
    const { id } = await createCampaign(url, input);
    await runToEnd(url, id);
    await graphqlData(url, 'mutation ($id: ID!) { approveCampaign(id: $id) { id } }', { id });
    expect((await runToEnd(url, id)).at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
    const original = await readCampaign(url, id);
    expect(original.approvalGates).toEqual(['FINAL']);
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    await waitForStatus(page, 'COMPLETED');

    await page.getByRole('link', { name: 'Run again with changes' }).click();
    await page.waitForURL(/#\/create\?from=/);
    await page.getByTestId('rerun-source').getByText('Filled in from “Balcony compost”', { exact: false }).waitFor();
    await expect(page.getByLabel('Campaign name').inputValue()).resolves.toBe('Balcony compost');
    await expect(page.getByLabel('What should the agents write?').inputValue()).resolves.toBe(blogInput.brief);
    await expect(page.getByLabel('Target audience').inputValue()).resolves.toBe(blogInput.targetAudience);
    await expect(page.getByLabel('Content type').inputValue()).resolves.toBe('BLOG_POST');
    await expect(page.getByLabel('Brand', { exact: true }).inputValue()).resolves.toBe(brand.id);
    await expect(page.getByLabel(/SEO keyphrase/).inputValue()).resolves.toBe(blogInput.keyphrase);
    await expect(page.locator('#campaign-model-optimizer').inputValue()).resolves.toBe('mistral');
    await expect(page.getByLabel('the final text, before the campaign completes').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('the reviewed draft, before the Optimizer polishes it').isChecked()).resolves.toBe(false);
    await expectNoSeriousViolations(page, 'the form filled in from a campaign');

    await page.getByLabel('Campaign name').fill('Balcony compost, for students');
    await page.getByLabel('Target audience').fill('students in shared flats');
    await page.getByRole('button', { name: 'Start campaign' }).click();
    await page.waitForURL((address) => /#\/campaigns\//.test(address.hash) && !address.hash.includes(id));
    const copy = await readCampaign(url, campaignIdFromUrl(page));
    expect(copy).toEqual({
      ...original,
      name: 'Balcony compost, for students',
      targetAudience: 'students in shared flats',
    });
    await expect(readCampaign(url, id)).resolves.toEqual(original);
  });

  it('deletes a campaign only after a confirmation that can be declined', { timeout: 60_000 }, async () => {
    const url = world.server.graphqlUrl;
    const { id } = await createCampaign(url, { ...blogInput, name: 'Short-lived' });
    await runToEnd(url, id);
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    await waitForStatus(page, 'COMPLETED');

    const deleteButton = page.getByRole('button', { name: 'Delete', exact: true });
    await deleteButton.click();
    const confirm = page.getByTestId('confirm-delete');
    await confirm.getByText('Delete “Short-lived”? Its content, scores and agent steps are removed for good.').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Keep');
    await expectNoSeriousViolations(page, 'the delete confirmation');
    await confirm.getByRole('button', { name: 'Keep' }).click();
    await expect.poll(() => confirm.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Delete');
    await expect(readCampaign(url, id)).resolves.toMatchObject({ name: 'Short-lived' });

    await deleteButton.click();
    await confirm.getByRole('button', { name: 'Delete for good' }).click();
    await page.waitForURL((address) => address.hash === '#/');
    const gone = await graphql(url, 'query ($id: ID!) { campaign(id: $id) { id } }', { id });
    expect(gone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('tells the other open windows when a campaign is deleted: the dashboard drops it, its page says so', { timeout: 60_000 }, async () => {
    const url = world.server.graphqlUrl;
    const { id } = await createCampaign(url, { ...blogInput, name: 'Deleted elsewhere' });
    await runToEnd(url, id);
    const campaignPage = (await world.open()).page;
    await campaignPage.goto(`${world.server.url}/#/campaigns/${id}`);
    await waitForStatus(campaignPage, 'COMPLETED');
    const dashboard = (await world.open()).page;
    await dashboard.goto(`${world.server.url}/#/`);
    const row = (campaignId: string) => dashboard.locator(`[data-testid="campaign-history"] tr[data-campaign-id="${campaignId}"]`);
    await row(id).waitFor();
    // A campaign created meanwhile appears: the dashboard follows the updates.
    const other = await createCampaign(url, { ...blogInput, name: 'Created meanwhile' });
    await row(other.id).waitFor();

    await graphqlData(url, 'mutation ($id: ID!) { deleteCampaign(id: $id) { id } }', { id });
    await campaignPage.getByText('This campaign was deleted').waitFor();
    await expect.poll(() => row(id).count()).toBe(0);
    await expect(row(other.id).count()).resolves.toBe(1);
    await runToEnd(url, other.id);
  });

  it('copies the content, and downloads the content alone or the report, named after the campaign', { timeout: 60_000 }, async () => {
    const url = world.server.graphqlUrl;
    const { id } = await createCampaign(url, { ...blogInput, name: 'Balcony compost tips' });
    await runToEnd(url, id);
    const { campaign } = await graphqlData(url, 'query ($id: ID!) { campaign(id: $id) { content contentText exports { fileName } } }', {
      id,
    });
    expect(campaign.exports.fileName).toBe(`balcony-compost-tips-campaign-${id}`);
    const open = await world.open();
    const { page, context } = open;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.server.url });
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    await page.getByTestId('results').waitFor();

    await page.getByTestId('copy-content').click();
    await page.getByText('Copied: paste it into your editor.').waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(campaign.contentText);
    expect(campaign.contentText).not.toMatch(/^#+ |\*\*/m);

    const saved = async (format: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`[data-format="${format}"]`).click()]);
      return { name: download.suggestedFilename(), text: await readFile((await download.path()) ?? '', 'utf8') };
    };
    await expect(saved('content-markdown')).resolves.toEqual({ name: `${campaign.exports.fileName}-content.md`, text: campaign.content });
    await expect(saved('content-text')).resolves.toEqual({ name: `${campaign.exports.fileName}-content.txt`, text: campaign.contentText });
    const report = await saved('markdown');
    expect(report.name).toBe(`${campaign.exports.fileName}.md`);
    expect(report.text).toContain('- Name: Balcony compost tips');
    expect(report.text).toContain('## Scores');
    await expectNoSeriousViolations(page, 'the results with copy and downloads');
  });

  it('edits the content in place as versions, restores one, and shows what the Optimizer changed', { timeout: 60_000 }, async () => {
    const url = world.server.graphqlUrl;
    const { id } = await createCampaign(url, { ...blogInput, name: 'Edited in place' });
    await runToEnd(url, id);
    const before = (
      await graphqlData(
        url,
        'query ($id: ID!) { campaign(id: $id) { content draftMetrics { scores { overallQuality } } finalMetrics { scores { overallQuality } } } }',
        { id },
      )
    ).campaign;
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/campaigns/${id}`);
    await page.getByTestId('results').waitFor();

    // The Optimizer's change: the draft against the rewrite, and the score moves.
    const change = page.getByTestId('optimizer-change');
    await change.locator('summary').click();
    const overall = change.locator('[data-testid="score-deltas"] tr[data-score="overallQuality"] td');
    await expect(overall.allTextContents()).resolves.toEqual([
      String(before.draftMetrics.scores.overallQuality),
      String(before.finalMetrics.scores.overallQuality),
      expect.stringMatching(/^([+−]\d+|±0)$/),
    ]);
    await expect(change.getByTestId('optimizer-diff').textContent()).resolves.not.toBe('');

    await page.getByTestId('edit-content').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('content-editor');
    await expectNoSeriousViolations(page, 'the content editor and the Optimizer’s change');
    await page.getByLabel('Edit the content (Markdown)').fill('# Balcony compost\n\nEdited by a person, kept as version 2.');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByTestId('final-content').getByText('Edited by a person, kept as version 2.').waitFor();
    await expect(page.getByTestId('current-version').textContent()).resolves.toBe('Version 2 of 2');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-format="content-markdown"]').click()]);
    await expect(readFile((await download.path()) ?? '', 'utf8')).resolves.toBe(
      '# Balcony compost\n\nEdited by a person, kept as version 2.',
    );

    await page.getByTestId('versions').locator('summary').click();
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await expect.poll(() => page.getByTestId('current-version').textContent()).toBe('Version 3 of 3');
    await expect(page.getByTestId('final-content').getByText('Edited by a person').count()).resolves.toBe(0);
    const { campaign } = await graphqlData(url, 'query ($id: ID!) { campaign(id: $id) { content versions { source } } }', { id });
    expect(campaign).toEqual({ content: before.content, versions: [{ source: 'AGENTS' }, { source: 'EDIT' }, { source: 'RESTORE' }] });
  });
});
