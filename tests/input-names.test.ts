// Names that show nothing: made only of whitespace, format characters, default-ignorable code points
// or the blank-looking letters and symbols (Hangul fillers, the braille blank, ...). They are refused
// as empty names are (BAD_USER_INPUT naming the field, "must not be blank"), through GraphQL and REST,
// and nothing is written. Names with something visible in them, in any script, are kept as sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blogInput } from './support/campaigns.js';
import { graphql, graphqlData } from './support/graphql.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let server: TestServer;
let brandId: string;
beforeAll(async () => {
  server = await startTestServer(withoutRateLimits);
  brandId = (await graphqlData(server.graphqlUrl, 'mutation { createBrand(input: { name: "Visible" }) { id } }')).createBrand.id;
});
afterAll(() => server.stop());

const createBrand = 'mutation ($input: BrandInput!) { createBrand(input: $input) { id name } }';
const updateBrand = 'mutation ($id: ID!, $input: BrandPatchInput!) { updateBrand(id: $id, input: $input) { id name } }';
const createCampaign = 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id name } }';

const blankNames: [string, string][] = [
  ['a Hangul filler (U+3164)', '\u3164'],
  ['Hangul choseong and jungseong fillers (U+115F, U+1160)', '\u115F\u1160'],
  ['a halfwidth Hangul filler (U+FFA0)', '\uFFA0\uFFA0'],
  ['the braille blank (U+2800)', '\u2800\u2800\u2800'],
  ['line and paragraph separators (U+2028, U+2029)', '\u2028\u2029'],
  ['an ideographic space (U+3000)', '\u3000'],
  ['the Mongolian vowel separator (U+180E)', '\u180E'],
  ['a combining grapheme joiner (U+034F)', '\u034F'],
  ['variation selectors (U+FE0F, U+E0100)', '\uFE0F\u{E0100}'],
  ['tag characters (U+E0041, U+E007F)', '\u{E0041}\u{E007F}'],
  ['a soft hyphen and an Arabic letter mark (U+00AD, U+061C)', '\u00AD\u061C'],
  ['musical null notehead and beam controls (U+1D159, U+1D173, U+1D17A)', '\u{1D159}\u{1D173}\u{1D17A}'],
  ['Khmer inherent vowels (U+17B4, U+17B5)', '\u17B4\u17B5'],
  ['shorthand format controls (U+1BCA0)', '\u{1BCA0}'],
  ['a mix of zero-width, filler, braille blank and spaces', ' \u200B\u3164 \u2800\uFEFF '],
];

const counts = async () => ({ brands: await server.prisma.brand.count(), campaigns: await server.prisma.campaign.count() });

function expectBlankRefusal(result: Awaited<ReturnType<typeof graphql>>, field: string) {
  const error = result.errors?.[0];
  expect(error?.extensions, JSON.stringify(result.errors)).toMatchObject({ code: 'BAD_USER_INPUT', field });
  expect(error?.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: .*must not be blank`));
  expect(result.data ?? null).toBeNull();
}

describe('a name that shows nothing', () => {
  it.each(blankNames)('made of %s is refused as a brand name, on create and on rename', async (_name, name) => {
    const before = await counts();
    expectBlankRefusal(await graphql(server.graphqlUrl, createBrand, { input: { name } }), 'input.name');
    expectBlankRefusal(await graphql(server.graphqlUrl, updateBrand, { id: brandId, input: { name } }), 'input.name');
    expect(await counts()).toEqual(before);
    expect((await server.prisma.brand.findUniqueOrThrow({ where: { id: brandId } })).name).toBe('Visible');
  });

  it.each(blankNames)('made of %s is refused as a campaign name', async (_name, name) => {
    const before = await counts();
    expectBlankRefusal(await graphql(server.graphqlUrl, createCampaign, { input: { ...blogInput, name } }), 'input.name');
    expect(await counts()).toEqual(before);
  });

  it('is refused as a brand keyword entry and as a campaign keyphrase', async () => {
    const before = await counts();
    expectBlankRefusal(
      await graphql(server.graphqlUrl, createBrand, { input: { name: 'Keywords', keywords: ['solid', '\u3164'] } }),
      'input.keywords.1',
    );
    expectBlankRefusal(
      await graphql(server.graphqlUrl, createCampaign, { input: { ...blogInput, keyphrase: '\u2800' } }),
      'input.keyphrase',
    );
    expect(await counts()).toEqual(before);
  });

  it('is refused in a brand uploaded over REST, naming the field', async () => {
    const before = await counts();
    const form = new FormData();
    form.set('file', new File([JSON.stringify({ name: '\u3164\u2800', voice: 'plain' })], 'blank.json', { type: 'application/json' }));
    const response = await fetch(`${server.url}/api/brand/upload`, {
      method: 'POST',
      body: form,
      headers: { 'graphql-require-preflight': '1' },
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string; field: string } };
    expect(error.code).toBe('BAD_USER_INPUT');
    expect(error.field).toBe('file');
    expect(error.message).toMatch(/^file: "blank.json" cannot be imported: Name must not be blank/);
    expect(await counts()).toEqual(before);
  });

  it('is refused as a campaign keyphrase over REST', async () => {
    const before = await counts();
    const response = await fetch(`${server.url}/api/campaign/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ campaign_brief: blogInput.brief, target_audience: 'renters', content_type: 'blog_post', keyphrase: '\u3164' }),
    });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; message: string; field: string } };
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'keyphrase' });
    expect(error.message).toMatch(/^keyphrase: .*must not be blank/);
    expect(await counts()).toEqual(before);
  });
});

describe('a name with something visible in it', () => {
  it.each([
    ['Hangul', '한글 브랜드'],
    ['a Hangul filler beside letters', '\u3164Brand\u3164'],
    ['one emoji', '🌱'],
    ['a flag written with tag characters', '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['braille letters', '\u2803\u2817\u2801\u2809\u2811'],
    ['a heart with its variation selector', '\u2764\uFE0F'],
  ])('%s is kept as sent', async (_name, name) => {
    const brand = await graphqlData(server.graphqlUrl, createBrand, { input: { name } });
    expect(brand.createBrand.name).toBe(name);
    const campaign = await graphqlData(server.graphqlUrl, createCampaign, { input: { ...blogInput, name } });
    expect(campaign.createCampaign.name).toBe(name);
  });
});
