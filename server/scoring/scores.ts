// Combines measurements and the reviewers' verdicts into the four 0-100 scores.
//
// brandAlignment = 60 % Brand Manager score + 40 % keyword coverage
//                  (either alone when the other is missing; 100 when both are),
//                  − 15 per prohibited topic found.
// compliance     = Compliance Officer score (100 without a verdict; at most 59 when it
//                  failed the draft) − 10 per high-severity issue − 20 per prohibited
//                  topic found − up to 50 for similarity to an earlier campaign over the
//                  method's threshold (see SCORE_WEIGHTS.compliance.similarity).
// readability    = blog posts and emails: 60 % Flesch reading ease (clamped to 0-100)
//                  + 40 % share of SEO checks passed (Flesch alone when none applies).
//                  Ad copy and social posts: Flesch is not meaningful on a 30-character
//                  headline (one three-syllable word swings it by 80 points), so they are
//                  judged by what the formula is made of, with targets for short copy:
//                  40 % average sentence length (full marks at ≤ 14 words, none at ≥ 28)
//                  + 30 % share of long words, three syllables or more (full marks at
//                  ≤ 25 %, none at ≥ 55 %) + 30 % share of length limits met (the two
//                  others alone when none applies).
// overallQuality = 35 % brandAlignment + 30 % compliance + 20 % readability
//                  + 15 % share of length limits met (recommendations count half).
// Every score is clamped to 0-100 and rounded.
//
// Each score is explained twice: `message` in plain words for a marketer, `detail` with the
// arithmetic; `concerns` are the parts of the message that pulled the score down.
import { CONTENT_TYPE_LABELS, type ContentType } from './formats.js';
import { type LengthCheck, lengthProblem } from './length-limits.js';
import type { Measurements } from './measure.js';

export type ScoreName = 'brandAlignment' | 'compliance' | 'readability' | 'overallQuality';

export const SCORE_LABELS: Record<ScoreName, string> = {
  brandAlignment: 'Brand alignment',
  compliance: 'Compliance',
  readability: 'Readability',
  overallQuality: 'Overall quality',
};

export interface ScoreExplanation {
  score: ScoreName;
  /** For a marketer: "Brand alignment 63: the Brand Manager gave 70; 3 of 4 brand keywords are used (missing: refill)." */
  message: string;
  /** The arithmetic, every term and weight. Absent on campaigns scored before it existed. */
  detail?: string;
  /** The clauses of `message` that pulled the score down. Absent on campaigns scored before it existed. */
  concerns?: string[];
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
  readability: {
    flesch: 0.6,
    seo: 0.4,
    // Ad copy and social posts (see the header).
    shortForm: {
      sentenceLength: 0.4,
      longWords: 0.3,
      lengthLimits: 0.3,
      /** Average words per sentence: full marks at or under the first, none at or over the second. */
      sentenceWords: [14, 28],
      /** Share of words of three syllables or more: full marks at or under the first, none at or over the second. */
      longWordShare: [0.25, 0.55],
    },
  },
  overall: { brandAlignment: 0.35, compliance: 0.3, readability: 0.2, lengthLimits: 0.15 },
  recommendationWeight: 0.5,
} as const;

const clamp = (value: number): number => Math.round(Math.min(100, Math.max(0, value)));
const pct = (share: number): string => `${Math.round(share * 100)} %`;
const num = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
const quotedList = (items: string[]): string => items.map((item) => `"${item}"`).join(', ');
/** 1 at or under `good`, 0 at or over `bad`, linear between. */
const between = (value: number, [good, bad]: readonly [number, number]): number => Math.min(1, Math.max(0, (bad - value) / (bad - good)));

/** One part of a plain explanation; `concern` when it pulled the score down. */
interface Clause {
  text: string;
  concern: boolean;
}

interface Explained {
  value: number;
  clauses: Clause[];
  detail: string;
}

const good = (text: string): Clause => ({ text, concern: false });
const bad = (text: string): Clause => ({ text, concern: true });

function explanation(score: ScoreName, { value, clauses, detail }: Explained): ScoreExplanation {
  const concerns = clauses.filter((clause) => clause.concern).map((clause) => clause.text);
  return {
    score,
    message: `${SCORE_LABELS[score]} ${value}: ${clauses.map((clause) => clause.text).join('; ')}.`,
    detail: `${score} ${value}: ${detail}`,
    concerns,
  };
}

