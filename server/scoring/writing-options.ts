// What the marketer asked for beyond the brief: a tone, a length and (for social posts) the
// platforms. The prompts ask for it and the scoring checks against it.
import { PLATFORMS, type Platform } from './formats.js';
import { LENGTH_LIMITS } from './length-limits.js';

export const contentLengths = ['SHORT', 'STANDARD', 'LONG'] as const;
export type ContentLength = (typeof contentLengths)[number];

export interface WritingOptions {
  /** Words for the tone of this piece ("playful", "reassuring"); null for the brand's usual tone. */
  tone: string | null;
  length: ContentLength;
  /** Social media posts: the platforms to write for, in PLATFORMS order; every platform when none were chosen. */
  platforms: Platform[];
}

export const defaultWritingOptions: WritingOptions = { tone: null, length: 'STANDARD', platforms: [...PLATFORMS] };

/** A blog post's word range for each length; STANDARD is the range the scoring always used. */
export const blogWordRanges: Record<ContentLength, readonly [number, number]> = {
  SHORT: [300, 600],
  STANDARD: LENGTH_LIMITS.blogWords,
  LONG: [1200, 2000],
};

/** The stored options (a Json column, absent for campaigns from before options) with defaults filled in. */
export function writingOptionsOf(stored: unknown): WritingOptions {
  const value = (typeof stored === 'object' && stored !== null ? stored : {}) as Partial<WritingOptions>;
  const platforms = Array.isArray(value.platforms) ? PLATFORMS.filter((platform) => value.platforms?.includes(platform)) : [];
  return {
    tone: typeof value.tone === 'string' && value.tone.trim() ? value.tone.trim() : null,
    length: contentLengths.includes(value.length as ContentLength) ? (value.length as ContentLength) : 'STANDARD',
    platforms: platforms.length > 0 ? platforms : [...PLATFORMS],
  };
}
