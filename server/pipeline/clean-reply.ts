// Removes the chatter that 7B models (mistral, llama) wrap around the content they were asked
// for: reasoning blocks, a code fence around the whole reply, a "Sure! Here's a blog post…"
// preamble, "Option 2:" labels between versions, "I hope this helps"-style closings and notes
// after an email's signature, another task's text the model ran on into, and a reply that only
// asks back. Pure and deterministic, and what it keeps is byte-for-byte the reply (only the
// blank lines at the cuts go).
//
// Conservative on purpose: deleting a line of real content costs more than leaving a line of
// chatter in. What a paragraph is, is judged in chatter.ts (talk to the requester, about the
// deliverable) and run-ons.ts (another task's text); where it stands decides whether it may go:
// preambles only at the top, closings only at the bottom, and in an email only what comes after
// its signature (the email's own "Let me know if you have any questions" comes before it).
// Headings, labelled lines ("Subject: …") and list items are never chatter.
import { asksBackOnly, isChangesHeader, isPreamble, isSignOff, isVersionLabel } from './chatter.js';
import { isBlank, paragraphRanges, quote, type Range, splitLines, withoutRanges } from './reply-text.js';
import { runOnStart } from './run-ons.js';
import { afterSignature } from './signature.js';

export { isPreamble, isSignOff } from './chatter.js';

export interface CleanedReply {
  text: string;
  /**
   * What was removed, in plain words: <think> blocks, then the chatter around the content
   * (top to bottom), then the code fence, then any chatter that was inside the fence.
   */
  removed: string[];
}

export function cleanReply(raw: string): CleanedReply {
  const thinking = stripThinking(raw);
  const outer = stripChatter(thinking.text);
  const fence = unwrapCodeFence(outer.text);
  // Chatter can sit inside the fence as well as around it.
  const inner = fence.removed.length > 0 ? stripChatter(fence.text) : { text: fence.text, removed: [] };
  const removed = [...thinking.removed, ...outer.removed, ...fence.removed, ...inner.removed];
  if (removed.length === 0) return { text: raw, removed };
  return { text: inner.text.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd(), removed };
}

// ---------------------------------------------------------------- <think> blocks

const THINK_BLOCK = /<(think|thinking)>[\s\S]*?<\/\1>\s*/gi;
const THINK_CLOSE = /<\/(think|thinking)>\s*/i;
const THINK_OPEN = /<think(?:ing)?>/i;

/**
 * Removes `<think>…</think>` / `<thinking>…</thinking>` blocks, and the reasoning before
 * a lone `</think>` (some chat templates put the opening tag in the prompt). A block that
 * is opened and never closed is left alone: cutting it would leave nothing.
 */
export function stripThinking(text: string): CleanedReply {
  const removed: string[] = [];
  let kept = text.replace(THINK_BLOCK, (_block, tag: string) => {
    removed.push(`a <${tag.toLowerCase()}> block`);
    return '';
  });
  const close = THINK_CLOSE.exec(kept);
  if (close && !THINK_OPEN.test(kept.slice(0, close.index))) {
    removed.push(`a <${(close[1] ?? 'think').toLowerCase()}> block`);
    kept = kept.slice(close.index + close[0].length);
  }
  return { text: kept, removed };
}

// ---------------------------------------------------------------- code fence

const FENCE_LINE = /^\s*(`{3,}|~{3,})([^\n]*)/;
// The languages a fence around prose is labelled with; none at all is the usual one.
const PROSE_LANGUAGES = new Set(['', 'markdown', 'md', 'text', 'txt', 'plaintext', 'plain']);
const ANY_FENCE = /^\s*(`{3,}|~{3,})\s*(\S*)/;