function brandAlignment({ measurements, brandVerdict }: ScoreInput): Explained {
  const { keywords, prohibited } = measurements;
  const weights = SCORE_WEIGHTS.brand;
  const parts: string[] = [];
  const clauses: Clause[] = [];
  const keywordScore = keywords.keywords.length > 0 ? keywords.share * 100 : null;
  const keywordText =
    keywordScore === null
      ? 'the brand has no keywords'
      : `keyword coverage ${pct(keywords.share)} (${keywords.found.length} of ${keywords.keywords.length} brand keywords${keywords.missing.length ? `; missing: ${keywords.missing.join(', ')}` : ''})`;
  if (brandVerdict) {
    const asked = brandVerdict.revisionNeeded ? ' and asked for changes' : '';
    clauses.push({ text: `the Brand Manager gave ${num(brandVerdict.score)}${asked}`, concern: brandVerdict.score < 100 || asked !== '' });
  } else {
    clauses.push(good('there is no Brand Manager review'));
  }
  const total = keywords.keywords.length;
  if (total === 0) clauses.push(good('the brand has no keywords to check'));
  else if (keywords.missing.length === 0)
    clauses.push(good(total === 1 ? 'the brand keyword is used' : `all ${total} brand keywords are used`));
  else
    clauses.push(
      bad(
        `${keywords.found.length} of ${plural(total, 'brand keyword')} ${keywords.found.length === 1 ? 'is' : 'are'} used (missing: ${keywords.missing.join(', ')})`,
      ),
    );
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
  if (penalty > 0) {
    parts.push(`−${penalty} for ${plural(prohibited.length, 'prohibited topic')} (${describeHits(measurements)})`);
    clauses.push(bad(prohibitedClause(measurements, weights.perProhibitedTopic)));
  }
  return { value: clamp(base - penalty), clauses, detail: parts.join('; ') };
}

function prohibitedClause({ prohibited }: Measurements, points: number): string {
  const each = prohibited.length === 1 ? '' : ' each';
  return `it mentions ${quotedList(prohibited.map((hit) => hit.topic))}, which the brand rules out (−${points} points${each})`;
}

function compliance({ measurements, similarity, complianceVerdict }: ScoreInput): Explained {
  const weights = SCORE_WEIGHTS.compliance;
  const parts: string[] = [];
  const clauses: Clause[] = [];
  let base = 100;
  if (complianceVerdict) {
    base = complianceVerdict.score;
    parts.push(`Compliance Officer score ${num(complianceVerdict.score)} (${complianceVerdict.passed ? 'passed' : 'failed'})`);
    const capped = !complianceVerdict.passed && base > weights.failedCap;
    const verdictText = `the Compliance Officer gave ${num(complianceVerdict.score)} and ${complianceVerdict.passed ? 'passed' : 'failed'} the text`;
    clauses.push({
      text: capped ? `${verdictText}, so it counts as ${weights.failedCap} at most` : verdictText,
      concern: !complianceVerdict.passed || complianceVerdict.score < 100,
    });
    if (capped) {
      base = weights.failedCap;
      parts.push(`capped at ${weights.failedCap} because the Compliance Officer failed the draft`);
    }
  } else {
    parts.push('no Compliance Officer verdict, measurements only');
    clauses.push(good('there is no Compliance Officer review, so only the measured checks count'));
  }
  const high = complianceVerdict?.issues.filter((issue) => issue.severity === 'high') ?? [];
  let penalty = weights.perHighIssue * high.length;
  if (high.length > 0) {
    const descriptions = high.map((issue) => issue.description).join('; ');
    parts.push(`−${weights.perHighIssue * high.length} for ${plural(high.length, 'high-severity issue')} (${descriptions})`);
    clauses.push(bad(`it found ${plural(high.length, 'serious issue')} (${descriptions})`));
  }
  const prohibited = measurements.prohibited;
  penalty += weights.perProhibitedTopic * prohibited.length;
  if (prohibited.length > 0) {
    parts.push(
      `−${weights.perProhibitedTopic * prohibited.length} for ${plural(prohibited.length, 'prohibited topic')} (${describeHits(measurements)})`,
    );
    clauses.push(bad(prohibitedClause(measurements, weights.perProhibitedTopic)));
  } else {
    parts.push('no prohibited topics found');
    clauses.push(good('no prohibited topic is mentioned'));
  }
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
      clauses.push(bad(`it is ${pct(similarity.value)} similar ${how} to an earlier campaign (over ${pct(threshold)} reads as reused)`));
    } else {
      parts.push(`similarity ${how} to earlier campaigns ${pct(similarity.value)} (≤ ${pct(threshold)})`);
      clauses.push(good('it is not too similar to earlier campaigns'));
    }
  }
  return { value: clamp(base - penalty), clauses, detail: parts.join('; ') };
}

