// Measured scores: pure functions of the content text, no I/O.
export {
  type AdCopy,
  type BlogPost,
  type ContentType,
  type Email,
  type Platform,
  type SocialPost,
  PLATFORMS,
  parseAdCopy,
  parseBlogPost,
  parseEmail,
  parseSocialMedia,
  proseOf,
} from './formats.js';
export { type KeywordCount, type KeywordCoverage, type ProhibitedHit, keywordCoverage, prohibitedTopicHits } from './keywords.js';
export { type LengthCheck, LENGTH_LIMITS, lengthLimits } from './length-limits.js';
export { type MeasureContext, type Measurements, measureContent } from './measure.js';
export { isPassive } from './passive.js';
export { type FleschBand, type Readability, fleschBand, readability, readabilityScore } from './readability.js';
export {
  type BrandVerdictInput,
  type ComplianceIssueInput,
  type ComplianceVerdictInput,
  type ScoreExplanation,
  type ScoreInput,
  type ScoreName,
  type Scores,
  SCORE_WEIGHTS,
  combineScores,
} from './scores.js';
export { type SeoCheck, type SeoCheckName, SEO_LIMITS, seoChecks } from './seo.js';
export { cosineSimilarity, jaccardSimilarity, maxSimilarity, shingles } from './similarity.js';
export { paragraphs, sentences, stripMarkdown, words } from './text.js';
