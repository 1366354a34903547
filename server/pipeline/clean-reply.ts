// Removes the chatter that 7B models (mistral, llama3.1) wrap around the content they
// were asked for: reasoning blocks, a code fence around the whole reply, a "Sure! Here's
// a blog post…" preamble and a "Let me know if…" sign-off. Pure and deterministic, and
// what it keeps is byte-for-byte the reply (only the blank lines at the cuts go).
//
// Conservative on purpose: deleting a line of real content costs more than leaving a
// line of chatter in. So a paragraph is chatter only when it opens like an assistant
// talking to the person who asked ("Sure!", "Here is the revised email", "Let me know if
// you'd like changes", "Note: I kept the word count…") AND it talks about the deliverable
// or the edits, never when it talks to the reader ("Let us know in the comments", "Feel
// free to reply to this email", "Here are five habits to try"). Headings, labelled lines
// ("Subject: …") and list items are never chatter.

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

// ---------------------------------------------------------------- preambles and sign-offs

/** Removes leading preambles and trailing sign-offs (and a "---" between them and the content). */
export function stripChatter(text: string): CleanedReply {
  let lines = splitLines(text);
  const removed: string[] = [];
  // Leading: at most two chatter paragraphs ("Sure!" then "Here's the email:"); never the last paragraph.
  for (let preambles = 0; preambles < 2; ) {
    const [first, second] = paragraphRanges(lines);
    if (!first) break;
    const paragraph = lines.slice(first.start, first.end);
    if (second && removed.length > 0 && isRule(paragraph)) {
      removed.push(`a "${paragraph.join('').trim()}" separator`);
      lines = lines.slice(first.end);
    } else if (second && isPreamble(paragraph.join('')) && !paragraph.slice(1).some((line) => CONTENT_LINE.test(line))) {
      removed.push(`a preamble (${quote(paragraph.join(' '))})`);
      lines = lines.slice(first.end);
      preambles += 1;
    } else if (paragraph.length > 1 && isPreamble(paragraph[0] ?? '') && introducesContent(paragraph)) {
      // "Absolutely! Here are three headlines:" directly above "Headline 1: …".
      removed.push(`a preamble (${quote(paragraph[0] ?? '')})`);
      lines = lines.slice(first.start + 1);
      preambles += 1;
    } else break;
  }
  // Trailing: sign-offs, notes, a list of changes, and a "---" above them; found last to first,
  // listed top to bottom; never the first paragraph.
  const trailing: string[] = [];
  for (;;) {
    const ranges = paragraphRanges(lines);
    const last = ranges.at(-1);
    if (!last) break;
    const paragraph = lines.slice(last.start, last.end);
    const several = ranges.length > 1;
    const changes = changesListStart(lines, ranges);
    const beforeLast = ranges.at(-2);
    const aboveSignOff = beforeLast ? isSignOff(lines.slice(beforeLast.start, beforeLast.end).join('')) : false;
    if (several && isRule(paragraph) && (trailing.length > 0 || aboveSignOff)) {
      trailing.unshift(`a "${paragraph.join('').trim()}" separator`);
      lines = lines.slice(0, last.start);
    } else if (changes !== null) {
      trailing.unshift(`a list of changes (${quote(lines[changes] ?? '')})`);
      lines = lines.slice(0, changes);
    } else if (several && isSignOff(paragraph.join('')) && !paragraph.some((line) => FENCE_OR_HEADING.test(line))) {
      trailing.unshift(`a sign-off (${quote(paragraph.join(' '))})`);
      lines = lines.slice(0, last.start);
    } else if (paragraph.length > 1 && isSignOff(paragraph.at(-1) ?? '')) {
      // "Description 2: …" directly above "Let me know if you'd like more options!".
      trailing.unshift(`a sign-off (${quote(paragraph.at(-1) ?? '')})`);
      lines = lines.slice(0, last.end - 1);
    } else break;
  }
  removed.push(...trailing);
  return { text: removed.length > 0 ? lines.join('') : text, removed };
}

const OPENER =
  /^(?:sure(?: thing)?|certainly|of course|absolutely|okay|ok|alright|all right|great(?: (?:choice|question|idea|topic))?|perfect|got it|no problem|definitely|understood|gladly|with pleasure|here you go|here it is|(?:i'd|i would|i'm|i am) (?:be )?(?:happy|glad|delighted|more than happy) to help(?: you)?(?: with (?:that|this))?)(?:\s*[!.,:;–—-]|$)/i;
