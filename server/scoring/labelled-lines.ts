// The labelled lines models write the parts of a deliverable in ("Headline 1: …", "**CTA:** …",
// "## Subject" over its value), read the same way by every parser in formats.ts and ad-copy.ts.
import { cleanValue, stripInline } from './text.js';

export const lines = (markdown: string): string[] => markdown.replace(/\r\n?/g, '\n').split('\n');

export interface Field {
  /** Lower-case letters of the label only: "Meta Description" → "metadescription". */
  key: string;
  /** "Headline 2:" → 2; null when none. */
  number: number | null;
  /** Plain text, without quotes or a character-count note; '' when the value is on the next line. */
  value: string;
}

// The part before the first colon of `Label: value` as models write it: `Headline 1: …`,
// `**Headline 1:** …`, `**CTA**: …`, `1. Headline: …`, `- Subject: …`, `## Subject: …`,
// `Headline 1 (24 characters): …`. Matched on at most 80 characters, and with no two
// optional runs of spaces side by side, so a long line cannot make it backtrack for long.
const LABEL =
  /^\s*(?:(?:[-*+•]|\d{1,2}[.)])\s+)?(?:#{1,6}\s+)?(?:(?:\*\*|__)\s*)?([A-Za-z][A-Za-z /-]{0,40}?)(?:#?\s?(\d{1,2}))?(?:\s*\([^)]{0,40}\))?(?:\s*(?:\*\*|__))?\s*$/;
// Patterns here run on every line of a reply, so none has two open-ended runs that can
// match the same characters (a long run of spaces or "#" would make them backtrack for long).
export const HEADING = /^\s{0,3}#{1,6}\s+(.*)$/;
export const BOLD_LINE = /^\s*(\*\*|__)([^*_]+?)\1\s*(?::\s*)?$/;
export const LIST_MARKER = /^\s*(?:[-*+•]|\d{1,2}[.)])\s+/;

export function fieldOf(line: string): Field | null {
  const colon = line.indexOf(':');
  const match = colon > 0 && colon <= 80 ? LABEL.exec(line.slice(0, colon)) : null;
  if (!match) return null;
  const value = line.slice(colon + 1).replace(/^\s*(?:\*\*|__)?/, '');
  return { key: keyOf(match[1] ?? ''), number: match[2] === undefined ? null : Number(match[2]), value: plainValue(value) };
}

/** A heading or bold line that is only a label (`## Subject`, `**Headlines**`), as a field without a value. */
export function headingFieldOf(line: string): Field | null {
  const text = headingText(line) ?? BOLD_LINE.exec(line)?.[2];
  if (text === undefined || text.length > 80 || text.includes(':')) return null;
  const label = /^(.*?)(?:\s*#?\s*(\d{1,2}))?\s*(?:\([^)]*\))?$/.exec(stripInline(text));
  return { key: keyOf(label?.[1] ?? ''), number: label?.[2] === undefined ? null : Number(label[2]), value: '' };
}

/** The text of a `## Heading ##` line, without closing hashes; undefined for other lines. */
export function headingText(line: string): string | undefined {
  const text = HEADING.exec(line)?.[1]?.trimEnd();
  return text?.replace(/(?:^|(?<=\s))(?<!#)#+$/, '').trimEnd();
}

const keyOf = (label: string): string => label.toLowerCase().replace(/[^a-z]/g, '');

// "(24 characters)", "[24 chars]", "(24/30)", "(24)", "(Character count: 24)", "– 24 characters" at the end.
export const COUNT_NOTE =
  /(?<!\s)\s*(?:[([]\s*(?:(?:char(?:acter)?s?|length)(?:\s+count)?\s*[:=]?\s*)?\d{1,3}(?:\s*\/\s*\d{1,3})?\s*(?:(?:characters?|chars?)\b[^)\]]*)?[)\]]|[-–—]\s*\d{1,3}\s*(?:characters?|chars?))\s*$/i;
export const QUOTED = /^(["“'‘«])(.*)(["”'’»])$/s;
export const COUNT_ONLY = /^\(?\s*\d{1,3}(?:\s*\/\s*\d{1,3})?\s*(?:characters?|chars?)?\s*\)?$/i;

/** Plain text of a value: no Markdown, no wrapping quotes, no character-count note (inside or outside the quotes). */
export function plainValue(value: string): string {
  let text = cleanValue(value);
  for (let pass = 0; pass < 2; pass += 1) {
    text = text.replace(COUNT_NOTE, '').trim();
    const quoted = QUOTED.exec(text);
    if (quoted?.[2] !== undefined && !/["“”]/.test(quoted[2])) text = quoted[2].trim();
  }
  return text;
}

/** The value of a label written on the line(s) after it: the next non-blank line, unless that is another label or heading. */
export function valueBelow(all: string[], index: number, isLabel: (line: string) => boolean): { value: string; index: number } | null {
  let next = index + 1;
  if (!all[next]?.trim()) next += 1; // one blank line between label and value
  const line = all[next];
  if (line === undefined || !line.trim() || HEADING.test(line) || isLabel(line)) return null;
  return { value: plainValue(line.replace(LIST_MARKER, '')), index: next };
}
