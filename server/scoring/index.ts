// Measured scores: pure functions of the content text, no I/O.
export {
  type AdCopy,
  type BlogPost,
  CONTENT_TYPE_LABELS,
  type ContentType,
  type Email,
  PLATFORMS,
  type Platform,
  parseAdCopy,
  parseBlogPost,
  parseEmail,
  parseSocialMedia,
  proseOf,
  type SocialPost,
} from './formats.js';
export { type HardCheckFailure, hardCheckFailures, lostChecks } from './hard-checks.js';
export { type KeywordCount, type KeywordCoverage, keywordCoverage, type ProhibitedHit, prohibitedTopicHits } from './keywords.js';
export { LENGTH_LIMITS, type LengthCheck, lengthLimits, lengthProblem } from './length-limits.js';
export { type MeasureContext, type Measurements, measureContent } from './measure.js';
export { isPassive } from './passive.js';
export { placeholdersIn } from './placeholders.js';
export { type FleschBand, fleschBand, LONG_WORD_SYLLABLES, type Readability, readability, readabilityScore } from './readability.js';
export {
  type BrandVerdictInput,
  type ComplianceIssueInput,
  type ComplianceVerdictInput,
  combineScores,
  explanationReason,
  SCORE_LABELS,
  SCORE_WEIGHTS,
  type ScoreExplanation,
  type ScoreInput,
  type ScoreName,
  type Scores,
} from './scores.js';
export { SEO_LIMITS, type SeoCheck, type SeoCheckName, seoChecks } from './seo.js';
export { cosineSimilarity, jaccardSimilarity, maxSimilarity, shingles } from './similarity.js';
export { paragraphs, sentences, stripMarkdown, words } from './text.js';