const HAPPY_TO_WRITE =
  /^(?:i'd|i would|i'm|i am|i'll) (?:be )?(?:happy|glad|delighted) to (?:write|create|draft|craft|prepare|put together)\b/i;
const HERE_IS = /^(?:here's|here is|here are|below is|below are|below you'll find|please find|what follows is)\b/i;
const I_WROTE =
  /^(?:i've|i have|i)\s+(?:written|wrote|created|drafted|crafted|prepared|revised|rewritten|rewrote|updated|put together|come up with|came up with|generated|edited|tailored|optimi[sz]ed|polished)\b/i;
const AS_ASKED =
  /^(?:as requested|as you requested|per your request|following your (?:request|feedback|brief)|based on (?:your|the) (?:brief|request|feedback|brand|guidelines|requirements|input))\b/i;
const REVISED_LABEL =
  /^(?:revised|updated|improved|optimi[sz]ed|final|rewritten|edited|polished)\s+(?:\w+\s+){0,2}?(?:blog post|post|posts|email|ad copy|ad|ads|copy|version|draft|content|article)\s*:?$/i;
// "Here's a revised blog post", "Here are three headlines": the deliverable right after the
// opener, with only articles, numbers and adjectives between ("Here are 3 reasons our ad…" is content).
const NAMES_DELIVERABLE =
  /^(?:here's|here is|here are|below is|below are|below you'll find|please find|what follows is)\s+(?:(?:a|an|the|your|some|this|these|two|three|four|five|six|\d+|few|possible|revised|updated|new|improved|final|short|quick|catchy|compelling|engaging|refined|polished|rewritten|optimi[sz]ed|suggested|sample|complete|full|first|marketing|promotional|social|media|responsive|search|google|seo-friendly|friendly|informative|persuasive|different|alternative|more|brief|personali[sz]ed|tailored|set of|list of|version of|draft of|of)\s+)*(?:blog|article|e-?mail|newsletter|ad|ads|headlines?|descriptions?|posts?|tweets?|captions?|drafts?|versions?|revision|rewrite|copy|content|campaign|subject lines?|options|variations)(?![\w-])/i;
// What the person asked for, as an assistant names it.
const DELIVERABLE =
  /\b(?:blog(?: post)?|article|e-?mail|newsletter|ad copy|ads?|headlines?|descriptions?|posts?|tweets?|captions?|drafts?|versions?|revision|rewrite|copy|content|campaign|subject lines?|options|variations)(?![\w-])/i;

/**
 * A first paragraph of chatter addressed to the person who asked: "Sure! Here's a blog
 * post about…:", "Here is the revised email:", "I'd be happy to help!". Never a heading,
 * list item or labelled line, and never "Here are five habits to try this week:".
 */
export function isPreamble(paragraph: string): boolean {
  if (paragraph.length > 1000 || STRUCTURAL.test(paragraph)) return false;
  const text = plain(paragraph);
  if (!text || text.length > 400) return false;
  const endsWithColon = text.endsWith(':');
  const aboutDeliverable = DELIVERABLE.test(text);
  const opener = OPENER.exec(text);
  if (opener) return text.slice(opener[0].length).trim() === '' || aboutDeliverable || endsWithColon;
  if (HAPPY_TO_WRITE.test(text) || AS_ASKED.test(text)) return aboutDeliverable || endsWithColon;
  if (HERE_IS.test(text)) return NAMES_DELIVERABLE.test(text) || (endsWithColon && aboutDeliverable);
  if (I_WROTE.test(text)) return aboutDeliverable;
  if (REVISED_LABEL.test(text)) return true;
  // "Based on your brand voice, I've crafted the following email:"
  return endsWithColon && aboutDeliverable && /\b(?:i|i've|i'm|the following)\b/i.test(text);
}

// Talk about the writing itself rather than the product: lengths, tone, keywords, placeholders.
const ABOUT_WRITING =
  /\b(?:word count|words|characters?|char count|character limit|tone|brand voice|brand guidelines|guidelines|keyphrase|keywords?|seo|target audience|placeholders?|meta description|cta|call to action|call-to-action|hashtags?|headlines?|subject line|preheader|readability|as needed|to fit|to suit|to match|your (?:brand|needs|audience|preferences|requirements))\b|\[/i;
const DESCRIBES =
  /\b(?:designed|aims?|tailored|optimi[sz]ed|crafted|incorporates?|adheres?|meets?|focus(?:es)?|targets?|appeals?|resonates?)\b/i;
const SIGN_OFFS: { pattern: RegExp; needs?: RegExp }[] = [
  {
    pattern: /^(?:please )?let me know\b/i,
    needs:
      /\b(?:changes?|adjust|tweak|modif|revis|edit|tone|length|versions?|variations?|alternatives?|anything else|further|more options|other options|refine|improve|me to|this works|that works|it works|meets your|fits your|suits your|you'd like me|you want me)/i,
  },
  { pattern: /^(?:i )?hope (?:this|that|these|it) (?:helps|meets|works|fits|is what|is helpful|is useful|gives|serves|captures)\b/i },
  { pattern: /^feel free to (?:let me know|ask me|reach out to me)\b/i },
  {
    pattern: /^feel free to (?:adjust|modify|tweak|change|edit|customi[sz]e|tailor|adapt|revise|swap|replace)\b/i,
    needs: new RegExp(`${ABOUT_WRITING.source}|${DELIVERABLE.source}|\\b(?:it|this|these|them|anything|any)\\b`, 'i'),
  },
  { pattern: /^(?:would|do) you (?:like|want) me to\b/i },
  { pattern: /^shall i\b/i },
  { pattern: /^should i (?:make|adjust|change|revise|write|create|provide|add|shorten|expand|tweak)\b/i },
  {
    pattern:
      /^if you(?:'d| would) like (?:me\b|any (?:changes|adjustments|modifications|revisions|tweaks)|changes|adjustments|more (?:options|variations|versions))/i,
  },
  { pattern: /^if you need (?:any )?(?:changes|adjustments|modifications|revisions|more options|further|anything else)/i },
  {
    pattern: /^i can (?:also )?(?:adjust|make|provide|create|revise|tweak|write|generate|modify|change|shorten|expand)\b/i,
    needs: new RegExp(`${ABOUT_WRITING.source}|${DELIVERABLE.source}`, 'i'),
  },
  { pattern: /^good luck with (?:your|the) (?:campaign|launch|blog|post|email|ad)/i },
  { pattern: /^(?:total |approximate |estimated )?(?:word|character|char) counts?\b/i },
  { pattern: /^(?:approx(?:imately|\.)?|about|around|~)?\s*\d[\d,]*\s+words\.?$/i },
  {
    pattern:
      /^(?:(?:key|main) )?(?:changes|revisions|edits|improvements) (?:made|i made)\b|^(?:summary|explanation|list) of (?:the )?(?:changes|revisions|edits)\b/i,
  },
  { pattern: /^i(?:'ve| have)? made the following (?:changes|revisions|edits|improvements)\b/i },
  { pattern: /^(?:notes?|please note|n\.b\.)\b/i, needs: ABOUT_WRITING },
  {
    pattern:
      /^(?:i've|i have|i)\s+(?:kept|included|made|used|written|focused|tried|added|ensured|aimed|followed|incorporated|highlighted|revised|updated|changed|adjusted|tailored|crafted|created|optimi[sz]ed|avoided|limited|stayed|emphasi[sz]ed|removed|shortened|replaced)\b/i,
    needs: ABOUT_WRITING,
  },
  {
    // "This email is designed to…": the model describing what it wrote.
    pattern:
      /^(?:this|these|the above)\s+(?:\w+\s+){0,2}?(?:blog post|post|posts|article|email|ad copy|ad|ads|headlines?|descriptions?|draft|version|copy|content)\b/i,
    needs: new RegExp(`${ABOUT_WRITING.source}|${DESCRIBES.source}`, 'i'),
  },
  {
    pattern:
      /^(?:the|all|each|every)\s+(?:\w+\s+){0,2}?(?:blog post|post|posts|article|email|ad copy|ad|ads|headlines?|descriptions?|draft|version|copy|content)\b/i,
    needs: ABOUT_WRITING,
  },
  {
    pattern:
      /^you (?:can|may|might want to|could) (?:easily )?(?:adjust|customi[sz]e|tweak|modify|replace|swap|edit|change|tailor|adapt)\b/i,
    needs: ABOUT_WRITING,
  },
  { pattern: /^remember to (?:replace|add|insert|update|customi[sz]e|fill in)\b/i, needs: /\[|placeholder|link|url/i },
];

/**
 * A closing paragraph of chatter addressed to the person who asked: "Let me know if
 * you'd like any changes!", "I hope this helps!", "Note: I kept the word count under 900",
 * "This blog post is approximately 850 words." Not a closing line to the reader ("Let us
 * know in the comments", "Thanks for reading!", "Feel free to reply to this email").
 */
export function isSignOff(paragraph: string): boolean {
  if (paragraph.length > 1500 || STRUCTURAL.test(paragraph)) return false;
  const text = plain(paragraph).replace(/^\((.*)\)$/s, '$1');
  if (!text || text.length > 600) return false;
  return SIGN_OFFS.some(({ pattern, needs }) => pattern.test(text) && (!needs || needs.test(text)));
}

// "Changes made:", "Summary of changes", "I made the following changes:" — and, when not a
// Markdown heading (a blog post may well end with "## Key changes" and a list), "Notes:".
const CHANGES_MADE =
  /^(?:(?:key|main) )?(?:changes|revisions|edits|improvements|modifications) (?:made|i made|applied)\s*:?$|^(?:summary|explanation|list) of (?:the )?(?:changes|revisions|edits)\b.*$|^i(?:'ve| have)? made the following (?:changes|revisions|edits|improvements)\b.*:$/i;
const CHANGES_LABEL = /^(?:(?:key|main) )?(?:changes|revisions|edits|notes?)\s*:$/i;
const LIST_LINE = /^\s*(?:[-*+•]|\d{1,2}[.)])\s+|^\s{2,}\S/;

/** Where a trailing "Changes made:" header followed only by list items starts, or null. */
function changesListStart(lines: string[], ranges: Range[]): number | null {
  for (let index = ranges.length - 1; index > 0; index -= 1) {
    const range = ranges[index] as Range;
    const [header = '', ...rest] = lines.slice(range.start, range.end);
    const heading = /^\s*#{1,6}\s/.test(header);
    const headerText = plain(header.replace(/^\s*#{1,6}\s+/, ''));
    const isHeader = CHANGES_MADE.test(headerText) || (!heading && CHANGES_LABEL.test(headerText));
    if (isHeader && rest.every((line) => LIST_LINE.test(line))) {
      return index === ranges.length - 1 && rest.length === 0 ? null : range.start;
    }
    if (!lines.slice(range.start, range.end).every((line) => LIST_LINE.test(line))) return null;
  }
  return null;
}

// ---------------------------------------------------------------- lines and paragraphs

// Content, never chatter: a heading, list item, quote, table row, fence or labelled line.
const STRUCTURAL =
  /^\s*(?:#{1,6}\s|[-*+•]\s|\d{1,2}[.)]\s|>|\||```|~~~|(?:\*\*|__)?(?:subject|preheader|headline|description|title|cta)\b)/i;
const RULE = /^\s*([-*_])(?:\s*\1){2,}\s*$/;
// A line that starts content: a preamble paragraph holding one is cut at its first line only.
const CONTENT_LINE = /^\s*(?:#{1,6}\s|[-*+•]\s|\d{1,2}[.)]\s|>|\||```|~~~|\*\*|__|<|[A-Za-z][\w ()/-]{0,40}:)/;
const FENCE_OR_HEADING = /^\s*(?:```|~~~|#{1,6}\s)/;

interface Range {
  start: number;
  end: number;
}

/** Lines with their own line endings, so joining them gives back the exact text. */
const splitLines = (text: string): string[] => text.split(/(?<=\n)/);
const isBlank = (line: string): boolean => line.trim() === '';
const isRule = (paragraph: string[]): boolean => paragraph.length === 1 && RULE.test(paragraph[0] ?? '');

function paragraphRanges(lines: string[]): Range[] {
  const ranges: Range[] = [];
  lines.forEach((line, index) => {
    const last = ranges.at(-1);
    if (isBlank(line)) return;
    if (last && last.end === index) last.end = index + 1;
    else ranges.push({ start: index, end: index + 1 });
  });
  return ranges;
}

/** "Here are three headlines:" over a labelled line or a list, or any line ending in a colon. */
function introducesContent(paragraph: string[]): boolean {
  const [first = '', next = ''] = paragraph;
  return first.trim().endsWith(':') || /^\s*(?:#{1,6}\s|\*\*|__|[-*+•]\s|\d{1,2}[.)]\s|[A-Za-z][\w ()/-]{0,40}:)/.test(next);
}

/** The words of a paragraph for matching: one line, no emphasis, straight apostrophes. */
function plain(paragraph: string): string {
  return paragraph
    .replace(/\s+/g, ' ')
    .replace(/[’‘]/g, "'")
    .replace(/\*\*|__/g, '')
    .replace(/^[\s*_]+|(?<![\s*_])[\s*_]+$/g, '');
}

/** The first words of a paragraph, quoted, for the list of what was removed. */
function quote(paragraph: string): string {
  const text = plain(paragraph);
  if (text.length <= 50) return `"${text}"`;
  const cut = text.slice(0, 41).replace(/\s+\S*$/, '');
  return `"${cut}…"`;
}
