// Campaigns and their agent steps as the product sees them, over the Prisma rows.

import type { PrismaClient } from '../db/client.js';
import type { DatabaseKind } from '../db/database-url.js';
import { type AgentStep as AgentStepRow, type Campaign as CampaignModel, Prisma } from '../db/generated/client.js';
import { notFound } from '../errors.js';
import type { CampaignEvent } from '../pipeline/events.js';
import type { EarlierCampaign } from '../pipeline/originality.js';
import type {
  AgentRole,
  ApprovalDecision,
  ApprovalGate,
  CampaignMeasurements,
  CampaignStatus,
  ComplianceIssue,
  ContentType,
  DesignRecommendations,
  ModelOverrides,
  PendingApproval,
  ScoreExplanation,
  ScoreStage,
  Scores,
  StepStatus,
} from '../pipeline/types.js';
import { type WritingOptions, writingOptionsOf } from '../scoring/writing-options.js';
import { cachedResult, copyResult, decide, requeueFrom } from './campaign-decisions.js';
import { defaultCampaignName } from './names.js';

export interface Campaign {
  id: string;
  /** What the marketer called it, or the start of the brief. */
  name: string;
  brief: string;
  targetAudience: string;
  contentType: ContentType;
  keyphrase: string | null;
  brandId: string | null;
  modelOverrides: ModelOverrides;
  writingOptions: WritingOptions;
  status: CampaignStatus;
  /** Each queueing (create, retry, resume after a restart) starts a new run of events. */
  runNumber: number;
  content: string | null;
  scores: Scores | null;
  scoreFeedback: ScoreExplanation[];
  measurements: CampaignMeasurements;
  design: DesignRecommendations | null;
  complianceIssues: ComplianceIssue[];
  error: string | null;
  /** The Brand Manager still wanted changes when the revision rounds ran out. */
  revisionLimitReached: boolean;
  /** Why the reviewed draft is the content rather than the Optimizer's text; null when it is the Optimizer's. */
  draftKeptReason: string | null;
  /** Where the campaign waits for a person's approval. */
  approvalGates: ApprovalGate[];
  /** What it waits for now; null when it is not waiting. */
  pendingApproval: PendingApproval | null;
  /** Every decision taken at its gates (and every refinement), oldest first. */
  approvals: ApprovalDecision[];
  /** The result cache's key; null when its result no longer answers the request (a rerun, a refinement). */
  cacheKey: string | null;
  /** The campaign this one's result was served from, when it was a cache hit. */
  cachedFromId: string | null;
  createdAt: Date;
  updatedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  /** Set on the campaign as it was when deleted: the update that tells the dashboards, and deleteCampaign's answer. */
  deleted?: true;
}

export interface AgentStep {
  id: string;
  campaignId: string;
  role: AgentRole;
  attempt: number;
  /** Which text the step worked on: the draft, or the final text (the Optimizer's, and its review). */
  stage: ScoreStage;
  status: StepStatus;
  model: string;
  output: string;
  /** The model's reply as it came, when cleaning or repair changed it. */
  rawOutput: string | null;
  /** What was cleaned or repaired, in plain sentences. */
  repairs: string[];
  verdict: unknown;
  score: number | null;
  passed: boolean | null;
  feedback: string[];
  promptTokens: number;
  completionTokens: number;
  firstTokenMs: number | null;
  durationMs: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** When a rerun from an earlier agent replaced this step; null while it counts. */
  supersededAt: Date | null;
}

export interface NewCampaign {
  name: string;
  brief: string;
  targetAudience: string;
  contentType: ContentType;
  keyphrase: string | null;
  brandId: string | null;
  modelOverrides: ModelOverrides;
  writingOptions: WritingOptions;
  approvalGates?: ApprovalGate[];
  cacheKey?: string | null;
}

