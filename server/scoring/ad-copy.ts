// Ad copy as the ad platform takes it: headline and description slots, plain text each, and the
// body copy and call to action where the writer put them. Read from the labels a model writes
// ("Headline 1: …", "**Tagline:** "…"", "Body copy:", "CTA:") and, without any, from the layout:
// a list of punch lines or mottos is one headline each, a one-line reply (a slogan) is a headline,
// and prose keeps its title lines as headlines and the rest as body copy. Run the reply through
// cleanReply (server/pipeline/clean-reply.ts) first: chatter is not parsed away here.
import {
  BOLD_LINE,
  COUNT_ONLY,
  type Field,
  fieldOf,
  HEADING,
  headingFieldOf,
  headingText,
  LIST_MARKER,
  lines,
  plainValue,
} from './labelled-lines.js';
import { markdownBlocks } from './text.js';

export interface AdCopy {
  headlines: string[];
  descriptions: string[];
  /** The body copy as plain-text paragraphs: labelled ("Body copy: …") or the prose around the slots; absent when none. */
  body?: string;
  /** The call to action the writer labelled ("CTA: …", "Call to action: …"); absent when none. */
  cta?: string;
}

type AdPart = 'headlines' | 'descriptions' | 'body' | 'cta';

// Labels of a headline's kind: a slogan, a tagline or a title goes in a headline slot too.
const HEADLINE_KEYS = new Set(['tagline', 'slogan', 'motto', 'title', 'adtitle', 'subheading', 'subheadline', 'subtitle', 'punchline']);
const BODY_KEYS = new Set(['body', 'bodycopy', 'bodytext', 'copy', 'adcopy', 'maincopy', 'adtext', 'primarytext']);
const CTA_KEYS = new Set(['cta', 'calltoaction', 'ctabutton', 'ctatext', 'button', 'buttontext']);
// Longer than this, a "description" is the product description of body copy, not an ad's description slot.
const DESCRIPTION_AT_MOST = 180;

function partOf(field: Field | null): AdPart | null {
  if (!field) return null;
  const { key, number } = field;
  if (key.includes('headline') && !key.startsWith('sub')) return 'headlines';
  if (HEADLINE_KEYS.has(key) || (key === 'h' && number !== null)) return 'headlines';
  if (key.includes('description') || (key === 'd' && number !== null)) return 'descriptions';
  if (BODY_KEYS.has(key)) return 'body';
  if (CTA_KEYS.has(key)) return 'cta';
  return null;
}

// Other parts of an ad, and notes on it ("Image: a teacher at a desk"), that end a list of headlines or
// descriptions and are no slot of their own.
const OTHER_AD_PARTS =
  /^(?:finalurl|displayurl|url|landingpage|paths?|sitelinks?|callouts?|keywords?|audience|targetaudience|notes?|charactercounts?|characters|wordcount|extensions|structuredsnippets|businessname|images?|visuals?|photos?|pictures?|videos?|graphics?|illustrations?|imagery|offer|disclaimer|hashtags?|platform|format|placement)$/;
const AD_DASH = /^\s*(?:[-*+•]\s+)?(?:\*\*|__)?(headline|description) ?#? ?(\d{1,2})(?:\*\*|__)?\s+[-–—]\s+(.*)$/i;
const RULE = /^\s*([-*_])(?:\s*\1){2,}\s*$/;

/**
 * `Headline 1: …` / `Description 1: …` lines in any of the label layouts, the items (numbered,
 * bulleted or plain lines) under a "Headlines" / "Descriptions" heading or label, `Tagline:`,
 * `Body copy:` and `CTA:` lines; without any headline or description label, the layout.
 */
export function parseAdCopy(markdown: string): AdCopy {
  const labelled = labelledAd(markdown);
  const ad = labelled.headlines.length + labelled.descriptions.length > 0 ? labelled : unlabelledAd(markdown);
  const body = plainParagraphs(ad.body);
  return {
    headlines: ad.headlines,
    descriptions: ad.descriptions,
    ...(body ? { body } : {}),
    ...(ad.cta ? { cta: ad.cta } : {}),
  };
}

interface ReadAd {
  headlines: string[];
  descriptions: string[];
  /** Markdown lines of body copy. */
  body: string[];
  cta: string | null;
}