/** Unwraps a ```markdown / ```md / ```text / bare ``` fence around the whole reply. */
export function unwrapCodeFence(text: string): CleanedReply {
  const none = { text, removed: [] };
  const lines = splitLines(text);
  const first = lines.findIndex((line) => !isBlank(line));
  const last = lines.findLastIndex((line) => !isBlank(line));
  const opening = FENCE_LINE.exec(lines[first] ?? '');
  const language = opening?.[2]?.trim().toLowerCase() ?? '';
  const open = opening && PROSE_LANGUAGES.has(language) ? opening : null;
  const close = (lines[last] ?? '').trim();
  const marker = open?.[1] ?? '';
  if (!open || last <= first || close.length < marker.length || !/^(`{3,}|~{3,})$/.test(close) || close[0] !== marker[0]) return none;
  // A bare fence between them would close the outer one: then these are two blocks, not one wrapper.
  let innerBlock = false;
  for (const line of lines.slice(first + 1, last)) {
    const fence = ANY_FENCE.exec(line);
    if (!fence || fence[1]?.[0] !== marker[0]) continue;
    if (innerBlock) innerBlock = Boolean(fence[2]);
    else if (fence[2]) innerBlock = true;
    else return none;
  }
  if (innerBlock) return none;
  return { text: lines.slice(first + 1, last).join(''), removed: [`a code fence (${marker}${language})`] };
}

// ---------------------------------------------------------------- chatter around the content

/** The reply's paragraphs, with what is being removed from them. */
class Reply {
  readonly lines: string[];
  readonly ranges: Range[];
  readonly #cut: Range[] = [];
  readonly #gone = new Set<number>();

  constructor(text: string) {
    this.lines = splitLines(text);
    this.ranges = paragraphRanges(this.lines);
  }

  text(index: number): string {
    const range = this.ranges[index] as Range;
    return this.lines.slice(range.start, range.end).join('');
  }

  /** Indexes of the paragraphs still there, top to bottom. */
  left(): number[] {
    return this.ranges.map((_range, index) => index).filter((index) => !this.#gone.has(index));
  }

  remove(index: number): void {
    this.#gone.add(index);
    this.#cut.push(this.ranges[index] as Range);
  }

  /** Removes only the first line of a paragraph ("Absolutely! Here are three headlines:" above "Headline 1: …"). */
  removeFirstLine(index: number): void {
    const range = this.ranges[index] as Range;
    this.#cut.push({ start: range.start, end: range.start + 1 });
    this.ranges[index] = { start: range.start + 1, end: range.end };
  }

  /** Removes only the last line of a paragraph ("Description 2: …" directly above "Let me know if…"). */
  removeLastLine(index: number): void {
    const range = this.ranges[index] as Range;
    this.#cut.push({ start: range.end - 1, end: range.end });
    this.ranges[index] = { start: range.start, end: range.end - 1 };
  }

  /** Puts a "---" in the paragraph's place. */
  replaceWithRule(index: number): void {
    const range = this.ranges[index] as Range;
    const ending = /\r?\n$/.exec(this.lines[range.end - 1] ?? '')?.[0] ?? '';
    this.lines[range.start] = `---${ending}`;
    if (range.end > range.start + 1) this.#cut.push({ start: range.start + 1, end: range.end });
    this.ranges[index] = { start: range.start, end: range.start + 1 };
  }

  result(): string {
    return withoutRanges(this.lines, this.#cut).join('');
  }
}

const RULE = /^\s*([-*_])(?:\s*\1){2,}\s*$/;
const isRule = (paragraph: string): boolean => !paragraph.trim().includes('\n') && RULE.test(paragraph);
// A line that starts content: a preamble paragraph holding one is cut at its first line only.
const CONTENT_LINE = /^\s*(?:#{1,6}\s|[-*+•]\s|\d{1,2}[.)]\s|>|\||```|~~~|\*\*|__|<|[A-Za-z][\w ()/-]{0,40}:)/;
const FENCE_OR_HEADING = /^\s*(?:```|~~~|#{1,6}\s)/;
const LIST_LINE = /^\s*(?:[-*+•]|\d{1,2}[.)])\s+|^\s{2,}\S/;

/**
 * Removes the chatter around the content: leading preambles, labels between versions, another
 * task's text at the end, and the closings after the content (after the signature, in an email).
 */
export function stripChatter(text: string): CleanedReply {
  const reply = new Reply(text);
  const paragraphs = reply.left().map((index) => reply.text(index));
  if (asksBackOnly(paragraphs)) {
    return { text: '', removed: [`a reply that asks back instead of writing the content (${quote(paragraphs[0] ?? '')})`] };
  }
  const leading = stripLeading(reply);
  const labels = stripVersionLabels(reply);
  const trailing: string[] = [];
  for (let changed = true; changed; ) {
    const before = reply.left().length;
    const runOn = stripRunOn(reply);
    trailing.unshift(...stripTrailing(reply), ...runOn);
    changed = reply.left().length < before;
  }
  const removed = [...leading, ...labels, ...trailing];
  return { text: removed.length > 0 ? reply.result() : text, removed };
}

/** At most three preambles ("Sure!", then "Here's the email:"), and a "---" or version label under them; never the last paragraph. */
function stripLeading(reply: Reply): string[] {
  const removed: string[] = [];
  for (let preambles = 0; preambles < 3; ) {
    const [first, second] = reply.left();
    if (first === undefined) break;
    const paragraph = reply.text(first);
    const lines = splitLines(paragraph);
    if (second === undefined) {
      // The only paragraph left: at most its first line goes.
      if (lines.length > 1 && isPreamble(lines[0] ?? '') && introducesContent(lines)) {
        removed.push(`a preamble (${quote(lines[0] ?? '')})`);
        reply.removeFirstLine(first);
      }
      break;
    }
    if (removed.length > 0 && isRule(paragraph)) {
      removed.push(`a "${paragraph.trim()}" separator`);
      reply.remove(first);
    } else if (isPreamble(paragraph) && !lines.slice(1).some((line) => CONTENT_LINE.test(line))) {
      removed.push(`a preamble (${quote(lines.join(' '))})`);
      reply.remove(first);
      preambles += 1;
    } else if (isVersionLabel(paragraph)) {
      removed.push(`a version label (${quote(paragraph)})`);
      reply.remove(first);
    } else if (lines.length > 1 && isPreamble(lines[0] ?? '') && introducesContent(lines)) {
      removed.push(`a preamble (${quote(lines[0] ?? '')})`);
      reply.removeFirstLine(first);
      break;
    } else break;
  }
  return removed;
}

/**
 * "**Option 2: More Detailed**" or "**Playful Captions**" among the versions: the versions stay,
 * the labels go, and a "---" takes the place of each label between two versions so that they
 * still read (and parse) as separate.
 */
function stripVersionLabels(reply: Reply): string[] {
  const left = reply.left();
  const labels = left.filter((index) => isVersionLabel(reply.text(index)));
  if (labels.length === 0 || labels.length === left.length) return [];
  const what = quote(reply.text(labels[0] as number));
  const [first, last] = [left[0], left.at(-1)];
  const notes: string[] = [];
  for (const index of labels) {
    if (index === first || index === last) {
      reply.remove(index);
      continue;
    }
    // The version above ends here: its own closing remarks ("Note: replace the placeholders…") go too.
    const above = left.slice(0, left.indexOf(index)).reverse();
    for (const closing of above) {
      if (labels.includes(closing) || !isSignOff(reply.text(closing))) break;
      notes.unshift(`a sign-off (${quote(reply.text(closing))})`);
      reply.remove(closing);
    }
    reply.replaceWithRule(index);
  }
  const named = labels.length === 1 ? 'a version label' : `${labels.length} version labels`;
  return [...notes, `${named} (${what}), with a "---" between the versions`];
}

/** Another task's text at the end: the examples, records or repeats a runaway model left. */
function stripRunOn(reply: Reply): string[] {
  const left = reply.left();
  const runOn = runOnStart(left.map((index) => reply.text(index)));
  if (!runOn) return [];
  const gone = left.slice(runOn.index);
  for (const index of gone) reply.remove(index);
  return [`${runOn.what} (${quote(reply.text(gone[0] as number))})`];
}

/**
 * The closings after the content, found last to first and listed top to bottom. After an email's
 * signature, every paragraph that is not the email's own (a P.S., a footer, the signature's
 * title lines) is addressed to the requester; without a signature, only sign-offs, notes, a
 * list of changes and a "---" above them are.
 */
function stripTrailing(reply: Reply): string[] {
  const left = reply.left();
  const signed = afterSignature(left.map((index) => reply.text(index)));
  if (signed) {
    const removed: string[] = [];
    let underHeader = false;
    for (const position of signed.remarks) {
      const index = left[position] as number;
      const paragraph = reply.text(index);
      const [header = ''] = splitLines(paragraph);
      const listed: boolean = underHeader && splitLines(paragraph).every((line) => LIST_LINE.test(line));
      underHeader = isChangesHeader(header) || listed;
      if (isRule(paragraph)) removed.push(`a "${paragraph.trim()}" separator`);
      else if (isChangesHeader(header)) removed.push(`a list of changes (${quote(header)})`);
      else if (isSignOff(paragraph)) removed.push(`a sign-off (${quote(paragraph)})`);
      else if (!listed) removed.push(`a remark after the signature (${quote(paragraph)})`);
      reply.remove(index);
    }
    return removed;
  }
  const trailing: string[] = [];
  for (;;) {
    const indexes = reply.left();
    const last = indexes.at(-1);
    if (last === undefined) break;
    const paragraph = reply.text(last);
    const lines = splitLines(paragraph);
    const beforeLast = indexes.at(-2);
    if (beforeLast === undefined) {
      // The only paragraph left: at most its last line goes.
      if (lines.length > 1 && isSignOff(lines.at(-1) ?? '')) {
        trailing.unshift(`a sign-off (${quote(lines.at(-1) ?? '')})`);
        reply.removeLastLine(last);
      }
      break;
    }
    const changes = changesListStart(reply, indexes);
    if (isRule(paragraph) && (trailing.length > 0 || isSignOff(reply.text(beforeLast)))) {
      trailing.unshift(`a "${paragraph.trim()}" separator`);
      reply.remove(last);
    } else if (changes !== null) {
      trailing.unshift(`a list of changes (${quote(splitLines(reply.text(changes))[0] ?? '')})`);
      for (const index of indexes.slice(indexes.indexOf(changes))) reply.remove(index);
    } else if (isSignOff(paragraph) && !lines.some((line) => FENCE_OR_HEADING.test(line))) {
      trailing.unshift(`a sign-off (${quote(paragraph)})`);
      reply.remove(last);
    } else if (lines.length > 1 && isSignOff(lines.at(-1) ?? '')) {
      trailing.unshift(`a sign-off (${quote(lines.at(-1) ?? '')})`);
      reply.removeLastLine(last);
    } else break;
  }
  return trailing;
}

/** The trailing paragraph where a "Changes made:" (or "This email aims to:") header followed only by list items starts, or null. */
function changesListStart(reply: Reply, indexes: number[]): number | null {
  for (let position = indexes.length - 1; position > 0; position -= 1) {
    const index = indexes[position] as number;
    const [header = '', ...rest] = splitLines(reply.text(index));
    if (isChangesHeader(header) && rest.every((line) => LIST_LINE.test(line))) {
      return position === indexes.length - 1 && rest.length === 0 ? null : index;
    }
    if (!splitLines(reply.text(index)).every((line) => LIST_LINE.test(line))) return null;
  }
  return null;
}

/** "Here are three headlines:" over a labelled line or a list, or any line ending in a colon. */
function introducesContent(paragraph: string[]): boolean {
  const [first = '', next = ''] = paragraph;
  return first.trim().endsWith(':') || /^\s*(?:#{1,6}\s|\*\*|__|[-*+•]\s|\d{1,2}[.)]\s|[A-Za-z][\w ()/-]{0,40}:)/.test(next);
}
