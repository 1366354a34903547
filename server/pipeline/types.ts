// The pipeline's vocabulary, shared by the agents, the runner, the events and the API.
import type { OllamaFailureKind } from '../llm/ollama.js';
import type { Measurements, ScoreExplanation } from '../scoring/index.js';

export const contentTypes = ['BLOG_POST', 'SOCIAL_MEDIA', 'EMAIL', 'AD_COPY'] as const;
export type ContentType = (typeof contentTypes)[number];

export const campaignStatuses = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];
export const finishedStatuses: readonly CampaignStatus[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

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
