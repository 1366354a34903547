// fast-check arbitraries for fuzzing every way in (tests/security-fuzz.test.ts): values shaped like a
// GraphQL input type with hostile leaves (so that a fuzzed request gets past coercion often enough to
// reach the resolvers), guidelines files, raw HTTP requests, and graphql-transport-ws sessions.
import fc from 'fast-check';
import { type GraphQLInputType, isEnumType, isInputObjectType, isListType, isNonNullType } from 'graphql';

/** Stand-ins for the fixtures' ids, swapped for the current ids just before sending (fixtures may be deleted and re-made). */
const fixtureBrandId = '@fixture-brand-id';
const fixtureCampaignId = '@fixture-campaign-id';

/** Replaces the fixture stand-ins anywhere in a generated value, inside strings too (paths, JSON bodies, frames). */
export function withFixtureIds<T>(value: T, ids: { brandId: string; campaignId: string }): T;
export function withFixtureIds(value: unknown, ids: { brandId: string; campaignId: string }): unknown {
  if (typeof value === 'string') return value.replaceAll(fixtureBrandId, ids.brandId).replaceAll(fixtureCampaignId, ids.campaignId);
  if (Array.isArray(value)) return value.map((item) => withFixtureIds(item, ids));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withFixtureIds(item, ids)]));
  }
  return value;
}

/** Characters the input rules refuse or that break naive code: C0/C1 controls, lone surrogates, bidi and zero-width marks. */
const hostileCharacter = fc
  .oneof(
    fc.integer({ min: 0, max: 0x1f }),
    fc.integer({ min: 0x7f, max: 0x9f }),
    fc.integer({ min: 0xd800, max: 0xdfff }),
    fc.constantFrom(0x200b, 0x200c, 0x200d, 0x202e, 0x2067, 0xfeff, 0xfffd, 0xffff),
  )
  .map((code) => String.fromCharCode(code));

const injections = [
  "'; DROP TABLE Brand; --",
  "' OR 1=1 --",
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the placeholder is the test input.
  '{{7*7}} ${7*7} <%= 7*7 %>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '__proto__',
  'constructor',
  '{"$ne":null}',
  'null',
  'undefined',
  'NaN',
  '-1',
  '9'.repeat(400),
];

/** Values a real client sends: they get a request past validation, so the fuzz reaches the resolvers. */
const plausible = [
  'Harbor Tea',
  'A blog post about sustainable living',
  'developers',
  'sustainable living',
  '#112233',
  'friendly',
  'mistral',
];

/** A long run of one short unit, up to just over the 1 MiB body limit: cheap to make, slow to process if unbounded. */
const hugeText = fc
  .tuple(fc.string({ minLength: 1, maxLength: 4, unit: 'binary' }), fc.integer({ min: 1_000, max: 1_100_000 }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const text = fc.oneof(
  { weight: 12, arbitrary: fc.string() },
  { weight: 8, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 8, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 8, arbitrary: fc.string({ unit: fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), hostileCharacter) }) },
  { weight: 8, arbitrary: fc.constantFrom(...injections) },
  { weight: 12, arbitrary: fc.constantFrom(...plausible) },
  // Rare: a request holds many strings, and one huge string already makes the whole body huge.
  { weight: 1, arbitrary: hugeText },
);

const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, 1e308, -1e308, -0, 0.5, Number.MAX_VALUE),
);

const id = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(fixtureBrandId, fixtureCampaignId) },
  { weight: 3, arbitrary: text },
  { weight: 1, arbitrary: fc.uuid() },
);

const json = fc.jsonValue({ maxDepth: 3 });

/** Many short entries: list limits, and the cost of validating each one. */
const hugeList = fc.integer({ min: 100, max: 60_000 }).map((count) => Array.from({ length: count }, (_, index) => `entry ${index}`));

/** Keys no input type declares, some of them aimed at prototype pollution. */
const strayKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'createdAt', 'brand_id'), fc.string());

/** Any JSON, or (more often) a value shaped like `type` with hostile leaves. */
export function valueFor(type: GraphQLInputType): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 1, arbitrary: json }, { weight: 4, arbitrary: shapedValueFor(type) });
}

