// The quality gate: a completed campaign whose scores or checks fall short needs attention,
// with the reasons in plain words. Worked out on read from what is stored, so a new
// QUALITY_MIN_SCORE applies to every campaign at once, old ones included.
import { explanationReason, hardCheckFailures, SCORE_LABELS, type ScoreName } from '../scoring/index.js';
import type { Campaign } from './store.js';

export interface QualityVerdict {
  needsAttention: boolean;
  /** Sentences for a marketer, the most concrete first. */
  reasons: string[];
}

const scoreNames = Object.keys(SCORE_LABELS) as ScoreName[];

const sentence = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

export function qualityGate(campaign: Campaign, minScore: number): QualityVerdict {
  if (campaign.status !== 'COMPLETED') return { needsAttention: false, reasons: [] };
  const reasons: string[] = [];
  const final = campaign.measurements.final;
  if (final) reasons.push(...hardCheckFailures(final).map((failure) => failure.reason));
  if (campaign.scores) {
    for (const name of scoreNames) {
      const value = campaign.scores[name];
      if (value >= minScore) continue;
      const explanation = campaign.scoreFeedback.find((entry) => entry.score === name);
      const why = explanation?.concerns?.length ? explanation.concerns.join('; ') : explanation ? explanationReason(explanation) : '';
      reasons.push(sentence(`${SCORE_LABELS[name]} scored ${value}, under the ${minScore} you asked for${why ? `: ${why}` : ''}`));
    }
  } else {
    reasons.push('The campaign has no scores, so nothing says it is ready.');
  }
  if (campaign.revisionLimitReached) {
    reasons.push('The Brand Manager still wanted changes when the revision rounds ran out: read its feedback before you publish.');
  }
  if (campaign.draftKeptReason) reasons.push(sentence(campaign.draftKeptReason));
  return { needsAttention: reasons.length > 0, reasons };
}
