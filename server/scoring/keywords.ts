// Brand keyword coverage and prohibited-topic hits: literal, case-insensitive,
// whole-word matching with simple plural tolerance ("community" ≡ "communities").
// Meaning-level checks are the Brand Manager's and Compliance Officer's job.
import { excerptAround, findPhrase } from './text.js';

export interface KeywordCount {
  keyword: string;
  count: number;
}

export interface KeywordCoverage {
  /** Every brand keyword with its number of occurrences. */
  keywords: KeywordCount[];
  found: string[];
  missing: string[];
  /** found / keywords, 0-1; 1 when the brand has no keywords (nothing to cover). */
  share: number;
}

export interface ProhibitedHit {
  topic: string;
  count: number;
  /** The text around the first occurrence. */
  excerpt: string;
}

const distinct = (terms: string[]): string[] =>
  [...new Map(terms.map((term) => [term.trim().toLowerCase(), term.trim()] as const)).values()].filter(Boolean);

export function keywordCoverage(text: string, brandKeywords: string[]): KeywordCoverage {
  const keywords = distinct(brandKeywords).map((keyword) => ({ keyword, count: findPhrase(text, keyword).length }));
  const found = keywords.filter((entry) => entry.count > 0).map((entry) => entry.keyword);
  const missing = keywords.filter((entry) => entry.count === 0).map((entry) => entry.keyword);
  return { keywords, found, missing, share: keywords.length === 0 ? 1 : found.length / keywords.length };
}

/** The prohibited topics that occur in the text; topics not found are left out. */
export function prohibitedTopicHits(text: string, prohibitedTopics: string[]): ProhibitedHit[] {
  return distinct(prohibitedTopics).flatMap((topic) => {
    const matches = findPhrase(text, topic);
    const first = matches[0];
    if (!first) return [];
    return [{ topic, count: matches.length, excerpt: excerptAround(text, first.index ?? 0, first[0].length) }];
  });
}
