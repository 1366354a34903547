// Bad input for every mutation and argument: each is refused with its documented code and
// leaves the database as it was (Brand, Campaign and AgentStep rows counted before and after).
// Text decisions (server/security/input-text.ts): emoji, RTL scripts, zero-width joiners and
// injection-looking strings are stored verbatim; lone surrogates, control characters, bidi
// overrides and invisible-only values are refused with BAD_USER_INPUT naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphQLResponse, graphql, uploadFile } from './support/graphql.js';
import { startTestServer, type TestServer, tableNames } from './support/server.js';

let server: TestServer;
let brandId: string;
let failedCampaignId: string;

async function post(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(server.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const snapshot = async () => ({
  brands: await server.prisma.brand.count(),
  campaigns: await server.prisma.campaign.count(),
  agentSteps: await server.prisma.agentStep.count(),
  fixtureBrand: await server.prisma.brand.findUniqueOrThrow({ where: { id: brandId } }),
  fixtureCampaign: await server.prisma.campaign.findUniqueOrThrow({
    where: { id: failedCampaignId },
    select: { status: true, updatedAt: true },
  }),
});

beforeAll(async () => {
  // Limits that would refuse this many requests are tested in security-limits.test.ts.
  server = await startTestServer({ RATE_LIMIT_MUTATIONS_PER_MINUTE: '0', RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '0', LLM_RETRIES: '0' });
  const brand = await graphql(
    server.graphqlUrl,
    'mutation { createBrand(input: { name: "Fixture", colors: ["#112233"], keywords: ["solid"] }) { id } }',
  );
  brandId = brand.data?.createBrand.id;
  const campaign = await graphql(server.graphqlUrl, 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }', {
    input: { brief: 'A fixture campaign that fails without Ollama', targetAudience: 'testers', contentType: 'AD_COPY', brandId },
  });
  failedCampaignId = campaign.data?.createCampaign.id;
  // Ollama is down: the campaign fails at once and writes nothing more.
  for (
    let waited = 0;
    (await server.prisma.campaign.findUniqueOrThrow({ where: { id: failedCampaignId } })).status !== 'FAILED';
    waited += 20
  ) {
    if (waited > 10_000) throw new Error('the fixture campaign never failed');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
});
afterAll(() => server.stop());

const createBrand = 'mutation ($input: BrandInput!) { createBrand(input: $input) { id } }';
const updateBrand = 'mutation ($id: ID!, $input: BrandPatchInput!) { updateBrand(id: $id, input: $input) { id } }';
const deleteBrand = 'mutation ($id: ID!) { deleteBrand(id: $id) { id } }';
const importGuidelines = 'mutation ($file: File!) { importBrandGuidelines(file: $file) { id } }';
const createCampaign = 'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }';
const byId = (mutation: string) => `mutation ($id: ID!) { ${mutation}(id: $id) { id } }`;

const campaign = { brief: 'A post about safe input handling', targetAudience: 'developers', contentType: 'BLOG_POST' };
const long = (length: number) => 'x'.repeat(length);
const many = (count: number) => Array.from({ length: count }, (_, index) => `entry ${index}`);
const nested = (depth: number): unknown => (depth === 0 ? 'deep' : [nested(depth - 1)]);
const sql = "'; DROP TABLE Brand; --";

interface BadInputCase {
  name: string;
  query: string;
  variables?: () => Record<string, unknown>;
  code: string;
  field?: string;
  status?: number;
}

const cases: BadInputCase[] = [
  // createBrand(input: BrandInput!)
  { name: 'createBrand without input', query: createBrand, code: 'BAD_USER_INPUT', field: 'input' },
  { name: 'createBrand with input null', query: createBrand, variables: () => ({ input: null }), code: 'BAD_USER_INPUT', field: 'input' },
  {
    name: 'createBrand with a number for name',
    query: createBrand,
    variables: () => ({ input: { name: 123 } }),
    code: 'BAD_USER_INPUT',
    field: 'input.name',
  },
  {
    name: 'createBrand with an object for values',
    query: createBrand,
    variables: () => ({ input: { name: 'A', values: { a: 1 } } }),
    code: 'BAD_USER_INPUT',
    field: 'input.values',
  },
  {
    name: 'createBrand with an unknown field',
    query: createBrand,
    variables: () => ({ input: { name: 'A', admin: true } }),
    code: 'BAD_USER_INPUT',
    field: 'input',
  },
  {
    name: 'createBrand with an empty name',
    query: createBrand,
    variables: () => ({ input: { name: '' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.name',
  },
  {
    name: 'createBrand with a name of 101 characters',
    query: createBrand,
    variables: () => ({ input: { name: long(101) } }),
    code: 'BAD_USER_INPUT',
    field: 'input.name',
  },
  {
    name: 'createBrand with 10,000 keywords',
    query: createBrand,
    variables: () => ({ input: { name: 'A', keywords: many(10_000) } }),
    code: 'BAD_USER_INPUT',
    field: 'input.keywords',
  },
  {
    name: 'createBrand with a name holding a lone surrogate',
    query: createBrand,
    variables: () => ({ input: { name: 'Caf\uD800' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.name',
  },
  {
    name: 'createBrand with NUL in voice',
    query: createBrand,
    variables: () => ({ input: { name: 'A', voice: 'calm\u0000' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.voice',
  },
  {
    name: 'createBrand with an RTL override in name',
    query: createBrand,
    variables: () => ({ input: { name: 'evil\u202Etxt.exe' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.name',
  },
  {
    name: 'createBrand with a zero-width-only name',
    query: createBrand,
    variables: () => ({ input: { name: '\u200B\u200D' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.name',
  },
  {
    name: 'createBrand with a control character in a keyword',
    query: createBrand,
    variables: () => ({ input: { name: 'A', keywords: ['ok', 'bell\u0007'] } }),
    code: 'BAD_USER_INPUT',
    field: 'input.keywords.1',
  },
  {
    name: 'createBrand with a list nested 100 deep',
    query: createBrand,
    variables: () => ({ input: { name: 'A', values: nested(100) } }),
    code: 'BAD_USER_INPUT',
    field: 'input.values',
  },
  {
    name: 'createBrand with NUL written into the document',
    query: 'mutation { createBrand(input: { name: "a\\u0000b" }) { id } }',
    code: 'BAD_USER_INPUT',
    field: 'input.name',
    status: 200,
  },
  {
    name: 'createBrand with a number written into the document',
    query: 'mutation { createBrand(input: { name: 5 }) { id } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
  },
  {
    name: 'createBrand with a lone surrogate escape in the document',
    query: 'mutation { createBrand(input: { name: "x\\uD800" }) { id } }',
    code: 'GRAPHQL_PARSE_FAILED',
    status: 400,
  },
  {
    name: 'createBrand 16 times in one alias bomb',
    query: `mutation { ${Array.from({ length: 16 }, (_, index) => `b${index}: createBrand(input: { name: "Bomb ${index}" }) { id }`).join(' ')} }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
  },
  // updateBrand(id: ID!, input: BrandPatchInput!)
  { name: 'updateBrand without id', query: updateBrand, variables: () => ({ input: { tone: 'x' } }), code: 'BAD_USER_INPUT', field: 'id' },
  {
    name: 'updateBrand with an object for id',
    query: updateBrand,
    variables: () => ({ id: { $ne: null }, input: { tone: 'x' } }),
    code: 'BAD_USER_INPUT',
    field: 'id',
  },
  {
    name: 'updateBrand with an unknown id',
    query: updateBrand,
    variables: () => ({ id: 'no-such-brand', input: { tone: 'x' } }),
    code: 'NOT_FOUND',
  },
  {
    name: 'updateBrand with an SQL-injection id',
    query: updateBrand,
    variables: () => ({ id: "' OR 1=1 --", input: { tone: 'x' } }),
    code: 'NOT_FOUND',
  },
  {
    name: 'updateBrand with an empty name',
    query: updateBrand,
    variables: () => ({ id: brandId, input: { name: '' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.name',
  },
  {
    name: 'updateBrand with a named colour',
    query: updateBrand,
    variables: () => ({ id: brandId, input: { colors: ['red'] } }),
    code: 'BAD_USER_INPUT',
    field: 'input.colors.0',
  },
  {
    name: 'updateBrand with a tone of 1001 characters',
    query: updateBrand,
    variables: () => ({ id: brandId, input: { tone: long(1001) } }),
    code: 'BAD_USER_INPUT',
    field: 'input.tone',
  },
  {
    name: 'updateBrand with 50,000 values',
    query: updateBrand,
    variables: () => ({ id: brandId, input: { values: many(50_000) } }),
    code: 'BAD_USER_INPUT',
    field: 'input.values',
  },
  {
    name: 'updateBrand with a bidi isolate in tone',
    query: updateBrand,
    variables: () => ({ id: brandId, input: { tone: 'a\u2067b' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.tone',
  },
  // deleteBrand(id: ID!)
  { name: 'deleteBrand without id', query: deleteBrand, code: 'BAD_USER_INPUT', field: 'id' },
  { name: 'deleteBrand with a list for id', query: deleteBrand, variables: () => ({ id: ['a'] }), code: 'BAD_USER_INPUT', field: 'id' },
  { name: 'deleteBrand with an empty id', query: deleteBrand, variables: () => ({ id: '' }), code: 'NOT_FOUND' },
  { name: 'deleteBrand with a 100,000-character id', query: deleteBrand, variables: () => ({ id: long(100_000) }), code: 'NOT_FOUND' },
  { name: 'deleteBrand with an SQL-injection id', query: deleteBrand, variables: () => ({ id: sql }), code: 'NOT_FOUND' },
  { name: 'deleteBrand with NUL in id', query: deleteBrand, variables: () => ({ id: 'a\u0000' }), code: 'BAD_USER_INPUT', field: 'id' },
  // importBrandGuidelines(file: File!) sent as JSON (uploads are below)
  { name: 'importBrandGuidelines without file', query: importGuidelines, code: 'BAD_USER_INPUT', field: 'file' },
  {
    name: 'importBrandGuidelines with a string for file',
    query: importGuidelines,
    variables: () => ({ file: '# Brand\n## Voice\nx' }),
    code: 'BAD_USER_INPUT',
    field: 'file',
  },
  {
    name: 'importBrandGuidelines with an object for file',
    query: importGuidelines,
    variables: () => ({ file: { name: 'a.md', size: 3 } }),
    code: 'BAD_USER_INPUT',
    field: 'file',
  },
  // createCampaign(input: CreateCampaignInput!)
  { name: 'createCampaign without input', query: createCampaign, code: 'BAD_USER_INPUT', field: 'input' },
  {
    name: 'createCampaign with a number for brief',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, brief: 42 } }),
    code: 'BAD_USER_INPUT',
    field: 'input.brief',
  },
  {
    name: 'createCampaign with an empty brief',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, brief: '' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.brief',
  },
  {
    name: 'createCampaign with a brief of 4001 characters',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, brief: long(4001) } }),
    code: 'BAD_USER_INPUT',
    field: 'input.brief',
  },
  {
    name: 'createCampaign with an unknown content type',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, contentType: 'PODCAST' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.contentType',
  },
  {
    // graphql-js gives up after 50 bad values with an error that names no variable (found by the fuzz test).
    name: 'createCampaign with 60 unknown platforms',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, platforms: Array.from({ length: 60 }, (_, index) => `platform ${index}`) } }),
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'createCampaign with a lowercase content type',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, contentType: 'blog_post' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.contentType',
  },
  {
    name: 'createCampaign with an unknown brand',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, brandId: 'no-such-brand' } }),
    code: 'NOT_FOUND',
    field: 'input.brandId',
  },
  {
    name: 'createCampaign with an SQL-injection brand id',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, brandId: sql } }),
    code: 'NOT_FOUND',
    field: 'input.brandId',
  },
  {
    name: 'createCampaign with a shell command as model',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, models: { optimizer: 'rm -rf /' } } }),
    code: 'BAD_USER_INPUT',
    field: 'input.models.optimizer',
  },
  {
    name: 'createCampaign with an unknown agent in models',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, models: { hacker: 'x' } } }),
    code: 'BAD_USER_INPUT',
    field: 'input.models',
  },
  {
    name: 'createCampaign with a keyphrase of 101 characters',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, keyphrase: long(101) } }),
    code: 'BAD_USER_INPUT',
    field: 'input.keyphrase',
  },
  {
    name: 'createCampaign with a lone surrogate in brief',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, brief: `${campaign.brief} \uDC00` } }),
    code: 'BAD_USER_INPUT',
    field: 'input.brief',
  },
  {
    name: 'createCampaign with an RTL override in audience',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, targetAudience: 'devs\u202E' } }),
    code: 'BAD_USER_INPUT',
    field: 'input.targetAudience',
  },
  // cancelCampaign, retryCampaign, deleteCampaign (id: ID!)
  ...(['cancelCampaign', 'retryCampaign', 'deleteCampaign'] as const).flatMap((mutation): BadInputCase[] => [
    { name: `${mutation} without id`, query: byId(mutation), code: 'BAD_USER_INPUT', field: 'id' },
    {
      name: `${mutation} with a boolean for id`,
      query: byId(mutation),
      variables: () => ({ id: true }),
      code: 'BAD_USER_INPUT',
      field: 'id',
    },
    { name: `${mutation} with an unknown id`, query: byId(mutation), variables: () => ({ id: 'no-such-campaign' }), code: 'NOT_FOUND' },
    { name: `${mutation} with an SQL-injection id`, query: byId(mutation), variables: () => ({ id: sql }), code: 'NOT_FOUND' },
    {
      name: `${mutation} with a control character in id`,
      query: byId(mutation),
      variables: () => ({ id: `${failedCampaignId}\u001B` }),
      code: 'BAD_USER_INPUT',
      field: 'id',
    },
  ]),
  {
    name: 'cancelCampaign of a campaign that already failed',
    query: byId('cancelCampaign'),
    variables: () => ({ id: failedCampaignId }),
    code: 'BAD_USER_INPUT',
    field: 'id',
  },
  // Whole documents
  {
    name: 'a query deeper than GRAPHQL_MAX_DEPTH',
    query: '{ __type(name: "Brand") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }',
    code: 'GRAPHQL_VALIDATION_FAILED',
    status: 400,
  },
  { name: 'a query over GRAPHQL_MAX_TOKENS', query: `{ brands { ${'id '.repeat(1500)} } }`, code: 'GRAPHQL_PARSE_FAILED', status: 400 },
  {
    name: 'a body over MAX_REQUEST_BODY_BYTES',
    query: createCampaign,
    variables: () => ({ input: { ...campaign, brief: long(2 * 1024 * 1024) } }),
    code: 'REQUEST_ENTITY_TOO_LARGE',
    status: 413,
  },
];

describe('bad input to every mutation', () => {
  it.each(cases.map((badCase) => [badCase.name, badCase] as const))('%s is refused and changes nothing', async (_name, badCase) => {
    const before = await snapshot();
    const { status, text } = await post(badCase.query, badCase.variables?.() ?? {});
    const body = JSON.parse(text) as GraphQLResponse;
    const error = body.errors?.[0];
    expect(error?.extensions?.code, text.slice(0, 500)).toBe(badCase.code);
    if (badCase.field) expect(error?.extensions?.field).toBe(badCase.field);
    expect(error?.message.length).toBeGreaterThan(0);
    // Every error, not only the first, says what kind it is.
    expect(body.errors?.filter((each) => !each.extensions?.code)).toEqual([]);
    if (badCase.status) expect(status).toBe(badCase.status);
    expect(body.data ?? null).toBeNull();
    expect(text).not.toMatch(/INTERNAL_SERVER_ERROR|Unexpected error|prisma|SQLITE|\n\s+at /i);
    expect(await snapshot()).toEqual(before);
  });
});

describe('bad uploads to importBrandGuidelines', () => {
  const badFiles: [string, { name: string; type: string; content: string }, string][] = [
    ['an executable', { name: 'brand.exe', type: 'application/octet-stream', content: 'MZ\u0090\u0000' }, 'BAD_USER_INPUT'],
    [
      'a file over the upload limit',
      { name: 'huge.json', type: 'application/json', content: `{"name":"${long(700 * 1024)}"}` },
      'REQUEST_ENTITY_TOO_LARGE',
    ],
    [
      'JSON whose only name is HTML',
      { name: 'x.json', type: 'application/json', content: '{"name":"<script>alert(1)</script>"}' },
      'BAD_USER_INPUT',
    ],
    [
      'JSON with a control character in a field',
      { name: 'c.json', type: 'application/json', content: '{"name":"Ctl","voice":"a\\u0000b"}' },
      'BAD_USER_INPUT',
    ],
    [
      'a deeply nested JSON document',
      { name: 'd.json', type: 'application/json', content: `{"name":"Deep","values":${'['.repeat(5000)}${']'.repeat(5000)}}` },
      'BAD_USER_INPUT',
    ],
  ];

  it.each(badFiles)('refuses %s and changes nothing', async (_name, file, code) => {
    const before = await snapshot();
    const result = await uploadFile(server.graphqlUrl, importGuidelines, file);
    expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe(code);
    expect(await snapshot()).toEqual(before);
  });
});

describe('text that is accepted and stored verbatim', () => {
  const accepted: [string, string][] = [
    ['emoji with zero-width joiners', '👩‍💻 Café ☕️'],
    ['an RTL name with a right-to-left mark', 'مقهى الشمس\u200F'],
    ['combining marks', 'Zoe\u0308 Cafe\u0301'],
    ['a zero-width non-joiner inside a word', 'می\u200Cخواهم'],
    ['an SQL injection', sql],
    ['a script tag', '<script>alert(1)</script>'],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the test input.
    ['a template-injection string', '{{7*7}} ${7*7} <%= 7*7 %>'],
  ];

  it.each(accepted)('stores %s as sent, and the tables stay whole', async (_name, text) => {
    const before = await server.prisma.brand.count();
    const { data, errors } = await graphql(
      server.graphqlUrl,
      'mutation ($input: BrandInput!) { createBrand(input: $input) { id name voice keywords } }',
      {
        input: { name: text, voice: text, keywords: [text] },
      },
    );
    expect(errors).toBeUndefined();
    expect(data?.createBrand).toMatchObject({ name: text, voice: text, keywords: [text] });
    const stored = await server.prisma.brand.findUniqueOrThrow({ where: { id: data?.createBrand.id } });
    expect(stored.name).toBe(text);
    expect(await server.prisma.brand.count()).toBe(before + 1);
    // The injection did nothing: every table is still there and still answers.
    expect(await tableNames(server)).toEqual(expect.arrayContaining(['Brand', 'Campaign', 'AgentStep']));
  });

  it('stores an injection-looking brief and audience verbatim on a campaign', async () => {
    const brief = `Robert'); DROP TABLE Campaign;-- <img src=x onerror=alert(1)> about privacy`;
    const { data } = await graphql(
      server.graphqlUrl,
      'mutation ($input: CreateCampaignInput!) { createCampaign(input: $input) { id brief targetAudience } }',
      {
        input: { ...campaign, brief, targetAudience: sql },
      },
    );
    expect(data?.createCampaign).toMatchObject({ brief, targetAudience: sql });
    expect(await server.prisma.campaign.count()).toBeGreaterThanOrEqual(2);
  });
});

describe('HTML in imported guidelines', () => {
  it('is stripped from Markdown sections, keeping the words', async () => {
    const markdown = [
      '# <b>Harbor</b> Tea <script>alert(1)</script>',
      '## Voice',
      'Calm and <em>kind</em>.<img src=x onerror=alert(1)>',
      '## Values',
      '- <a href="javascript:alert(1)">Honesty</a>',
      '- <iframe src="https://evil.example"></iframe>',
      '- Care &lt;3',
      '## Keywords',
      'green tea, <style>body{display:none}</style>loose leaf',
    ].join('\n');
    const result = await uploadFile(
      server.graphqlUrl,
      'mutation ($file: File!) { importBrandGuidelines(file: $file) { id name voice values keywords } }',
      {
        name: 'harbor.md',
        type: 'text/markdown',
        content: markdown,
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data?.importBrandGuidelines).toMatchObject({
      name: 'Harbor Tea',
      voice: 'Calm and kind.',
      values: ['Honesty', 'Care &lt;3'],
      keywords: ['green tea', 'loose leaf'],
    });
    const stored = JSON.stringify(await server.prisma.brand.findUniqueOrThrow({ where: { id: result.data?.importBrandGuidelines.id } }));
    expect(stored).not.toMatch(/<|javascript:|onerror/);
  });

  it('is stripped from JSON fields, and entries left empty are dropped', async () => {
    const json = {
      name: 'Quay <i>Coffee</i>',
      tone: '<p onclick="x()">Bright</p>',
      values: ['<b></b>', 'Craft'],
      prohibited_topics: ['<!-- hidden -->Politics'],
    };
    const result = await uploadFile(
      server.graphqlUrl,
      'mutation ($file: File!) { importBrandGuidelines(file: $file) { name tone values prohibitedTopics } }',
      {
        name: 'quay.json',
        type: 'application/json',
        content: JSON.stringify(json),
      },
    );
    expect(result.data?.importBrandGuidelines).toEqual({
      name: 'Quay Coffee',
      tone: 'Bright',
      values: ['Craft'],
      prohibitedTopics: ['Politics'],
    });
  });

  it('keeps "<" that is not a tag', async () => {
    const result = await uploadFile(server.graphqlUrl, 'mutation ($file: File!) { importBrandGuidelines(file: $file) { voice } }', {
      name: 'lt.json',
      type: 'application/json',
      content: JSON.stringify({ name: 'Less Than', voice: 'Prices < $10, always <3' }),
    });
    expect(result.data?.importBrandGuidelines.voice).toBe('Prices < $10, always <3');
  });
});
