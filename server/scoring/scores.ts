// Combines measurements and the reviewers' verdicts into the four 0-100 scores.
//
// brandAlignment = 60 % Brand Manager score + 40 % keyword coverage
//                  (either alone when the other is missing; 100 when both are),
//                  − 15 per prohibited topic found.
// compliance     = Compliance Officer score (100 without a verdict; at most 59 when it
//                  failed the draft) − 10 per high-severity issue − 20 per prohibited
//                  topic found − up to 50 for similarity to an earlier campaign over the
//                  method's threshold (see SCORE_WEIGHTS.compliance.similarity).
// readability    = 60 % Flesch reading ease (clamped to 0-100) + 40 % share of SEO
//                  checks passed (Flesch alone when no SEO check applies).
// overallQuality = 35 % brandAlignment + 30 % compliance + 20 % readability
//                  + 15 % share of length limits met (recommendations count half).
// Every score is clamped to 0-100 and rounded.
import type { Measurements } from './measure.js';

export type ScoreName = 'brandAlignment' | 'compliance' | 'readability' | 'overallQuality';

export interface ScoreExplanation {
  score: ScoreName;
  message: string;
}

export interface BrandVerdictInput {
  score: number;
  revisionNeeded: boolean;
  feedback: string[];
}

export interface ComplianceIssueInput {
  severity: 'low' | 'medium' | 'high';
  description: string;
  suggestion: string;
}

export interface ComplianceVerdictInput {
  passed: boolean;
  score: number;
  issues: ComplianceIssueInput[];
}

export interface ScoreInput {
  measurements: Measurements;
  /** Highest similarity 0-1 to the brand's earlier campaigns, and how it was measured; null when there are none. */
  similarity: SimilarityMeasure | null;
  brandVerdict?: BrandVerdictInput | undefined;
  complianceVerdict?: ComplianceVerdictInput | undefined;
}

export interface SimilarityMeasure {
  value: number;
  method: 'embeddings' | 'shingles';
}

export interface Scores {
  brandAlignment: number;
  compliance: number;
  readability: number;
  overallQuality: number;
  feedback: ScoreExplanation[];
}

export const SCORE_WEIGHTS = {
  brand: { verdict: 0.6, keywords: 0.4, perProhibitedTopic: 15 },
  compliance: {
    failedCap: 59,
    perHighIssue: 10,
    perProhibitedTopic: 20,
    // The two methods have different scales, so each has its own threshold; over it, the penalty
    // grows linearly to `maxPenalty` at an identical text.
    similarity: {
      // Cosine of embedding vectors (nomic-embed-text): two texts on one topic commonly reach
      // 0.6-0.85; over 0.92 is the same text reworded.
      embeddings: 0.92,
      // Jaccard of 3-word shingles: independent texts on one topic share under 0.05 (0.01-0.03
      // between our sample texts); 0.25 is about half the sentences reused, 0.46 a third rewritten.
      shingles: 0.25,
      maxPenalty: 50,
    },
  },
  readability: { flesch: 0.6, seo: 0.4 },
  overall: { brandAlignment: 0.35, compliance: 0.3, readability: 0.2, lengthLimits: 0.15 },
  recommendationWeight: 0.5,
} as const;

const clamp = (value: number): number => Math.round(Math.min(100, Math.max(0, value)));
const pct = (share: number): string => `${Math.round(share * 100)} %`;
const num = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;

function brandAlignment({ measurements, brandVerdict }: ScoreInput): [number, string] {
  const { keywords, prohibited } = measurements;
  const weights = SCORE_WEIGHTS.brand;
  const parts: string[] = [];
  const keywordScore = keywords.keywords.length > 0 ? keywords.share * 100 : null;
  const keywordText =
    keywordScore === null
      ? 'the brand has no keywords'
      : `keyword coverage ${pct(keywords.share)} (${keywords.found.length} of ${keywords.keywords.length} brand keywords${keywords.missing.length ? `; missing: ${keywords.missing.join(', ')}` : ''})`;
  let base = 100;
  if (brandVerdict && keywordScore !== null) {
    base = weights.verdict * brandVerdict.score + weights.keywords * keywordScore;
    parts.push(`${pct(weights.verdict)} Brand Manager score ${num(brandVerdict.score)} + ${pct(weights.keywords)} ${keywordText}`);
  } else if (brandVerdict) {
    base = brandVerdict.score;
    parts.push(`Brand Manager score ${num(brandVerdict.score)} (${keywordText})`);
  } else if (keywordScore !== null) {
    base = keywordScore;
    parts.push(`no Brand Manager verdict; ${keywordText}`);
  } else {
    parts.push(`no Brand Manager verdict and ${keywordText}: only prohibited topics were checked`);
  }
  if (brandVerdict?.revisionNeeded) parts.push('the Brand Manager asked for a revision');
  const penalty = weights.perProhibitedTopic * prohibited.length;
  if (penalty > 0) parts.push(`−${penalty} for ${plural(prohibited.length, 'prohibited topic')} (${describeHits(measurements)})`);
  const score = clamp(base - penalty);
  return [score, `brandAlignment ${score}: ${parts.join('; ')}`];
}

