// Importing a guidelines file for a brand that exists, in real Chromium against the real server:
// the preview says what changes, sections the file lacks are kept, Cancel saves nothing, Undo
// puts the brand back, and a file that cannot be read is refused in plain words.
import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { graphqlData } from '../support/graphql.js';
import { expectNoSeriousViolations } from './accessibility.js';
import { describeInBrowser } from './browser.js';
import { useWebClientWorld } from './support.js';

const fullBrand = {
  name: 'Northwind Coffee',
  voice: 'Friendly, knowledgeable and never pushy.',
  tone: 'Warm',
  values: ['Fair trade', 'Craft'],
  colors: ['#6F4E37', '#F5DEB3'],
  prohibitedTopics: ['Politics'],
  keywords: ['single origin', 'fresh roasted'],
};
const brandFields = '{ name voice tone values colors prohibitedTopics keywords }';
const voiceOnly = {
  name: 'voice.md',
  mimeType: 'text/markdown',
  buffer: Buffer.from('# Northwind Coffee\n\n## Voice\nPlayful and short.\n'),
};

describeInBrowser('importing guidelines for an existing brand', () => {
  const world = useWebClientWorld();

  const storedBrand = async () => (await graphqlData(world.server.graphqlUrl, `{ brands ${brandFields} }`)).brands[0];

  it('previews the change, keeps the sections the file lacks, and can be cancelled or undone', { timeout: 60_000 }, async () => {
    await graphqlData(world.server.graphqlUrl, 'mutation ($input: BrandInput!) { createBrand(input: $input) { id } }', {
      input: fullBrand,
    });
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/brands`);
    await page.locator('[data-brand="Northwind Coffee"]').waitFor();

    // Choosing the file only previews it.
    await page.getByTestId('guidelines-file').setInputFiles(voiceOnly);
    const preview = page.getByTestId('import-preview');
    await preview.getByText('This updates the brand “Northwind Coffee”.').waitFor();
    await expect(preview.locator('tr[data-change]').count()).resolves.toBe(1);
    await expect(preview.locator('tr[data-change="voice"] .before').textContent()).resolves.toBe(fullBrand.voice);
    await expect(preview.locator('tr[data-change="voice"] .after').textContent()).resolves.toBe('Playful and short.');
    await expect(preview.getByTestId('import-kept').textContent()).resolves.toContain(
      'kept as they are: Tone, Values, Colours, Prohibited topics, Keywords',
    );
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('import-preview-title');
    await expectNoSeriousViolations(page, 'the import preview');
    await expect(storedBrand()).resolves.toEqual(fullBrand);

    await preview.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => preview.count()).toBe(0);
    await expect(storedBrand()).resolves.toEqual(fullBrand);

    await page.getByTestId('guidelines-file').setInputFiles(voiceOnly);
    await preview.getByRole('button', { name: 'Apply changes' }).click();
    await page.getByText('Imported “Northwind Coffee” from voice.md.').waitFor();
    await expect(storedBrand()).resolves.toEqual({ ...fullBrand, voice: 'Playful and short.' });
    await page.locator('[data-brand="Northwind Coffee"]', { hasText: 'Playful and short.' }).waitFor();

    await page.getByRole('button', { name: 'Undo import' }).click();
    await page.getByText('Import undone: “Northwind Coffee” is as it was.').waitFor();
    await expect(storedBrand()).resolves.toEqual(fullBrand);
  });

  it('refuses a file it cannot read in plain words, and changes nothing', { timeout: 60_000 }, async () => {
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/brands`);
    await page.locator('[data-brand="Northwind Coffee"]').waitFor();
    const before = await storedBrand();

    await page.getByTestId('guidelines-file').setInputFiles({
      name: 'no-name.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"voice": "Calm", "keywords": "coffee"}'),
    });
    const alert = page.getByRole('alert');
    await alert.getByText(/"no-name\.json" has no brand name/).waitFor();
    await expect(alert.textContent()).resolves.not.toMatch(/Invalid input|expected string|received undefined|^file:/);

    await page.getByTestId('guidelines-file').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"name": "Northwind Coffee", "colors": ["orange"]}'),
    });
    await alert.getByText('Colours, entry 1 (“orange”) must be a colour in #RRGGBB form', { exact: false }).waitFor();
    await expect(page.getByTestId('import-preview').count()).resolves.toBe(0);
    await expect(storedBrand()).resolves.toEqual(before);
  });

  it('downloads a brand as a guidelines file that imports back to the same brand', { timeout: 60_000 }, async () => {
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/brands`);
    await page.locator('[data-brand="Northwind Coffee"]').waitFor();
    const original = await storedBrand();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Northwind Coffee as a guidelines file' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('northwind-coffee-guidelines.json');
    const file = await readFile((await download.path()) ?? '', 'utf8');

    const { brands } = await graphqlData(world.server.graphqlUrl, '{ brands { id } }');
    await graphqlData(
      world.server.graphqlUrl,
      'mutation ($id: ID!, $input: BrandPatchInput!) { updateBrand(id: $id, input: $input) { id } }',
      {
        id: brands[0].id,
        input: { voice: 'Loud', tone: '', values: [], colors: [], prohibitedTopics: [], keywords: [] },
      },
    );
    await page
      .getByTestId('guidelines-file')
      .setInputFiles({ name: 'northwind-coffee-guidelines.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    const preview = page.getByTestId('import-preview');
    await expect.poll(() => preview.locator('tr[data-change]').count()).toBe(6);
    await expect(preview.getByTestId('import-kept').count()).resolves.toBe(0);
    await preview.getByRole('button', { name: 'Apply changes' }).click();
    await page.getByText('Imported “Northwind Coffee” from northwind-coffee-guidelines.json.').waitFor();
    await expect(storedBrand()).resolves.toEqual(original);
  });

  it('turns a colour name into #RRGGBB as it is typed, and marks what is no colour before saving', { timeout: 30_000 }, async () => {
    const open = await world.open();
    const { page } = open;
    await page.goto(`${world.server.url}/#/brands`);
    await page.getByRole('button', { name: 'New brand' }).click();
    await page.getByLabel('Name').fill('Sunny Side');
    await page.getByRole('button', { name: '+ Add colour' }).click();
    const colour = page.getByLabel('Colour 1 as #RRGGBB');
    await colour.fill('orange');
    await colour.blur();
    await expect.poll(() => colour.inputValue()).toBe('#FFA500');
    await colour.fill('orang');
    await colour.blur();
    await page.getByText('“orang” is not a colour: use #RRGGBB').waitFor();
    await expect(colour.getAttribute('aria-invalid')).resolves.toBe('true');
    await expectNoSeriousViolations(page, 'a brand form with a colour that is not one');
    await colour.fill('1a7f5a');
    await colour.blur();
    await expect.poll(() => colour.inputValue()).toBe('#1A7F5A');
    await page.getByRole('button', { name: 'Create brand' }).click();
    await page.locator('[data-brand="Sunny Side"]').waitFor();
    const { brands } = await graphqlData(world.server.graphqlUrl, '{ brands { name colors } }');
    expect(brands).toContainEqual({ name: 'Sunny Side', colors: ['#1A7F5A'] });
  });
});
