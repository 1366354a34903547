// The campaign writes of approval gates, reruns and the result cache: each one transaction, so
// that two people deciding at once, or two reruns, make one change. CampaignStore delegates here.
import type { PrismaClient } from '../db/client.js';
import { Prisma } from '../db/generated/client.js';
import type { CampaignEvent } from '../pipeline/events.js';
import type { ApprovalDecision, CampaignStatus, ModelOverrides } from '../pipeline/types.js';
import { type Campaign, json, type NewCampaign, toCampaign } from './store.js';

/**
 * Moves a waiting campaign on (QUEUED for a new run, or ended as REJECTED or CANCELLED), recording
 * the decision taken, only if it still waits in the run `run`; null when another decision got there
 * first. Either way the run at the gate is over: the next one is numbered on.
 */
export async function decide(
  prisma: PrismaClient,
  id: string,
  run: number,
  decision: ApprovalDecision | null,
  next: 'QUEUED' | 'REJECTED' | 'CANCELLED',
  error: string | null = null,
): Promise<Campaign | null> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.campaign.findUnique({ where: { id } });
    if (row?.status !== 'AWAITING_APPROVAL' || row.runNumber !== run) return null;
    const approvals = [...((row.approvals as ApprovalDecision[] | null) ?? []), ...(decision ? [decision] : [])];
    const { count } = await tx.campaign.updateMany({
      where: { id, status: 'AWAITING_APPROVAL', runNumber: run },
      data: {
        status: next,
        approvals: json(approvals),
        pendingApproval: Prisma.DbNull,
        runNumber: { increment: 1 },
        error,
        finishedAt: next === 'QUEUED' ? null : new Date(),
      },
    });
    return count === 0 ? null : toCampaign(await tx.campaign.findUniqueOrThrow({ where: { id }, omit: { embedding: true } }));
  });
}

/**
 * A new run from a chosen point: the steps started at or after `cut` (but those in `keep`) and the
 * decisions taken after it are superseded, kept for the record; the campaign is queued again, only
 * if it is in one of `from`. `extra` is a decision to add (a refinement), `models` replace the
 * campaign's overrides. Null when the campaign was not in `from`.
 */
export async function requeueFrom(
  prisma: PrismaClient,
  id: string,
  from: CampaignStatus[],
  change: { cut?: Date; keepStepIds?: string[]; extra?: ApprovalDecision; models?: ModelOverrides },
): Promise<Campaign | null> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.campaign.findUnique({ where: { id } });
    if (!row || !from.includes(row.status as CampaignStatus)) return null;
    const now = new Date();
    const { cut, keepStepIds = [], extra, models } = change;
    let approvals = (row.approvals as ApprovalDecision[] | null) ?? [];
    if (cut) {
      await tx.agentStep.updateMany({
        where: { campaignId: id, startedAt: { gte: cut }, supersededAt: null, id: { notIn: keepStepIds } },
        data: { supersededAt: now },
      });
    }
    // A rerun also takes back a rejection: the campaign goes on.
    approvals = approvals.map((decision) =>
      decision.supersededAt === null && (decision.decision === 'REJECTED' || (cut && new Date(decision.at) >= cut))
        ? { ...decision, supersededAt: now.toISOString() }
        : decision,
    );
    if (extra) approvals = [...approvals, extra];
    const { count } = await tx.campaign.updateMany({
      where: { id, status: row.status },
      data: {
        status: 'QUEUED',
        error: null,
        // Timed from the new run's start, as a retry is.
        startedAt: null,
        finishedAt: null,
        pendingApproval: Prisma.DbNull,
        approvals: json(approvals),
        runNumber: { increment: 1 },
        // The result will no longer be what the request alone gives.
        ...(cut || extra || models ? { cacheKey: null } : {}),
        draftKeptReason: null,
        revisionLimitReached: false,
        ...(models ? { modelOverrides: json(models) } : {}),
      },
    });
    return count === 0 ? null : toCampaign(await tx.campaign.findUniqueOrThrow({ where: { id }, omit: { embedding: true } }));
  });
}

/** The newest completed campaign whose result answers this cache key, if any. */
export async function cachedResult(prisma: PrismaClient, cacheKey: string): Promise<Campaign | null> {
  const row = await prisma.campaign.findFirst({
    where: { cacheKey, status: 'COMPLETED', content: { not: null } },
    orderBy: { finishedAt: 'desc' },
    omit: { embedding: true },
  });
  return row ? toCampaign(row) : null;
}

/**
 * A new, completed campaign for `request` with the result of `source` (its content, scores,
 * design and current steps) and the events it streamed; it says where it came from.
 */
export async function copyResult(
  prisma: PrismaClient,
  source: Campaign,
  request: NewCampaign,
  events: readonly CampaignEvent[],
): Promise<Campaign> {
  return prisma.$transaction(async (tx) => {
    const from = await tx.campaign.findUniqueOrThrow({ where: { id: source.id } });
    const steps = await tx.agentStep.findMany({ where: { campaignId: source.id, supersededAt: null } });
    const now = new Date();
    // A result people edited is served as the agents wrote it (version 1), never as their edit.
    const agentsText = await tx.contentVersion.findFirst({ where: { campaignId: source.id, number: 1 } });
    const row = await tx.campaign.create({
      data: {
        name: request.name,
        writingOptions: json(request.writingOptions),
        brief: request.brief,
        targetAudience: request.targetAudience,
        contentType: request.contentType,
        keyphrase: request.keyphrase,
        brandId: request.brandId,
        modelOverrides: json(request.modelOverrides),
        cacheKey: request.cacheKey ?? null,
        cachedFromId: source.id,
        status: 'COMPLETED',
        runNumber: 1,
        startedAt: now,
        finishedAt: now,
        content: agentsText?.content ?? from.content,
        brandAlignment: from.brandAlignment,
        compliance: from.compliance,
        readability: from.readability,
        overallQuality: from.overallQuality,
        scoreFeedback: json(from.scoreFeedback),
        measurements: from.measurements === null ? undefined : json(from.measurements),
        design: from.design === null ? undefined : json(from.design),
        complianceIssues: json(from.complianceIssues),
        draftKeptReason: from.draftKeptReason,
        revisionLimitReached: from.revisionLimitReached,
        embedding: from.embedding === null ? undefined : json(from.embedding),
        embeddingModel: from.embeddingModel,
      },
      omit: { embedding: true },
    });
    for (const { id: _id, campaignId: _campaign, verdict, repairs, feedback, ...step } of steps) {
      await tx.agentStep.create({
        data: {
          ...step,
          campaignId: row.id,
          verdict: verdict === null ? undefined : json(verdict),
          repairs: repairs === null ? undefined : json(repairs),
          feedback: json(feedback),
        },
      });
    }
    const kept = json(events.map(({ campaignId: _c, run: _r, ...event }) => event));
    await tx.campaignEventLog.create({ data: { campaignId: row.id, run: 1, events: kept } });
    return toCampaign(row);
  });
}