function shapedValueFor(type: GraphQLInputType): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return shapedValueFor(type.ofType);
  if (isListType(type)) {
    return fc.oneof({ weight: 20, arbitrary: fc.array(valueFor(type.ofType), { maxLength: 6 }) }, { weight: 1, arbitrary: hugeList });
  }
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).map((field) => [field.name, valueFor(field.type)] as const);
    return fc
      .tuple(fc.record(Object.fromEntries(fields), { requiredKeys: [] }), fc.dictionary(strayKey, json, { maxKeys: 2 }))
      .map(([known, stray]) => ({ ...stray, ...known }));
  }
  if (isEnumType(type)) {
    const names = type.getValues().map((value) => value.name);
    return fc.oneof(fc.constantFrom(...names), fc.constantFrom(...names.map((name) => name.toLowerCase())), text);
  }
  switch (type.name) {
    case 'ID':
      return id;
    case 'String':
      return text;
    case 'Int':
    case 'Float':
      return number;
    case 'Boolean':
      return fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1));
    default:
      return json; // custom scalars (File): anything a JSON body can hold
  }
}

/** A request target Node's client will send: characters it refuses become (often malformed) percent escapes. */
const sendablePath = (path: string) =>
  path.replace(/[^\u0021-\u00ff]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);

/** A header value Node's client will send (tab, printable ASCII and Latin-1 only). */
const headerValue = fc.string({
  maxLength: 60,
  unit: fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff })).map((code) => String.fromCharCode(code)),
});

// The guidelines upload: file names, content types and contents, JSON and Markdown shaped like guidelines among them.

const fileName = fc.oneof(
  fc
    .tuple(
      fc.oneof(fc.constantFrom('brand', '../../etc/passwd', 'CON', '.hidden', '', 'a"b\r\nc'), text),
      fc.constantFrom('.md', '.markdown', '.json', '.JSON', '.txt', '.exe', '.md.exe', ''),
    )
    .map(([base, extension]) => `${base.slice(0, 200)}${extension}`),
  text.map((name) => name.slice(0, 300)),
);
const contentType = fc.oneof(
  fc.constantFrom('text/markdown', 'application/json', 'text/plain', 'application/octet-stream', 'text/html', 'image/png', ''),
  headerValue,
);
const listOfText = fc.array(text, { maxLength: 4 });
const guidelinesJson = fc
  .record(
    {
      name: text,
      voice: text,
      tone: text,
      values: listOfText,
      colors: fc.array(fc.oneof(fc.constantFrom('#112233', 'red', '#GGGGGG'), text), { maxLength: 4 }),
      keywords: listOfText,
      prohibited_topics: listOfText,
      prohibitedTopics: fc.jsonValue({ maxDepth: 2 }),
    },
    { requiredKeys: [] },
  )
  .map((fields) => JSON.stringify(fields));
const guidelinesMarkdown = fc
  .array(fc.tuple(fc.constantFrom('# ', '## Voice\n', '## Tone\n', '## Values\n- ', '## Keywords\n', '## Colors\n', '- ', ''), text), {
    maxLength: 8,
  })
  .map((sections) => sections.map(([heading, words]) => `${heading}${words}`).join('\n'));
const fileContent = fc.oneof(
  text,
  fc.jsonValue().map((value) => JSON.stringify(value)),
  guidelinesJson,
  guidelinesMarkdown,
  fc.uint8Array({ maxLength: 2_000 }),
  hugeText,
);

export const guidelinesFile = fc.record({ name: fileName, type: contentType, content: fileContent });

// Raw HTTP requests: any method, a path near a route or nowhere, headers that should be refused, any body.

