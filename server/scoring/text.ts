// Markdown → plain prose helpers shared by every scorer. Deliberately small: LLM
// output uses a narrow slice of Markdown (headings, paragraphs, lists, emphasis, links).

export interface MarkdownBlock {
  kind: 'heading' | 'paragraph';
  /** Heading level 1-6; 0 for paragraphs. */
  level: number;
  /** Plain text; list items of one paragraph are separated by "\n". */
  text: string;
}

export interface BlockOptions {
  /** Treat a line that is only bold text (`**LinkedIn**`) as a heading. */
  boldLinesAsHeadings?: boolean;
}

const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BOLD_LINE = /^\s*(?:\*\*|__)([^*_]+?)(?:\*\*|__)\s*:?\s*$/;
const LIST_ITEM = /^\s*(?:[-*+•]|\d{1,3}[.)])\s+/;
const FENCE = /^\s*(?:```|~~~)/;
const RULE = /^\s*([-*_])(?:\s*\1){2,}\s*$/;

/** A character that every inline Markdown construct below has. */
const INLINE_MARKUP = /[[<`*_~]/;

/** Removes inline Markdown (emphasis, links, images, code, HTML tags) from one line. */
export function stripInline(text: string): string {
  // Most lines have no Markdown at all: only their spacing to tidy.
  if (!INLINE_MARKUP.test(text)) return text.replace(/\s+/g, ' ').trim();
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/\*(\S(?:.*?\S)?)\*/g, '$1')
    .replace(/(?<![\p{L}\p{N}])_(\S(?:.*?\S)?)_(?![\p{L}\p{N}])/gu, '$1')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/\*{2,}|_{2,}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Keeps the latest results of a split: measuring one text splits it, its paragraphs and its
 * sentences again for each check (readability, SEO checks, length limits); the oldest go first.
 */
function remembered<T>(split: (text: string) => T, limit: number): (text: string) => T {
  const results = new Map<string, T>();
  return (text) => {
    let result = results.get(text);
    if (result === undefined) {
      result = split(text);
      if (results.size >= limit) results.delete(results.keys().next().value ?? '');
      results.set(text, result);
    }
    return result;
  };
}

const blocksOf = remembered((markdown) => Object.freeze(splitBlocks(markdown, {})), 8);
const blocksWithBoldHeadingsOf = remembered((markdown) => Object.freeze(splitBlocks(markdown, { boldLinesAsHeadings: true })), 8);

/** Splits Markdown into headings and paragraphs; code blocks and rules are dropped. */
export function markdownBlocks(markdown: string, options: BlockOptions = {}): readonly MarkdownBlock[] {
  return (options.boldLinesAsHeadings ? blocksWithBoldHeadingsOf : blocksOf)(markdown);
}

function splitBlocks(markdown: string, options: BlockOptions): MarkdownBlock[] {
  const blocks: MarkdownBlock[] = [];
  let lines: string[] = [];
  let inFence = false;
  const flush = (): void => {
    if (lines.length > 0) blocks.push({ kind: 'paragraph', level: 0, text: lines.join('\n') });
    lines = [];
  };
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (FENCE.test(raw)) {
      inFence = !inFence;
      flush();
      continue;
    }
    if (inFence) continue; // code is not prose
    const heading = HEADING.exec(raw);
    const bold = options.boldLinesAsHeadings ? BOLD_LINE.exec(raw) : null;
    if (heading || bold) {
      flush();
      const text = heading ? (heading[2] ?? '') : (bold?.[1] ?? '');
      blocks.push({ kind: 'heading', level: heading ? (heading[1] ?? '#').length : 6, text: stripInline(text) });
      continue;
    }
    if (!raw.trim() || RULE.test(raw)) {
      flush();
      continue;
    }
    const isItem = LIST_ITEM.test(raw);
    const line = stripInline(raw.replace(/^\s*(?:>\s?)+/, '').replace(LIST_ITEM, ''));
    if (!line) continue;
    if (isItem || lines.length === 0) lines.push(line);
    else lines[lines.length - 1] += ` ${line}`;
  }
  flush();
  return blocks;
}

/** Plain-text paragraphs (headings excluded). */
export function paragraphs(markdown: string): string[] {
  return markdownBlocks(markdown)
    .filter((block) => block.kind === 'paragraph')
    .map((block) => block.text);
}

export interface Section {
  /** The heading that opens the section; null for text before the first heading. */
  heading: string | null;
  paragraphs: string[];
}

/** Groups paragraphs under the heading that precedes them. */
export function sections(markdown: string, options: BlockOptions = {}): Section[] {
  const result: Section[] = [];
  let current: Section = { heading: null, paragraphs: [] };
  for (const block of markdownBlocks(markdown, options)) {
    if (block.kind === 'heading') {
      if (current.heading !== null || current.paragraphs.length > 0) result.push(current);
      current = { heading: block.text, paragraphs: [] };
    } else {
      current.paragraphs.push(block.text);
    }
  }
  if (current.heading !== null || current.paragraphs.length > 0) result.push(current);
  return result;
}

/** Markdown → plain text, paragraphs and headings separated by blank lines. */
export function stripMarkdown(markdown: string): string {
  return markdownBlocks(markdown)
    .map((block) => block.text)
    .join('\n\n');
}

