// What the Optimizer changed: the reviewed draft against its rewrite, word by word, and how
// each score moved from the draft to the final text.
import { diffWords } from 'diff';
import { scoreKeys } from './format.js';
import type { AgentStep, Scores } from './types.js';

export interface TextChange {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface ScoreDelta {
  key: keyof Scores;
  draft: number;
  final: number;
  change: number;
}

const lastCompleted = (steps: AgentStep[], role: AgentStep['role']) =>
  steps.filter((step) => step.role === role && step.status === 'COMPLETED').at(-1)?.output ?? null;

/** The draft the reviewers passed and the Optimizer's text; null when either is missing. */
export function optimizerTexts(steps: AgentStep[]): { draft: string; optimized: string } | null {
  const draft = lastCompleted(steps, 'CONTENT_CREATOR');
  const optimized = lastCompleted(steps, 'OPTIMIZER');
  return draft !== null && optimized !== null ? { draft, optimized } : null;
}

export function textChanges(before: string, after: string): TextChange[] {
  return diffWords(before, after).map((part) => ({ kind: part.added ? 'added' : part.removed ? 'removed' : 'same', text: part.value }));
}

export function scoreDeltas(draft: Scores | null, final: Scores | null): ScoreDelta[] {
  if (!draft || !final) return [];
  return scoreKeys.map((key) => ({ key, draft: draft[key], final: final[key], change: final[key] - draft[key] }));
}
