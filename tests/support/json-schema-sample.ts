// Builds a plausible value that conforms to a JSON schema, the way a model answering
// with Ollama's `format` would. Covers what zod 4's `z.toJSONSchema()` emits for the
// product's verdicts: objects, arrays, tuples, enums, consts, patterns, formats,
// numeric bounds, nullable unions, $ref/$defs. Deterministic for a given seed.

export type Schema = Record<string, unknown>;

interface Context {
  root: Schema;
  seed: number;
  name: string; // nearest property name: it decides what a string or boolean "means"
  outerNames: string[]; // enclosing property names, nearest first: `issues[].text` reads as an issue
  index: number; // position inside an array, so list items differ from each other
  depth: number;
}

/** FNV-1a: a small, stable string hash for seeding choices. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A value conforming to `schema`; `seed` (e.g. the prompt) varies the wording, not the shape. */
export function sampleFromJsonSchema(schema: unknown, seed = ''): unknown {
  const root = isSchema(schema) ? schema : {};
  return generate(root, { root, seed: hashString(seed), name: '', outerNames: [], index: 0, depth: 0 });
}

/** What `format: "json"` (no schema) gets: a generic reviewer verdict. */
export const looseVerdictSchema: Schema = {
  type: 'object',
  properties: {
    score: { type: 'integer', minimum: 0, maximum: 100 },
    passed: { type: 'boolean' },
    needsRevision: { type: 'boolean' },
    feedback: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 3 },
  },
  required: ['score', 'passed', 'needsRevision', 'feedback'],
};

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function generate(schema: unknown, ctx: Context): unknown {
  if (!isSchema(schema)) return schema === false ? null : sampleString({}, ctx); // `true` = anything
  if ('const' in schema) return schema.const;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[ctx.index % schema.enum.length];
  if (typeof schema.$ref === 'string') return generate(resolveRef(schema.$ref, ctx.root), { ...ctx, depth: ctx.depth + 1 });

  // Unions (zod's nullable/optional/union): the first branch that is not plain null.
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches) && branches.length > 0) {
    return generate(branches.find((branch) => !isNullSchema(branch)) ?? branches[0], ctx);
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) {
    const parts = schema.allOf.map((part) => generate(part, ctx));
    return parts.every(isSchema) ? Object.assign({}, ...parts) : parts[0];
  }

  switch (schemaType(schema)) {
    case 'object':
      return sampleObject(schema, ctx);
    case 'array':
      return sampleArray(schema, ctx);
    case 'integer':
      return sampleNumber(schema, true);
    case 'number':
      return sampleNumber(schema, false);
    case 'boolean':
      return sampleBoolean(ctx.name);
    case 'null':
      return null;
    default:
      return sampleString(schema, ctx);
  }
}

function isNullSchema(schema: unknown): boolean {
  return isSchema(schema) && schema.type === 'null';
}

function schemaType(schema: Schema): string {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return String(type.find((t) => t !== 'null') ?? 'null');
  if (isSchema(schema.properties) || isSchema(schema.additionalProperties)) return 'object';
  if (schema.items !== undefined || Array.isArray(schema.prefixItems)) return 'array';
  return 'string';
}

