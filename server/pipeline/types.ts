// The pipeline's vocabulary, shared by the agents, the runner, the events and the API.
import type { OllamaFailureKind } from '../llm/ollama.js';
import type { Measurements, ScoreExplanation } from '../scoring/index.js';

export const contentTypes = ['BLOG_POST', 'SOCIAL_MEDIA', 'EMAIL', 'AD_COPY'] as const;
export type ContentType = (typeof contentTypes)[number];

export const campaignStatuses = ['QUEUED', 'RUNNING', 'AWAITING_APPROVAL', 'COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];
export const finishedStatuses: readonly CampaignStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED'];

/** Where a campaign may wait for a person: the reviewed draft (before the Optimizer), or the final text. */
export const approvalGates = ['DRAFT', 'FINAL'] as const;
export type ApprovalGate = (typeof approvalGates)[number];

export const approvalDecisions = ['APPROVED', 'CHANGES_REQUESTED', 'REJECTED'] as const;
export type ApprovalDecisionKind = (typeof approvalDecisions)[number];

/**
 * A person's decision at a gate, kept on the campaign in order. A run replays them at its gates,
 * so a campaign resumed from its saved steps takes the same way. A refinement of a completed
 * campaign is a change asked of the final text. Superseded: a rerun from an earlier agent made it moot.
 */
export interface ApprovalDecision {
  gate: ApprovalGate;
  decision: ApprovalDecisionKind;
  /** Who decided, as they named themselves; null when they did not. */
  by: string | null;
  at: string;
  /** The text as the approver edited it: what the next step gets. */
  editedContent: string | null;
  /** The changes asked for, or why the campaign was rejected. */
  note: string | null;
  /** A refinement asked of a completed campaign, not a decision at a gate it waited at. */
  refinement: boolean;
  supersededAt: string | null;
}

/** What a waiting campaign asks a person to approve. */
export interface PendingApproval {
  gate: ApprovalGate;
  content: string;
  requestedAt: string;
}

export const agentRoles = ['CONTENT_CREATOR', 'BRAND_MANAGER', 'COMPLIANCE_OFFICER', 'DESIGN_VALIDATOR', 'OPTIMIZER'] as const;
export type AgentRole = (typeof agentRoles)[number];

/** Why a step did not complete, for operators (metrics, traces); the user reads the step's error. */
export type StepFailureCause = OllamaFailureKind | 'malformed-verdict' | 'interrupted' | 'cancelled';

/** Which text a step or a set of scores is about: the reviewed draft, or the final text. */
export const scoreStages = ['DRAFT', 'FINAL'] as const;
export type ScoreStage = (typeof scoreStages)[number];

export const stepStatuses = ['RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type StepStatus = (typeof stepStatuses)[number];

export type ModelOverrides = Partial<Record<AgentRole, string>>;

export interface Scores {
  brandAlignment: number;
  compliance: number;
  readability: number;
  overallQuality: number;
}

export interface ComplianceIssue {
  severity: 'low' | 'medium' | 'high';
  description: string;
  suggestion: string;
}

export interface DesignRecommendations {
  imageTypes: { type: string; description: string }[];
  palette: { hex: string; role: string }[];
  typography: string;
  layout: string;
}

/** What was measured on a text, plus its similarity to the brand's earlier campaigns. */
export interface MeasuredText extends Measurements {
  similarity: number | null;
  similarityMethod: 'embeddings' | 'shingles' | null;
}

/** A text's measurements with the scores they gave, at one stage of the pipeline. */
export interface ScoredText extends MeasuredText {
  scores: Scores;
  feedback: ScoreExplanation[];
}

/** The draft is scored after the reviewers, the final text after the Optimizer: the gain shows. */
export interface CampaignMeasurements {
  draft?: ScoredText;
  final?: ScoredText;
}

export type { ScoreExplanation };
