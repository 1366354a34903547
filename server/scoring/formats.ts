// Parses the Markdown each content type is written in (see the Content Creator's
// prompts) into its parts. Real 7B models use many layouts for the same part, so each
// parser accepts the usual ones: plain, bold, numbered or list-item labels, a heading or
// label over a list, the value on the next line, quotes around values and "(28
// characters)" notes, which are never counted as part of the text. Run the reply through
// cleanReply (server/pipeline/clean-reply.ts) first: chatter is not parsed away here.
import { cleanValue, type MarkdownBlock, markdownBlocks, stripInline } from './text.js';

export type ContentType = 'BLOG_POST' | 'SOCIAL_MEDIA' | 'EMAIL' | 'AD_COPY';

/** How a content type reads in sentences and downloads. */
export const CONTENT_TYPE_LABELS: Record<ContentType, string> = {
  BLOG_POST: 'Blog post',
  SOCIAL_MEDIA: 'Social media',
  EMAIL: 'Email',
  AD_COPY: 'Ad copy',
};

const lines = (markdown: string): string[] => markdown.replace(/\r\n?/g, '\n').split('\n');

// ---------------------------------------------------------------- labelled lines

interface Field {
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
const HEADING = /^\s{0,3}#{1,6}\s+(.*)$/;
const BOLD_LINE = /^\s*(\*\*|__)([^*_]+?)\1\s*(?::\s*)?$/;
const LIST_MARKER = /^\s*(?:[-*+•]|\d{1,2}[.)])\s+/;

function fieldOf(line: string): Field | null {
  const colon = line.indexOf(':');
  const match = colon > 0 && colon <= 80 ? LABEL.exec(line.slice(0, colon)) : null;
  if (!match) return null;
  const value = line.slice(colon + 1).replace(/^\s*(?:\*\*|__)?/, '');
  return { key: keyOf(match[1] ?? ''), number: match[2] === undefined ? null : Number(match[2]), value: plainValue(value) };
}

