// A finished campaign's events, told again from what the database kept.
import type { AgentStep, Campaign } from '../campaigns/store.js';
import { CampaignEventLog } from './events.js';
import { replayStep } from './runner.js';

export function replayFromDatabase(campaign: Campaign, allSteps: AgentStep[], revisionThreshold: number): CampaignEventLog {
  // A rerun's replaced steps are history, not part of the run being told.
  const steps = allSteps.filter((step) => step.supersededAt === null);
  const log = new CampaignEventLog(campaign.id, campaign.runNumber);
  const completedCreators = steps.filter((step) => step.role === 'CONTENT_CREATOR' && step.status === 'COMPLETED').length;
  const draftReviews = steps.filter((step) => step.role === 'BRAND_MANAGER' && step.stage === 'DRAFT' && step.status === 'COMPLETED');
  let revisionRound = 0;
  const draftReviewers = new Set<string>();
  let draftScored = false;
  for (const step of steps) {
    replayStep(log, step);
    const isDraftReview = step.stage === 'DRAFT' && step.status === 'COMPLETED';
    if (step.role === 'BRAND_MANAGER' && isDraftReview && step === draftReviews.at(-1) && campaign.revisionLimitReached) {
      log.append({ type: 'RevisionLimitReached', rounds: revisionRound, score: step.score, feedback: step.feedback });
    }
    if (step.role === 'BRAND_MANAGER' && isDraftReview && revisionRound + 1 < completedCreators) {
      const verdict = step.verdict as { revisionNeeded?: boolean; score?: number } | null;
      if (verdict && (verdict.revisionNeeded || (verdict.score ?? 100) < revisionThreshold)) {
        revisionRound += 1;
        log.append({ type: 'RevisionRequested', round: revisionRound, score: step.score, feedback: step.feedback });
      }
    }
    // The draft is scored once both of its other reviewers have finished.
    if ((step.role === 'COMPLIANCE_OFFICER' || step.role === 'DESIGN_VALIDATOR') && isDraftReview) draftReviewers.add(step.role);
    if (draftReviewers.size === 2 && !draftScored && campaign.measurements.draft) {
      draftScored = true;
      const { scores, feedback } = campaign.measurements.draft;
      log.append({ type: 'ScoresUpdated', stage: 'DRAFT', scores, feedback });
    }
  }
  if (campaign.draftKeptReason) log.append({ type: 'DraftKept', reason: campaign.draftKeptReason });
  if (campaign.measurements.final) {
    const { scores, feedback } = campaign.measurements.final;
    log.append({ type: 'ScoresUpdated', stage: 'FINAL', scores, feedback });
  }
  const pending = campaign.status === 'AWAITING_APPROVAL' ? campaign.pendingApproval : null;
  if (pending) {
    log.append({ type: 'ApprovalRequested', gate: pending.gate, content: pending.content });
    return log;
  }
  const rejection = campaign.status === 'REJECTED' ? campaign.approvals.at(-1) : undefined;
  if (rejection) {
    const { gate, decision, by, note, refinement } = rejection;
    log.append({ type: 'ApprovalDecided', gate, decision, by, note, refinement, edited: false });
  }
  log.append({ type: 'CampaignFinished', status: campaign.status, error: campaign.error });
  return log;
}