/** A request Node's client will send as written; `key` is the server's, sent only misspelt. */
export function httpRequest(key: string) {
  /** Operations a request may carry in its body or query string; none may run without the key. */
  const operations = [
    '{ brands { id name } }',
    `mutation { deleteBrand(id: "${fixtureBrandId}") { id } }`,
    'mutation { createBrand(input: { name: "fuzz" }) { id } }',
    `mutation { updateBrand(id: "${fixtureBrandId}", input: { name: "taken over" }) { id } }`,
    `query { campaign(id: "${fixtureCampaignId}") { brief content } }`,
    'subscription { campaignEvents(campaignId: "x") { seq } }',
  ];
  const operation = fc.oneof(fc.constantFrom(...operations), text);
  const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
  const joined = (...parts: fc.Arbitrary<string>[]) => fc.tuple(...parts).map((strings) => strings.join(''));
  const percentJunk = fc.constantFrom('%E0%A4%A', '%', '%%', '%ZZ', '%00', '%2F', '%2e%2e', '..', '%C0%AF', '%FF%FE');
  const path = fc.oneof(
    fc.webPath(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'binary' }).map((rest) => `/${rest}`),
    joined(
      fc.constantFrom(
        '/graphql',
        '/graphql/',
        '/GRAPHQL',
        '//graphql',
        '/graphql/../graphql',
        '/./graphql',
        '/%67raphql',
        '/graphql%2F',
        '/graphql;x',
      ),
      fc.oneof(
        fc.constant(''),
        operation.map((query) => `?${new URLSearchParams({ query })}`),
        fc.webQueryParameters().map((query) => `?${query}`),
      ),
    ),
    joined(
      fc.constant('/campaigns/'),
      fc.oneof(
        fc.constant(fixtureCampaignId),
        fc.webSegment(),
        percentJunk,
        text.map((segment) => segment.slice(0, 100)),
      ),
      fc.constantFrom('/export.md', '/export.txt', '/export.json', '/export.html', '/export.', '/export.md/'),
    ),
    fc.constantFrom('/', '/health', '/index.html', '/assets/x.js', '*', 'http://evil.example/graphql', '/../../etc/passwd'),
    joined(fc.constantFrom('/', '/graphql/', '/campaigns/'), percentJunk, fc.string()),
  );
  const headers = fc.record(
    {
      'content-type': fc.oneof(
        fc.constantFrom(
          'application/json',
          'application/json; charset=utf-8',
          'application/graphql-response+json',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'multipart/form-data',
          'text/plain',
          'application/graphql',
        ),
        headerValue,
      ),
      origin: fc.oneof(fc.constantFrom('https://evil.example', 'null', 'http://localhost.evil.example', 'file://'), headerValue),
      host: fc.oneof(fc.constantFrom('rebind.attacker.example', 'evil.example:80', '', 'localhost.attacker.example', '[::1'), headerValue),
      accept: fc.constantFrom(
        'text/html',
        'application/json',
        '*/*',
        'text/event-stream',
        'application/graphql-response+json',
        'multipart/mixed',
      ),
      authorization: fc.oneof(
        fc.constantFrom('Bearer wrong', 'Bearer ', `Bearer ${key.slice(0, -1)}`, `Basic ${btoa('admin:admin')}`),
        headerValue,
      ),
      'graphql-require-preflight': fc.constantFrom('1', 'true', ''),
      'x-request-id': headerValue,
    },
    { requiredKeys: [] },
  );
  const graphqlBody = fc.record(
    { query: operation, variables: fc.jsonValue({ maxDepth: 2 }), operationName: fc.option(text, { nil: undefined }) },
    { requiredKeys: [] },
  );
  const body = fc.oneof(
    fc.constant(undefined),
    fc.string({ unit: 'binary' }),
    fc.jsonValue().map((value) => JSON.stringify(value)),
    graphqlBody.map((request) => JSON.stringify(request)),
    graphqlBody.map((request) =>
      new URLSearchParams({ query: request.query ?? '', variables: JSON.stringify(request.variables) }).toString(),
    ),
    graphqlBody.map((request) => `--x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify(request)}\r\n--x--\r\n`),
    hugeText,
  );

  return fc.record({ method, path: path.map(sendablePath), headers, body });
}

// graphql-transport-ws sessions: an optional proper connection_init, then frames in any order.

export interface WsSession {
  protocol: string | undefined;
  /** Send a proper connection_init first and wait for its acknowledgement. */
  init: boolean;
  frames: { data: string; binary: boolean }[];
}

