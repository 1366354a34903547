import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql, graphqlData, wsClient, wsCollect } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

const brandFields = 'id name voice tone values colors prohibitedTopics keywords createdAt updatedAt';
const createBrand = `mutation ($input: BrandInput!) { createBrand(input: $input) { ${brandFields} } }`;
const updateBrand = `mutation ($id: ID!, $input: BrandPatchInput!) { updateBrand(id: $id, input: $input) { ${brandFields} } }`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const brandCount = () => server.prisma.brand.count();

describe('brand CRUD over HTTP', () => {
  it('creates, reads, lists, updates and deletes a brand', async () => {
    const input = {
      name: 'Green Leaf',
      voice: 'Warm and practical',
      tone: 'Optimistic',
      values: ['sustainability', 'honesty'],
      colors: ['#1A7F5A', '#F4E9D8'],
      prohibitedTopics: ['politics'],
      keywords: ['eco-friendly', 'zero waste'],
    };
    const { createBrand: created } = await graphqlData(server.graphqlUrl, createBrand, { input });
    expect(created).toMatchObject(input);
    expect(Date.parse(created.createdAt)).not.toBeNaN();

    const { brand } = await graphqlData(server.graphqlUrl, `query ($id: ID!) { brand(id: $id) { ${brandFields} } }`, { id: created.id });
    expect(brand).toEqual(created);

    const { updateBrand: updated } = await graphqlData(server.graphqlUrl, updateBrand, {
      id: created.id,
      input: { tone: 'Calm', keywords: ['compost'] },
    });
    expect(updated).toMatchObject({ ...input, tone: 'Calm', keywords: ['compost'] });

    const { brands } = await graphqlData(server.graphqlUrl, '{ brands { id name } }');
    expect(brands).toContainEqual({ id: created.id, name: 'Green Leaf' });

    await graphqlData(server.graphqlUrl, 'mutation ($id: ID!) { deleteBrand(id: $id) { id } }', { id: created.id });
    const after = await graphql(server.graphqlUrl, 'query ($id: ID!) { brand(id: $id) { id } }', { id: created.id });
    expect(after.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('trims text and fills defaults for omitted fields', async () => {
    const { createBrand: created } = await graphqlData(server.graphqlUrl, createBrand, { input: { name: '  Minimal  ' } });
    expect(created).toMatchObject({ name: 'Minimal', voice: '', values: [], colors: [], keywords: [] });
  });

  it('answers the same query over graphql-ws', async () => {
    const client = wsClient(server.graphqlUrl);
    const results = await wsCollect(client, '{ brands { name } }');
    await client.dispose();
    expect(results).toHaveLength(1);
    expect(results[0]?.data?.brands).toEqual(expect.arrayContaining([{ name: 'Minimal' }]));
  });
});

describe('brand validation', () => {
  const long = (length: number) => 'x'.repeat(length);
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    ['blank name', { name: '   ' }, 'input.name', /required/],
    ['name over 100 characters', { name: long(101) }, 'input.name', /at most 100/],
    ['colour without #', { name: 'A', colors: ['1A7F5A'] }, 'input.colors.0', /#RRGGBB/],
    ['colour with 3 digits', { name: 'A', colors: ['#1A7'] }, 'input.colors.0', /#RRGGBB/],
    ['colour with a non-hex digit', { name: 'A', colors: ['#1A7F5G'] }, 'input.colors.0', /#RRGGBB/],
    ['too many colours', { name: 'A', colors: Array(13).fill('#000000') }, 'input.colors', /at most 12/],
    ['too many keywords', { name: 'A', keywords: Array.from({ length: 51 }, (_, i) => `k${i}`) }, 'input.keywords', /at most 50/],
    ['a keyword too long', { name: 'A', keywords: [long(101)] }, 'input.keywords.0', /at most 100/],
    ['an empty value', { name: 'A', values: [''] }, 'input.values.0', /must not be empty/],
    ['too many values', { name: 'A', values: Array.from({ length: 21 }, (_, i) => `v${i}`) }, 'input.values', /at most 20/],
    ['a prohibited topic too long', { name: 'A', prohibitedTopics: [long(101)] }, 'input.prohibitedTopics.0', /at most 100/],
    ['voice too long', { name: 'A', voice: long(1001) }, 'input.voice', /at most 1000/],
  ];

  it.each(cases)('rejects %s with BAD_USER_INPUT naming the field, and writes nothing', async (_name, input, field, rule) => {
    const before = await brandCount();
    const result = await graphql(server.graphqlUrl, createBrand, { input });
    const error = result.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.field).toBe(field);
    expect(error?.message).toContain(field);
    expect(error?.message).toMatch(rule);
    expect(await brandCount()).toBe(before);
  });

  it('rejects a duplicate name on create and on rename, leaving both brands as they were', async () => {
    const { createBrand: first } = await graphqlData(server.graphqlUrl, createBrand, { input: { name: 'Unique One' } });
    const { createBrand: second } = await graphqlData(server.graphqlUrl, createBrand, { input: { name: 'Unique Two' } });
    const before = await brandCount();

    const duplicate = await graphql(server.graphqlUrl, createBrand, { input: { name: 'Unique One' } });
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(duplicate.errors?.[0]?.message).toMatch(/unique/);

    const rename = await graphql(server.graphqlUrl, updateBrand, { id: second.id, input: { name: 'Unique One', tone: 'changed' } });
    expect(rename.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(await brandCount()).toBe(before);
    const stored = await server.prisma.brand.findUniqueOrThrow({ where: { id: second.id } });
    expect(stored).toMatchObject({ name: 'Unique Two', tone: '' });
    expect(first.name).toBe('Unique One');
  });

  it('rejects a bad update without changing the brand', async () => {
    const { createBrand: brand } = await graphqlData(server.graphqlUrl, createBrand, { input: { name: 'Steady', colors: ['#000000'] } });
    const result = await graphql(server.graphqlUrl, updateBrand, { id: brand.id, input: { tone: 'new', colors: ['red'] } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.colors.0' });
    const stored = await server.prisma.brand.findUniqueOrThrow({ where: { id: brand.id } });
    expect(stored).toMatchObject({ tone: '', colors: ['#000000'] });
  });

  it.each([
    ['brand', 'query { brand(id: "missing") { id } }'],
    ['updateBrand', 'mutation { updateBrand(id: "missing", input: { tone: "x" }) { id } }'],
    ['deleteBrand', 'mutation { deleteBrand(id: "missing") { id } }'],
  ])('%s with an unknown id is NOT_FOUND', async (_name, query) => {
    const before = await brandCount();
    const result = await graphql(server.graphqlUrl, query);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(result.errors?.[0]?.message).toContain('"missing"');
    expect(await brandCount()).toBe(before);
  });
});
