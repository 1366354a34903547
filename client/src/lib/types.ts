// The shapes the client reads from the GraphQL API (schema.graphql is the source of truth).

export const agentRoles = ['CONTENT_CREATOR', 'BRAND_MANAGER', 'COMPLIANCE_OFFICER', 'DESIGN_VALIDATOR', 'OPTIMIZER'] as const;
export type AgentRole = (typeof agentRoles)[number];

export const campaignStatuses = ['QUEUED', 'RUNNING', 'AWAITING_APPROVAL', 'COMPLETED', 'FAILED', 'CANCELLED', 'REJECTED'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const contentTypes = ['BLOG_POST', 'SOCIAL_MEDIA', 'EMAIL', 'AD_COPY'] as const;
export type ContentType = (typeof contentTypes)[number];

export type StepStatus = 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type ScoreStage = 'DRAFT' | 'FINAL';
/** Where a campaign waits for a person: the reviewed draft, or the final text. */
export type ApprovalGate = 'DRAFT' | 'FINAL';

export interface Scores {
  brandAlignment: number;
  compliance: number;
  readability: number;
  overallQuality: number;
}

export interface ScoreExplanation {
  score: string;
  /** In plain words: the score and what moved it. */
  message: string;
  /** The arithmetic behind it; asked for where the full campaign is read, not on live events. */
  detail?: string;
}

/** The quality gate's verdict on a completed campaign. */
export interface Attention {
  needsAttention: boolean;
  /** Plain sentences; empty when it does not need attention. */
  attentionReasons: string[];
}

export interface Brand {
  id: string;
  name: string;
  voice: string;
  tone: string;
  values: string[];
  keywords: string[];
  prohibitedTopics: string[];
  colors: string[];
  updatedAt?: string;
}

export type BrandFields = Omit<Brand, 'id' | 'updatedAt'>;

export interface AgentStep {
  role: AgentRole;
  attempt: number;
  status: StepStatus;
  model: string;
  output: string;
  score: number | null;
  passed: boolean | null;
  feedback: string[];
  promptTokens: number;
  completionTokens: number;
  durationMs: number;
  tokensPerSecond: number | null;
  error: string | null;
}

export interface ComplianceIssue {
  severity: string;
  description: string;
  suggestion: string;
}

export interface DesignRecommendations {
  imageTypes: { type: string; description: string }[];
  palette: { hex: string; role: string }[];
  typography: string;
  layout: string;
}

export interface Campaign extends Attention {
  id: string;
  brief: string;
  targetAudience: string;
  contentType: ContentType;
  keyphrase: string | null;
  brand: { id: string; name: string } | null;
  status: CampaignStatus;
  content: string | null;
  scores: Scores | null;
  feedback: ScoreExplanation[];
  complianceIssues: ComplianceIssue[];
  design: DesignRecommendations | null;
  steps: AgentStep[];
  error: string | null;
  /** Download URLs, and the name they are saved under (without the extension). */
  exports: { markdown: string; text: string; json: string; fileName: string };
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface CampaignSummary extends Attention {
  id: string;
  brief: string;
  contentType: ContentType;
  status: CampaignStatus;
  brand: { id: string; name: string } | null;
  scores: Scores | null;
  createdAt: string;
  durationMs: number | null;
}

interface EventBase {
  /** The campaign's run; a retry or a server restart starts a new one, from seq 1. */
  run: number;
  seq: number;
  campaignId: string;
  at: string;
}

export type CampaignEvent = EventBase &
  (
    | { __typename: 'StepStarted'; role: AgentRole; attempt: number; model: string; stage: ScoreStage }
    | { __typename: 'TokenChunk'; role: AgentRole; attempt: number; text: string; chunks: number }
    | { __typename: 'ThinkingChunk'; role: AgentRole; attempt: number; text: string }
    | {
        __typename: 'StepCompleted';
        role: AgentRole;
        attempt: number;
        stepStatus: StepStatus;
        score: number | null;
        passed: boolean | null;
        feedback: string[];
        promptTokens: number;
        completionTokens: number;
        durationMs: number;
        error: string | null;
      }
    | { __typename: 'RevisionRequested'; round: number; score: number | null; feedback: string[] }
    | { __typename: 'RevisionLimitReached'; rounds: number; score: number | null; feedback: string[] }
    | { __typename: 'DraftKept'; reason: string }
    | { __typename: 'ScoresUpdated'; stage: ScoreStage; scores: Scores; explanations: ScoreExplanation[] }
    | { __typename: 'ApprovalRequested'; gate: ApprovalGate; content: string }
    | { __typename: 'CampaignFinished'; status: CampaignStatus; error: string | null }
  );

export interface ComponentHealth {
  ok: boolean;
  message: string | null;
}

export interface ConfiguredModel {
  name: string;
  present: boolean;
  pullCommand: string;
  usedBy: string[];
}

export interface Health {
  ok: boolean;
  server: ComponentHealth & { version: string; uptimeSeconds: number };
  database: ComponentHealth;
  ollama: ComponentHealth & { host: string; version: string | null };
  models: ConfiguredModel[];
}

export interface Stats {
  total: number;
  byStatus: { status: CampaignStatus; count: number }[];
  averageScores: Scores | null;
  averageDurationMs: number | null;
  tokensPerSecond: number | null;
}
