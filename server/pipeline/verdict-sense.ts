// Verdicts that mean what the model said. Ollama's `format` gets the shape right; what it cannot
// check is sense: a flag that contradicts the verdict's own score, an issue quoting text the draft
// does not hold, feedback that says nothing. Each is read by one written rule (README, "Reviewers'
// verdicts"): the stricter reading wins, an issue about absent text does not count, and empty
// feedback becomes a plain instruction. Every reading is said in a sentence on the step.
import { SCORE_WEIGHTS, words } from '../scoring/index.js';
import type { ReviewRules } from './agents/agent.js';
import type { BrandVerdict } from './agents/brand-manager.js';
import type { ComplianceVerdict } from './agents/compliance-officer.js';
import type { MeasuredText } from './types.js';

/** What a verdict is checked against: the pipeline's rules, and the text the reviewer was sent. */
export interface SenseContext extends ReviewRules {
  draft: string;
  measured?: MeasuredText | undefined;
}

export interface SensibleVerdict<Verdict> {
  verdict: Verdict;
  /** One plain sentence per reading that differs from the reply's own words. */
  repairs: string[];
}

/** Scoring counts a failed compliance verdict as 59 at most: a pass means at least 60. */
export const COMPLIANCE_PASS_LINE = SCORE_WEIGHTS.compliance.failedCap + 1;

// ---------------------------------------------------------------- the Brand Manager

const GENERAL_BRAND_POINT = "Bring the draft closer to the brand's voice, tone and values.";

export function brandVerdictSense(verdict: BrandVerdict, context: SenseContext): SensibleVerdict<BrandVerdict> {
  const threshold = context.brandThreshold;
  const repairs: string[] = [];
  let { revisionNeeded, feedback } = verdict;
  // The runner sends the draft back when either asks for it; the verdict kept says so too.
  if (!revisionNeeded && verdict.score < threshold) {
    repairs.push(`The verdict asked for no revision but scored ${verdict.score}, under ${threshold}: read as asking for one.`);
    revisionNeeded = true;
  } else if (revisionNeeded && verdict.score >= threshold) {
    repairs.push(
      `The verdict asked for a revision though it scored ${verdict.score}, at or over ${threshold}: the draft goes back, as asked.`,
    );
  }
  if (feedback.length === 0 && revisionNeeded) {
    // Something can still be done: the decision is clear, and the measurements say what is missing.
    repairs.push('The verdict asked for a revision but gave no feedback: the writer is told to bring the draft closer to the brand.');
    feedback = [GENERAL_BRAND_POINT, ...measuredPoints(context.measured)];
  } else if (feedback.length === 0) {
    repairs.push('The verdict gave no feedback points.');
    feedback = ['The Brand Manager gave no feedback points.'];
  }
  return { verdict: { ...verdict, revisionNeeded, feedback }, repairs };
}

function measuredPoints(measured: MeasuredText | undefined): string[] {
  if (!measured) return [];
  const points: string[] = [];
  if (measured.keywords.missing.length > 0) points.push(`Use the brand keywords: ${measured.keywords.missing.join(', ')}.`);
  if (measured.prohibited.length > 0)
    points.push(`Leave out the prohibited topics: ${measured.prohibited.map((hit) => hit.topic).join(', ')}.`);
  return points;
}

// ---------------------------------------------------------------- the Compliance Officer

const GENERAL_ISSUE = {
  severity: 'medium',
  description: 'The Compliance Officer failed the text without naming an issue.',
  suggestion: 'Check every claim, promise and sensitive wording; keep only what can be backed.',
} as const;

export function complianceVerdictSense(verdict: ComplianceVerdict, context: SenseContext): SensibleVerdict<ComplianceVerdict> {
  const repairs: string[] = [];
  // An issue about words the text does not hold cannot be fixed, and must not cost points.
  const issues = verdict.issues.filter((issue) => {
    const { quotes, found } = quotesFound(issue.description, context.draft);
    if (found || isAboutSomethingMissing(issue.description)) return true;
    const quoted = quotes.map((quote) => `“${quote}”`).join(' and ');
    repairs.push(
      `Dropped the ${issue.severity}-severity issue "${shorten(issue.description)}": it quotes ${quoted}, which the text reviewed does not contain.`,
    );
    return false;
  });
  let { passed } = verdict;
  const serious = issues.filter((issue) => issue.severity !== 'low');
  if (passed && issues.some((issue) => issue.severity === 'high')) {
    repairs.push('The verdict passed the text but named a high-severity issue: read as failed.');
    passed = false;
  } else if (passed && verdict.score < COMPLIANCE_PASS_LINE) {
    repairs.push(
      `The verdict passed the text but scored ${verdict.score}, under the pass line of ${COMPLIANCE_PASS_LINE}: read as failed.`,
    );
    passed = false;
  } else if (!passed && issues.length === 0) {
    // The failure stands (caution wins), but the Optimizer needs something to act on.
    repairs.push('The verdict failed the text without naming an issue: kept as failed, with a general issue to check every claim.');
    issues.push({ ...GENERAL_ISSUE });
  } else if (!passed && serious.length === 0 && verdict.score >= COMPLIANCE_PASS_LINE) {
    repairs.push(
      `The verdict failed the text though it scored ${verdict.score} and named no issue of medium or high severity: kept as failed, so compliance counts ${SCORE_WEIGHTS.compliance.failedCap} at most.`,
    );
  }
  return { verdict: { ...verdict, passed, issues }, repairs };
}

const quotation = /"([^"\n]+)"|“([^”\n]+)”/g;

/**
 * The quotations of a description, and whether the text holds one of them: compared word by word,
 * so case, spacing, punctuation and Markdown do not matter, and "…" stands for words left out.
 * A description without a quotation counts as found: there is nothing to check.
 */
export function quotesFound(description: string, text: string): { quotes: string[]; found: boolean } {
  const quotes = [...description.matchAll(quotation)]
    .map((match) => (match[1] ?? match[2] ?? '').trim())
    .filter((quote) => wordsOf(quote).length > 0);
  if (quotes.length === 0) return { quotes, found: true };
  const haystack = ` ${wordsOf(text).join(' ')} `;
  const holds = (quote: string) =>
    quote
      .split(/…|\.{3}/)
      .map((part) => wordsOf(part))
      .filter((part) => part.length > 0)
      .every((part) => haystack.includes(` ${part.join(' ')} `));
  return { quotes, found: quotes.some(holds) };
}

const wordsOf = (text: string): readonly string[] => words(text.toLowerCase().replaceAll('’', "'"));

/** "The disclaimer "Results may vary" is missing": a quotation of what should be there. */
const missingWords =
  /\b(?:missing|lacks?|lacking|absent|omits?|omitted|(?:does not|doesn't|do not|don't) (?:include|contain|mention|state|have|say))\b/i;
const isAboutSomethingMissing = (description: string): boolean => missingWords.test(description);

const shorten = (text: string): string => (text.length > 120 ? `${text.slice(0, 117)}...` : text);