/** A heading or bold line that is only a label (`## Subject`, `**Headlines**`), as a field without a value. */
function headingFieldOf(line: string): Field | null {
  const text = headingText(line) ?? BOLD_LINE.exec(line)?.[2];
  if (text === undefined || text.length > 80 || text.includes(':')) return null;
  const label = /^(.*?)(?:\s*#?\s*(\d{1,2}))?\s*(?:\([^)]*\))?$/.exec(stripInline(text));
  return { key: keyOf(label?.[1] ?? ''), number: label?.[2] === undefined ? null : Number(label[2]), value: '' };
}

/** The text of a `## Heading ##` line, without closing hashes; undefined for other lines. */
function headingText(line: string): string | undefined {
  const text = HEADING.exec(line)?.[1]?.trimEnd();
  return text?.replace(/(?:^|(?<=\s))(?<!#)#+$/, '').trimEnd();
}

const keyOf = (label: string): string => label.toLowerCase().replace(/[^a-z]/g, '');

// "(24 characters)", "[24 chars]", "(24/30)", "(24)", "(Character count: 24)", "– 24 characters" at the end.
const COUNT_NOTE =
  /(?<!\s)\s*(?:[([]\s*(?:(?:char(?:acter)?s?|length)(?:\s+count)?\s*[:=]?\s*)?\d{1,3}(?:\s*\/\s*\d{1,3})?\s*(?:(?:characters?|chars?)\b[^)\]]*)?[)\]]|[-–—]\s*\d{1,3}\s*(?:characters?|chars?))\s*$/i;
const QUOTED = /^(["“'‘«])(.*)(["”'’»])$/s;
const COUNT_ONLY = /^\(?\s*\d{1,3}(?:\s*\/\s*\d{1,3})?\s*(?:characters?|chars?)?\s*\)?$/i;

/** Plain text of a value: no Markdown, no wrapping quotes, no character-count note (inside or outside the quotes). */
function plainValue(value: string): string {
  let text = cleanValue(value);
  for (let pass = 0; pass < 2; pass += 1) {
    text = text.replace(COUNT_NOTE, '').trim();
    const quoted = QUOTED.exec(text);
    if (quoted?.[2] !== undefined && !/["“”]/.test(quoted[2])) text = quoted[2].trim();
  }
  return text;
}

/** The value of a label written on the line(s) after it: the next non-blank line, unless that is another label or heading. */
function valueBelow(all: string[], index: number, isLabel: (line: string) => boolean): { value: string; index: number } | null {
  let next = index + 1;
  if (!all[next]?.trim()) next += 1; // one blank line between label and value
  const line = all[next];
  if (line === undefined || !line.trim() || HEADING.test(line) || isLabel(line)) return null;
  return { value: plainValue(line.replace(LIST_MARKER, '')), index: next };
}

// ---------------------------------------------------------------- blog post

export interface BlogPost {
  title: string | null;
  metaDescription: string | null;
  /** The article without its `Meta description:` / `Title:` lines. */
  body: string;
}

const TITLE_KEYS = new Set(['title', 'blogtitle', 'posttitle', 'blogposttitle']);
const isMetaKey = (key: string): boolean => /^(?:seo)?meta(?:description)?$/.test(key);

const isTitleHeading = (block: MarkdownBlock): boolean => block.kind === 'heading' && block.level === 1;

/** Title from `# Title`, a `Title: …` line or a bold first line `**Title**`; the meta description from its line. */
export function parseBlogPost(markdown: string): BlogPost {
  let title: string | null = null;
  let metaDescription: string | null = null;
  const body: string[] = [];
  const all = lines(markdown);
  // A bold first line is the title only in a post without a "# Title".
  const firstLine = all.some((line) => /^\s{0,3}#\s/.test(line)) ? -1 : all.findIndex((line) => line.trim());
  for (let index = 0; index < all.length; index += 1) {
    const line = all[index] ?? '';
    const field = fieldOf(line);
    const bold = index === firstLine ? BOLD_LINE.exec(line) : null;
    if (field && isMetaKey(field.key)) {
      const below = field.value ? null : valueBelow(all, index, (next) => fieldOf(next) !== null);
      if (below) index = below.index;
      metaDescription ??= field.value || below?.value || null;
    } else if (field && TITLE_KEYS.has(field.key) && !HEADING.test(line)) {
      title ??= field.value || null;
    } else if (bold?.[2] && !bold[2].trim().endsWith('.')) {
      // A bold first line is the title: kept in the body as the heading it stands for,
      // so it is not read as the introduction.
      title ??= stripInline(bold[2]).replace(/:$/, '');
      body.push(`# ${title}`);
    } else {
      body.push(line);
    }
  }
  const h1 = markdownBlocks(body.join('\n')).find(isTitleHeading);
  const h1Title = h1?.text.replace(/^title\s*:\s*/i, '').trim();
  return { title: h1Title || title || null, metaDescription, body: body.join('\n') };
}

// ---------------------------------------------------------------- email

export interface Email {
  subject: string | null;
  preheader: string | null;
  cta: string | null;
  /** Body paragraphs without the Subject / Preheader / CTA lines. */
  body: string;
}

type EmailField = 'subject' | 'preheader' | 'cta';
const EMAIL_FIELDS: Record<string, EmailField> = {
  subject: 'subject',
  subjectline: 'subject',
  emailsubject: 'subject',
  emailsubjectline: 'subject',
  subjectlineoptions: 'subject',
  preheader: 'preheader',
  preheadertext: 'preheader',
  previewtext: 'preheader',
  preview: 'preheader',
  emailpreviewtext: 'preheader',
  cta: 'cta',
  calltoaction: 'cta',
  ctabutton: 'cta',
  ctatext: 'cta',
  ctabuttontext: 'cta',
  button: 'cta',
  buttontext: 'cta',
};
const BODY_KEYS = new Set(['body', 'emailbody', 'bodytext', 'bodycopy']);
const emailFieldOf = (field: Field | null): EmailField | null => (field ? (EMAIL_FIELDS[field.key] ?? null) : null);

export function parseEmail(markdown: string): Email {
  const email: Email = { subject: null, preheader: null, cta: null, body: '' };
  const body: string[] = [];
  const all = lines(markdown);
  for (let index = 0; index < all.length; index += 1) {
    const line = all[index] ?? '';
    const field = fieldOf(line) ?? headingFieldOf(line);
    const name = emailFieldOf(field);
    if (!field || !name) {
      if (field && BODY_KEYS.has(field.key)) {
        if (field.value) body.push(field.value);
      } else body.push(line);
      continue;
    }
    // "**Subject:**" or "## Subject" with the value on the next line.
    const below = field.value ? null : valueBelow(all, index, (next) => emailFieldOf(fieldOf(next) ?? headingFieldOf(next)) !== null);
    if (below) index = below.index;
    const value = field.value || below?.value || '';
    email[name] ??= (name === 'cta' ? ctaText(value) : value) || null;
  }
  if (email.cta === null) {
    const found = ctaLine(body);
    if (found) {
      email.cta = found.cta;
      body.splice(found.index, 1);
    }
  }
  email.body = body.join('\n');
  return email;
}

const ARROWS = /^(?:[\s→➡➜➔⟶»›👉🔗]|\uFE0F)+|(?<![\s→➡➜➔⟶»›>👉]|\uFE0F)(?:[\s→➡➜➔⟶»›>👉]|\uFE0F)+$/gu;
const ctaText = (value: string): string => plainValue(value).replace(ARROWS, '').trim();

const LINK_ONLY = /^(?:\*\*|__)?\[([^\]]+)\]\([^)]*\)(?:\*\*|__)?$/;
const BUTTON_ONLY = /^\[([^\]]+)\]$/;
const BOLD_ONLY = /^(\*\*|__)([^*_]+?)\1$/;
// "Shop now →" or "👉 Shop now": an arrow at the end or a pointing hand at the start.
const ARROW_LINE = /[→➡➜➔⟶»]\uFE0F?\s*(?:\*\*|__)?$|^(?:\*\*|__)?\s*👉/u;
const NOT_A_CTA =
  /unsubscribe|view (?:it )?in (?:your )?browser|privacy|preferences|^(?:your|insert|add|enter|company|brand|recipient|sender|first|last|link)\b|\b(?:name|link|url|logo|image|address|signature|date|title)$/i;
const VALEDICTION =
  /^(?:best|cheers|thanks|thank you|warmly|warm regards|kind regards|best regards|regards|sincerely|all the best|talk soon|see you soon|with love|love|yours|stay green)\b[^.!?]{0,30}[,!.]?$/i;

/**
 * Without a `CTA:` line, the call to action is the last line that is a lone Markdown link
 * (`[Shop now](https://…)`), a button (`[Button: Shop now]`, `[Shop now →]`), or a line
 * with an arrow; or a bold line (`**Shop now**`) with only the sign-off after it.
 */
function ctaLine(body: string[]): { index: number; cta: string } | null {
  let atEnd = true; // only a closing ("Cheers,", "The Team", "[Your Name]") below so far
  for (let index = body.length - 1; index >= 0; index -= 1) {
    const line = (body[index] ?? '').replace(LIST_MARKER, '').replace(ARROWS, '').trim();
    if (!line) continue;
    const text = LINK_ONLY.exec(line)?.[1] ?? BUTTON_ONLY.exec(line)?.[1]?.replace(/^(?:button|cta)\s*:\s*/i, '');
    if (text !== undefined && !NOT_A_CTA.test(text.trim())) return { index, cta: ctaText(text) };
    const bold = BOLD_ONLY.exec(line)?.[2];
    const raw = (body[index] ?? '').trim();
    const arrowLine = ARROW_LINE.test(raw) && raw.split(/\s+/).length <= 8 && !/[[\]]/.test(raw);
    // A bold line under "Cheers," is the signature, not the call to action.
    const signature = (): boolean => VALEDICTION.test(stripInline(body.slice(0, index).findLast((other) => other.trim()) ?? ''));
    if (arrowLine || (bold && atEnd && !signature())) return { index, cta: ctaText(bold ?? line) };
    atEnd &&= VALEDICTION.test(stripInline(line)) || BUTTON_ONLY.test(line) || (line.split(/\s+/).length <= 5 && !/[.!?:]$/.test(line));
  }
  return null;
}

// ---------------------------------------------------------------- social media

export type Platform = 'X' | 'LinkedIn' | 'Instagram' | 'Facebook';
export const PLATFORMS: readonly Platform[] = ['X', 'LinkedIn', 'Instagram', 'Facebook'];

export interface SocialPost {
  platform: Platform;
  /** The post as plain text, paragraphs separated by blank lines. */
  text: string;
}

// A post label: the platform, maybe with "post", "caption", a number or "(Twitter)", and nothing else,
// so "Follow us on Instagram: @brand" inside a post is not a new section.
const PLATFORM_WORDS = /\b(?:x|twitter|linkedin|instagram|ig|facebook|fb|tweet)\b/;
const LABEL_FILLER =
  /\b(?:x|twitter|linkedin|instagram|ig|facebook|fb|tweet|post|posts|caption|update|version|copy|text|for|platform|the|thread|option|formerly|and|or|reel|story|carousel|social|media|\d+)\b/g;
// Before a post label: a list marker, an emoji ("🐦 **Twitter:**"), bold.
const LABEL_PREFIX = /^\s*(?:[-*+•]\s+|\d{1,2}[.)]\s+)?(?:\p{Extended_Pictographic}|\uFE0F|\u200D|\s)*/u;
// "Twitter: @greencity" or "Instagram: greencity.com" inside a post is a contact line, not a new post.
const CONTACT = /^(?:@[\w.]+|https?:\/\/\S+|[\w-]+(?:\.[\w-]+)+(?:\/\S*)?)$/;

/** `LinkedIn: text`, `**LinkedIn:**` or `**LinkedIn**`: the label and the text after it on the line. */
function postLabelOf(line: string): { label: string; text: string } | null {
  const colon = line.indexOf(':');
  if (colon < 0 || colon > 80) {
    const bold = BOLD_LINE.exec(line)?.[2];
    return bold ? { label: bold, text: '' } : null;
  }
  const text = line
    .slice(colon + 1)
    .replace(/^\s*(?:\*\*|__)?/, '')
    .trim();
  if (text.length <= 80 && CONTACT.test(text)) return null;
  return { label: line.slice(0, colon).replace(LABEL_PREFIX, ''), text };
}

/** The platform a post label names (`**LinkedIn:**`, `1. Instagram:`, `X (Twitter):`, `Facebook post`), or null. */
function platformLabel(label: string): Platform | null {
  if (label.length > 60) return null;
  const text = stripInline(label).toLowerCase();
  const bare = text.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ');
  if (!PLATFORM_WORDS.test(bare) || bare.replace(LABEL_FILLER, '').replace(/[\s/&,.#:|–—-]+/g, '') !== '') return null;
  if (/\big\b/.test(bare)) return 'Instagram';
  if (/\bfb\b/.test(bare)) return 'Facebook';
  if (/\btweet\b/.test(bare) && !platformOf(bare)) return 'X';
  return platformOf(bare) ?? platformOf(text);
}

/**
 * One post per platform section: under a heading (`## X`, `### Twitter`), a bold line
 * (`**LinkedIn:**`) or a label (`LinkedIn:`, `1. Instagram:`, `Facebook post:`,
 * `X (Twitter):`), the text on the label's own line and/or the lines below it.
 */
export function parseSocialMedia(markdown: string): SocialPost[] {
  const posts: SocialPost[] = [];
  let current: { platform: Platform; lines: string[] } | null = null;
  const finish = (): void => {
    if (current) posts.push({ platform: current.platform, text: postText(current.lines) });
  };
  for (const line of lines(markdown)) {
    const heading = headingText(line);
    const labelled = heading === undefined ? postLabelOf(line) : null;
    const platform = heading !== undefined ? platformOf(stripInline(heading)) : labelled ? platformLabel(labelled.label) : null;
    if (platform || /^\s{0,3}#{1,2}\s/.test(line)) {
      finish();
      // A minor heading inside a post belongs to the post; a major one without a platform ends it.
      current = platform ? { platform, lines: labelled?.text ? [labelled.text] : [] } : null;
    } else {
      current?.lines.push(line);
    }
  }
  finish();
  return posts;
}

const POST_COUNT_NOTE =
  /^\(?\s*(?:character count|characters?|chars?|length)\s*:?\s*\d{1,5}\s*(?:characters?|chars?)?\s*\)?$|^\(\s*\d{1,5}\s*(?:characters?|chars?)\s*\)$/i;

function postText(postLines: string[]): string {
  const blocks = markdownBlocks(postLines.join('\n'), { boldLinesAsHeadings: true })
    .map((block) => block.text)
    .filter((text) => !POST_COUNT_NOTE.test(text));
  const text = blocks.join('\n\n').replace(COUNT_NOTE, '').trim();
  const quoted = QUOTED.exec(text);
  return quoted?.[2] !== undefined && !/["“”]/.test(quoted[2]) ? quoted[2].trim() : text;
}

export function platformOf(heading: string): Platform | null {
  const text = heading.toLowerCase();
  if (/\blinkedin\b/.test(text)) return 'LinkedIn';
  if (/\binstagram\b/.test(text)) return 'Instagram';
  if (/\bfacebook\b/.test(text)) return 'Facebook';
  if (/\btwitter\b/.test(text) || /(?:^|[^\p{L}\p{N}])x(?:$|[^\p{L}\p{N}])/u.test(text)) return 'X';
  return null;
}

// ---------------------------------------------------------------- ad copy

export interface AdCopy {
  headlines: string[];
  descriptions: string[];
}

type AdField = keyof AdCopy;

function adFieldOf(field: Field | null): AdField | null {
  if (!field) return null;
  if (field.key.includes('headline') || (field.key === 'h' && field.number !== null)) return 'headlines';
  if (field.key.includes('description') || (field.key === 'd' && field.number !== null)) return 'descriptions';
  return null;
}

// Other parts of an ad that end a list of headlines or descriptions.
const OTHER_AD_PARTS =
  /^(?:finalurl|displayurl|url|landingpage|paths?|sitelinks?|callouts?|keywords?|cta|calltoaction|audience|targetaudience|notes?|charactercounts?|characters|wordcount|extensions|structuredsnippets|businessname)$/;
const AD_DASH = /^\s*(?:[-*+•]\s+)?(?:\*\*|__)?(headline|description) ?#? ?(\d{1,2})(?:\*\*|__)?\s+[-–—]\s+(.*)$/i;

/**
 * `Headline 1: …` / `Description 1: …` lines in any of the label layouts, or the items
 * (numbered, bulleted or plain lines) under a "Headlines" / "Descriptions" heading or label.
 */
export function parseAdCopy(markdown: string): AdCopy {
  const ad: AdCopy = { headlines: [], descriptions: [] };
  let list: AdField | null = null;
  const add = (kind: AdField, value: string): void => {
    if (value && !COUNT_ONLY.test(value) && !value.endsWith(':')) ad[kind].push(value);
  };
  for (const line of lines(markdown)) {
    if (!line.trim()) continue;
    const dash = AD_DASH.exec(line);
    const field: Field | null = dash
      ? { key: (dash[1] ?? '').toLowerCase(), number: Number(dash[2]), value: plainValue(dash[3] ?? '') }
      : (fieldOf(line) ?? headingFieldOf(line));
    const kind = adFieldOf(field);
    if (field && kind) {
      add(kind, field.value);
      list = field.value ? null : kind; // "**Headline 1:**" alone: its value is on the next line
      continue;
    }
    const isItem = LIST_MARKER.test(line);
    if (HEADING.test(line) || (field && !isItem && OTHER_AD_PARTS.test(field.key))) {
      list = null;
      continue;
    }
    // Inside a list, "Eco Living: Made Easy" is a headline with a colon, not a label.
    if (list) add(list, plainValue(line.replace(LIST_MARKER, '')));
  }
  return ad;
}

// ---------------------------------------------------------------- prose

/** The prose a reader reads, as plain-text paragraphs separated by blank lines. */
export function proseOf(markdown: string, contentType: ContentType): string {
  switch (contentType) {
    case 'BLOG_POST':
      return paragraphText(parseBlogPost(markdown).body);
    case 'EMAIL':
      return paragraphText(parseEmail(markdown).body);
    case 'SOCIAL_MEDIA':
      return parseSocialMedia(markdown)
        .map((post) => post.text)
        .join('\n\n');
    case 'AD_COPY': {
      const ad = parseAdCopy(markdown);
      return [...ad.headlines, ...ad.descriptions].join('\n\n');
    }
  }
}

function paragraphText(markdown: string): string {
  return markdownBlocks(markdown)
    .filter((block) => block.kind === 'paragraph')
    .map((block) => block.text)
    .join('\n\n');
}
