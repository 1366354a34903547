// Parses the Markdown each content type is written in (see the Content Creator's
// prompts) into its parts. Tolerant of the usual LLM variations: bold labels,
// numbered or unnumbered labels, quotes around values, "(28 characters)" notes.
import { cleanValue, markdownBlocks, parseLabeledLine, stripInline } from './text.js';

export type ContentType = 'BLOG_POST' | 'SOCIAL_MEDIA' | 'EMAIL' | 'AD_COPY';

const lines = (markdown: string): string[] => markdown.replace(/\r\n?/g, '\n').split('\n');

export interface BlogPost {
  title: string | null;
  metaDescription: string | null;
  /** The article without its `Meta description:` / `Title:` lines. */
  body: string;
}

export function parseBlogPost(markdown: string): BlogPost {
  let title: string | null = null;
  let metaDescription: string | null = null;
  const body: string[] = [];
  for (const line of lines(markdown)) {
    const label = parseLabeledLine(line);
    if (label?.key === 'metadescription') metaDescription ??= label.value;
    else if (label?.key === 'title' && !/^\s*#/.test(line)) title ??= label.value;
    else body.push(line);
  }
  const h1 = markdownBlocks(body.join('\n')).find((block) => block.kind === 'heading' && block.level === 1);
  return { title: h1?.text || title || null, metaDescription, body: body.join('\n') };
}

export interface Email {
  subject: string | null;
  preheader: string | null;
  cta: string | null;
  /** Body paragraphs without the Subject / Preheader / CTA lines. */
  body: string;
}

const SUBJECT_KEYS = new Set(['subject', 'subjectline']);
const PREHEADER_KEYS = new Set(['preheader', 'preheadertext', 'previewtext', 'preview']);
const CTA_KEYS = new Set(['cta', 'calltoaction', 'ctabutton', 'button']);

export function parseEmail(markdown: string): Email {
  const email: Email = { subject: null, preheader: null, cta: null, body: '' };
  const body: string[] = [];
  const all = lines(markdown);
  for (let index = 0; index < all.length; index += 1) {
    const line = all[index] ?? '';
    const label = parseLabeledLine(line);
    const field = label ? emailField(label.key) : null;
    if (!label || !field) {
      body.push(label?.key === 'body' ? label.value : line);
      continue;
    }
    let value = label.value;
    // "**Subject:**" with the value on the next line.
    if (!value && index + 1 < all.length && !parseLabeledLine(all[index + 1] ?? '')) {
      index += 1;
      value = cleanValue(all[index] ?? '');
    }
    email[field] ??= value || null;
  }
  email.body = body.join('\n');
  return email;
}

function emailField(key: string): 'subject' | 'preheader' | 'cta' | null {
  if (SUBJECT_KEYS.has(key)) return 'subject';
  if (PREHEADER_KEYS.has(key)) return 'preheader';
  if (CTA_KEYS.has(key)) return 'cta';
  return null;
}

export type Platform = 'X' | 'LinkedIn' | 'Instagram' | 'Facebook';
export const PLATFORMS: readonly Platform[] = ['X', 'LinkedIn', 'Instagram', 'Facebook'];

export interface SocialPost {
  platform: Platform;
  /** The post as plain text, paragraphs separated by blank lines. */
  text: string;
}

/** Sections headed `## X` (or Twitter), `## LinkedIn`, `## Instagram`, `## Facebook`. */
export function parseSocialMedia(markdown: string): SocialPost[] {
  const posts: SocialPost[] = [];
  let current: { platform: Platform; paragraphs: string[] } | null = null;
  const finish = (): void => {
    if (current) posts.push({ platform: current.platform, text: current.paragraphs.join('\n\n') });
  };
  for (const block of markdownBlocks(markdown, { boldLinesAsHeadings: true })) {
    const platform = block.kind === 'heading' ? platformOf(block.text) : null;
    if (platform || (block.kind === 'heading' && block.level <= 2)) {
      finish();
      current = platform ? { platform, paragraphs: [] } : null;
    } else {
      // A bold line or minor heading inside a post is part of the post.
      current?.paragraphs.push(block.text);
    }
  }
  finish();
  return posts;
}

export function platformOf(heading: string): Platform | null {
  const text = heading.toLowerCase();
  if (/\blinkedin\b/.test(text)) return 'LinkedIn';
  if (/\binstagram\b/.test(text)) return 'Instagram';
  if (/\bfacebook\b/.test(text)) return 'Facebook';
  if (/\btwitter\b/.test(text) || /(?:^|[^\p{L}\p{N}])x(?:$|[^\p{L}\p{N}])/u.test(text)) return 'X';
  return null;
}

export interface AdCopy {
  headlines: string[];
  descriptions: string[];
}

/** `Headline 1: …` / `Description 1: …` lines, or list items under a "Headlines" / "Descriptions" label or heading. */
export function parseAdCopy(markdown: string): AdCopy {
  const ad: AdCopy = { headlines: [], descriptions: [] };
  let list: 'headlines' | 'descriptions' | null = null;
  for (const line of lines(markdown)) {
    if (!line.trim()) continue;
    const heading = /^\s*#{1,6}\s+(.*)$/.exec(line);
    const label = heading ? null : parseLabeledLine(line);
    const kind = adField(
      heading
        ? stripInline(heading[1] ?? '')
            .toLowerCase()
            .replace(/[^a-z]/g, '')
        : label?.key,
    );
    if (heading || (label && kind)) {
      if (label?.value && kind) ad[kind].push(label.value);
      list = label?.value ? null : kind;
      continue;
    }
    const item = /^\s*(?:[-*+•]|\d{1,2}[.)])\s+(.*)$/.exec(line);
    if (list && item) ad[list].push(cleanValue(item[1] ?? ''));
  }
  ad.headlines = ad.headlines.filter(Boolean);
  ad.descriptions = ad.descriptions.filter(Boolean);
  return ad;
}

function adField(key: string | undefined): 'headlines' | 'descriptions' | null {
  if (key === 'headline' || key === 'headlines') return 'headlines';
  if (key === 'description' || key === 'descriptions') return 'descriptions';
  return null;
}

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
