// The hard checks the evaluation holds every campaign to, read from the measurements the
// API reports (TextMetrics). Pure: the report and the tests use the same definitions.
import type { CampaignResult, ContentType, TextMetrics } from './results.js';

export const checkIds = ['length', 'keywords', 'prohibited', 'placeholders', 'readability', 'cta', 'keyphrase'] as const;
export type CheckId = (typeof checkIds)[number];

export const checkTitles: Record<CheckId, string> = {
  length: 'length limits',
  keywords: 'brand keywords present',
  prohibited: 'no prohibited topic',
  placeholders: 'no template placeholder',
  readability: 'readability band',
  cta: 'CTA present',
  keyphrase: 'keyphrase in introduction',
};

/**
 * Flesch reading ease each content type's audience should get. Blog posts are read by
 * adults: from "fairly difficult" (50, expert B2B topics) to "easy" (90, chatty consumer
 * posts); above 90 reads like a children's book. Emails and social posts are read in a
 * glance, so short punchy sentences are right and only the lower bound matters (Flesch
 * goes past 100 for them). Ads are headline fragments where the formula is noisy: only
 * jargon-heavy copy (< 30) fails.
 */
export const readingEaseBands: Record<ContentType, readonly [number, number]> = {
  BLOG_POST: [50, 90],
  EMAIL: [55, Number.POSITIVE_INFINITY],
  SOCIAL_MEDIA: [50, Number.POSITIVE_INFINITY],
  AD_COPY: [30, Number.POSITIVE_INFINITY],
};

export function bandText([low, high]: readonly [number, number]): string {
  return high === Number.POSITIVE_INFINITY ? `≥ ${low}` : `${low}–${high}`;
}

/**
 * Share of the brand's keywords the text must use. Long formats have room for all of
 * them; an ad has three 30-character headlines, so one keyword is enough there.
 */
export const keywordCoverageTargets: Record<ContentType, { min: number; text: string }> = {
  BLOG_POST: { min: 1, text: 'every brand keyword' },
  EMAIL: { min: 0.6, text: '≥ 60 % of brand keywords' },
  SOCIAL_MEDIA: { min: 0.6, text: '≥ 60 % of brand keywords' },
  AD_COPY: { min: 0.01, text: 'at least one brand keyword' }, // any share above 0: one keyword of up to 100
};

/** The length check that says an email has a call to action (server/scoring/length-limits.ts). */
export const emailCtaCheck = 'email CTA';

/** Facebook's 500-character best practice is advice, not a platform limit. */
export const isAdvisory = (checkName: string): boolean => /\(recommended\)/i.test(checkName);

export interface CheckOutcome {
  id: CheckId;
  passed: boolean;
}

/** Which hard checks apply to a campaign: the CTA check to emails, the keyphrase to blogs with one. */
export function applicableChecks(contentType: ContentType, keyphrase: string | null): CheckId[] {
  return checkIds.filter((id) => {
    if (id === 'cta') return contentType === 'EMAIL';
    if (id === 'keyphrase') return contentType === 'BLOG_POST' && Boolean(keyphrase);
    return true;
  });
}

function passes(id: CheckId, contentType: ContentType, metrics: TextMetrics): boolean {
  switch (id) {
    case 'length':
      // The email CTA is its own row; advisory lengths are not limits.
      return metrics.lengthChecks.filter((check) => check.name !== emailCtaCheck && !isAdvisory(check.name)).every((check) => check.passed);
    case 'keywords':
      // 1e-9: "2 of 3" is 0.666…, and 3 of 5 must meet 0.6 whatever the rounding.
      return metrics.keywordCoverage + 1e-9 >= keywordCoverageTargets[contentType].min;
    case 'prohibited':
      return metrics.prohibitedTopicHits.length === 0;
    case 'placeholders':
      return metrics.placeholders.length === 0;
    case 'readability': {
      const [low, high] = readingEaseBands[contentType];
      return metrics.fleschReadingEase >= low && metrics.fleschReadingEase <= high;
    }
    case 'cta':
      return metrics.lengthChecks.some((check) => check.name === emailCtaCheck && check.passed);
    case 'keyphrase':
      return metrics.seoChecks.some((check) => check.name === 'keyphraseInIntroduction' && check.passed);
  }
}

/**
 * The applicable checks on one text. Without a text (the campaign failed before it was
 * measured) every check fails: the target is about campaigns, not about texts.
 */
export function checkText(contentType: ContentType, keyphrase: string | null, metrics: TextMetrics | null): CheckOutcome[] {
  return applicableChecks(contentType, keyphrase).map((id) => ({ id, passed: metrics !== null && passes(id, contentType, metrics) }));
}

/** The final content's checks; a campaign that did not complete fails them all. */
export function finalChecks(result: CampaignResult): CheckOutcome[] {
  return checkText(result.contentType, result.keyphrase, result.status === 'COMPLETED' ? result.finalMetrics : null);
}

export const passesEveryCheck = (outcomes: CheckOutcome[]): boolean => outcomes.every((outcome) => outcome.passed);
