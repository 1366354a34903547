import { describe, expect, it } from 'vitest';
import { applyEvent, emptyRun, foldEvents } from '../../client/src/lib/campaign-run.js';
import { completed, numbered } from './events.js';

describe('the event fold at an approval gate', () => {
  it('holds what waits for approval, and a decision’s new run starts clean', () => {
    const gateRun = numbered([
      { __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 1, model: 'mistral', stage: 'DRAFT' },
      { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 1, text: '# Draft', chunks: 1 },
      completed('CONTENT_CREATOR', 1),
      { __typename: 'ApprovalRequested', gate: 'DRAFT', content: '# Draft' },
    ]);
    const waiting = foldEvents(emptyRun, gateRun);
    expect(waiting.awaiting).toEqual({ gate: 'DRAFT', content: '# Draft' });
    expect(waiting.finished).toBeNull();

    // The approval starts run 2 from seq 1: nothing of the gate is carried over.
    const next = applyEvent(
      waiting,
      numbered([{ __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 1, model: 'mistral', stage: 'DRAFT' }], 1, 2)[0] as never,
    );
    expect(next).toMatchObject({ run: 2, lastSeq: 1, awaiting: null, outOfStep: false });
  });
});
