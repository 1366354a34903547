// Lost or reordered events, summed over every subscriber of a phase: all must stay 0.
import type { SubscriberRun } from './subscriber-thread.js';

export interface Integrity {
  subscribers: number;
  seqErrors: number;
  unfinished: number;
  textMismatches: number;
  failures: string[];
  /** Every campaign that did not complete, and why. */
  campaignFailures: string[];
}

export const noSubscribers: Integrity = {
  subscribers: 0,
  seqErrors: 0,
  unfinished: 0,
  textMismatches: 0,
  failures: [],
  campaignFailures: [],
};

export function integrityOf(run: SubscriberRun): Integrity {
  const { subscribers, seqErrors, unfinished, textMismatches, failures, campaignFailures } = run;
  return { subscribers, seqErrors, unfinished, textMismatches, failures, campaignFailures };
}

export function addIntegrity(a: Integrity, b: Integrity): Integrity {
  return {
    subscribers: a.subscribers + b.subscribers,
    seqErrors: a.seqErrors + b.seqErrors,
    unfinished: a.unfinished + b.unfinished,
    textMismatches: a.textMismatches + b.textMismatches,
    failures: [...a.failures, ...b.failures].slice(0, 5),
    campaignFailures: [...a.campaignFailures, ...b.campaignFailures],
  };
}

export function problems(integrity: Integrity): number {
  return integrity.seqErrors + integrity.unfinished + integrity.textMismatches;
}