/** `brandInput`: the schema's BrandInput, for the variables of a createBrand sent over the socket. */
export function wsSession(brandInput: GraphQLInputType): fc.Arbitrary<WsSession> {
  const protocolTypes = ['connection_init', 'connection_ack', 'ping', 'pong', 'subscribe', 'next', 'error', 'complete'];

  const operationId = fc.oneof(fc.constantFrom('1', '2', ''), fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }));
  const query = fc.oneof(
    fc.constantFrom(
      `subscription ($id: ID!, $after: Int) { campaignEvents(campaignId: $id, afterSeq: $after) { __typename seq } }`,
      'subscription { campaignEvents(campaignId: "nope") { seq } }',
      'subscription { a: campaignEvents(campaignId: "1") { seq } b: campaignEvents(campaignId: "2") { seq } }',
      '{ brands { id name } }',
      `{ campaign(id: "${fixtureCampaignId}") { id status } }`,
      'mutation ($input: BrandInput!) { createBrand(input: $input) { id } }',
      'mutation ($id: ID!) { cancelCampaign(id: $id) { id } }',
      '{ __schema { types { name } } }',
      '{ brands { id ...F } } fragment F on Brand { ...F }',
      `{ brands { ${'id '.repeat(1500)} } }`,
      '{ __type(name: "Brand") { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } }',
      'subscription {',
      '',
    ),
    fc.string(),
    fc.jsonValue({ maxDepth: 1 }),
  );
  const variables = fc.oneof(
    fc.record(
      {
        id,
        after: fc.oneof(fc.integer(), fc.jsonValue({ maxDepth: 1 })),
        input: valueFor(brandInput),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const payload = fc.jsonValue({ maxDepth: 2 });
  /** An object payload, as the protocol wants, more often than not. */
  const objectPayload = fc.oneof(fc.dictionary(fc.string({ maxLength: 10 }), payload, { maxKeys: 3 }), payload);
  const asFrame = (message: unknown) => JSON.stringify(message);
  /** Messages shaped as the protocol says, with odd contents: these get past parsing, to the server's handling of each type. */
  const wellFormed = fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constant('connection_init'), payload: objectPayload }, { requiredKeys: ['type'] }).map(asFrame),
    },
    {
      weight: 6,
      arbitrary: fc
        .record({
          id: fc.oneof(fc.constantFrom('1', '2'), fc.string({ maxLength: 10 })),
          type: fc.constant('subscribe'),
          payload: fc.record(
            { query, variables, operationName: fc.option(fc.string()), extensions: objectPayload },
            { requiredKeys: ['query'] },
          ),
        })
        .map(asFrame),
    },
    { weight: 2, arbitrary: fc.record({ id: fc.constantFrom('1', '2', 'x'), type: fc.constant('complete') }).map(asFrame) },
    {
      weight: 2,
      arbitrary: fc.record({ type: fc.constantFrom('ping', 'pong'), payload: objectPayload }, { requiredKeys: ['type'] }).map(asFrame),
    },
    {
      weight: 2,
      // Valid messages of the kinds only a server sends: a client has no business sending them, but may.
      arbitrary: fc
        .constantFrom(
          { type: 'connection_ack' },
          { type: 'connection_ack', payload: {} },
          { type: 'next', id: '1', payload: { data: null } },
          { type: 'error', id: '1', payload: [{ message: 'x' }] },
        )
        .map(asFrame),
    },
    {
      weight: 3,
      arbitrary: fc
        .record(
          {
            // Every type of the protocol (the server's own too), the legacy subscriptions-transport-ws ones, and made-up ones.
            type: fc.oneof(
              { weight: 4, arbitrary: fc.constantFrom(...protocolTypes, 'start', 'stop', 'connection_terminate', 'ka') },
              { weight: 1, arbitrary: fc.string() },
            ),
            id: fc.oneof(fc.constantFrom('1', '2'), fc.string({ maxLength: 10 })),
            payload: fc.oneof(fc.constant({}), fc.constant([]), payload),
          },
          { requiredKeys: ['type', 'id'] },
        )
        .map(asFrame),
    },
  );
  /** Anything at all: text, JSON of any shape, protocol messages with wrong field types, a frame over the size limit. */
  const anything = fc.oneof(
    fc.string({ unit: 'binary' }),
    payload.map(asFrame),
    fc.constantFrom(...injections),
    fc
      .record(
        { id: operationId, type: fc.oneof(fc.constantFrom(...protocolTypes), fc.jsonValue({ maxDepth: 1 })), payload },
        { requiredKeys: ['type'] },
      )
      .map(asFrame),
    hugeText,
  );
  const frames = (message: fc.Arbitrary<string>) => fc.array(fc.record({ data: message, binary: fc.boolean() }), { maxLength: 8 });
  return fc.record({
    protocol: fc.oneof({ weight: 4, arbitrary: fc.constant('graphql-transport-ws') }, fc.constantFrom('graphql-ws', undefined)),
    // A proper connection_init first, so that most sessions get past the handshake.
    init: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, fc.constant(false)),
    // Junk is refused at once (4400) and ends the session, so most sessions hold well-formed messages only.
    frames: fc.oneof({ weight: 3, arbitrary: frames(wellFormed) }, { weight: 1, arbitrary: frames(fc.oneof(wellFormed, anything)) }),
  });
}