const typeName = (contentType: ContentType): string => CONTENT_TYPE_LABELS[contentType].toLowerCase();

function readabilityScore(input: ScoreInput): Explained {
  const { contentType } = input.measurements;
  return contentType === 'AD_COPY' || contentType === 'SOCIAL_MEDIA' ? shortFormReadability(input) : longFormReadability(input);
}

function longFormReadability({ measurements }: ScoreInput): Explained {
  const weights = SCORE_WEIGHTS.readability;
  const { fleschReadingEase, band, score: flesch } = measurements.readability;
  const fleschText = `Flesch reading ease ${num(fleschReadingEase)} (${band})`;
  const easeClause: Clause = {
    text: `it reads as ${band} (Flesch reading ease ${Math.round(fleschReadingEase)}; 60 and over is plain English)`,
    concern: fleschReadingEase < 60,
  };
  const seo = measurements.seo;
  if (seo.length === 0) {
    return {
      value: flesch,
      clauses: [easeClause, good(`the SEO writing checks do not apply to ${typeName(measurements.contentType)}`)],
      detail: `${fleschText}; no SEO checks apply to ${measurements.contentType}`,
    };
  }
  const failed = seo.filter((check) => !check.passed);
  const share = (seo.length - failed.length) / seo.length;
  const failures = failed.length > 0 ? `: ${failed.map((check) => check.message).join('; ')}` : '';
  const seoClause =
    failed.length === 0
      ? good(`all ${seo.length} SEO writing checks pass`)
      : bad(`${failed.length} of ${seo.length} SEO writing checks fail (${failed.map((check) => check.message).join('; ')})`);
  return {
    value: clamp(weights.flesch * flesch + weights.seo * share * 100),
    clauses: [easeClause, seoClause],
    detail: `${pct(weights.flesch)} ${fleschText} + ${pct(weights.seo)} SEO checks, ${failed.length} of ${seo.length} failed${failures}`,
  };
}

function shortFormReadability({ measurements }: ScoreInput): Explained {
  const weights = SCORE_WEIGHTS.readability.shortForm;
  const { words, averageSentenceWords, longWords } = measurements.readability;
  const name = typeName(measurements.contentType);
  if (words === 0) {
    return { value: 0, clauses: [bad(`there is no ${name} text to read`)], detail: 'no words in the prose' };
  }
  const average = averageSentenceWords;
  const longShare = longWords / words;
  const sentencePart = between(average, weights.sentenceWords) * 100;
  const longPart = between(longShare, weights.longWordShare) * 100;
  const length = lengthShare(measurements);
  const terms: [number, number][] = [
    [weights.sentenceLength, sentencePart],
    [weights.longWords, longPart],
    ...(length ? [[weights.lengthLimits, length.share * 100] as [number, number]] : []),
  ];
  const weightSum = terms.reduce((sum, [weight]) => sum + weight, 0);
  const value = clamp(terms.reduce((sum, [weight, part]) => sum + weight * part, 0) / weightSum);
  const [sentenceTarget] = weights.sentenceWords;
  const [longTarget] = weights.longWordShare;
  const clauses: Clause[] = [
    {
      text: `sentences average ${num(average)} words (aim for ${sentenceTarget} or fewer)`,
      concern: average > sentenceTarget,
    },
    {
      text: `${pct(longShare)} of words have three syllables or more (aim for ${pct(longTarget)} or fewer)`,
      concern: longShare > longTarget,
    },
  ];
  if (length) {
    const all = measurements.lengthLimits.length;
    clauses.push(
      length.failed.length === 0
        ? good(`all ${plural(all, 'length limit')} are met`)
        : bad(`${length.failed.length} of ${plural(all, 'length limit')} ${length.failed.length === 1 ? 'is' : 'are'} missed`),
    );
  }
  const lengthDetail = length ? ` + ${pct(weights.lengthLimits)} length limits met ${pct(length.share)}` : '';
  return {
    value,
    clauses,
    detail:
      `${pct(weights.sentenceLength)} average sentence length ${num(average)} words (${Math.round(sentencePart)}) + ` +
      `${pct(weights.longWords)} long words ${pct(longShare)} (${Math.round(longPart)})${lengthDetail}` +
      `${length ? '' : ' (weights rescaled: no length limits apply)'}; Flesch reading ease ${num(measurements.readability.fleschReadingEase)} is not used for ${name}: it is not meaningful on text this short`,
  };
}