function resolveRef(ref: string, root: Schema): unknown {
  if (ref === '#') return root;
  // "#/$defs/Name" (or "#/definitions/Name"): walk the JSON pointer.
  let node: unknown = root;
  for (const part of ref.replace(/^#\//, '').split('/')) {
    node = isSchema(node) ? node[part.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  }
  return node ?? {};
}

function sampleObject(schema: Schema, ctx: Context): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const required = Array.isArray(schema.required) ? schema.required : [];
  const deep = ctx.depth > 4; // recursive $refs: stop adding optional parts
  const properties = isSchema(schema.properties) ? schema.properties : {};
  for (const [key, property] of Object.entries(properties)) {
    if (deep && !required.includes(key)) continue;
    // Keep the enclosing array index, so the fields of list items vary with the item.
    const outerNames = ctx.name === '' ? ctx.outerNames : [ctx.name, ...ctx.outerNames];
    result[key] = generate(property, { ...ctx, name: key, outerNames, depth: ctx.depth + 1 });
  }
  // A record (z.record): one representative entry.
  if (Object.keys(properties).length === 0 && isSchema(schema.additionalProperties) && !deep) {
    result.example = generate(schema.additionalProperties, { ...ctx, depth: ctx.depth + 1 });
  }
  return result;
}

function sampleArray(schema: Schema, ctx: Context): unknown[] {
  const next = (index: number): Context => ({ ...ctx, index, depth: ctx.depth + 1 });
  if (Array.isArray(schema.prefixItems)) return schema.prefixItems.map((item, i) => generate(item, next(i)));
  const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
  const max = typeof schema.maxItems === 'number' ? schema.maxItems : Number.POSITIVE_INFINITY;
  const count = ctx.depth > 4 ? min : Math.max(min, Math.min(3, max));
  return Array.from({ length: count }, (_, i) => generate(schema.items ?? {}, next(i)));
}

// Bounds beyond this are "unbounded" (zod's z.int() emits ±MAX_SAFE_INTEGER).
const HUGE = 1e9;

function sampleNumber(schema: Schema, integer: boolean): number {
  const bound = (value: unknown) => (typeof value === 'number' && Math.abs(value) < HUGE ? value : undefined);
  const step = integer ? 1 : 0.01;
  const exclusiveMin = bound(schema.exclusiveMinimum);
  const exclusiveMax = bound(schema.exclusiveMaximum);
  const min = bound(schema.minimum) ?? (exclusiveMin === undefined ? undefined : exclusiveMin + step);
  const max = bound(schema.maximum) ?? (exclusiveMax === undefined ? undefined : exclusiveMax - step);

  // A confident-but-not-perfect answer: 82% of the way up the range (0-100 → 82).
  let value = min !== undefined && max !== undefined ? min + 0.82 * (max - min) : 82;
  if (min !== undefined) value = Math.max(value, min);
  if (max !== undefined) value = Math.min(value, max);
  const multipleOf = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  if (multipleOf !== undefined) value = Math.floor(value / multipleOf) * multipleOf;
  if (integer) value = min !== undefined && Math.round(value) < min ? Math.ceil(value) : Math.round(value);
  return integer ? value : Math.round(value * 100) / 100;
}

function sampleBoolean(name: string): boolean {
  // Flags that would stop the pipeline default to "no"; passed/approved/compliant to "yes".
  return !/revis|reject|fail|block|violat|flag|error|problem|issue|warn|unsafe|plagiar/i.test(name);
}

const palette = ['#2E7D32', '#F9A825', '#1565C0', '#FAFAFA', '#263238', '#81C784'];

// Sentence pools by what the property name suggests, most specific first.
const stringPools: [RegExp, string[]][] = [
  [/colou?r|hex/i, palette],
  [/role/i, ['primary', 'secondary', 'accent', 'background', 'text']],
  [/url|link|href/i, ['https://example.com/sustainable-living']],
  [/e-?mail/i, ['hello@example.com']],
  [
    /font|typeface|typograph/i,
    [
      'Playfair Display for headings, Inter for body text',
      'Montserrat semibold headings with Source Sans 3 body copy',
      'Lora for headings and Open Sans for body text at 16px',
    ],
  ],
  [
    /layout|grid|composition/i,
    [
      'Single column with generous white space and a full-width hero image',
      'Two-column grid: text on the left, supporting photo on the right',
      'Card layout with one tip per card and a sticky call-to-action bar',
    ],
  ],
  [
    /image|visual|photo|illustration|graphic/i,
    [
      'Lifestyle photo of a young couple tending a balcony herb garden',
      'Flat illustration of a city street with bikes, trams and trees',
      'Close-up of reusable coffee cups and tote bags on a kitchen counter',
    ],
  ],
  [
    /issue|problem|concern|violation|risk|claim/i,
    [
      'The claim that the guide saves money should cite a source or be softened',
      'Avoid implying that every reader can afford a green energy tariff',
      'Check that the statistic about city energy use is attributed',
    ],
  ],
  [
    /feedback|suggest|recommend|comment|note|reason|explan|rationale|summary|fix|improve|advice/i,
    [
      'The tone is friendly and practical, which matches the brand voice',
      'Keyword "sustainable living" appears naturally in the title and headings',
      'Sentences are short and easy to scan on mobile',
      'Add one concrete example to the transport section to strengthen it',
      'The call to action is clear; consider repeating it near the top',
    ],
  ],
  [/title|headline|subject|heading|name/i, ['Sustainable Living in the City', 'Small Swaps, Big Impact', 'Your Green City Starter Guide']],
];

const genericSentences = [
  'Clear, on-brand and ready for review',
  'Practical advice that fits a busy city schedule',
  'Friendly, confident and free of jargon',
  'Focused on small habits that save money and cut waste',
];

// Tried in order against a `pattern` when the name-based choice does not match it.
const patternFallbacks = [
  ...palette,
  'example',
  'sample-slug',
  '42',
  'A',
  '2025-01-15',
  '2025-01-15T09:30:00Z',
  'hello@example.com',
  'https://example.com',
  '123e4567-e89b-42d3-a456-426614174000',
];

const formatSamples: Record<string, string> = {
  email: 'hello@example.com',
  uri: 'https://example.com/sustainable-living',
  url: 'https://example.com/sustainable-living',
  uuid: '123e4567-e89b-42d3-a456-426614174000',
  date: '2025-01-15',
  time: '09:30:00',
  'date-time': '2025-01-15T09:30:00Z',
  duration: 'P3D',
  ipv4: '192.168.1.10',
  ipv6: '2001:db8::1',
};

function sampleString(schema: Schema, ctx: Context): string {
  const poolFor = (name: string) => stringPools.find(([hint]) => hint.test(name))?.[1];
  const pool = [ctx.name, ...ctx.outerNames].map(poolFor).find((found) => found !== undefined) ?? genericSentences;
  const pick = pool[(((ctx.seed ^ hashString(ctx.name)) >>> 0) + ctx.index) % pool.length] ?? '';
  const format = typeof schema.format === 'string' ? formatSamples[schema.format] : undefined;
  let value = format ?? pick;

  if (typeof schema.pattern === 'string') {
    const pattern = safeRegExp(schema.pattern);
    if (pattern && !pattern.test(value)) {
      // Rotate through the fallbacks by index so list items (e.g. palette colours) differ.
      const matching = patternFallbacks.filter((candidate) => pattern.test(candidate));
      value = matching[ctx.index % Math.max(matching.length, 1)] ?? value;
    }
  }
  const minLength = typeof schema.minLength === 'number' ? schema.minLength : 0;
  const maxLength = typeof schema.maxLength === 'number' ? schema.maxLength : Number.POSITIVE_INFINITY;
  while (value.length < minLength) value += value.length === 0 ? 'x' : ` ${value}`;
  return value.length > maxLength ? value.slice(0, maxLength).trimEnd().padEnd(Math.min(minLength, maxLength), 'x') : value;
}

function safeRegExp(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    try {
      return new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
}
