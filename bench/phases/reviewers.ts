// Reviewers in parallel: the wall time one campaign takes with the Compliance Officer and the
// Design Validator reviewing the draft one after the other (PARALLEL_REVIEWERS=false) and at the
// same time (true), every model stream at the same fixed token rate. Campaigns run one at a time,
// so the only difference between the two is the reviewers' overlap.
import { blogInput, createCampaign, getCampaign, runToEnd } from '../../tests/support/campaigns.js';
import { startBenchServer, type World } from '../world.js';

export interface ReviewerModeResult {
  parallel: boolean;
  /** Wall time of each campaign, from its start to its end (ms). */
  campaignMs: number[];
  /** The two draft reviewers' step times summed, per campaign (ms): what running them in sequence costs. */
  reviewersSumMs: number[];
  /** From the first draft reviewer's start to the last one's end, per campaign (ms): what they cost in wall time. */
  reviewersSpanMs: number[];
  failed: number;
}

export interface ReviewersResult {
  campaigns: number;
  tokenDelayMs: number;
  proseChunks: number;
  modes: ReviewerModeResult[];
}

/** The reviewers' attempts on the final text (their StepStarted says stage FINAL): not the draft review measured here. */
function finalReviewAttempts(events: { __typename: string; role?: string; attempt?: number; stage?: string }[]): Set<string> {
  return new Set(
    events
      .filter((event) => event.__typename === 'StepStarted' && event.stage === 'FINAL')
      .map((event) => `${event.role}#${event.attempt}`),
  );
}

export async function measureReviewers(
  world: World,
  options: { campaigns: number; tokenDelayMs: number; proseChunks: number },
): Promise<ReviewersResult> {
  const modes: ReviewerModeResult[] = [];
  await world.standIn.call('setScript', { tokenDelayMs: options.tokenDelayMs, proseChunks: options.proseChunks });
  for (const parallel of [false, true]) {
    const server = await startBenchServer(world, 1, { PARALLEL_REVIEWERS: String(parallel) });
    const mode: ReviewerModeResult = { parallel, campaignMs: [], reviewersSumMs: [], reviewersSpanMs: [], failed: 0 };
    try {
      for (let index = 0; index < options.campaigns; index++) {
        // The same requests in both modes (the stand-in answers the same request the same way).
        const { id } = await createCampaign(server.graphqlUrl, { ...blogInput, brief: `${blogInput.brief} (reviewers bench #${index})` });
        const events = await runToEnd(server.graphqlUrl, id);
        const campaign = await getCampaign(server.graphqlUrl, id);
        if (events.at(-1)?.status !== 'COMPLETED') {
          mode.failed += 1;
          continue;
        }
        const started = Date.parse(String(events[0]?.at));
        const finished = Date.parse(String(events.at(-1)?.at));
        mode.campaignMs.push(finished - started);
        const reviewers = (campaign.steps as { role: string; stage: string; status: string; durationMs: number }[]).filter(
          (step) => step.stage === 'DRAFT' && step.status === 'COMPLETED' && ['COMPLIANCE_OFFICER', 'DESIGN_VALIDATOR'].includes(step.role),
        );
        mode.reviewersSumMs.push(reviewers.reduce((sum, step) => sum + step.durationMs, 0));
        const reviewerEvents = events.filter(
          (event) =>
            (event.__typename === 'StepStarted' || event.__typename === 'StepCompleted') &&
            (event.role === 'COMPLIANCE_OFFICER' || event.role === 'DESIGN_VALIDATOR') &&
            !finalReviewAttempts(events).has(`${event.role}#${event.attempt}`),
        );
        mode.reviewersSpanMs.push(Date.parse(String(reviewerEvents.at(-1)?.at)) - Date.parse(String(reviewerEvents[0]?.at)));
      }
    } finally {
      await server.stop();
    }
    modes.push(mode);
  }
  return { campaigns: options.campaigns, tokenDelayMs: options.tokenDelayMs, proseChunks: options.proseChunks, modes };
}
