// What the harness keeps of one campaign: the fields of the public GraphQL API it needs,
// nothing computed yet, so the report can be re-made from a saved `--json` file.

import type { AgentRole, ContentType } from '../server/pipeline/types.js';

// The product's own vocabulary, so a new content type or agent shows up here too.
export { type AgentRole, agentRoles, type ContentType, contentTypes } from '../server/pipeline/types.js';

export interface Check {
  name: string;
  passed: boolean;
  value: number;
  target: string;
}

/** Campaign.draftMetrics / finalMetrics (TextMetrics in schema.graphql). */
export interface TextMetrics {
  fleschReadingEase: number;
  readabilityBand: string;
  keywordCoverage: number;
  missingKeywords: string[];
  prohibitedTopicHits: string[];
  placeholders: string[];
  lengthChecks: Check[];
  seoChecks: Check[];
}

export interface Scores {
  brandAlignment: number;
  compliance: number;
  readability: number;
  overallQuality: number;
}

/** One AgentStep: one attempt of one agent. */
export interface StepResult {
  role: AgentRole;
  attempt: number;
  stage: 'DRAFT' | 'FINAL';
  status: string;
  model: string;
  score: number | null;
  passed: boolean | null;
  repairs: string[];
  durationMs: number;
  firstTokenMs: number | null;
  promptTokens: number;
  completionTokens: number;
  tokensPerSecond: number | null;
}

export interface CampaignResult {
  /** The set's label (eval/set.ts), e.g. "ledgerly-email-2". */
  evalId: string;
  brandName: string;
  campaignId: string;
  contentType: ContentType;
  keyphrase: string | null;
  status: string;
  error: string | null;
  durationMs: number | null;
  /** RevisionRequested events seen on campaignEvents; null when the campaign was polled instead. */
  revisionRequests: number | null;
  revisionLimitReached: boolean;
  draftKeptReason: string | null;
  scores: Scores | null;
  draftMetrics: TextMetrics | null;
  finalMetrics: TextMetrics | null;
  steps: StepResult[];
}

/** One run of the harness, as the report describes it. */
export interface EvalRun {
  startedAt: string;
  wallMs: number;
  /** Where the campaigns ran: "in-process (…)" or the server's URL. */
  server: string;
  concurrency: number;
  /** The flags that chose the subset, e.g. "--limit 8"; '' for the whole set. */
  selection: string;
  /** Campaigns of the selection never started (a Ctrl-C, or a harness error). */
  notRun: number;
  results: CampaignResult[];
}
