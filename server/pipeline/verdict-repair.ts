// Small models answer with verdicts that mean the right thing in a slightly wrong shape ("85/100", "yes", a code fence,
// nine points where eight fit). This reads them as a person would, names every fix, and refuses only when reading one
// would mean guessing. Generic over any zod verdict schema: the walk follows the schema's JSON Schema.
import { type core, type ZodType, z } from 'zod';

type JsonSchema = core.JSONSchema.JSONSchema;

export interface RepairedVerdict<Verdict> {
  verdict: Verdict;
  /** One plain sentence per fix; empty when the reply already matched the schema. */
  repairs: string[];
}

/** The reply cannot be read as a verdict without guessing; the message says which field broke which rule. */
export class UnusableVerdict extends Error {
  constructor(
    message: string,
    readonly text: string,
    /** The fixes made before giving up, for the log. */
    readonly repairs: string[] = [],
  ) {
    super(message);
  }
}

export function repairVerdict<Verdict>(schema: ZodType<Verdict>, text: string): RepairedVerdict<Verdict> {
  const strict = parseStrictly(schema, text);
  if (strict) return { verdict: strict.data, repairs: [] };

  const found = findObjects(text);
  if (typeof found === 'string') throw new UnusableVerdict(found, text);
  const readings = found.map((object) => ({ object, ...readObject(schema, object.value) }));
  const usable = readings.filter((reading) => reading.verdict !== undefined);
  const meanings = new Set(usable.map((reading) => JSON.stringify(reading.verdict)));
  if (meanings.size > 1) {
    // An example echoed from somewhere and the real verdict look alike: guessing which is which would be guessing.
    throw new UnusableVerdict(`the reply held ${meanings.size} different verdicts; which one the model meant cannot be told`, text);
  }
  const chosen = usable[0];
  if (!chosen) {
    const [first] = readings as [(typeof readings)[number]];
    throw new UnusableVerdict(first.problem ?? 'the reply had no JSON object', text, [...placement(text, first.object), ...first.repairs]);
  }
  const others = found.length - usable.length;
  const repairs = [...placement(text, chosen.object), ...chosen.repairs];
  if (others > 0) repairs.push(`the reply held ${count(found.length, 'JSON object', 'JSON objects')}; read the one that is a verdict`);
  return { verdict: chosen.verdict as Verdict, repairs };
}

function parseStrictly<Verdict>(schema: ZodType<Verdict>, text: string): { data: Verdict } | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    return parsed.success ? { data: parsed.data } : undefined;
  } catch {
    return undefined;
  }
}

/** One JSON object of the reply read against the schema: the verdict and its repairs, or why it is none. */
function readObject<Verdict>(schema: ZodType<Verdict>, value: Record<string, unknown>) {
  const root = jsonSchemaOf(schema);
  const repairs: string[] = [];
  const document = repairValue(root, value, '', { root, repairs });
  const parsed = schema.safeParse(document, { reportInput: true });
  if (!parsed.success) return { verdict: undefined, repairs, problem: parsed.error.issues.map(describeIssue).join('; ') };
  return { verdict: parsed.data, repairs, problem: undefined };
}

// ---------------------------------------------------------------- finding the JSON objects in the reply

interface FoundObject {
  value: Record<string, unknown>;
  start: number;
  end: number;
}

const codeFences = /```[\w-]*[^\S\n]*\n?([\s\S]*?)```/g;

/** Where the object sat: in a code fence, with text around it (a fence's own markers are not text). */
function placement(text: string, object: FoundObject): string[] {
  const notes: string[] = [];
  let before = text.slice(0, object.start);
  let after = text.slice(object.end);
  for (const fence of text.matchAll(codeFences)) {
    const contentStart = fence.index + fence[0].indexOf(fence[1] as string);
    const contentEnd = contentStart + (fence[1] as string).length;
    if (object.start < contentStart || object.end > contentEnd) continue;
    notes.push('the JSON was wrapped in a code fence');
    before = text.slice(0, fence.index) + text.slice(contentStart, object.start);
    after = text.slice(object.end, contentEnd) + text.slice(fence.index + fence[0].length);
    break;
  }
  const where = [before.trim() && 'before', after.trim() && 'after'].filter(Boolean).join(' and ');
  if (where) notes.push(`the reply had text ${where} the JSON object`);
  return notes;
}

