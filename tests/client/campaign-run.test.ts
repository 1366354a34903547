import { describe, expect, it } from 'vitest';
import { agentViews, applyEvent, emptyRun, foldEvents, tokensPerSecond } from '../../client/src/lib/campaign-run.js';
import { completed, numbered, runWithRevision, scores } from './events.js';

const stateOf = (run: ReturnType<typeof foldEvents>) => Object.fromEntries(agentViews(run).map((agent) => [agent.role, agent.state]));

describe('the campaign event fold', () => {
  it('streams each agent’s text in order and tracks where every agent stands', () => {
    const events = runWithRevision();
    const midway = foldEvents(emptyRun, events.slice(0, 3));
    expect(midway.lastSeq).toBe(3);
    expect(midway.attempts).toEqual([
      expect.objectContaining({ role: 'CONTENT_CREATOR', attempt: 1, text: '# Green city', chunks: 2, status: 'RUNNING' }),
    ]);
    expect(stateOf(midway)).toEqual({
      CONTENT_CREATOR: 'running',
      BRAND_MANAGER: 'waiting',
      COMPLIANCE_OFFICER: 'waiting',
      DESIGN_VALIDATOR: 'waiting',
      OPTIMIZER: 'waiting',
    });

    const run = foldEvents(emptyRun, events);
    expect(run.finished).toEqual({ status: 'COMPLETED', error: null });
    expect(Object.values(stateOf(run))).toEqual(['done', 'done', 'done', 'done', 'done']);
    const optimizer = agentViews(run).find((agent) => agent.role === 'OPTIMIZER');
    expect(optimizer?.latest).toMatchObject({ text: '# Final', completionTokens: 40, durationMs: 2000, model: 'mistral', stage: 'FINAL' });
    // A reasoning model's thinking is kept beside the text, never in it.
    expect(optimizer?.latest?.thinking).toBe('Shorter sentences first.');
  });

  it('ignores events it already applied, so a resumed stream repeats no text', () => {
    const events = runWithRevision();
    const beforeDrop = foldEvents(emptyRun, events.slice(0, 10));
    // The server resends from an earlier seq (e.g. a retry with the old afterSeq): duplicates change nothing.
    const resumed = foldEvents(beforeDrop, events.slice(6));
    expect(resumed).toEqual(foldEvents(emptyRun, events));
    for (const event of events.slice(0, 10)) expect(applyEvent(beforeDrop, event)).toBe(beforeDrop);
    const creator = agentViews(resumed).find((agent) => agent.role === 'CONTENT_CREATOR');
    expect(creator?.attempts.map((attempt) => attempt.text)).toEqual(['# Green city', '# Warm green city']);
  });

  it('keeps a revision as a separate attempt of the Content Creator, marked with its round', () => {
    const events = runWithRevision();
    const requested = foldEvents(emptyRun, events.slice(0, 8)); // up to RevisionRequested
    expect(stateOf(requested).CONTENT_CREATOR).toBe('revising');
    expect(requested.revisions).toEqual([{ round: 1, score: 55, feedback: ['Warmer, please'] }]);

    const revising = foldEvents(requested, events.slice(8, 10));
    expect(stateOf(revising).CONTENT_CREATOR).toBe('revising');
    const creator = agentViews(revising).find((agent) => agent.role === 'CONTENT_CREATOR');
    expect(creator?.attempts.map(({ attempt, revisionRound, text }) => ({ attempt, revisionRound, text }))).toEqual([
      { attempt: 1, revisionRound: null, text: '# Green city' },
      { attempt: 2, revisionRound: 1, text: '# Warm' },
    ]);

    const run = foldEvents(emptyRun, events);
    const brandManager = agentViews(run).find((agent) => agent.role === 'BRAND_MANAGER');
    expect(brandManager?.attempts.map(({ attempt, score, passed }) => ({ attempt, score, passed }))).toEqual([
      { attempt: 1, score: 55, passed: false },
      { attempt: 2, score: 88, passed: true },
      { attempt: 3, score: 90, passed: true },
    ]);
    expect(brandManager?.latest?.stage).toBe('FINAL');
  });

  it('keeps the revision cap and a kept draft, to say them on the page', () => {
    const run = foldEvents(
      emptyRun,
      numbered([
        { __typename: 'RevisionLimitReached', rounds: 2, score: 61, feedback: ['Warmer still'] },
        { __typename: 'DraftKept', reason: "The Optimizer's rewrite failed checks the draft passed." },
      ]),
    );
    expect(run.revisionLimit).toEqual({ round: 2, score: 61, feedback: ['Warmer still'] });
    expect(run.draftKept).toBe("The Optimizer's rewrite failed checks the draft passed.");
  });

  it('flags a stream that names an attempt it never saw start (a restarted server numbering afresh)', () => {
    const events = runWithRevision();
    const run = foldEvents(emptyRun, events.slice(0, 3));
    expect(run.outOfStep).toBe(false);
    const foreign = numbered([{ __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: ' and more', chunks: 1 }], 4);
    expect(foldEvents(run, foreign).outOfStep).toBe(true);
    expect(foldEvents(emptyRun, events).outOfStep).toBe(false);
  });

  it('starts over when the events belong to a newer run', () => {
    const first = foldEvents(emptyRun, runWithRevision().slice(0, 3));
    const second = numbered([{ __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 2, model: 'mistral', stage: 'DRAFT' }], 1, 2);
    const run = foldEvents(first, second);
    expect(run).toMatchObject({ run: 2, lastSeq: 1, outOfStep: false });
    expect(run.attempts.map((attempt) => attempt.attempt)).toEqual([2]);
    // A newer run joined in its middle cannot be folded: it is flagged for a fold from 0.
    const middle = numbered([{ __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: 'x', chunks: 1 }], 5, 2);
    expect(foldEvents(first, middle).outOfStep).toBe(true);
  });

  it('lands the draft scores first and the final scores last', () => {
    const events = runWithRevision();
    const draftIndex = events.findIndex((event) => event.__typename === 'ScoresUpdated');
    const draft = foldEvents(emptyRun, events.slice(0, draftIndex + 1));
    expect(draft.scores).toEqual({ DRAFT: { scores: scores(70), explanations: [{ score: 'overallQuality', message: 'draft' }] } });
    const run = foldEvents(emptyRun, events);
    expect(run.scores.DRAFT?.scores.overallQuality).toBe(70);
    expect(run.scores.FINAL?.scores).toEqual(scores(84));
  });

  it('shows a failed attempt, then the retry that followed it', () => {
    const run = foldEvents(
      emptyRun,
      numbered([
        { __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 1, model: 'mistral', stage: 'DRAFT' },
        { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 1, text: 'Half', chunks: 1 },
        completed('CONTENT_CREATOR', 1, { stepStatus: 'FAILED', error: 'Ollama stopped mid-stream', completionTokens: 0 }),
      ]),
    );
    expect(stateOf(run).CONTENT_CREATOR).toBe('failed');
    const retried = foldEvents(
      run,
      numbered([{ __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 2, model: 'mistral', stage: 'DRAFT' }], 4),
    );
    expect(stateOf(retried).CONTENT_CREATOR).toBe('running');
    expect(retried.attempts.map((attempt) => [attempt.attempt, attempt.status, attempt.error])).toEqual([
      [1, 'FAILED', 'Ollama stopped mid-stream'],
      [2, 'RUNNING', null],
    ]);
  });

  it('marks the running agent cancelled when the campaign is cancelled', () => {
    const run = foldEvents(
      emptyRun,
      numbered([
        { __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 1, model: 'mistral', stage: 'DRAFT' },
        { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 1, text: 'Half', chunks: 1 },
        completed('CONTENT_CREATOR', 1, { stepStatus: 'CANCELLED', error: 'Cancelled by the user.' }),
        { __typename: 'CampaignFinished', status: 'CANCELLED', error: 'Cancelled by the user.' },
      ]),
    );
    expect(stateOf(run)).toMatchObject({ CONTENT_CREATOR: 'cancelled', BRAND_MANAGER: 'waiting' });
    expect(run.finished).toEqual({ status: 'CANCELLED', error: 'Cancelled by the user.' });
  });

  it('measures speed live from chunks, then from the model’s own counts', () => {
    const events = numbered([
      { __typename: 'StepStarted', role: 'OPTIMIZER', attempt: 1, model: 'mistral', stage: 'FINAL' },
      { __typename: 'TokenChunk', role: 'OPTIMIZER', attempt: 1, text: 'a', chunks: 1 },
      { __typename: 'TokenChunk', role: 'OPTIMIZER', attempt: 1, text: ' b', chunks: 1 },
    ]);
    const [running] = foldEvents(emptyRun, events).attempts;
    if (!running) throw new Error('no attempt');
    // Started at second 1, last chunk at second 3: 2 chunks in 2 s.
    expect(tokensPerSecond(running, running.lastChunkAt ?? 0)).toBeCloseTo(1);
    const [done] = foldEvents(emptyRun, [
      ...events,
      ...numbered([completed('OPTIMIZER', 1, { completionTokens: 50, durationMs: 2500 })], 4),
    ]).attempts;
    expect(done && tokensPerSecond(done, Date.now())).toBeCloseTo(20);
  });
});
