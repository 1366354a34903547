// Parses the Markdown each content type is written in (see the Content Creator's
// prompts) into its parts. Real 7B models use many layouts for the same part, so each
// parser accepts the usual ones: plain, bold, numbered or list-item labels, a heading or
// label over a list, the value on the next line, quotes around values and "(28
// characters)" notes, which are never counted as part of the text. Run the reply through
// cleanReply (server/pipeline/clean-reply.ts) first: chatter is not parsed away here.
import { parseAdCopy } from './ad-copy.js';
import {
  BOLD_LINE,
  COUNT_NOTE,
  type Field,
  fieldOf,
  HEADING,
  headingFieldOf,
  headingText,
  LIST_MARKER,
  lines,
  plainValue,
  QUOTED,
  valueBelow,
} from './labelled-lines.js';
import { type MarkdownBlock, markdownBlocks, stripInline, words } from './text.js';

export type ContentType = 'BLOG_POST' | 'SOCIAL_MEDIA' | 'EMAIL' | 'AD_COPY';

/** How a content type reads in sentences and downloads. */
export const CONTENT_TYPE_LABELS: Record<ContentType, string> = {
  BLOG_POST: 'Blog post',
  SOCIAL_MEDIA: 'Social media',
  EMAIL: 'Email',
  AD_COPY: 'Ad copy',
};

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
  /** The post as plain text, paragraphs separated by blank lines; of several versions, the first. */
  text: string;
  /** How many versions of the post the writer offered (a list of captions, posts between "---"); 1 when one. */
  versions: number;
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
 * `X (Twitter):`), the text on the label's own line and/or the lines below it. With one platform
 * `chosen` and no section for any, the whole reply is that platform's post (a tweet asked for as a
 * tweet). A section that offers several versions gives the first, and says how many there were.
 */
export function parseSocialMedia(markdown: string, chosen: readonly Platform[] = PLATFORMS): SocialPost[] {
  const sections: { platform: Platform; lines: string[] }[] = [];
  let current: { platform: Platform; lines: string[] } | null = null;
  for (const line of lines(markdown)) {
    const heading = headingText(line);
    const labelled = heading === undefined ? postLabelOf(line) : null;
    const platform = heading !== undefined ? platformOf(stripInline(heading)) : labelled ? platformLabel(labelled.label) : null;
    if (platform || /^\s{0,3}#{1,2}\s/.test(line)) {
      // A minor heading inside a post belongs to the post; a major one without a platform ends it.
      current = platform ? { platform, lines: labelled?.text ? [labelled.text] : [] } : null;
      if (current) sections.push(current);
    } else {
      current?.lines.push(line);
    }
  }
  const [only] = chosen;
  if (sections.length === 0 && only !== undefined && chosen.length === 1) sections.push({ platform: only, lines: lines(markdown) });
  return sections.map(({ platform, lines: postLines }) => {
    const versions = versionsOf(postLines);
    return { platform, text: postText(versions[0] ?? postLines), versions: Math.max(versions.length, 1) };
  });
}

const RULE_LINE = /^\s*([-*_])(?:\s*\1){2,}\s*$/;
const NUMBERED_ITEM = /^\s*\d{1,2}[.)]\s+/;
// A line over a group of versions ("**Playful Captions**", "### Short ones").
const GROUP_LINE = /^\s*(?:#{1,6}\s+.*|(?:\*\*|__)[^*_]+(?:\*\*|__):?)\s*$/;
// "**Attention-grabbing statistic**: "Did you know…"": a label for the requester before the quoted version.
const VERSION_NOTE = /^(?:\*\*|__)[^*_]{1,60}(?:\*\*|__)\s*:\s*(?=["“])|^[A-Z][\w -]{1,40}:\s+(?=["“])/;

/**
 * The versions in a post's lines, each as its own lines: the blocks between "---" rules, and
 * within a block, the items of a list that is all there is (numbered captions, quoted hooks).
 * A block of hashtags or a few words is not a version of its own.
 */
function versionsOf(postLines: string[]): string[][] {
  const blocks: string[][] = [[]];
  for (const line of postLines) {
    if (RULE_LINE.test(line)) blocks.push([]);
    else blocks.at(-1)?.push(line);
  }
  const substantial = blocks.filter((block) => words(stripInline(block.join(' ')).replace(/#\S+/g, '')).length >= 5);
  if (substantial.length === 0) return [postLines];
  return substantial.flatMap((block) => {
    const filled = block.filter((line) => line.trim() && !GROUP_LINE.test(line));
    const items = filled.filter((line) => NUMBERED_ITEM.test(line));
    if (items.length < 2 || items.length < filled.length) return [block];
    return items.map((item) => [item.replace(NUMBERED_ITEM, '').trim().replace(VERSION_NOTE, '')]);
  });
}

const POST_COUNT_NOTE =
  /^\(?\s*(?:character count|characters?|chars?|length)\s*:?\s*\d{1,5}\s*(?:characters?|chars?)?\s*\)?$|^\(\s*\d{1,5}\s*(?:characters?|chars?)\s*\)$/i;

function postText(postLines: string[]): string {
  const blocks = markdownBlocks(postLines.join('\n'), { boldLinesAsHeadings: true })
    .map((block) => block.text)
    .filter((text) => !POST_COUNT_NOTE.test(text));
  const text = blocks.join('\n\n').replace(COUNT_NOTE, '').trim();
  const quoted = QUOTED.exec(text);
  if (quoted?.[2] !== undefined && !/["“”]/.test(quoted[2])) return quoted[2].trim();
  // A quote the model opened and never closed (or closed and never opened) around the whole post.
  const lone = text.match(/["“”]/g)?.length === 1 ? /^["“](.*)$|^(.*)["”]$/s.exec(text) : null;
  return (lone?.[1] ?? lone?.[2] ?? text).trim();
}

export function platformOf(heading: string): Platform | null {
  const text = heading.toLowerCase();
  if (/\blinkedin\b/.test(text)) return 'LinkedIn';
  if (/\binstagram\b/.test(text)) return 'Instagram';
  if (/\bfacebook\b/.test(text)) return 'Facebook';
  if (/\btwitter\b/.test(text) || /(?:^|[^\p{L}\p{N}])x(?:$|[^\p{L}\p{N}])/u.test(text)) return 'X';
  return null;
}

// ---------------------------------------------------------------- ad copy: see ad-copy.ts

export { type AdCopy, parseAdCopy } from './ad-copy.js';

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
      return [...ad.headlines, ...ad.descriptions, ...(ad.body ? [ad.body] : [])].join('\n\n');
    }
  }
}

function paragraphText(markdown: string): string {
  return markdownBlocks(markdown)
    .filter((block) => block.kind === 'paragraph')
    .map((block) => block.text)
    .join('\n\n');
}