/** Every balanced {...} of the reply that reads as JSON, in order, or why there is none. */
function findObjects(text: string): FoundObject[] | string {
  const objects: FoundObject[] = [];
  let problem: string | undefined;
  for (let start = text.indexOf('{'); start !== -1; ) {
    const end = balancedEnd(text, start);
    if (end === -1) {
      problem ??= 'the JSON object in the reply was cut off before its closing brace';
      break;
    }
    try {
      const value: unknown = JSON.parse(text.slice(start, end));
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        objects.push({ value: value as Record<string, unknown>, start, end });
    } catch (error) {
      problem ??= `the JSON object in the reply could not be read (${(error as Error).message})`;
    }
    start = text.indexOf('{', end);
  }
  return objects.length > 0 ? objects : (problem ?? 'the reply had no JSON object');
}

function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth += 1;
    else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index + 1;
    }
  }
  return -1;
}

// ---------------------------------------------------------------- the schema walk

interface Walk {
  root: JsonSchema;
  repairs: string[];
}

const jsonSchemas = new WeakMap<object, JsonSchema>();

/** The schema as a model's reply must look (input side: fields with a default may be left out). */
function jsonSchemaOf(schema: ZodType<unknown>): JsonSchema {
  let json = jsonSchemas.get(schema);
  if (!json) {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    jsonSchemas.set(schema, json);
  }
  return json;
}

