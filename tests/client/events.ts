// Builds campaign event streams for the client tests, numbered as the server numbers them.
import type { CampaignEvent } from '../../client/src/lib/types.js';

type Body = CampaignEvent extends infer Event
  ? Event extends CampaignEvent
    ? Omit<Event, 'run' | 'seq' | 'campaignId' | 'at'>
    : never
  : never;

export const campaignId = 'c1';

/** Seqs 1, 2, 3 … of one run; `at` one second apart from a fixed start. */
export function numbered(bodies: Body[], firstSeq = 1, run = 1): CampaignEvent[] {
  return bodies.map((body, index) => {
    const seq = firstSeq + index;
    return { ...body, run, seq, campaignId, at: new Date(Date.UTC(2025, 0, 1, 12, 0, seq)).toISOString() } as CampaignEvent;
  });
}

export const scores = (overallQuality: number) => ({ brandAlignment: 80, compliance: 90, readability: 70, overallQuality });

export function completed(
  role: Extract<Body, { __typename: 'StepCompleted' }>['role'],
  attempt: number,
  extra: Partial<Extract<Body, { __typename: 'StepCompleted' }>> = {},
): Body {
  return {
    __typename: 'StepCompleted',
    role,
    attempt,
    stepStatus: 'COMPLETED',
    score: null,
    passed: null,
    feedback: [],
    promptTokens: 100,
    completionTokens: 40,
    durationMs: 2000,
    error: null,
    ...extra,
  };
}

/** A whole run with one revision round: the Brand Manager sends the first draft back. */
export function runWithRevision(): CampaignEvent[] {
  return numbered([
    { __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 1, model: 'mistral', stage: 'DRAFT' },
    { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 1, text: '# Green', chunks: 1 },
    { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 1, text: ' city', chunks: 1 },
    completed('CONTENT_CREATOR', 1),
    { __typename: 'StepStarted', role: 'BRAND_MANAGER', attempt: 1, model: 'llama3.1', stage: 'DRAFT' },
    { __typename: 'TokenChunk', role: 'BRAND_MANAGER', attempt: 1, text: '{"score": 55}', chunks: 1 },
    completed('BRAND_MANAGER', 1, { score: 55, passed: false, feedback: ['Warmer, please'] }),
    { __typename: 'RevisionRequested', round: 1, score: 55, feedback: ['Warmer, please'] },
    { __typename: 'StepStarted', role: 'CONTENT_CREATOR', attempt: 2, model: 'mistral', stage: 'DRAFT' },
    { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: '# Warm', chunks: 1 },
    { __typename: 'TokenChunk', role: 'CONTENT_CREATOR', attempt: 2, text: ' green city', chunks: 1 },
    completed('CONTENT_CREATOR', 2),
    { __typename: 'StepStarted', role: 'BRAND_MANAGER', attempt: 2, model: 'llama3.1', stage: 'DRAFT' },
    completed('BRAND_MANAGER', 2, { score: 88, passed: true, feedback: ['On brand'] }),
    { __typename: 'StepStarted', role: 'COMPLIANCE_OFFICER', attempt: 1, model: 'llama3.1', stage: 'DRAFT' },
    completed('COMPLIANCE_OFFICER', 1, { score: 95, passed: true }),
    { __typename: 'ScoresUpdated', stage: 'DRAFT', scores: scores(70), explanations: [{ score: 'overallQuality', message: 'draft' }] },
    { __typename: 'StepStarted', role: 'DESIGN_VALIDATOR', attempt: 1, model: 'llama3.1', stage: 'DRAFT' },
    completed('DESIGN_VALIDATOR', 1),
    { __typename: 'StepStarted', role: 'OPTIMIZER', attempt: 1, model: 'mistral', stage: 'FINAL' },
    { __typename: 'ThinkingChunk', role: 'OPTIMIZER', attempt: 1, text: 'Shorter sentences first.' },
    { __typename: 'TokenChunk', role: 'OPTIMIZER', attempt: 1, text: '# Final', chunks: 1 },
    completed('OPTIMIZER', 1),
    { __typename: 'StepStarted', role: 'BRAND_MANAGER', attempt: 3, model: 'llama3.1', stage: 'FINAL' },
    completed('BRAND_MANAGER', 3, { score: 90, passed: true, feedback: ['Still on brand'] }),
    { __typename: 'StepStarted', role: 'COMPLIANCE_OFFICER', attempt: 2, model: 'llama3.1', stage: 'FINAL' },
    completed('COMPLIANCE_OFFICER', 2, { score: 96, passed: true }),
    { __typename: 'ScoresUpdated', stage: 'FINAL', scores: scores(84), explanations: [{ score: 'overallQuality', message: 'final' }] },
    { __typename: 'CampaignFinished', status: 'COMPLETED', error: null },
  ]);
}
