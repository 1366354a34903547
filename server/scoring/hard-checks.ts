// The checks a text must pass whatever a reviewer thinks of it: platform length limits, no
// prohibited topic, and the keyphrase in the introduction when one was given.
import type { Measurements } from './measure.js';

export interface HardCheckFailure {
  /** Stable across texts, so a draft's failures and a rewrite's can be compared. */
  id: string;
  message: string;
}

export function hardCheckFailures(measured: Measurements): HardCheckFailure[] {
  const lengths = measured.lengthLimits
    .filter((check) => check.level === 'limit' && !check.passed)
    .map((check) => ({ id: `length:${check.check}`, message: check.message }));
  const prohibited = measured.prohibited.map((hit) => ({
    id: `prohibited:${hit.topic}`,
    message: `mentions the prohibited topic "${hit.topic}"`,
  }));
  const keyphrase = measured.seo
    .filter((check) => check.check === 'keyphraseInIntroduction' && !check.passed)
    .map((check) => ({ id: 'keyphrase:introduction', message: check.message }));
  return [...lengths, ...prohibited, ...keyphrase];
}

/** What `after` fails that `before` passed. */
export function lostChecks(before: Measurements, after: Measurements): HardCheckFailure[] {
  const failedBefore = new Set(hardCheckFailures(before).map((failure) => failure.id));
  return hardCheckFailures(after).filter((failure) => !failedBefore.has(failure.id));
}
