// The checks a text must pass whatever a reviewer thinks of it: platform length limits, no
// prohibited topic, the keyphrase in the introduction when one was given, and no template
// placeholder left to fill in.
import { lengthProblem } from './length-limits.js';
import type { Measurements } from './measure.js';

export interface HardCheckFailure {
  /** Stable across texts, so a draft's failures and a rewrite's can be compared. */
  id: string;
  /** Short and technical, for logs and the draft-kept reason ("X post: 312 characters (limit 280), 32 over"). */
  message: string;
  /** The same as a sentence for a marketer ("The X post is 312 characters; X allows 280."). */
  reason: string;
}

export function hardCheckFailures(measured: Measurements): HardCheckFailure[] {
  const lengths = measured.lengthLimits
    .filter((check) => check.level === 'limit' && !check.passed)
    .map((check) => ({ id: `length:${check.check}`, message: check.message, reason: lengthProblem(check) }));
  const prohibited = measured.prohibited.map((hit) => ({
    id: `prohibited:${hit.topic}`,
    message: `mentions the prohibited topic "${hit.topic}"`,
    reason: `The text mentions "${hit.topic}", a topic the brand rules out (${hit.excerpt}).`,
  }));
  const keyphrase = measured.seo
    .filter((check) => check.check === 'keyphraseInIntroduction' && !check.passed)
    .map((check) => ({
      id: 'keyphrase:introduction',
      message: check.message,
      reason: `The focus keyphrase${quoted(check.message)} is not in the first paragraph, where readers and search engines look for it.`,
    }));
  const placeholders = (measured.placeholders ?? []).map((placeholder) => ({
    id: `placeholder:${placeholder}`,
    message: `holds the template placeholder ${placeholder}`,
    reason: `The text still holds the placeholder “${placeholder}”: write what belongs there, or take it out, before you publish.`,
  }));
  return [...lengths, ...prohibited, ...keyphrase, ...placeholders];
}

const quoted = (message: string): string => {
  const phrase = /"([^"]+)"/.exec(message)?.[1];
  return phrase ? ` "${phrase}"` : '';
};

/** What `after` fails that `before` passed. */
export function lostChecks(before: Measurements, after: Measurements): HardCheckFailure[] {
  const failedBefore = new Set(hardCheckFailures(before).map((failure) => failure.id));
  return hardCheckFailures(after).filter((failure) => !failedBefore.has(failure.id));
}
