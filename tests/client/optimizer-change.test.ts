// The Optimizer's change as the results show it: word changes between the draft and the rewrite, and score moves.
import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import OptimizerChange from '../../client/src/lib/components/OptimizerChange.svelte';
import { scoreDeltas, textChanges } from '../../client/src/lib/optimizer-change.js';
import type { AgentStep } from '../../client/src/lib/types.js';

const step = (role: AgentStep['role'], attempt: number, output: string, status: AgentStep['status'] = 'COMPLETED'): AgentStep => ({
  role,
  attempt,
  stage: role === 'OPTIMIZER' ? 'FINAL' : 'DRAFT',
  status,
  model: 'mistral',
  output,
  score: null,
  passed: null,
  feedback: [],
  promptTokens: 0,
  completionTokens: 0,
  durationMs: 0,
  tokensPerSecond: null,
  error: null,
});

describe('the Optimizer’s change', () => {
  it('lists the words removed and added, in order', () => {
    expect(textChanges('Our kits are very cheap.', 'Our kits cost little.')).toEqual([
      { kind: 'same', text: 'Our kits ' },
      { kind: 'removed', text: 'are very cheap' },
      { kind: 'added', text: 'cost little' },
      { kind: 'same', text: '.' },
    ]);
  });

  it('gives each score’s move from the draft to the final text', () => {
    const draft = { brandAlignment: 70, compliance: 90, readability: 60, overallQuality: 72 };
    const final = { brandAlignment: 82, compliance: 90, readability: 55, overallQuality: 78 };
    expect(scoreDeltas(draft, final).map(({ key, change }) => [key, change])).toEqual([
      ['brandAlignment', 12],
      ['compliance', 0],
      ['readability', -5],
      ['overallQuality', 6],
    ]);
    expect(scoreDeltas(null, final)).toEqual([]);
  });

  it('shows the latest completed draft against the Optimizer’s text, with the deltas', () => {
    const steps = [
      step('CONTENT_CREATOR', 1, 'A first draft nobody kept.'),
      step('CONTENT_CREATOR', 2, 'Refill kits save money.'),
      step('OPTIMIZER', 1, 'Half-written rewrite', 'FAILED'),
      step('OPTIMIZER', 2, 'Refill kits save you money.'),
    ];
    render(OptimizerChange, {
      props: {
        steps,
        draftScores: { brandAlignment: 70, compliance: 90, readability: 60, overallQuality: 72 },
        finalScores: { brandAlignment: 82, compliance: 90, readability: 55, overallQuality: 78 },
        draftKeptReason: null,
      },
    });
    const diff = screen.getByTestId('optimizer-diff');
    expect(diff.textContent).toBe('Refill kits save you money.');
    expect([...diff.querySelectorAll('ins')].map((node) => node.textContent)).toEqual(['you ']);
    expect(diff.querySelectorAll('del')).toHaveLength(0);
    const row = (key: string) =>
      [...screen.getByTestId('score-deltas').querySelectorAll(`tr[data-score="${key}"] td`)].map((cell) => cell.textContent);
    expect(row('brandAlignment')).toEqual(['70', '82', '+12']);
    expect(row('compliance')).toEqual(['90', '90', '±0']);
    expect(row('readability')).toEqual(['60', '55', '−5']);
  });

  it('shows nothing before the Optimizer has written', () => {
    render(OptimizerChange, {
      props: { steps: [step('CONTENT_CREATOR', 1, 'Draft')], draftScores: null, finalScores: null, draftKeptReason: null },
    });
    expect(screen.queryByTestId('optimizer-change')).toBeNull();
  });
});
