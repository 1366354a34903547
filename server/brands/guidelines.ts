// Reads an uploaded brand guidelines file (JSON or Markdown) into a brand input.
import { marked, type Token, type Tokens } from 'marked';
import { z } from 'zod';
import { brandInputSchema, type BrandInput } from './brand-rules.js';

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

export async function readGuidelines(file: GuidelinesFile): Promise<BrandInput> {
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
  const fields = format === 'json' ? parseJsonGuidelines(file.name, text) : parseMarkdownGuidelines(text);
  const parsed = brandInputSchema.safeParse(fields);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'file'} ${issue.message}`);
    throw new GuidelinesError(`"${file.name}" has invalid brand fields: ${problems.join('; ')}`);
  }
  return parsed.data;
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
