import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlData, uploadFile } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

const importGuidelines =
  'mutation ($file: File!) { importBrandGuidelines(file: $file) { id name voice tone values colors prohibitedTopics keywords } }';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const markdownGuidelines = `# Northwind Coffee Brand Guidelines

## Voice
Friendly, knowledgeable and never pushy.

## Tone
Warm. Conversational.

## Values
- Fair trade
- Craft
- Community

## Colors
- Primary: #6F4E37 (espresso)
- Accent: #F5DEB3

## Keywords
single origin, fresh roasted, **small batch**

## Prohibited topics
- Politics
- Competitor bashing
`;

describe('importBrandGuidelines', () => {
  it('creates a brand from a Markdown document with headed sections', async () => {
    const result = await uploadFile(server.graphqlUrl, importGuidelines, {
      name: 'northwind.md',
      type: 'text/markdown',
      content: markdownGuidelines,
    });
    expect(result.errors).toBeUndefined();
    expect(result.data?.importBrandGuidelines).toMatchObject({
      name: 'Northwind Coffee',
      voice: 'Friendly, knowledgeable and never pushy.',
      tone: 'Warm. Conversational.',
      values: ['Fair trade', 'Craft', 'Community'],
      colors: ['#6F4E37', '#F5DEB3'],
      keywords: ['single origin', 'fresh roasted', 'small batch'],
      prohibitedTopics: ['Politics', 'Competitor bashing'],
    });
  });

  it('creates a brand from JSON, accepting the REST design field names', async () => {
    const json = {
      name: 'Solaris',
      voice: 'Bold',
      values: ['clean energy'],
      colors: ['#FFB400'],
      prohibited_topics: ['fossil fuels'],
      keywords: ['solar'],
    };
    const result = await uploadFile(server.graphqlUrl, importGuidelines, {
      name: 'solaris.json',
      type: 'application/json',
      content: JSON.stringify(json),
    });
    expect(result.data?.importBrandGuidelines).toMatchObject({ name: 'Solaris', prohibitedTopics: ['fossil fuels'], colors: ['#FFB400'] });
  });

  it('updates the brand of the same name on a second import', async () => {
    const content = JSON.stringify({ name: 'Solaris', voice: 'Quiet', colors: ['#000000'] });
    const result = await uploadFile(server.graphqlUrl, importGuidelines, { name: 'solaris.json', type: 'application/json', content });
    expect(result.data?.importBrandGuidelines).toMatchObject({ name: 'Solaris', voice: 'Quiet', colors: ['#000000'] });
    const { brands } = await graphqlData(server.graphqlUrl, '{ brands { name } }');
    expect(brands.filter((brand: { name: string }) => brand.name === 'Solaris')).toHaveLength(1);
  });

  const badFiles: [string, { name: string; type: string; content: string | Uint8Array<ArrayBuffer> }, RegExp][] = [
    ['broken JSON', { name: 'broken.json', type: 'application/json', content: '{"name": "X",' }, /not valid JSON/],
    ['a JSON array', { name: 'list.json', type: 'application/json', content: '[1,2]' }, /JSON object/],
    [
      'a bad colour in JSON',
      { name: 'c.json', type: 'application/json', content: '{"name":"C","colors":["blue"]}' },
      /colors\.0 must be a colour in #RRGGBB/,
    ],
    ['no name', { name: 'n.md', type: 'text/markdown', content: '## Voice\nCalm.' }, /name/],
    ['a PDF', { name: 'guide.pdf', type: 'application/pdf', content: '%PDF-1.4' }, /must be a \.json or \.md/],
    ['an empty file', { name: 'empty.md', type: 'text/markdown', content: '' }, /is empty/],
    [
      'a file over the size limit',
      { name: 'big.md', type: 'text/markdown', content: `# Big\n${'x'.repeat(300 * 1024)}` },
      /the limit is 262144 bytes/,
    ],
    [
      'bytes that are not UTF-8',
      { name: 'latin.md', type: 'text/markdown', content: new Uint8Array([0x23, 0x20, 0xff, 0xfe, 0x41]) },
      /not UTF-8/,
    ],
  ];

  it.each(badFiles)('rejects %s with a clear error naming the file, and writes nothing', async (_name, file, rule) => {
    const before = await server.prisma.brand.count();
    const result = await uploadFile(server.graphqlUrl, importGuidelines, file);
    const error = result.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(error?.message).toMatch(rule);
    expect(error?.message).toContain(file.name);
    expect(await server.prisma.brand.count()).toBe(before);
  });
});