function labelledAd(markdown: string): ReadAd {
  const ad: ReadAd = { headlines: [], descriptions: [], body: [], cta: null };
  let list: AdPart | null = null;
  const add = (kind: AdPart, value: string, line: string): void => {
    if (!value || COUNT_ONLY.test(value) || value.endsWith(':')) return;
    if (kind === 'body' || (kind === 'descriptions' && [...value].length > DESCRIPTION_AT_MOST)) ad.body.push(line);
    else if (kind === 'cta') ad.cta ??= value;
    else ad[kind].push(value);
  };
  for (const line of lines(markdown)) {
    if (!line.trim()) {
      ad.body.push('');
      continue;
    }
    const dash = AD_DASH.exec(line);
    const field: Field | null = dash
      ? { key: (dash[1] ?? '').toLowerCase(), number: Number(dash[2]), value: plainValue(dash[3] ?? '') }
      : (fieldOf(line) ?? headingFieldOf(line));
    const kind = partOf(field);
    if (field && kind) {
      add(kind, field.value, field.value);
      list = field.value ? null : kind; // "**Headline 1:**" alone: its value is on the next line
      ad.body.push('');
      continue;
    }
    const isItem = LIST_MARKER.test(line);
    if (HEADING.test(line) || RULE.test(line) || (field && !isItem && OTHER_AD_PARTS.test(field.key))) {
      list = null;
      continue;
    }
    // Inside a list, "Eco Living: Made Easy" is a headline with a colon, not a label.
    if (list) add(list, list === 'body' ? line : plainValue(line.replace(LIST_MARKER, '')), line);
    else ad.body.push(line);
  }
  return ad;
}

// ---------------------------------------------------------------- without labels

// A line over a group of versions ("**Playful Captions**", "### Short ones").
const GROUP_LINE = /^\s*(?:#{1,6}\s+.*|(?:\*\*|__)[^*_]+(?:\*\*|__):?)\s*$/;
// "**Attention-grabbing statistic**: "Did you know…"": a label for the requester before a quoted version.
const VERSION_NOTE = /^(?:\*\*|__)[^*_]{1,60}(?:\*\*|__)\s*:\s*(?=["“])|^[A-Z][\w -]{1,40}:\s+(?=["“])/;
// ""Savor the Flavor"" or "**"Savor the Flavor"**", then " - This motto plays on…": the slogan, then a word about it.
const QUOTED_THEN_NOTE = /^(?:\*\*|__)?\s*(["“][^"”]+["”])\s*(?:\*\*|__)?(?:\s*[-–—:]\s+.*)?$/;
const BOLD_THEN_NOTE = /^(\*\*|__)(.+?)\1\s*[-–—:]\s+.+$/;
const ONE_LINER_AT_MOST = 200;
const TITLE_AT_MOST = 100;

/** One version of a list of them, as its slot text: no number, no note for the requester, no quotes or bold. */
function versionText(item: string): string {
  const text = item.replace(LIST_MARKER, '').trim().replace(VERSION_NOTE, '');
  const slogan = QUOTED_THEN_NOTE.exec(text)?.[1] ?? BOLD_THEN_NOTE.exec(text)?.[2] ?? text;
  return plainValue(slogan);
}

/**
 * Without labels: a list that is all there is (10 punch lines, 5 mottos) gives one headline per
 * item; a one-line reply (a motto, a tagline) is the headline; prose keeps its title lines (a
 * heading, a bold line, a short first line) as headlines and the rest as body copy.
 */
function unlabelledAd(markdown: string): ReadAd {
  const ad: ReadAd = { headlines: [], descriptions: [], body: [], cta: null };
  const filled = lines(markdown).filter((line) => line.trim() && !RULE.test(line));
  const versions = filled.filter((line) => !GROUP_LINE.test(line));
  if (versions.length >= 2 && versions.every((line) => LIST_MARKER.test(line))) {
    ad.headlines = versions.map(versionText).filter(Boolean);
    return ad;
  }
  if (filled.length === 1) {
    const only = filled[0] ?? '';
    if ([...only.trim()].length <= ONE_LINER_AT_MOST) ad.headlines.push(versionText(only));
    else ad.body.push(only);
    return ad;
  }
  const blocks = markdown.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/);
  blocks.forEach((block, index) => {
    const text = block.trim();
    if (!text || RULE.test(text)) return;
    const [first = '', ...rest] = text.split('\n');
    const field = fieldOf(first);
    const kind = partOf(field);
    if (field && (kind === 'cta' || kind === 'body')) {
      if (kind === 'cta') ad.cta ??= field.value || null;
      ad.body.push(...(kind === 'body' ? [field.value] : []), ...rest, '');
      return;
    }
    if (field && OTHER_AD_PARTS.test(field.key)) return;
    const title = titleOf(text, index === 0 && blocks.length > 1);
    if (title) ad.headlines.push(title);
    else ad.body.push(block, '');
  });
  return ad;
}

/** A block that is a title: a heading, a line all in bold, or a short first line; its text, or null. */
function titleOf(block: string, first: boolean): string | null {
  if (block.includes('\n')) return null;
  const heading = headingText(block);
  const bold = BOLD_LINE.exec(block)?.[2];
  const text = heading ?? bold ?? (first && !LIST_MARKER.test(block) && [...block].length <= TITLE_AT_MOST ? block : undefined);
  if (text === undefined || /[:.]\s*$/.test(text) || (bold !== undefined && /:\s*$/.test(block))) return null;
  return plainValue(text) || null;
}

const plainParagraphs = (body: string[]): string =>
  markdownBlocks(body.join('\n'))
    .map((block) => block.text)
    .join('\n\n');
