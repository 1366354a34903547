// Everything about a piece of content that can be measured rather than judged.
// Similarity needs the brand's earlier campaigns (and maybe embeddings), so the
// caller measures it and hands it to combineScores.
import { type ContentType, proseOf } from './formats.js';
import { type KeywordCoverage, keywordCoverage, type ProhibitedHit, prohibitedTopicHits } from './keywords.js';
import { type LengthCheck, type LimitOptions, lengthLimits } from './length-limits.js';
import { placeholdersIn } from './placeholders.js';
import { type Readability, readability } from './readability.js';
import { type SeoCheck, seoChecks } from './seo.js';
import { stripMarkdown, words } from './text.js';

export interface MeasureContext {
  contentType: ContentType;
  /** The focus keyphrase for the SEO keyphrase checks (blog posts); omitted → those checks are skipped. */
  keyphrase?: string | undefined;
  brandKeywords: string[];
  prohibitedTopics: string[];
  /** The chosen platforms and the blog post's word range; omitted, the defaults. */
  limits?: LimitOptions;
}

export interface Measurements {
  contentType: ContentType;
  /** Words in the whole content as plain text (labels and headings included). */
  wordCount: number;
  /** Of the prose a reader reads (see proseOf): no headings, labels or metadata lines. */
  readability: Readability;
  seo: SeoCheck[];
  lengthLimits: LengthCheck[];
  /** Searched in the whole content, subject lines and meta description included. */
  keywords: KeywordCoverage;
  prohibited: ProhibitedHit[];
  /** Template slots left unfilled ("[Your Name]", "{company}"), verbatim; missing in measurements saved before they were looked for. */
  placeholders: string[];
}

export function measureContent(content: string, context: MeasureContext): Measurements {
  const plain = stripMarkdown(content);
  return {
    contentType: context.contentType,
    wordCount: words(plain).length,
    readability: readability(proseOf(content, context.contentType)),
    seo: seoChecks(content, { contentType: context.contentType, keyphrase: context.keyphrase }),
    lengthLimits: lengthLimits(content, context.contentType, context.limits),
    keywords: keywordCoverage(plain, context.brandKeywords),
    prohibited: prohibitedTopicHits(plain, context.prohibitedTopics),
    placeholders: placeholdersIn(content),
  };
}
