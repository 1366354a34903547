// Text at the end of a reply that belongs to no reply of this request: the model ran on into
// another task (the examples of some other prompt, records in another prompt's layout) or broke
// down into repeats. Only ever at the end, where a runaway model leaves it, and only in shapes
// that a piece of marketing content does not take.
import { isPartLabel, labelKey } from './reply-text.js';

export interface RunOn {
  /** Index of the first paragraph of the run-on; everything from there to the end goes. */
  index: number;
  /** What it is, in plain words, for the list of what was removed. */
  what: string;
}

/** Where another task's text starts at the end of these paragraphs, or null. */
export function runOnStart(paragraphs: string[]): RunOn | null {
  return indentedExamples(paragraphs) ?? otherRecords(paragraphs) ?? repeats(paragraphs);
}

// ---------------------------------------------------------------- indented examples

const INDENTED = /^(?: {4}|\t)/;
const LIST_LINE = /^\s*(?:[-*+•]|\d{1,2}[.)])\s+/;
const SOME_LABEL = /^\s*[A-Za-z][\w ]{0,30}:/m;

/**
 * Paragraphs indented as a Markdown code block, after the content and holding labelled lines
 * ("    Example:", "        Score: 4"): the worked examples of some other prompt. Not when they
 * continue a list item above them, where an indent is how Markdown carries on the item.
 */
function indentedExamples(paragraphs: string[]): RunOn | null {
  let index = paragraphs.length;
  while (index > 0 && isIndented(paragraphs[index - 1] ?? '')) index -= 1;
  if (index === paragraphs.length || index === 0) return null;
  const run = paragraphs.slice(index);
  const above = (paragraphs[index - 1] ?? '').split('\n').at(-1) ?? '';
  if (LIST_LINE.test(above) || !run.some((paragraph) => SOME_LABEL.test(paragraph))) return null;
  return { index, what: 'text from another task' };
}

const isIndented = (paragraph: string): boolean =>
  paragraph
    .split('\n')
    .filter((line) => line.trim())
    .every((line) => INDENTED.test(line));

// ---------------------------------------------------------------- another prompt's records

// "Movie: …", "Name: …", "[Character 2]": short labels at the start of a line.
const RECORD_LINE = /^\s*([A-Za-z][\w'-]*(?: [\w'-]+){0,2})\s*:\s*\S/;
const BRACKETED = /^\s*\[[^\]]{1,40}\]\s*$/;
/** The labels of a paragraph made mostly of labelled lines; null when it is not such a record. */
function recordLabels(paragraph: string): string[] | null {
  const lines = paragraph.split('\n').filter((line) => line.trim());
  const labels = lines.flatMap((line) => {
    const match = RECORD_LINE.exec(line);
    return match && !LIST_LINE.test(line) ? [labelKey(match[1] ?? '')] : [];
  });
  const bracketed = lines.filter((line) => BRACKETED.test(line)).length;
  return labels.length > 0 && 2 * (labels.length + bracketed) >= lines.length ? labels : null;
}

/**
 * A run of records to the end of the reply in a layout none of the content types has ("Movie: …
 * / Tagline: …" for film after film, "Name: / Username: / Description:" character sheets): the
 * model carried on another prompt's pattern. A label that is not a part of any deliverable must
 * come back at least twice; the run-on starts at the first record holding such a label.
 */
function otherRecords(paragraphs: string[]): RunOn | null {
  let index = paragraphs.length;
  const labels: string[][] = [];
  for (; index > 0; index -= 1) {
    const record = recordLabels(paragraphs[index - 1] ?? '');
    if (!record) break;
    labels.unshift(record);
  }
  const counts = new Map<string, number>();
  for (const label of labels.flat()) counts.set(label, (counts.get(label) ?? 0) + 1);
  const foreign = (label: string) => !isPartLabel(label);
  if (![...counts].some(([label, count]) => foreign(label) && count >= 2)) return null;
  const first = labels.findIndex((record) => record.some(foreign));
  return { index: index + first, what: 'records from another task' };
}

// ---------------------------------------------------------------- repeats

const repeatKey = (paragraph: string): string =>
  paragraph
    .toLowerCase()
    .replace(/[\s,.;:!?]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The same line three times or more at the end, with nothing but one-line fragments among them
 * ("Dear [Recipient]," four times, then "Insert[Optional][Optional]…"): a reply that broke down.
 */
function repeats(paragraphs: string[]): RunOn | null {
  for (let start = 0; start < paragraphs.length; start += 1) {
    const key = repeatKey(paragraphs[start] ?? '');
    if (!/\p{L}/u.test(key)) continue; // "---" between versions is no breakdown
    const rest = paragraphs.slice(start);
    const same = rest.filter((paragraph) => repeatKey(paragraph) === key).length;
    if (same >= 3 && rest.every((paragraph) => repeatKey(paragraph) === key || !paragraph.trim().includes('\n'))) {
      return { index: start, what: 'a line repeated as the reply broke down' };
    }
  }
  return null;
}