function resolve(node: core.JSONSchema._JSONSchema | undefined, root: JsonSchema): JsonSchema {
  if (node === undefined || typeof node === 'boolean') return {};
  if (!node.$ref?.startsWith('#')) return node;
  let target: unknown = root;
  for (const step of node.$ref.slice(1).split('/').filter(Boolean)) {
    target = (target as Record<string, unknown> | undefined)?.[step.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return resolve(target as JsonSchema | undefined, root);
}

function typesOf(node: JsonSchema): string[] {
  if (Array.isArray(node.type)) return node.type;
  if (node.type) return [node.type];
  if (node.properties) return ['object'];
  if (node.items || node.prefixItems) return ['array'];
  return [];
}

const acceptsNull = (node: JsonSchema): boolean =>
  typesOf(node).includes('null') || node.enum?.includes(null) === true || (node.anyOf ?? node.oneOf ?? []).some(acceptsNull);

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

const fits = (types: string[], kind: string): boolean => types.includes(kind) || (kind === 'integer' && types.includes('number'));

function repairValue(schema: core.JSONSchema._JSONSchema | undefined, value: unknown, path: string, walk: Walk): unknown {
  const node = resolve(schema, walk.root);
  let repaired = value;
  for (const part of node.allOf ?? []) repaired = repairValue(part, repaired, path, walk);
  const options = node.anyOf ?? node.oneOf;
  if (options) {
    if (repaired === null && options.some(acceptsNull)) return null;
    const kind = kindOf(repaired);
    const option = options.find((candidate) => fits(typesOf(resolve(candidate, walk.root)), kind)) ?? options.find((o) => !acceptsNull(o));
    return option ? repairValue(option, repaired, path, walk) : repaired;
  }

  const types = typesOf(node);
  const kind = kindOf(repaired);
  const number = types.includes('number') || types.includes('integer');
  if (kind === 'object' && types.includes('object')) return repairObject(node, repaired as Record<string, unknown>, path, walk);
  if (kind === 'array' && types.includes('array')) return repairList(node, repaired as unknown[], path, walk);
  if (
    kind === 'string' &&
    types.includes('array') &&
    !types.includes('string') &&
    typesOf(resolve(itemsOf(node), walk.root)).includes('string')
  ) {
    walk.repairs.push(`${path} was a single text; made it a list of one`);
    return repairList(node, [repaired], path, walk);
  }
  if (number && (kind === 'integer' || kind === 'number' || (kind === 'string' && !types.includes('string')))) {
    return repairNumber(node, repaired as number | string, path, walk);
  }
  if (kind === 'string' && types.includes('boolean') && !types.includes('string')) return repairBoolean(repaired as string, path, walk);
  if (kind === 'string' && (types.includes('string') || node.enum || node.const !== undefined))
    return repairText(node, repaired as string, path, walk);
  return repaired;
}

const normalKey = (key: string): string => key.replace(/[\s_-]/g, '').toLowerCase();

function repairObject(node: JsonSchema, value: Record<string, unknown>, path: string, walk: Walk): Record<string, unknown> {
  const properties = node.properties ?? {};
  const names = Object.keys(properties);
  const extra = node.additionalProperties;
  const keepsUnknown = extra === true || (typeof extra === 'object' && extra !== null);
  const where = path ? ` in ${path}` : '';
  // A Map, then Object.fromEntries: a "__proto__" key from the model stays a plain key.
  const fields = new Map(Object.entries(value).filter(([key]) => Object.hasOwn(properties, key)));
  for (const [key, field] of Object.entries(value)) {
    if (Object.hasOwn(properties, key)) continue;
    const name = names.find((candidate) => normalKey(candidate) === normalKey(key));
    if (name === undefined && keepsUnknown) fields.set(key, repairValue(extra, field, join(path, key), walk));
    else if (name === undefined) walk.repairs.push(`dropped the unknown field "${key}"${where}`);
    else if (fields.has(name)) walk.repairs.push(`dropped "${key}"${where}; "${name}" was also given`);
    else {
      walk.repairs.push(`the key "${key}"${where} was read as "${name}"`);
      fields.set(name, field);
    }
  }
  // Schema order, so the repairs read in the order the fields are described.
  for (const [name, property] of Object.entries(properties)) {
    if (!fields.has(name)) continue;
    const field = fields.get(name);
    const fieldPath = join(path, name);
    const optional = !(node.required ?? []).includes(name);
    if (field === null && optional && !acceptsNull(resolve(property, walk.root))) {
      const hasDefault = resolve(property, walk.root).default !== undefined;
      walk.repairs.push(`${fieldPath} was null; ${hasDefault ? 'used the default' : 'left it out'}`);
      fields.delete(name);
    } else fields.set(name, repairValue(property, field, fieldPath, walk));
  }
  return Object.fromEntries(fields);
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

const itemsOf = (node: JsonSchema): core.JSONSchema._JSONSchema | undefined => (Array.isArray(node.items) ? undefined : node.items);

function repairList(node: JsonSchema, value: unknown[], path: string, walk: Walk): unknown {
  const { prefixItems } = node;
  if (prefixItems) return value.map((item, index) => repairValue(prefixItems[index] ?? itemsOf(node), item, `${path}[${index}]`, walk));
  const itemNode = resolve(itemsOf(node), walk.root);
  const textItems = typesOf(itemNode).includes('string');
  const isBlank = (item: unknown) => (item === null && !acceptsNull(itemNode)) || (textItems && typeof item === 'string' && !item.trim());
  const blanks = value.filter(isBlank).length;
  if (blanks > 0)
    walk.repairs.push(`${path} had ${count(blanks, 'empty entry', 'empty entries')}; dropped ${blanks === 1 ? 'it' : 'them'}`);
  let items = value.flatMap((item, index) => (isBlank(item) ? [] : [repairValue(itemNode, item, `${path}[${index}]`, walk)]));
  if (node.maxItems !== undefined && items.length > node.maxItems) {
    walk.repairs.push(`${path} had ${count(items.length, 'entry', 'entries')}; kept the first ${node.maxItems}`);
    items = items.slice(0, node.maxItems);
  }
  if (node.minItems !== undefined && items.length < node.minItems && node.default !== undefined) {
    walk.repairs.push(`${path} had ${count(items.length, 'entry', 'entries')}, fewer than ${node.minItems}; used the default`);
    return structuredClone(node.default);
  }
  return items;
}

const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function repairNumber(node: JsonSchema, value: number | string, path: string, walk: Walk): number | string {
  let number = typeof value === 'number' ? value : readNumber(value, node);
  if (number === undefined) return value;
  if (typeof value === 'string') walk.repairs.push(`${path} ${JSON.stringify(value)} was read as ${number}`);
  // Out of range is left for the schema to refuse: a score of 850 is no score, not a 100.
  if (typesOf(node).includes('integer') && !typesOf(node).includes('number') && !Number.isInteger(number)) {
    const rounded = Math.round(number) + 0; // + 0 turns -0 into 0
    walk.repairs.push(`${path} ${number} was rounded to ${rounded}`);
    number = rounded;
  }
  return number;
}

const numberText = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*(?:(?:\/|out of)\s*(\d+(?:\.\d*)?)|(%))?\s*$/i;

/** "85", "85.5", "85/100", "8 out of 10", "85%": a fraction is scaled onto the schema's 0..maximum range. */
function readNumber(text: string, node: JsonSchema): number | undefined {
  const match = numberText.exec(text);
  if (!match?.[1]) return undefined;
  const number = Number(match[1]);
  const outOf = match[3] ? 100 : match[2] ? Number(match[2]) : undefined;
  if (outOf === undefined) return number;
  if (outOf === 0) return undefined;
  const scaled = node.maximum !== undefined && (node.minimum ?? 0) === 0;
  return scaled ? (number * (node.maximum as number)) / outOf : number;
}

const booleanWords = new Map([
  ['true', true],
  ['yes', true],
  ['false', false],
  ['no', false],
]);

function repairBoolean(value: string, path: string, walk: Walk): boolean | string {
  const read = booleanWords.get(value.trim().toLowerCase());
  if (read === undefined) return value;
  walk.repairs.push(`${path} ${JSON.stringify(value)} was read as ${read}`);
  return read;
}

function repairText(node: JsonSchema, value: string, path: string, walk: Walk): unknown {
  let text = value.trim();
  if (!text && value && (node.minLength ?? 0) > 0 && node.default === undefined) {
    return value; // trimming would turn a blank the schema may accept into an empty text it refuses
  }
  if (text !== value) walk.repairs.push(`${path} was trimmed of surrounding whitespace`);
  const allowed = node.enum ?? (node.const !== undefined ? [node.const] : undefined);
  const match = allowed?.find((option) => typeof option === 'string' && option.toLowerCase() === text.toLowerCase());
  if (typeof match === 'string' && match !== text) {
    walk.repairs.push(`${path} ${JSON.stringify(text)} was read as ${JSON.stringify(match)}`);
    text = match;
  }
  if (!text && (node.minLength ?? 0) > 0 && node.default !== undefined) {
    walk.repairs.push(`${path} was empty; used the default`);
    return node.default;
  }
  return text;
}

// ---------------------------------------------------------------- why a verdict is unusable

function fieldName(path: PropertyKey[]): string {
  return (
    path.map((step, index) => (typeof step === 'number' ? `[${step}]` : `${index > 0 ? '.' : ''}${String(step)}`)).join('') || 'the verdict'
  );
}

const shown = (value: unknown): string => {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
};

const typeWords: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  string: 'text',
  array: 'a list',
  object: 'an object',
};

function describeIssue(issue: core.$ZodIssue): string {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${field} is missing`;
      return `${field} must be ${typeWords[issue.expected] ?? issue.expected} but was ${shown(issue.input)}`;
    case 'too_small':
    case 'too_big': {
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const bound = issue.exact ? 'exactly' : issue.code === 'too_small' ? 'at least' : 'at most';
      if (issue.origin === 'array') {
        const had = Array.isArray(issue.input) ? ` but had ${issue.input.length}` : '';
        return `${field} needs ${bound} ${count(limit, 'entry', 'entries')}${had}`;
      }
      if (issue.origin === 'string' && issue.code === 'too_small' && limit === 1 && !issue.exact) return `${field} is empty`;
      if (issue.origin === 'string') return `${field} must have ${bound} ${count(limit, 'character', 'characters')}`;
      const relation = issue.inclusive === false ? (issue.code === 'too_small' ? 'above' : 'below') : bound;
      return `${field} is ${shown(issue.input)}; it must be ${relation} ${limit}`;
    }
    case 'invalid_value':
      return `${field} ${shown(issue.input)} is not one of ${issue.values.map((option) => shown(option)).join(', ')}`;
    default:
      return /^[a-z]/.test(issue.message) ? `${field} ${issue.message}` : `${field}: ${issue.message}`;
  }
}

// ---------------------------------------------------------------- the schema in words, for the prompt

/** The schema stated for the model: every field with its type, range, list size and description. */
export function describeVerdictSchema(schema: ZodType<unknown>): string {
  const root = jsonSchemaOf(schema);
  const lines = ['Reply with one JSON object and nothing else (no code fence, no text around it), with exactly these fields:'];
  describeFields(root, root, '', lines);
  return lines.join('\n');
}

function describeFields(node: JsonSchema, root: JsonSchema, indent: string, lines: string[]): void {
  for (const [name, property] of Object.entries(node.properties ?? {})) {
    const field = resolve(property, root);
    const optional = !(node.required ?? []).includes(name);
    const note = optional ? (field.default !== undefined ? ` (optional, default ${JSON.stringify(field.default)})` : ' (optional)') : '';
    // .describe() before .nullable() puts the description on the non-null option.
    const described = field.description ?? (field.anyOf ?? field.oneOf)?.map((option) => resolve(option, root).description).find(Boolean);
    const description = described ? `. ${described.replace(/\.$/, '')}` : '';
    const list = typesOf(field).includes('array');
    const nested = list ? resolve(itemsOf(field), root) : field;
    const heading = nested.properties ? (list ? '. Each entry has these fields:' : '. Its fields:') : '';
    lines.push(`${indent}- ${name}${note}: ${describeType(field, root)}${description}${heading}`);
    if (nested.properties) describeFields(nested, root, `${indent}  `, lines);
  }
}

function describeType(node: JsonSchema, root: JsonSchema): string {
  const options = node.anyOf ?? node.oneOf;
  if (options) return options.map((option) => describeType(resolve(option, root), root)).join(', or ');
  if (node.enum) return `one of ${node.enum.map((option) => JSON.stringify(option)).join(', ')}`;
  if (node.const !== undefined) return `exactly ${JSON.stringify(node.const)}`;
  const types = typesOf(node);
  if (types.length > 1) return types.map((type) => describeType({ ...node, type: type as core.JSONSchema.SchemaType }, root)).join(', or ');
  switch (types[0]) {
    case 'integer':
      return `a whole number${describeRange(node)}`;
    case 'number':
      return `a number${describeRange(node)}`;
    case 'boolean':
      return 'true or false';
    case 'null':
      return 'null';
    case 'string':
      return `text${describeText(node)}`;
    case 'array': {
      const items = resolve(itemsOf(node), root);
      return `a list of ${describeSize(node.minItems, node.maxItems, 'entry', 'entries')}, each ${describeType(items, root)}`;
    }
    case 'object':
      return 'an object';
    default:
      return 'any JSON value';
  }
}

function describeRange(node: JsonSchema): string {
  // z.number().int() alone states the safe-integer range: not worth a model's attention.
  const low = node.minimum !== undefined && node.minimum > Number.MIN_SAFE_INTEGER ? node.minimum : undefined;
  const high = node.maximum !== undefined && node.maximum < Number.MAX_SAFE_INTEGER ? node.maximum : undefined;
  const parts = [
    low !== undefined && high !== undefined ? ` from ${low} to ${high}` : '',
    low !== undefined && high === undefined ? ` of at least ${low}` : '',
    high !== undefined && low === undefined ? ` of at most ${high}` : '',
    typeof node.exclusiveMinimum === 'number' ? ` greater than ${node.exclusiveMinimum}` : '',
    typeof node.exclusiveMaximum === 'number' ? ` less than ${node.exclusiveMaximum}` : '',
  ];
  return parts.join('');
}

function describeText(node: JsonSchema): string {
  const parts = [
    node.minLength === 1 && node.maxLength === undefined ? 'not empty' : '',
    node.minLength !== 1 || node.maxLength !== undefined ? describeSize(node.minLength, node.maxLength, 'character', 'characters', '') : '',
    node.pattern ? `matching ${node.pattern}` : '',
    node.format ? `in ${node.format} format` : '',
  ].filter(Boolean);
  return parts.length > 0 ? `, ${parts.join(', ')}` : '';
}

function describeSize(min: number | undefined, max: number | undefined, one: string, many: string, none = many): string {
  if (min !== undefined && min === max) return `exactly ${count(min, one, many)}`;
  if (min && max !== undefined) return `${min} to ${max} ${many}`;
  if (min) return `at least ${count(min, one, many)}`;
  if (max !== undefined) return `at most ${count(max, one, many)}`;
  return none;
}
