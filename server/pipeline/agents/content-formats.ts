// How each content type is laid out. The scoring parsers (server/scoring/formats.ts) read these layouts.
import type { Platform } from '../../scoring/formats.js';
import { blogWordRanges, type WritingOptions } from '../../scoring/writing-options.js';
import type { ContentType } from '../types.js';

const platformRules: Record<Platform, string> = {
  X: '- "## X": at most 280 characters, hashtags included;',
  LinkedIn: '- "## LinkedIn": at most 3000 characters, professional;',
  Instagram: '- "## Instagram": at most 2200 characters, with hashtags;',
  Facebook: '- "## Facebook": ideally under 500 characters.',
};

/** The layout for the content type, fitted to the chosen length (blog posts) and platforms (social posts). */
export function contentFormat(contentType: ContentType, options: WritingOptions): string {
  if (contentType === 'BLOG_POST' && options.length !== 'STANDARD') {
    const [min, max] = blogWordRanges[options.length];
    return contentFormats.BLOG_POST.replace('about 800 words', `${min} to ${max} words`);
  }
  if (contentType === 'SOCIAL_MEDIA' && options.platforms.length < Object.keys(platformRules).length) {
    return [
      `Write one post for each of these platforms only (${options.platforms.join(', ')}), each under its own Markdown heading:`,
      ...options.platforms.map((platform) => platformRules[platform]),
    ].join('\n');
  }
  return contentFormats[contentType];
}

export const contentFormats: Record<ContentType, string> = {
  BLOG_POST: [
    'Write a blog post of about 800 words in Markdown:',
    '- first line: "# " and the title;',
    '- sections under "## " subheadings, each under 300 words; paragraphs under 150 words;',
    '- mostly short sentences (under 20 words), active voice;',
    '- use the SEO keyphrase, if given, in the first paragraph and a few times after;',
    '- last line: "Meta description: " and 121 to 156 characters summarising the post.',
  ].join('\n'),
  SOCIAL_MEDIA: [
    'Write one post per platform, each under its own Markdown heading:',
    '- "## X": at most 280 characters, hashtags included;',
    '- "## LinkedIn": at most 3000 characters, professional;',
    '- "## Instagram": at most 2200 characters, with hashtags;',
    '- "## Facebook": ideally under 500 characters.',
  ].join('\n'),
  EMAIL: [
    'Write a marketing email with exactly these labelled lines:',
    '- "Subject: " at most 60 characters;',
    '- "Preheader: " at most 100 characters;',
    '- then the body in short paragraphs;',
    '- last line: "CTA: " and the call to action.',
  ].join('\n'),
  AD_COPY: [
    'Write a responsive search ad with exactly these labelled lines:',
    '- "Headline 1: " to "Headline 3: ", each at most 30 characters;',
    '- "Description 1: " and "Description 2: ", each at most 90 characters.',
    'Nothing else.',
  ].join('\n'),
};