const WORD = /\p{N}+(?:[.,]\p{N}+)+|[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
/** What every word has: a letter or a digit. */
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

export const words: (text: string) => readonly string[] = remembered((text) => Object.freeze(text.match(WORD) ?? []), 1_000);

// "Dr. Smith", "e.g. this": a full stop after these never ends a sentence.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'jr', 'sr', 'vs', 'fig', 'approx', 'e.g', 'i.e', 'cf']);
const BOUNDARY = /[.!?…]+["'”’)\]]*(?=\s|$)/g;

/** Splits plain text into sentences: on terminal punctuation and on line breaks. */
export const sentences: (text: string) => readonly string[] = remembered((text) => Object.freeze(splitSentences(text)), 200);

function splitSentences(text: string): string[] {
  const result: string[] = [];
  for (const line of text.split(/\n+/)) {
    let start = 0;
    for (const match of line.matchAll(BOUNDARY)) {
      const end = match.index + match[0].length;
      if (match[0].startsWith('.') && !match[0].startsWith('..')) {
        const lastWord = /([\p{L}.]+)$/u.exec(line.slice(start, match.index))?.[1]?.toLowerCase();
        const next = line.slice(end).trimStart().charAt(0);
        if ((lastWord && ABBREVIATIONS.has(lastWord)) || /\p{Ll}/u.test(next)) continue;
      }
      result.push(line.slice(start, end).trim());
      start = end;
    }
    result.push(line.slice(start).trim());
  }
  return result.filter((sentence) => WORD_CHARACTER.test(sentence));
}

/** Number of Unicode code points, which is how ad and social platforms count characters. */
export function characterCount(text: string): number {
  return [...text].length;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Simple plural tolerance on the last word: "community" ≡ "communities", "box" ≡ "boxes".
function pluralTolerant(word: string): string {
  const lower = word.toLowerCase();
  if (/[^aeiou]ies$/.test(lower)) return `${escapeRegExp(word.slice(0, -3))}(?:y|ies)`;
  if (/(?:s|x|z|ch|sh)es$/.test(lower)) return `${escapeRegExp(word.slice(0, -2))}(?:es)?`;
  if (/[^su]s$/.test(lower)) return `${escapeRegExp(word.slice(0, -1))}s?`;
  if (/[^aeiou]y$/.test(lower)) return `${escapeRegExp(word.slice(0, -1))}(?:y|ies)`;
  if (/(?:s|x|z|ch|sh)$/.test(lower)) return `${escapeRegExp(word)}(?:es)?`;
  if (/\p{L}$/u.test(lower)) return `${escapeRegExp(word)}s?`;
  return escapeRegExp(word);
}

/**
 * A global, case-insensitive pattern for a word or phrase, matched on word boundaries,
 * tolerant of a simple plural on the last word and of space/hyphen between words.
 * Returns null for a phrase without any word.
 */
export function phrasePattern(phrase: string): RegExp | null {
  const tokens = phrase
    .trim()
    .split(/[\s\-–—]+/)
    .filter(Boolean);
  const last = tokens.pop();
  if (last === undefined) return null;
  const body = [...tokens.map(escapeRegExp), pluralTolerant(last)].join('[\\s\\-–—]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'giu');
}

/** Every match of `phrase` in `text` (see phrasePattern). */
export function findPhrase(text: string, phrase: string): RegExpMatchArray[] {
  const pattern = phrasePattern(phrase);
  return pattern ? [...text.matchAll(pattern)] : [];
}

/** A short single-line excerpt around text[index, index + length), cut at word boundaries. */
export function excerptAround(text: string, index: number, length: number, radius = 40): string {
  const from = Math.max(0, index - radius);
  const to = Math.min(text.length, index + length + radius);
  const before = text.slice(from, index);
  const after = text.slice(index + length, to);
  const head = from > 0 ? before.replace(/^\S*\s/, '') : before;
  const tail = to < text.length ? after.replace(/\s\S*$/, '') : after;
  const middle = `${head}${text.slice(index, index + length)}${tail}`.replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '…' : ''}${middle}${to < text.length ? '…' : ''}`;
}

export interface LabeledLine {
  /** Lower-case letters of the label only: "Meta Description" → "metadescription". */
  key: string;
  /** The number after the label ("Headline 2:" → 2), null when none. */
  number: number | null;
  /** The value, plain text, without surrounding quotes or a "(28 characters)" note. */
  value: string;
}

const LABELED =
  /^\s*(?:[-*+]\s+|#{1,6}\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z /-]{0,40}?)(?:\s*#?\s*(\d{1,2}))?\s*(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$/;

/** Parses a `Label: value` line (optionally bold, numbered or a list item); null otherwise. */
export function parseLabeledLine(line: string): LabeledLine | null {
  const match = LABELED.exec(line);
  if (!match) return null;
  return {
    key: (match[1] ?? '').toLowerCase().replace(/[^a-z]/g, ''),
    number: match[2] === undefined ? null : Number(match[2]),
    value: cleanValue(match[3] ?? ''),
  };
}

/** Plain text of a field value: no Markdown, no wrapping quotes, no character-count note. */
export function cleanValue(value: string): string {
  let text = stripInline(value)
    .replace(/\s*[([]\s*\d+\s*(?:characters?|chars?)\s*[)\]]\s*$/i, '')
    .trim();
  const quoted = /^(["“'‘])(.*)(["”'’])$/.exec(text);
  if (quoted && quoted[2] !== undefined) text = quoted[2].trim();
  return text;
}