export interface CampaignResult {
  content: string;
  scores: Scores;
  scoreFeedback: ScoreExplanation[];
  measurements: CampaignMeasurements;
  design: DesignRecommendations | null;
  complianceIssues: ComplianceIssue[];
  draftKeptReason: string | null;
  /** The content's embedding, when one was made while measuring it. */
  embedding?: { embedding: number[]; model: string } | null;
}

/** What a step ended with: everything the row holds except its identity and times. */
export type StepOutcome = Pick<
  AgentStep,
  'status' | 'output' | 'score' | 'passed' | 'feedback' | 'promptTokens' | 'completionTokens' | 'firstTokenMs' | 'durationMs' | 'error'
> & { verdict?: unknown; rawOutput?: string | null; repairs?: string[] };

export const json = (value: unknown) => value as Prisma.InputJsonValue;

type DropFirst<T extends unknown[]> = T extends [unknown, ...infer Rest] ? Rest : never;

/**
 * A campaign's row as it is read: without its embedding (768 numbers as JSON, parsed for every row
 * read), which only the originality check needs and selects by name.
 */
type CampaignRow = Omit<CampaignModel, 'embedding'>;

export function toCampaign(row: CampaignRow): Campaign {
  const hasScores = row.brandAlignment !== null && row.compliance !== null && row.readability !== null && row.overallQuality !== null;
  return {
    id: row.id,
    name: row.name ?? defaultCampaignName(row.brief),
    brief: row.brief,
    targetAudience: row.targetAudience,
    contentType: row.contentType as ContentType,
    keyphrase: row.keyphrase,
    brandId: row.brandId,
    modelOverrides: (row.modelOverrides ?? {}) as ModelOverrides,
    writingOptions: writingOptionsOf(row.writingOptions),
    status: row.status as CampaignStatus,
    runNumber: row.runNumber,
    content: row.content,
    scores: hasScores
      ? {
          brandAlignment: row.brandAlignment ?? 0,
          compliance: row.compliance ?? 0,
          readability: row.readability ?? 0,
          overallQuality: row.overallQuality ?? 0,
        }
      : null,
    scoreFeedback: row.scoreFeedback as unknown as ScoreExplanation[],
    measurements: (row.measurements ?? {}) as CampaignMeasurements,
    design: row.design as DesignRecommendations | null,
    complianceIssues: row.complianceIssues as unknown as ComplianceIssue[],
    error: row.error,
    revisionLimitReached: row.revisionLimitReached,
    draftKeptReason: row.draftKeptReason,
    approvalGates: (row.approvalGates as ApprovalGate[] | null) ?? [],
    pendingApproval: (row.pendingApproval as PendingApproval | null) ?? null,
    approvals: (row.approvals as ApprovalDecision[] | null) ?? [],
    cacheKey: row.cacheKey,
    cachedFromId: row.cachedFromId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

function toStep(row: AgentStepRow): AgentStep {
  return {
    ...row,
    role: row.role as AgentRole,
    status: row.status as StepStatus,
    stage: row.stage as ScoreStage,
    verdict: row.verdict,
    feedback: row.feedback as unknown as string[],
    repairs: (row.repairs as string[] | null) ?? [],
  };
}

export interface CampaignPage {
  campaigns: Campaign[];
  hasNextPage: boolean;
  totalCount: number;
}

export interface CampaignFilter {
  status?: CampaignStatus | null;
  brandId?: string | null;
  contentType?: ContentType | null;
  /** Words the name or the brief holds (each word somewhere in either, in any case). */
  search?: string | null;
}

/** A search word in any case: SQLite's LIKE ignores ASCII case already, PostgreSQL must be told. */
function containsWord(word: string, database: DatabaseKind): Prisma.StringFilter {
  return database === 'postgres' ? ({ contains: word, mode: 'insensitive' } as Prisma.StringFilter) : { contains: word };
}

/** The filter as a Prisma condition; the search's words each match the name or the brief. */
function whereOf(filter: CampaignFilter, database: DatabaseKind): Prisma.CampaignWhereInput {
  const words = (filter.search ?? '').trim().split(/\s+/).filter(Boolean).slice(0, 10);
  return {
    ...(filter.status ? { status: filter.status } : {}),
    ...(filter.brandId ? { brandId: filter.brandId } : {}),
    ...(filter.contentType ? { contentType: filter.contentType } : {}),
    ...(words.length > 0
      ? { AND: words.map((word) => ({ OR: [{ name: containsWord(word, database) }, { brief: containsWord(word, database) }] })) }
      : {}),
  };
}

/** What a status change writes: the status, its error, when it finished, and no pending approval unless it waits for one. */
function statusChange(status: CampaignStatus, error: string | null): Prisma.CampaignUpdateInput {
  const finished = status === 'COMPLETED' || status === 'FAILED' || status === 'CANCELLED' || status === 'REJECTED';
  return {
    status,
    error,
    finishedAt: finished ? new Date() : null,
    ...(status === 'AWAITING_APPROVAL' ? {} : { pendingApproval: Prisma.DbNull }),
  };
}

/**
 * What a write that needs no row back selects: the id alone, rather than every column (a
 * campaign's JSON columns, its embedding among them, read back and parsed for nothing).
 */
const idOnly = { id: true } as const;

export class CampaignStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly database: DatabaseKind = 'sqlite',
  ) {}

  async create(campaign: NewCampaign): Promise<Campaign> {
    const { approvalGates = [], ...fields } = campaign;
    const row = await this.prisma.campaign.create({
      data: {
        ...fields,
        runNumber: 1,
        modelOverrides: json(campaign.modelOverrides),
        writingOptions: json(campaign.writingOptions),
        approvalGates: approvalGates.length > 0 ? json(approvalGates) : undefined,
        scoreFeedback: [],
        complianceIssues: [],
      },
    });
    return toCampaign(row);
  }

  async find(id: string): Promise<Campaign | null> {
    const row = await this.prisma.campaign.findUnique({ where: { id }, omit: { embedding: true } });
    return row ? toCampaign(row) : null;
  }

  async get(id: string): Promise<Campaign> {
    const campaign = await this.find(id);
    if (!campaign) throw notFound('Campaign', id);
    return campaign;
  }

  /** Newest first; the cursor is the id of the last campaign of the previous page. */
  async page(first: number, after: string | null, offset: number, filter: CampaignFilter): Promise<CampaignPage> {
    const where = whereOf(filter, this.database);
    const [rows, totalCount] = await Promise.all([
      this.prisma.campaign.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: first + 1,
        omit: { embedding: true },
        ...(after ? { cursor: { id: after }, skip: 1 } : offset > 0 ? { skip: offset } : {}),
      }),
      this.prisma.campaign.count({ where }),
    ]);
    return { campaigns: rows.slice(0, first).map(toCampaign), hasNextPage: rows.length > first, totalCount };
  }

  async idsWithStatus(statuses: CampaignStatus[]): Promise<string[]> {
    const rows = await this.prisma.campaign.findMany({
      where: { status: { in: statuses } },
      orderBy: { createdAt: 'asc' },
      select: { id: true },
    });
    return rows.map((row) => row.id);
  }

  async setStatus(id: string, status: CampaignStatus, error: string | null = null): Promise<Campaign> {
    return toCampaign(await this.prisma.campaign.update({ where: { id }, data: statusChange(status, error), omit: { embedding: true } }));
  }

  /**
   * A claimed campaign (read just before) starts running: one write, which sets its start time
   * unless an earlier part of the run set it (a run resumed after an approval keeps its start).
   */
  async start(claimed: Campaign): Promise<Campaign> {
    const row = await this.prisma.campaign.update({
      where: { id: claimed.id },
      data: { ...statusChange('RUNNING', null), startedAt: claimed.startedAt ?? new Date() },
      omit: { embedding: true },
    });
    return toCampaign(row);
  }

  /** Back on the queue for a new run (a retry, or a resume after a restart). */
  /**
   * Puts a campaign back on the queue as a new run, only if it is in one of `from` (by default
   * any status); null when it was not. One conditional write, so two concurrent retries make one run.
   */
  async requeue(id: string, from?: CampaignStatus[]): Promise<Campaign | null> {
    const { count } = await this.prisma.campaign.updateMany({
      where: { id, ...(from ? { status: { in: from } } : {}) },
      // The new run's duration starts when it starts: the time the campaign sat failed or cancelled is not counted.
      data: { status: 'QUEUED', error: null, startedAt: null, finishedAt: null, runNumber: { increment: 1 } },
    });
    return count === 0 ? null : this.get(id);
  }

  /** The run stops at a gate: the campaign waits, holding no run slot, until a person decides. */
  async awaitApproval(id: string, pending: PendingApproval): Promise<Campaign> {
    const row = await this.prisma.campaign.update({
      where: { id },
      data: { status: 'AWAITING_APPROVAL', error: null, pendingApproval: json(pending) },
      omit: { embedding: true },
    });
    return toCampaign(row);
  }

  /** See campaign-decisions.ts. */
  decide(...args: DropFirst<Parameters<typeof decide>>): ReturnType<typeof decide> {
    return decide(this.prisma, ...args);
  }

  requeueFrom(...args: DropFirst<Parameters<typeof requeueFrom>>): ReturnType<typeof requeueFrom> {
    return requeueFrom(this.prisma, ...args);
  }

  cachedResult(cacheKey: string): Promise<Campaign | null> {
    return cachedResult(this.prisma, cacheKey);
  }

  copyResult(...args: DropFirst<Parameters<typeof copyResult>>): ReturnType<typeof copyResult> {
    return copyResult(this.prisma, ...args);
  }

  async saveMeasurements(id: string, measurements: CampaignMeasurements): Promise<void> {
    await this.prisma.campaign.update({ where: { id }, data: { measurements: json(measurements) }, select: idOnly });
  }

  async complete(id: string, result: CampaignResult): Promise<Campaign> {
    const row = await this.prisma.campaign.update({
      where: { id },
      data: {
        status: 'COMPLETED',
        error: null,
        finishedAt: new Date(),
        content: result.content,
        ...result.scores,
        scoreFeedback: json(result.scoreFeedback),
        measurements: json(result.measurements),
        design: result.design ? json(result.design) : undefined,
        complianceIssues: json(result.complianceIssues),
        draftKeptReason: result.draftKeptReason,
        ...(result.embedding ? { embedding: json(result.embedding.embedding), embeddingModel: result.embedding.model } : {}),
      },
      omit: { embedding: true },
    });
    return toCampaign(row);
  }

  async markRevisionLimitReached(id: string): Promise<void> {
    await this.prisma.campaign.update({ where: { id }, data: { revisionLimitReached: true }, select: idOnly });
  }

  async delete(id: string): Promise<Campaign> {
    const campaign = await this.get(id);
    await this.prisma.campaign.delete({ where: { id } });
    return campaign;
  }

  async steps(campaignId: string): Promise<AgentStep[]> {
    return (await this.#stepsOfEach([campaignId])).get(campaignId) ?? [];
  }

  /** Several campaigns with their steps in two queries, in the order of `ids`; ids not found are left out. */
  async withSteps(ids: readonly string[]): Promise<{ campaign: Campaign; steps: AgentStep[] }[]> {
    const [rows, steps] = await Promise.all([
      this.prisma.campaign.findMany({ where: { id: { in: [...ids] } }, omit: { embedding: true } }),
      this.#stepsOfEach(ids),
    ]);
    const byId = new Map(rows.map((row) => [row.id, toCampaign(row)]));
    return ids.flatMap((id) => {
      const campaign = byId.get(id);
      return campaign ? [{ campaign, steps: steps.get(id) ?? [] }] : [];
    });
  }

  async #stepsOfEach(campaignIds: readonly string[]): Promise<Map<string, AgentStep[]>> {
    const rows = await this.prisma.agentStep.findMany({
      where: { campaignId: { in: [...campaignIds] } },
      orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }],
    });
    const steps = new Map<string, AgentStep[]>();
    for (const row of rows) {
      const campaignSteps = steps.get(row.campaignId) ?? [];
      campaignSteps.push(toStep(row));
      steps.set(row.campaignId, campaignSteps);
    }
    return steps;
  }

  /** Records a step as RUNNING; its id, for finishStep. */
  async startStep(campaignId: string, role: AgentRole, attempt: number, model: string, stage: ScoreStage): Promise<string> {
    const row = await this.prisma.agentStep.create({
      data: { campaignId, role, attempt, model, stage, status: 'RUNNING', feedback: [], startedAt: new Date() },
      select: idOnly,
    });
    return row.id;
  }

  async finishStep(stepId: string, outcome: StepOutcome): Promise<void> {
    const { verdict, repairs, ...rest } = outcome;
    await this.prisma.agentStep.update({
      where: { id: stepId },
      data: {
        ...rest,
        verdict: verdict === undefined ? undefined : json(verdict),
        repairs: repairs === undefined ? undefined : json(repairs),
        feedback: json(outcome.feedback),
        finishedAt: new Date(),
      },
      select: idOnly,
    });
  }

  /** Steps a dead server left RUNNING: they did not finish, so they count as failed attempts. */
  async failInterruptedSteps(campaignId: string, reason: string): Promise<void> {
    await this.prisma.agentStep.updateMany({
      where: { campaignId, status: 'RUNNING' },
      data: { status: 'FAILED', error: reason, finishedAt: new Date() },
    });
  }

  /** The latest completed campaigns' content for the originality check (the brand's, or all without a brand). */
  /** The brand's latest completed campaigns, to measure a new one's originality against. */
  async earlierCampaigns(brandId: string | null, excludeId: string, limit = 20): Promise<EarlierCampaign[]> {
    const rows = await this.prisma.campaign.findMany({
      where: { status: 'COMPLETED', brandId, id: { not: excludeId }, content: { not: null } },
      orderBy: { createdAt: 'desc' },
      take: limit,
      select: { id: true, content: true, embedding: true, embeddingModel: true },
    });
    return rows.map((row) => ({
      id: row.id,
      content: row.content ?? '',
      embedding: (row.embedding as number[] | null) ?? null,
      embeddingModel: row.embeddingModel,
    }));
  }

  /** A finished run's events, kept for exact replays (one row per campaign: the latest run). */
  async saveEventLog(campaignId: string, run: number, events: readonly CampaignEvent[]): Promise<void> {
    const kept = json(events.map(({ campaignId: _campaign, run: _run, ...event }) => event));
    await this.prisma.campaignEventLog.upsert({
      where: { campaignId },
      create: { campaignId, run, events: kept },
      update: { run, events: kept },
      select: { campaignId: true },
    });
  }

  async finishedEventLog(campaignId: string): Promise<{ run: number; events: CampaignEvent[] } | null> {
    const row = await this.prisma.campaignEventLog.findUnique({ where: { campaignId } });
    if (!row) return null;
    const events = (row.events as unknown as (Omit<CampaignEvent, 'campaignId' | 'run' | 'at'> & { at: string })[]).map(
      (event) => ({ ...event, campaignId, run: row.run, at: new Date(event.at) }) as CampaignEvent,
    );
    return { run: row.run, events };
  }

  async saveEmbedding(id: string, embedding: number[], model: string): Promise<void> {
    await this.prisma.campaign.update({ where: { id }, data: { embedding: json(embedding), embeddingModel: model }, select: idOnly });
  }
}
