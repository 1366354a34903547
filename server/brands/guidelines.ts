// Reads an uploaded brand guidelines file (JSON or Markdown) into a brand input.
import { marked, type Token, type Tokens } from 'marked';
import { z } from 'zod';
import { textProblem } from '../security/input-text.js';
import { type BrandInput, type BrandPatch, brandPatchSchema, brandRules } from './brand-rules.js';

export const maxGuidelinesBytes = 256 * 1024;

export class GuidelinesError extends Error {}

export interface GuidelinesFile {
  name: string;
  type: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** JSON keys of the original REST design are accepted beside our own. */
const jsonAliases: Record<string, keyof BrandInput> = { prohibited_topics: 'prohibitedTopics', colours: 'colors' };

/** The File scalar takes any value; a JSON string or object sent in its place is bad input, not a crash. */
function isUpload(file: unknown): file is GuidelinesFile {
  if (typeof file !== 'object' || file === null) return false;
  const { name, size, arrayBuffer } = file as Partial<GuidelinesFile>;
  return typeof name === 'string' && typeof size === 'number' && typeof arrayBuffer === 'function';
}

/**
 * What a guidelines file says: the brand's name and only the sections the file has. A section the
 * file lacks is absent here, so an import keeps the brand's value for it instead of erasing it.
 */
export type GuidelinesFields = BrandPatch & { name: string };

const guidelinesSchema = brandPatchSchema.extend({ name: brandRules.name });

/** The brand's fields as a marketer names them, for messages and the import preview. */
export const brandFieldLabels: Record<keyof BrandInput, string> = {
  name: 'Name',
  voice: 'Voice',
  tone: 'Tone',
  values: 'Values',
  colors: 'Colours',
  prohibitedTopics: 'Prohibited topics',
  keywords: 'Keywords',
  defaultApprovalGates: 'Approval gates',
};

/** "Colours, entry 2 (“blue”)" for colors.1: the section and the entry a person can find in the file. */
function placeInFile(path: readonly PropertyKey[], fields: Record<string, unknown>): string {
  const [key, index] = path;
  const label = brandFieldLabels[key as keyof BrandInput] ?? String(key);
  if (typeof index !== 'number') return label;
  const entry = (fields[key as string] as unknown[] | undefined)?.[index];
  const shown = typeof entry === 'string' ? ` (“${entry.length > 40 ? `${entry.slice(0, 40)}…` : entry}”)` : '';
  return `${label}, entry ${index + 1}${shown}`;
}

const noName = 'has no brand name: start a Markdown file with a “# Brand name” heading, or give "name" in a JSON file';

export async function readGuidelines(file: unknown): Promise<GuidelinesFields> {
  if (!isUpload(file)) throw new GuidelinesError('must be a file sent with the GraphQL multipart request protocol, not a JSON value');
  if (file.size === 0) throw new GuidelinesError(`"${file.name}" is empty`);
  if (file.size > maxGuidelinesBytes) {
    throw new GuidelinesError(`"${file.name}" is ${file.size} bytes; the limit is ${maxGuidelinesBytes} bytes`);
  }
  const format = guidelinesFormat(file);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new GuidelinesError(`"${file.name}" is not UTF-8 text`);
  }
  const fields = withoutHtml(format === 'json' ? parseJsonGuidelines(file.name, text) : parseMarkdownGuidelines(text));
  if (fields.name === undefined || fields.name === null || fields.name === '') throw new GuidelinesError(`"${file.name}" ${noName}`);
  const badText = firstTextProblem(fields);
  if (badText) throw new GuidelinesError(`"${file.name}" cannot be imported: ${badText}`);
  const parsed = guidelinesSchema.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${placeInFile(issue.path, fields)} ${plainRule(issue)}`);
    throw new GuidelinesError(`"${file.name}" cannot be imported: ${problems.join('; ')}`);
  }
  return withoutUndefined(parsed.data);
}

/** Zod's type errors ("Invalid input: expected string, received number") in words a marketer reads. */
function plainRule(issue: z.core.$ZodIssue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  return issue.expected === 'array' ? 'must be a list of words or phrases' : 'must be text';
}

function withoutUndefined(fields: GuidelinesFields): GuidelinesFields {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as GuidelinesFields;
}

/** Elements whose content is code or styling, not words: dropped whole. */
const codeElements = /<(script|style|iframe|object|embed|template|noscript|svg|math)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const htmlComment = /<!--[\s\S]*?(?:-->|$)/g;
/** A tag: `<` then a letter, `/` or `!` (so "a < b" and "<3" stay text), up to its `>`. */
const htmlTag = /<[a-z!/][^<>]*>/gi;

/**
 * The file is untrusted: HTML in it is removed, not carried into the brand, where it would
 * reach prompts and pages. Repeated until nothing changes, so "<scr<script></script>ipt>" cannot
 * reassemble a tag. Entities stay as written (decoding "&lt;script&gt;" would make one).
 */
export function stripHtml(text: string): string {
  let current = text;
  for (let previous = ''; previous !== current; ) {
    previous = current;
    current = current.replace(codeElements, '').replace(htmlComment, '').replace(htmlTag, '');
  }
  return current.replace(/[ \t]{2,}/g, ' ').trim();
}

/** Every text field and list entry without HTML; entries left empty are dropped. */
function withoutHtml(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => {
      if (typeof value === 'string') return [key, stripHtml(value)];
      if (Array.isArray(value))
        return [key, value.map((entry) => (typeof entry === 'string' ? stripHtml(entry) : entry)).filter((entry) => entry !== '')];
      return [key, value];
    }),
  );
}

/** The same text rules as GraphQL arguments (no control or bidi override characters...), e.g. "voice must not ...". */
function firstTextProblem(fields: Record<string, unknown>): string | null {
  for (const [key, value] of Object.entries(fields)) {
    const entries: [PropertyKey[], unknown][] = Array.isArray(value)
      ? value.map((entry, index) => [[key, index], entry])
      : [[[key], value]];
    for (const [path, entry] of entries) {
      const problem = typeof entry === 'string' ? textProblem(entry) : null;
      if (problem) return `${placeInFile(path, fields)} ${problem}`;
    }
  }
  return null;
}

function guidelinesFormat(file: GuidelinesFile): 'json' | 'markdown' {
  const extension = file.name.toLowerCase().split('.').pop();
  if (extension === 'json' || file.type === 'application/json') return 'json';
  if (extension === 'md' || extension === 'markdown' || file.type === 'text/markdown') return 'markdown';
  throw new GuidelinesError(`"${file.name}" must be a .json or .md (Markdown) file`);
}

function parseJsonGuidelines(fileName: string, text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new GuidelinesError(`"${fileName}" is not valid JSON: ${(error as Error).message}`);
  }
  const object = z.record(z.string(), z.unknown()).safeParse(document);
  if (!object.success) throw new GuidelinesError(`"${fileName}" must hold a JSON object with the brand's fields`);
  return Object.fromEntries(Object.entries(object.data).map(([key, value]) => [jsonAliases[key] ?? key, value]));
}