function lengthShare(measurements: Measurements): { share: number; failed: LengthCheck[] } | null {
  const checks = measurements.lengthLimits;
  if (checks.length === 0) return null;
  const weight = (level: string): number => (level === 'recommendation' ? SCORE_WEIGHTS.recommendationWeight : 1);
  const total = checks.reduce((sum, check) => sum + weight(check.level), 0);
  const met = checks.filter((check) => check.passed).reduce((sum, check) => sum + weight(check.level), 0);
  return { share: met / total, failed: checks.filter((check) => !check.passed) };
}

function describeHits({ prohibited }: Measurements): string {
  return prohibited.map((hit) => `"${hit.topic}" ×${hit.count}: ${hit.excerpt}`).join('; ');
}

function overall(input: ScoreInput, brand: number, complianceValue: number, readability: number): Explained {
  const weights = SCORE_WEIGHTS.overall;
  const length = lengthShare(input.measurements);
  const weighted = weights.brandAlignment * brand + weights.compliance * complianceValue + weights.readability * readability;
  const value = clamp(length === null ? weighted / (1 - weights.lengthLimits) : weighted + weights.lengthLimits * length.share * 100);
  const lengthText =
    length === null
      ? 'no length limits apply'
      : `${pct(weights.lengthLimits)} length limits met ${pct(length.share)}${length.failed.length ? ` (failed: ${length.failed.map((check) => check.message).join('; ')})` : ''}`;
  const lowest = Math.min(brand, complianceValue, readability);
  const clauses: Clause[] = [
    {
      text: `brand alignment ${brand}, compliance ${complianceValue} and readability ${readability} weighed together (brand counts most)`,
      concern: lowest < 100,
    },
  ];
  if (length) {
    const all = input.measurements.lengthLimits.length;
    const problems = length.failed.map((check) => lengthProblem(check).replace(/\.$/, '').replace(/^The /, 'the '));
    clauses.push(
      problems.length === 0
        ? good(`all ${plural(all, 'length limit')} are met`)
        : bad(
            `${problems.length} of ${plural(all, 'length limit')} ${problems.length === 1 ? 'is' : 'are'} missed (${problems.join('; ')})`,
          ),
    );
  }
  return {
    value,
    clauses,
    detail: `${pct(weights.brandAlignment)} brandAlignment ${brand} + ${pct(weights.compliance)} compliance ${complianceValue} + ${pct(weights.readability)} readability ${readability} + ${lengthText}`,
  };
}

export function combineScores(input: ScoreInput): Scores {
  const brand = brandAlignment(input);
  const complianceScore = compliance(input);
  const readability = readabilityScore(input);
  const overallQuality = overall(input, brand.value, complianceScore.value, readability.value);
  return {
    brandAlignment: brand.value,
    compliance: complianceScore.value,
    readability: readability.value,
    overallQuality: overallQuality.value,
    feedback: [
      explanation('brandAlignment', brand),
      explanation('compliance', complianceScore),
      explanation('readability', readability),
      explanation('overallQuality', overallQuality),
    ],
  };
}

/** What an explanation says after its "Brand alignment 63: " opening, without the final stop. */
export function explanationReason(explanation: Pick<ScoreExplanation, 'message'>): string {
  return explanation.message.replace(/^[A-Za-z ]+ \d+: /, '').replace(/\.$/, '');
}