function compliance({ measurements, similarity, complianceVerdict }: ScoreInput): [number, string] {
  const weights = SCORE_WEIGHTS.compliance;
  const parts: string[] = [];
  let base = 100;
  if (complianceVerdict) {
    base = complianceVerdict.score;
    parts.push(`Compliance Officer score ${num(complianceVerdict.score)} (${complianceVerdict.passed ? 'passed' : 'failed'})`);
    if (!complianceVerdict.passed && base > weights.failedCap) {
      base = weights.failedCap;
      parts.push(`capped at ${weights.failedCap} because the Compliance Officer failed the draft`);
    }
  } else {
    parts.push('no Compliance Officer verdict, measurements only');
  }
  const high = complianceVerdict?.issues.filter((issue) => issue.severity === 'high') ?? [];
  let penalty = weights.perHighIssue * high.length;
  if (high.length > 0) {
    parts.push(
      `−${weights.perHighIssue * high.length} for ${plural(high.length, 'high-severity issue')} (${high.map((issue) => issue.description).join('; ')})`,
    );
  }
  const prohibited = measurements.prohibited;
  penalty += weights.perProhibitedTopic * prohibited.length;
  parts.push(
    prohibited.length > 0
      ? `−${weights.perProhibitedTopic * prohibited.length} for ${plural(prohibited.length, 'prohibited topic')} (${describeHits(measurements)})`
      : 'no prohibited topics found',
  );
  if (similarity === null) {
    parts.push('no earlier campaigns to compare with');
  } else {
    const { maxPenalty, ...thresholds } = weights.similarity;
    const threshold = thresholds[similarity.method];
    const how = similarity.method === 'embeddings' ? 'in meaning' : 'in wording';
    if (similarity.value > threshold) {
      const similarityPenalty = ((similarity.value - threshold) / (1 - threshold)) * maxPenalty;
      penalty += similarityPenalty;
      parts.push(
        `−${Math.round(similarityPenalty)} for ${pct(similarity.value)} similarity ${how} to an earlier campaign (over ${pct(threshold)})`,
      );
    } else {
      parts.push(`similarity ${how} to earlier campaigns ${pct(similarity.value)} (≤ ${pct(threshold)})`);
    }
  }
  const score = clamp(base - penalty);
  return [score, `compliance ${score}: ${parts.join('; ')}`];
}

function readabilityScore({ measurements }: ScoreInput): [number, string] {
  const weights = SCORE_WEIGHTS.readability;
  const { fleschReadingEase, band, score: flesch } = measurements.readability;
  const fleschText = `Flesch reading ease ${num(fleschReadingEase)} (${band})`;
  const seo = measurements.seo;
  if (seo.length === 0) {
    return [flesch, `readability ${flesch}: ${fleschText}; no SEO checks apply to ${measurements.contentType}`];
  }
  const failed = seo.filter((check) => !check.passed);
  const share = (seo.length - failed.length) / seo.length;
  const score = clamp(weights.flesch * flesch + weights.seo * share * 100);
  const failures = failed.length > 0 ? `: ${failed.map((check) => check.message).join('; ')}` : '';
  return [
    score,
    `readability ${score}: ${pct(weights.flesch)} ${fleschText} + ${pct(weights.seo)} SEO checks, ${failed.length} of ${seo.length} failed${failures}`,
  ];
}

function lengthShare(measurements: Measurements): { share: number; failed: string[] } | null {
  const checks = measurements.lengthLimits;
  if (checks.length === 0) return null;
  const weight = (level: string): number => (level === 'recommendation' ? SCORE_WEIGHTS.recommendationWeight : 1);
  const total = checks.reduce((sum, check) => sum + weight(check.level), 0);
  const met = checks.filter((check) => check.passed).reduce((sum, check) => sum + weight(check.level), 0);
  return { share: met / total, failed: checks.filter((check) => !check.passed).map((check) => check.message) };
}

function describeHits({ prohibited }: Measurements): string {
  return prohibited.map((hit) => `"${hit.topic}" ×${hit.count}: ${hit.excerpt}`).join('; ');
}

export function combineScores(input: ScoreInput): Scores {
  const [brand, brandText] = brandAlignment(input);
  const [complianceValue, complianceText] = compliance(input);
  const [readability, readabilityText] = readabilityScore(input);
  const weights = SCORE_WEIGHTS.overall;
  const length = lengthShare(input.measurements);
  const weighted = weights.brandAlignment * brand + weights.compliance * complianceValue + weights.readability * readability;
  const overallQuality = clamp(
    length === null ? weighted / (1 - weights.lengthLimits) : weighted + weights.lengthLimits * length.share * 100,
  );
  const lengthText =
    length === null
      ? 'no length limits apply'
      : `${pct(weights.lengthLimits)} length limits met ${pct(length.share)}${length.failed.length ? ` (failed: ${length.failed.join('; ')})` : ''}`;
  const overallText = `overallQuality ${overallQuality}: ${pct(weights.brandAlignment)} brandAlignment ${brand} + ${pct(weights.compliance)} compliance ${complianceValue} + ${pct(weights.readability)} readability ${readability} + ${lengthText}`;
  return {
    brandAlignment: brand,
    compliance: complianceValue,
    readability,
    overallQuality,
    feedback: [
      { score: 'brandAlignment', message: brandText },
      { score: 'compliance', message: complianceText },
      { score: 'readability', message: readabilityText },
      { score: 'overallQuality', message: overallText },
    ],
  };
}
