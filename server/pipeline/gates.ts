// Approval gates: where a run stops for a person, and the decisions a later run replays there.
import type { ApprovalDecision, ApprovalGate } from './types.js';

/** The run stopped at a gate; the campaign waits (holding no run slot) until a person decides. */
export class CampaignAwaitingApproval extends Error {
  constructor(
    readonly gate: ApprovalGate,
    readonly content: string,
  ) {
    super(`The campaign waits for approval of the ${gate === 'DRAFT' ? 'reviewed draft' : 'final text'}.`);
  }
}

/**
 * The decisions taken so far, handed out in the order the run reaches its gates, as saved steps
 * are: a run resumed from its saved steps takes the same way through them. Superseded decisions
 * (a rerun from an earlier agent) and rejections (they end the campaign) are never replayed.
 */
export class GateDecisions {
  readonly #pending: Record<ApprovalGate, ApprovalDecision[]> = { DRAFT: [], FINAL: [] };

  constructor(decisions: readonly ApprovalDecision[]) {
    for (const decision of decisions) {
      if (decision.supersededAt === null && decision.decision !== 'REJECTED') this.#pending[decision.gate].push(decision);
    }
  }

  take(gate: ApprovalGate): ApprovalDecision | undefined {
    return this.#pending[gate].shift();
  }
}
