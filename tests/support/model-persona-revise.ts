// The realistic persona revising a draft it was sent (the Content Creator's revision, the
// Optimizer's rewrite): it keeps the draft and edits the lines the feedback, the compliance
// issues and the failed checks point at, as a careful 7B editor does. What the prompt does not
// say is not fixed; a prompt without the draft gets a fresh piece instead (see model-persona.ts).
import type { Dice } from './model-persona-dice.js';
import { escapeRegExp } from './model-persona-prompt.js';
import { adHeadlineCandidates, capitalise, countWords, type Writer } from './model-persona-prose.js';
import * as words from './model-persona-words.js';

export interface Revision {
  text: string;
  /** What was changed, in the words a model lists them under "Changes made:". */
  changes: string[];
}

// "100%" has no word boundary after the sign, so it is matched apart.
const CLAIM = /\b(?:guarantee[ds]?|cures?|best in the world)\b|\b100\s?%/i;
// "Headline 1:", "**Subject line:**", "1. Description:", "X (Twitter):" — the label kept when a value changes.
const LABEL = /^(\s*(?:(?:\d{1,2}[.)]|[-*•])\s+)?(?:\*\*[^*\n]{1,40}\*\*:?\s*|[A-Za-z][A-Za-z0-9 ()]{0,40}:\s+)?)(.*)$/;
const PLATFORM_LABEL = /^\s*(?:#{1,6}\s*|\d+\.\s*)?(?:\*\*)?(X|Twitter|LinkedIn|Instagram|Facebook)\b/;

export function reviseDraft(writer: Writer, draft: string, mode: 'reviser' | 'editor'): Revision {
  const { facts, dice } = writer;
  const asked = [...facts.feedback, ...facts.issues].join('\n');
  const lines = draft.split('\n');
  const changes: string[] = [];
  const editor = mode === 'editor';

  for (const topic of facts.brand?.prohibited ?? []) {
    const mentioned = new RegExp(`\\b${escapeRegExp(topic)}`, 'i');
    if (mentioned.test(draft) && (mentioned.test(asked) || (editor && dice.chance(0.5)))) {
      dropSentences(lines, (sentence) => mentioned.test(sentence), dice);
      changes.push(`Removed the mention of "${topic}"`);
    }
  }
  if (CLAIM.test(draft) && (/claim|guarantee|cure|100|evidence|substantiat/i.test(asked) || (editor && dice.chance(0.5)))) {
    dropSentences(lines, (sentence) => CLAIM.test(sentence), dice);
    changes.push('Removed the unsubstantiated claim');
  }
  for (const [, quoted = ''] of asked.matchAll(/\b(?:remove|drop|delete|cut|avoid)\b[^"“\n]{0,40}["“]([^"”\n]{3,200})["”]/gi)) {
    if (dropSentences(lines, (sentence) => sentence.includes(quoted), dice)) changes.push(`Removed "${quoted}"`);
  }
  for (const [, quoted = ''] of asked.matchAll(/\brephrase\b[^"“\n]{0,20}["“]([^"”\n]{3,200})["”]/gi)) {
    if (rephrase(lines, quoted, dice)) changes.push(`Rephrased "${quoted.slice(0, 40)}"`);
  }
  const text = () => lines.join('\n');
  for (const keyword of wantedKeywords(writer, asked, mode)) {
    if (new RegExp(escapeRegExp(keyword), 'i').test(text())) continue;
    addKeyword(writer, lines, keyword);
    changes.push(`Added the brand keyword "${keyword}"`);
  }
  // Not in an ad: a whole sentence would not fit its 90 characters.
  for (const [, value = ''] of facts.contentType === 'AD_COPY' ? [] : asked.matchAll(/\bvalue ["“]([^"”\n]{2,60})["”]/gi)) {
    addSentence(writer, lines, dice.fill(dice.pick(words.valueSentences), { value, Value: capitalise(value) }));
    changes.push(`Tied the copy to the value "${value}"`);
  }
  if (/call to action|\bcta\b/i.test(asked)) {
    strengthenCta(writer, lines);
    changes.push('Made the call to action more direct');
  }
  // Most failed checks the prompt lists get fixed; now and then one is overlooked.
  for (const check of facts.failedChecks) {
    if (dice.chance(0.85) && fixCheck(writer, lines, check)) changes.push(`Fixed: ${check.replace(/[,;].*$/, '')}`);
  }

  let result = text().replace(/\n{3,}/g, '\n\n');
  if (editor && dice.chance(1 / 6)) result = restyleLabels(result);
  if (editor && dice.chance(1 / 12)) result = slip(writer, result);
  return { text: result, changes };
}

/** Keywords the feedback names (quoted or not); an editor also works in some the brand lists. */
function wantedKeywords(writer: Writer, asked: string, mode: 'reviser' | 'editor'): string[] {
  const { facts, dice } = writer;
  const quoted = [...asked.matchAll(/\b(?:use|include|add|work in)\b[^"“\n]{0,40}["“]([^"”\n]{2,60})["”]/gi)].map((m) => m[1] ?? '');
  const brand = (facts.brand?.keywords ?? []).filter(
    (keyword) => new RegExp(`\\b${escapeRegExp(keyword)}\\b`, 'i').test(asked) || dice.chance(mode === 'editor' ? 0.6 : 0.2),
  );
  const prohibited = (facts.brand?.prohibited ?? []).map((topic) => topic.toLowerCase());
  return [...new Set([...quoted, ...brand])].filter((keyword) => keyword && !prohibited.includes(keyword.toLowerCase()));
}

// ---------------------------------------------------------------- line edits

interface LineParts {
  label: string;
  value: string;
  /** Quotes around the value ("Headline 1: \"Go Green\""), kept when it changes. */
  open: string;
  close: string;
}

function split(line: string): LineParts {
  const match = LABEL.exec(line);
  const raw = match?.[2] ?? line;
  const quoted = /^(["“])(.*?)(["”]?)$/.exec(raw);
  return quoted
    ? { label: match?.[1] ?? '', value: quoted[2] ?? '', open: quoted[1] ?? '', close: quoted[3] || (quoted[1] ?? '') }
    : { label: match?.[1] ?? '', value: raw, open: '', close: '' };
}

const withValue = (parts: LineParts, value: string): string => `${parts.label}${parts.open}${value}${parts.close}`;

function sentencesOf(value: string): string[] {
  return value.split(/(?<=[.!?])\s+/).filter(Boolean);
}

/** Drops the sentences a test picks; a labelled line left empty gets a neutral value instead. */
function dropSentences(lines: string[], picked: (sentence: string) => boolean, dice: Dice): boolean {
  let dropped = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (/^\s*#/.test(line) || !picked(line)) continue;
    const parts = split(line);
    const kept = sentencesOf(parts.value).filter((sentence) => !picked(sentence));
    dropped = true;
    if (kept.length > 0) lines[index] = withValue(parts, kept.join(' '));
    else lines[index] = parts.label.trim() ? withValue(parts, dice.pick(words.adFragments)) : '';
  }
  return dropped;
}

function rephrase(lines: string[], quoted: string, dice: Dice): boolean {
  const index = lines.findIndex((line) => line.includes(quoted));
  if (index === -1) return false;
  const shorter = words.bodySentences.filter((sentence) => !sentence.includes('{') && sentence.length <= quoted.length);
  lines[index] = (lines[index] ?? '').replace(quoted, shorter.length > 0 ? dice.pick(shorter) : 'Made for you.');
  return true;
}

/** The line a new sentence joins: a paragraph of the body, outside the X post and the labels. */
function paragraphIndex(lines: string[], contentType: string): number {
  let platform = '';
  const candidates: number[] = [];
  lines.forEach((line, index) => {
    platform = PLATFORM_LABEL.exec(line)?.[1] ?? platform;
    const { label, value } = split(line);
    const inX = platform === 'X' || platform === 'Twitter';
    if (/^\s*(?:#|\*\*.*\*\*\s*$|meta)/i.test(line) || label.trim() || inX || countWords(value) < 6) return;
    candidates.push(index);
  });
  return candidates[contentType === 'BLOG_POST' && candidates.length > 1 ? 1 : 0] ?? -1;
}

function addKeyword(writer: Writer, lines: string[], keyword: string): void {
  const { dice, facts } = writer;
  const slots = { kw: keyword, Kw: capitalise(keyword) };
  if (facts.contentType === 'AD_COPY') {
    const fragment = dice.fill(dice.pick(words.keywordFragments), slots);
    const descriptions = adParts(lines).filter((part) => part.kind === 'description');
    const roomy = descriptions.find((part) => [...`${part.value} ${fragment}`].length <= 90);
    if (roomy) {
      lines[roomy.index] = withValue(roomy, `${roomy.value} ${fragment}`);
      return;
    }
    const last = descriptions.at(-1);
    if (last) {
      const label = last.label.replace(/\d+/, (number) => String(Number(number) + 1));
      return void lines.splice(last.index + 1, 0, withValue({ ...last, label }, capitalise(fragment)));
    }
  }
  addSentence(writer, lines, dice.fill(dice.pick(words.keywordSentences), slots));
}

function addSentence(writer: Writer, lines: string[], sentence: string): void {
  const index = paragraphIndex(lines, writer.facts.contentType);
  if (index === -1) lines.push('', sentence);
  else lines[index] = `${lines[index]} ${sentence}`;
}

function strengthenCta(writer: Writer, lines: string[]): void {
  const { dice } = writer;
  const stronger = dice.pick(words.strongCtas);
  const button = /^\s*\*\*[^*\n]+→\*\*\s*$/; // "**Shop now →**"
  const index = lines.findIndex(
    (line) => /^\s*(?:\*\*)?(?:cta|call to action)\b/i.test(line) || /^\s*(?:\*\*)?\[[^\]]+\]\(/.test(line) || button.test(line),
  );
  if (index !== -1) {
    const line = lines[index] ?? '';
    if (/\[[^\]]+\]\(/.test(line)) lines[index] = line.replace(/\[[^\]]+\]/, `[${stronger}]`);
    else if (button.test(line)) lines[index] = `**${stronger} →**`;
    else lines[index] = `${split(line).label}${stronger}`;
  } else if (writer.facts.contentType === 'EMAIL') lines.push('', `CTA: ${stronger}`);
  else if (writer.facts.contentType === 'AD_COPY') {
    // The last description ends on the call to action, as long as it still fits 90 characters.
    const last = adParts(lines).findLast((part) => part.kind === 'description');
    if (!last) return;
    const kept = sentencesOf(last.value).slice(0, -1);
    const action = dice.pick(['Order yours today.', 'Shop the range now.', 'Try it free today.']);
    while (kept.length > 0 && [...[...kept, action].join(' ')].length > 90) kept.pop();
    lines[last.index] = withValue(last, [...kept, action].join(' '));
  } else {
    const last = lines.findLastIndex((line) => countWords(line) >= 6 && !/^\s*(?:#|\**meta)/i.test(line));
    if (last !== -1) lines[last] = `${lines[last]} ${stronger}.`;
  }
}

interface AdPart extends LineParts {
  kind: 'headline' | 'description';
  index: number;
}

/** Headlines and descriptions, labelled ("Headline 1: …") or listed under a "Headlines" heading. */
function adParts(lines: string[]): AdPart[] {
  const parts: AdPart[] = [];
  let list: AdPart['kind'] | null = null;
  lines.forEach((line, index) => {
    const labelled = /^(\s*(?:(?:\d{1,2}[.)]|[-*•])\s+)?(?:\*\*)?(headline|description)\b[^:\n]{0,30}:(?:\*\*)?\s*)(.*)$/i.exec(line);
    const kindOf = (word: string) => (word.toLowerCase().startsWith('h') ? 'headline' : 'description');
    if (labelled) {
      if (labelled[3]) parts.push({ ...split(labelled[3]), kind: kindOf(labelled[2] ?? ''), index, label: labelled[1] ?? '' });
      list = labelled[3] ? null : kindOf(labelled[2] ?? '');
    } else if (/^\s*(?:#|\*\*)[^:]*(headlines|descriptions)/i.test(line)) {
      list = kindOf(/headlines|descriptions/i.exec(line)?.[0] ?? '');
    } else if (/^\s*#/.test(line)) list = null;
    else if (list && line.trim()) {
      const item = /^(\s*(?:(?:\d{1,2}[.)]|[-*•])\s+)?)(.*)$/.exec(line);
      parts.push({ ...split(item?.[2] ?? line), kind: list, index, label: item?.[1] ?? '' });
    }
  });
  return parts;
}

// ---------------------------------------------------------------- the measured checks the Optimizer is told about

function fixCheck(writer: Writer, lines: string[], check: string): boolean {
  const { dice, slots } = writer;
  const headline = /^headline (\d+): \d+ characters/i.exec(check);
  if (headline) {
    const parts = adParts(lines).filter((part) => part.kind === 'headline');
    const part = parts[Number(headline[1]) - 1];
    const used = new Set(parts.map((other) => other.value));
    const replacement = adHeadlineCandidates(writer).find((candidate) => !used.has(candidate));
    if (!part || !replacement) return false;
    lines[part.index] = withValue(part, replacement);
    return true;
  }
  const description = /^description (\d+): \d+ characters/i.exec(check);
  if (description) {
    const part = adParts(lines).filter((candidate) => candidate.kind === 'description')[Number(description[1]) - 1];
    if (!part) return false;
    const kept = sentencesOf(part.value);
    while (kept.length > 1 && [...kept.join(' ')].length > 90) kept.pop();
    lines[part.index] = withValue(part, kept.join(' ').slice(0, 90));
    return true;
  }
  if (/^(?:X|Twitter) post: \d+ characters/i.test(check)) return shortenXPost(writer, lines);
  const emailPart = /^email (subject|preheader): \d+ characters/i.exec(check);
  if (emailPart) {
    const index = lines.findIndex((line) => new RegExp(`^\\s*(?:\\*\\*)?(?:email )?${emailPart[1]}`, 'i').test(line));
    if (index === -1) return false;
    const [pool, limit] = emailPart[1]?.toLowerCase() === 'subject' ? [words.emailSubjects, 60] : [words.emailPreheaders, 100];
    const fitting = pool.map((template) => dice.fill(template, slots)).filter((value) => [...value].length <= limit);
    lines[index] = `${split(lines[index] ?? '').label}${fitting.length > 0 ? dice.pick(fitting) : 'Something new for you'}`;
    return true;
  }
  if (/^email CTA: missing/i.test(check)) {
    lines.push('', `CTA: ${dice.pick(words.ctas)}`);
    return true;
  }
  if (/^blog post length: \d+ words .*too few/i.test(check)) {
    const deficit = 640 - Number(/(\d+) words/.exec(check)?.[1] ?? 600);
    const at = lines.findLastIndex((line) => /^##\s/.test(line));
    lines.splice(at === -1 ? lines.length : at, 0, ...extraSections(writer, Math.max(deficit, 120)));
    return true;
  }
  if (/keyphrase .* missing from the introduction/i.test(check)) {
    const index = lines.findIndex((line) => line.trim() && !/^\s*(?:#|\*\*|title:)/i.test(line));
    if (index === -1) return false;
    lines[index] = `${dice.fill(dice.pick(words.introOpeners), slots)} ${lines[index]}`;
    return true;
  }
  if (/^meta description has/i.test(check)) {
    for (let index = lines.length - 1; index >= 0; index--)
      if (/^\s*(?:\*\*)?meta description/i.test(lines[index] ?? '')) lines.splice(index, 1);
    lines.push('', `Meta description: ${dice.fill(words.metaDescriptions[0] ?? '', slots)}`);
    return true;
  }
  if (/without a subheading|paragraphs? (?:is|are) over/i.test(check)) return splitLongParagraphs(writer, lines);
  return false;
}

function shortenXPost(writer: Writer, lines: string[]): boolean {
  const start = lines.findIndex((line) => /^(?:X|Twitter)$/.test(PLATFORM_LABEL.exec(line)?.[1] ?? ''));
  if (start === -1) return false;
  let end = lines.findIndex((line, index) => index > start && PLATFORM_LABEL.test(line));
  if (end === -1) end = lines.length;
  const post = writer.dice.fill(words.xPosts[1] ?? '', writer.slots);
  const { label, value } = split(lines[start] ?? '');
  const inline = value.trim() && !/^\s*#/.test(lines[start] ?? '') && label.trim();
  lines.splice(start, end - start, inline ? `${label}${post}` : (lines[start] ?? ''), ...(inline ? [] : [post]), '');
  return true;
}

function extraSections(writer: Writer, wordsWanted: number): string[] {
  const { dice, slots } = writer;
  const added: string[] = [];
  for (let count = 0; count < wordsWanted; ) {
    const paragraph = dice
      .shuffle(words.bodySentences)
      .slice(0, 9)
      .map((sentence) => dice.fill(sentence, slots))
      .join(' ');
    added.push(`## ${dice.fill(dice.pick(words.blogHeadings), slots)}`, '', paragraph, '');
    count += countWords(paragraph);
  }
  return added;
}

function splitLongParagraphs(writer: Writer, lines: string[]): boolean {
  const index = lines.findIndex((line) => countWords(line) > 140);
  if (index === -1) return false;
  const sentences = sentencesOf(lines[index] ?? '');
  const half = Math.ceil(sentences.length / 2);
  const heading = `## ${writer.dice.fill(writer.dice.pick(words.blogHeadings), writer.slots)}`;
  lines.splice(index, 1, sentences.slice(0, half).join(' '), '', heading, '', sentences.slice(half).join(' '));
  return true;
}

// ---------------------------------------------------------------- an editor's own habits

/** "Headline 1:" ↔ "**Headline 1:**": rewrites drift between label styles. */
function restyleLabels(text: string): string {
  const plain = /^(Headline \d+|Description \d+|Subject(?: line)?|Preheader|Preview text|CTA|LinkedIn|Instagram|Facebook):[ \t]/gm;
  // Only labels with their value on the same line: "**Headlines:**" over a list stays as it is.
  return plain.test(text) ? text.replace(plain, '**$1:** ') : text.replace(/^\*\*([A-Za-z][\w ]{0,30}):\*\*[ \t]+(?=\S)/gm, '$1: ');
}

/** A rewrite that breaks a limit the draft kept: the product must notice and keep the draft. */
function slip(writer: Writer, text: string): string {
  switch (writer.facts.contentType) {
    case 'AD_COPY':
      return text.replace(/^(.*headline[^:\n]*:\**\s*|\s*(?:\d\.|-)\s+)(.+)$/im, '$1$2 – Limited Time Only');
    case 'EMAIL':
      return text.replace(
        /^(\s*(?:\*\*)?subject[^:\n]*:(?:\*\*)?\s*)(.+)$/im,
        '$1$2 – and a little something extra just for you this week',
      );
    case 'SOCIAL_MEDIA': {
      const lines = text.split('\n');
      const start = lines.findIndex((line) => /^(?:X|Twitter)$/.test(PLATFORM_LABEL.exec(line)?.[1] ?? ''));
      // The post's text: on the label's line ("Twitter: …") or the first line under it.
      const inline = split(lines[start] ?? '').value.trim() && !/^\s*#/.test(lines[start] ?? '');
      const index = inline ? start : lines.findIndex((line, at) => at > start && line.trim());
      if (start === -1 || index === -1) return text;
      lines[index] = `${lines[index]} ${words.linkedInParagraphs.slice(1, 4).join(' ')}`;
      return lines.join('\n');
    }
    case 'BLOG_POST':
      return text;
  }
}