/** Section headings (any level below the title) and the brand field each one fills. */
const markdownSections: [RegExp, keyof BrandInput][] = [
  [/^(brand )?voice/i, 'voice'],
  [/^tone/i, 'tone'],
  [/^(core |brand )?values/i, 'values'],
  [/^(brand )?colou?rs?|^palette/i, 'colors'],
  [/^prohibited|^avoid|^forbidden|^do not/i, 'prohibitedTopics'],
  [/^keywords?/i, 'keywords'],
];

const listFields = new Set<keyof BrandInput>(['values', 'colors', 'prohibitedTopics', 'keywords']);

/**
 * A Markdown guidelines document: `# Brand name`, then headed sections such as
 * `## Voice`, `## Tone`, `## Values`, `## Colors`, `## Keywords`, `## Prohibited topics`.
 * List sections take their bullet items (or comma-separated lines); colours take every #RRGGBB found.
 */
export function parseMarkdownGuidelines(text: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  let section: keyof BrandInput | undefined;
  for (const token of marked.lexer(text)) {
    if (token.type === 'heading') {
      const heading = token as Tokens.Heading;
      if (heading.depth === 1 && fields.name === undefined) {
        fields.name = heading.text.replace(/\s*(brand )?guidelines?\s*$/i, '').trim();
        section = undefined;
      } else {
        section = markdownSections.find(([pattern]) => pattern.test(heading.text.trim()))?.[1];
      }
      continue;
    }
    if (!section) continue;
    if (listFields.has(section)) {
      const existing = (fields[section] as string[] | undefined) ?? [];
      fields[section] = [...existing, ...listEntries(section, token)];
    } else if (token.type === 'paragraph' || token.type === 'text') {
      const previous = fields[section] as string | undefined;
      fields[section] = previous ? `${previous}\n${token.raw.trim()}` : token.raw.trim();
    }
  }
  return fields;
}

function listEntries(field: keyof BrandInput, token: Token): string[] {
  const lines =
    token.type === 'list'
      ? (token as Tokens.List).items.map((item) => item.text)
      : token.type === 'paragraph'
        ? token.raw.split(/[,\n]/)
        : [];
  if (field === 'colors') return lines.flatMap((line) => line.match(/#[0-9A-Fa-f]{6}\b/g) ?? []);
  return lines.map((line) => line.replace(/[*_`]/g, '').trim()).filter(Boolean);
}
