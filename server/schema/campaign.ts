import { z } from 'zod';
import { campaignRules, modelNameRule, pageSizeRule } from '../campaigns/campaign-rules.js';
import { exportFileName } from '../campaigns/exports.js';
import { defaultCampaignName } from '../campaigns/names.js';
import { qualityGate } from '../campaigns/quality.js';
import type { AgentStep, Campaign } from '../campaigns/store.js';
import { badInput, notFound } from '../errors.js';
import {
  agentRoles,
  type ComplianceIssue,
  campaignStatuses,
  contentTypes,
  type DesignRecommendations,
  type ModelOverrides,
  type ScoredText,
  type ScoreExplanation,
  type Scores,
  scoreStages,
  stepStatuses,
} from '../pipeline/types.js';
import { type SeoCheck, stripMarkdown } from '../scoring/index.js';
import { contentLengths, writingOptionsOf } from '../scoring/writing-options.js';
import { ApprovalGateEnum } from './approval-gate.js';
import { BrandRef } from './brand.js';
import { builder } from './builder.js';

export const ContentTypeEnum = builder.enumType('ContentType', { values: contentTypes });
export const CampaignStatusEnum = builder.enumType('CampaignStatus', { values: campaignStatuses });
export const AgentRoleEnum = builder.enumType('AgentRole', { values: agentRoles });
export const StepStatusEnum = builder.enumType('StepStatus', { values: stepStatuses });
export const ScoreStageEnum = builder.enumType('ScoreStage', { values: scoreStages });

export const ContentLengthEnum = builder.enumType('ContentLength', {
  values: contentLengths,
  description: 'SHORT, STANDARD or LONG; for blog posts 300–600, 600–1200 or 1200–2000 words.',
});
export const SocialPlatformEnum = builder.enumType('SocialPlatform', {
  values: {
    X: { value: 'X' },
    LINKEDIN: { value: 'LinkedIn' },
    INSTAGRAM: { value: 'Instagram' },
    FACEBOOK: { value: 'Facebook' },
  } as const,
});

export const ScoresRef = builder.objectRef<Scores>('Scores').implement({
  description: 'The four scores, 0-100.',
  fields: (t) => ({
    brandAlignment: t.exposeInt('brandAlignment'),
    compliance: t.exposeInt('compliance'),
    readability: t.exposeInt('readability'),
    overallQuality: t.exposeInt('overallQuality'),
  }),
});

export const ScoreExplanationRef = builder.objectRef<ScoreExplanation>('ScoreExplanation').implement({
  description: 'Which checks moved a score, and why.',
  fields: (t) => ({
    score: t.exposeString('score'),
    message: t.exposeString('message', { description: 'In plain words: the score and what moved it.' }),
    detail: t.string({
      description: 'The arithmetic behind the score, every term and weight (the message, for campaigns scored before it existed).',
      resolve: (explanation) => explanation.detail ?? explanation.message,
    }),
  }),
});

const ComplianceIssueRef = builder.objectRef<ComplianceIssue>('ComplianceIssue').implement({
  fields: (t) => ({
    severity: t.exposeString('severity'),
    description: t.exposeString('description'),
    suggestion: t.exposeString('suggestion'),
  }),
});

const DesignRef = builder.objectRef<DesignRecommendations>('DesignRecommendations').implement({
  fields: (t) => ({
    imageTypes: t.field({
      type: [
        builder.objectRef<{ type: string; description: string }>('ImageSuggestion').implement({
          fields: (f) => ({ type: f.exposeString('type'), description: f.exposeString('description') }),
        }),
      ],
      resolve: (design) => design.imageTypes,
    }),
    palette: t.field({
      type: [
        builder.objectRef<{ hex: string; role: string }>('PaletteColor').implement({
          fields: (f) => ({ hex: f.exposeString('hex'), role: f.exposeString('role') }),
        }),
      ],
      resolve: (design) => design.palette,
    }),
    typography: t.exposeString('typography'),
    layout: t.exposeString('layout'),
  }),
});

interface Check {
  name: string;
  value: number;
  target: string;
  passed: boolean;
  message: string;
}

const CheckRef = builder.objectRef<Check>('Check').implement({
  description: 'One measured check: an SEO rule or a length limit.',
  fields: (t) => ({
    name: t.exposeString('name'),
    value: t.exposeFloat('value'),
    target: t.exposeString('target'),
    passed: t.exposeBoolean('passed'),
    message: t.exposeString('message'),
  }),
});

const seoCheck = (check: SeoCheck): Check => ({
  name: check.check,
  value: check.value,
  target: check.target,
  passed: check.passed,
  message: check.message,
});

const TextMetricsRef = builder.objectRef<ScoredText>('TextMetrics').implement({
  description: 'What was measured on a text, and the scores it gave.',
  fields: (t) => ({
    wordCount: t.exposeInt('wordCount'),
    fleschReadingEase: t.float({ resolve: (text) => text.readability.fleschReadingEase }),
    readabilityBand: t.string({ resolve: (text) => text.readability.band }),
    keywordCoverage: t.float({ description: 'Share of brand keywords used, 0-1.', resolve: (text) => text.keywords.share }),
    missingKeywords: t.stringList({ resolve: (text) => text.keywords.missing }),
    prohibitedTopicHits: t.stringList({ resolve: (text) => text.prohibited.map((hit) => hit.topic) }),
    placeholders: t.stringList({
      description: 'Template placeholders left unfilled ("[Your Name]", "{company}"), verbatim: a hard check.',
      // Measurements saved before placeholders were looked for have none.
      resolve: (text) => text.placeholders ?? [],
    }),
    similarity: t.float({ nullable: true, description: 'Closest earlier campaign, 0-1.', resolve: (text) => text.similarity }),
    similarityMethod: t.string({ nullable: true, resolve: (text) => text.similarityMethod }),
    seoChecks: t.field({ type: [CheckRef], resolve: (text) => text.seo.map(seoCheck) }),
    lengthChecks: t.field({
      type: [CheckRef],
      resolve: (text) =>
        text.lengthLimits.map((check) => ({
          name: check.check,
          value: check.value,
          target: check.limit,
          passed: check.passed,
          message: check.message,
        })),
    }),
    scores: t.field({ type: ScoresRef, resolve: (text) => text.scores }),
  }),
});

export const AgentStepRef = builder.objectRef<AgentStep>('AgentStep').implement({
  description: 'One attempt of one agent: its output, verdict, model, tokens and timings.',
  fields: (t) => ({
    id: t.exposeID('id'),
    role: t.field({ type: AgentRoleEnum, resolve: (step) => step.role }),
    attempt: t.exposeInt('attempt'),
    stage: t.field({
      type: ScoreStageEnum,
      description: "Which text the step worked on: the draft, or the final text (the Optimizer's, and the final review of it).",
      resolve: (step) => step.stage,
    }),
    status: t.field({ type: StepStatusEnum, resolve: (step) => step.status }),
    model: t.exposeString('model'),
    output: t.exposeString('output', { description: 'What the step kept: prose without remarks around it, or the verdict as sent.' }),
    rawOutput: t.exposeString('rawOutput', {
      nullable: true,
      description: "The model's reply as it came, when cleaning changed it (for audit).",
    }),
    repairs: t.exposeStringList('repairs', { description: 'What was cleaned or repaired, in plain sentences.' }),
    score: t.exposeInt('score', { nullable: true }),
    passed: t.exposeBoolean('passed', { nullable: true }),
    feedback: t.exposeStringList('feedback'),
    promptTokens: t.exposeInt('promptTokens'),
    completionTokens: t.exposeInt('completionTokens'),
    tokensPerSecond: t.float({
      nullable: true,
      resolve: (step) => (step.durationMs > 0 && step.completionTokens > 0 ? (step.completionTokens * 1000) / step.durationMs : null),
    }),
    firstTokenMs: t.exposeInt('firstTokenMs', { nullable: true }),
    durationMs: t.exposeInt('durationMs'),
    error: t.exposeString('error', { nullable: true }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
});

const ExportLinksRef = builder.objectRef<Pick<Campaign, 'id' | 'name'>>('ExportLinks').implement({
  description: 'Download URLs, relative to the server.',
  fields: (t) => ({
    markdown: t.string({ resolve: ({ id }) => `/campaigns/${id}/export.md` }),
    text: t.string({ resolve: ({ id }) => `/campaigns/${id}/export.txt` }),
    json: t.string({ resolve: ({ id }) => `/campaigns/${id}/export.json` }),
    fileName: t.string({
      description: "The name the downloads are saved under, without the extension: the campaign name's first words and the id.",
      resolve: (campaign) => exportFileName(campaign),
    }),
  }),
});

const CampaignModelsRef = builder.objectRef<Campaign['modelOverrides']>('CampaignModels').implement({
  description: 'The models this campaign asked for per agent; null where it uses the configured model.',
  fields: (t) => ({
    contentCreator: t.string({ nullable: true, resolve: (models) => models.CONTENT_CREATOR ?? null }),
    brandManager: t.string({ nullable: true, resolve: (models) => models.BRAND_MANAGER ?? null }),
    complianceOfficer: t.string({ nullable: true, resolve: (models) => models.COMPLIANCE_OFFICER ?? null }),
    designValidator: t.string({ nullable: true, resolve: (models) => models.DESIGN_VALIDATOR ?? null }),
    optimizer: t.string({ nullable: true, resolve: (models) => models.OPTIMIZER ?? null }),
  }),
});

export const CampaignRef = builder.objectRef<Campaign>('Campaign').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name', { description: 'What the marketer called the campaign, or the start of its brief.' }),
    brief: t.exposeString('brief'),
    targetAudience: t.exposeString('targetAudience'),
    contentType: t.field({ type: ContentTypeEnum, resolve: (campaign) => campaign.contentType }),
    keyphrase: t.exposeString('keyphrase', { nullable: true }),
    models: t.field({ type: CampaignModelsRef, resolve: (campaign) => campaign.modelOverrides }),
    tone: t.string({
      nullable: true,
      description: 'The tone asked for this piece; null for the brand’s usual tone.',
      resolve: (campaign) => campaign.writingOptions.tone,
    }),
    length: t.field({ type: ContentLengthEnum, resolve: (campaign) => campaign.writingOptions.length }),
    platforms: t.field({
      type: [SocialPlatformEnum],
      description: 'The platforms a social media campaign writes for (all four unless chosen); empty for other content types.',
      resolve: (campaign) => (campaign.contentType === 'SOCIAL_MEDIA' ? campaign.writingOptions.platforms : []),
    }),
    brand: t.field({
      type: BrandRef,
      nullable: true,
      resolve: (campaign, _args, { brands }) => (campaign.brandId ? brands.find(campaign.brandId) : null),
    }),
    status: t.field({ type: CampaignStatusEnum, resolve: (campaign) => campaign.status }),
    queuePosition: t.int({
      nullable: true,
      description: 'While queued: 1 starts next, 2 after it, and so on; null when not waiting.',
      resolve: (campaign, _args, { pipeline }) => (campaign.status === 'QUEUED' ? pipeline.queuePosition(campaign.id) : null),
    }),
    run: t.exposeInt('runNumber', { description: 'The current run of campaignEvents (see CampaignEvent.run).' }),
    content: t.exposeString('content', { nullable: true, description: 'The final content (Markdown), once completed.' }),
    contentText: t.string({
      nullable: true,
      description: 'The final content as plain text (Markdown marks removed), for pasting where Markdown is not read.',
      resolve: (campaign) => (campaign.content === null ? null : stripMarkdown(campaign.content)),
    }),
    scores: t.field({ type: ScoresRef, nullable: true, resolve: (campaign) => campaign.scores }),
    feedback: t.field({
      type: [ScoreExplanationRef],
      description: 'How each score came about.',
      resolve: (campaign) => campaign.scoreFeedback,
    }),
    draftMetrics: t.field({ type: TextMetricsRef, nullable: true, resolve: (campaign) => campaign.measurements.draft ?? null }),
    finalMetrics: t.field({ type: TextMetricsRef, nullable: true, resolve: (campaign) => campaign.measurements.final ?? null }),
    design: t.field({ type: DesignRef, nullable: true, resolve: (campaign) => campaign.design }),
    complianceIssues: t.field({ type: [ComplianceIssueRef], resolve: (campaign) => campaign.complianceIssues }),
    steps: t.field({ type: [AgentStepRef], resolve: (campaign, _args, { campaigns }) => campaigns.steps(campaign.id) }),
    error: t.exposeString('error', { nullable: true }),
    revisionLimitReached: t.exposeBoolean('revisionLimitReached', {
      description: 'The Brand Manager still wanted changes when the revision rounds ran out.',
    }),
    draftKeptReason: t.exposeString('draftKeptReason', {
      nullable: true,
      description: "Why the reviewed draft is the content rather than the Optimizer's rewrite; null when the rewrite is the content.",
    }),
    needsAttention: t.boolean({
      description:
        'Completed, but a score is under QUALITY_MIN_SCORE, a hard check fails, or the pipeline had to give way: see attentionReasons.',
      resolve: (campaign, _args, { config }) => qualityGate(campaign, config.QUALITY_MIN_SCORE).needsAttention,
    }),
    attentionReasons: t.stringList({
      description: 'Why the campaign needs attention, in plain sentences; empty when it does not.',
      resolve: (campaign, _args, { config }) => qualityGate(campaign, config.QUALITY_MIN_SCORE).reasons,
    }),
    exports: t.field({ type: ExportLinksRef, resolve: (campaign) => campaign }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    startedAt: t.expose('startedAt', { type: 'DateTime', nullable: true }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    durationMs: t.int({
      nullable: true,
      resolve: (campaign) =>
        campaign.startedAt && campaign.finishedAt ? campaign.finishedAt.getTime() - campaign.startedAt.getTime() : null,
    }),
    deleted: t.boolean({
      description: "True in the campaignUpdates message that tells the campaign was deleted, and in deleteCampaign's answer.",
      resolve: (campaign) => campaign.deleted === true,
    }),
  }),
});

export const ModelOverridesInput = builder.inputType('ModelOverridesInput', {
  description: 'Per-agent models for this campaign; omitted agents use the configured model.',
  fields: (t) => ({
    contentCreator: t.string({ validate: { schema: modelNameRule } }),
    brandManager: t.string({ validate: { schema: modelNameRule } }),
    complianceOfficer: t.string({ validate: { schema: modelNameRule } }),
    designValidator: t.string({ validate: { schema: modelNameRule } }),
    optimizer: t.string({ validate: { schema: modelNameRule } }),
  }),
});

const CreateCampaignInput = builder.inputType('CreateCampaignInput', {
  fields: (t) => ({
    name: t.string({
      description: 'A short name for lists and headings; omitted, the start of the brief.',
      validate: { schema: campaignRules.name },
    }),
    brief: t.string({
      required: true,
      validate: { schema: campaignRules.brief },
    }),
    targetAudience: t.string({
      required: true,
      validate: { schema: campaignRules.targetAudience },
    }),
    contentType: t.field({ type: ContentTypeEnum, required: true }),
    brandId: t.id({ description: 'The brand to write for; omitted for none.' }),
    keyphrase: t.string({
      description: 'The SEO focus keyphrase.',
      validate: { schema: campaignRules.keyphrase },
    }),
    models: t.field({ type: ModelOverridesInput }),
    tone: t.string({
      description: 'The tone for this piece ("playful", "reassuring"); omitted, the brand’s usual tone.',
      validate: { schema: z.string().trim().min(1, 'must not be blank').max(100, 'must be at most 100 characters') },
    }),
    length: t.field({ type: ContentLengthEnum, description: 'Omitted: STANDARD.' }),
    platforms: t.field({
      type: [SocialPlatformEnum],
      description: 'Social media posts only: the platforms to write for, each scored against its limit; omitted, all four.',
      validate: { schema: z.array(z.enum(['X', 'LinkedIn', 'Instagram', 'Facebook'])).min(1, 'must name at least one platform') },
    }),
    approvalGates: t.field({
      type: [ApprovalGateEnum],
      description: "Where the campaign waits for a person's approval; omitted for the brand's default gates, [] for none.",
      validate: { schema: campaignRules.approvalGates },
    }),
    fresh: t.boolean({ description: 'Run the pipeline even if an identical request has a cached result.' }),
  }),
});

function toModelOverrides(models: Record<string, string | null | undefined> | null | undefined): ModelOverrides {
  const byRole: ModelOverrides = {};
  if (models?.contentCreator) byRole.CONTENT_CREATOR = models.contentCreator.trim();
  if (models?.brandManager) byRole.BRAND_MANAGER = models.brandManager.trim();
  if (models?.complianceOfficer) byRole.COMPLIANCE_OFFICER = models.complianceOfficer.trim();
  if (models?.designValidator) byRole.DESIGN_VALIDATOR = models.designValidator.trim();
  if (models?.optimizer) byRole.OPTIMIZER = models.optimizer.trim();
  return byRole;
}

const CampaignConnection = builder
  .objectRef<{ campaigns: Campaign[]; hasNextPage: boolean; totalCount: number }>('CampaignConnection')
  .implement({
    fields: (t) => ({
      edges: t.field({
        type: [
          builder.objectRef<Campaign>('CampaignEdge').implement({
            fields: (f) => ({ cursor: f.exposeString('id'), node: f.field({ type: CampaignRef, resolve: (campaign) => campaign }) }),
          }),
        ],
        resolve: (page) => page.campaigns,
      }),
      pageInfo: t.field({
        type: builder.objectRef<{ hasNextPage: boolean; endCursor: string | null }>('PageInfo').implement({
          fields: (f) => ({ hasNextPage: f.exposeBoolean('hasNextPage'), endCursor: f.exposeString('endCursor', { nullable: true }) }),
        }),
        resolve: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.campaigns.at(-1)?.id ?? null }),
      }),
      totalCount: t.exposeInt('totalCount'),
    }),
  });

builder.queryFields((t) => ({
  campaign: t.field({
    type: CampaignRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { campaigns }) => campaigns.get(String(id)),
  }),
  campaigns: t.field({
    type: CampaignConnection,
    description: 'Campaigns, newest first.',
    args: {
      first: t.arg.int({
        defaultValue: 20,
        validate: { schema: pageSizeRule },
      }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
      offset: t.arg.int({
        description: 'Campaigns to skip instead of a cursor, for numbered pages (page n is offset (n - 1) × first).',
        validate: { schema: z.number().int().min(0, 'must be at least 0').max(100_000, 'must be at most 100000') },
      }),
      status: t.arg({ type: CampaignStatusEnum }),
      brandId: t.arg.id(),
      contentType: t.arg({ type: ContentTypeEnum }),
      search: t.arg.string({
        description: 'Words the name or the brief must hold (each word, in any order).',
        validate: { schema: z.string().max(200, 'must be at most 200 characters') },
      }),
    },
    resolve: async (_root, args, { campaigns }) => {
      if (args.after && !(await campaigns.find(args.after))) throw notFound('Cursor', args.after);
      if (args.after && args.offset) throw badInput([{ field: 'offset', rule: 'cannot be combined with after: use one or the other' }]);
      return campaigns.page(args.first ?? 20, args.after ?? null, args.offset ?? 0, {
        status: args.status,
        brandId: args.brandId ? String(args.brandId) : null,
        contentType: args.contentType,
        search: args.search,
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  createCampaign: t.field({
    type: CampaignRef,
    description: 'Queues a campaign and returns at once (status QUEUED); follow it with campaignEvents.',
    args: { input: t.arg({ type: CreateCampaignInput, required: true }) },
    resolve: async (_root, { input }, { brands, pipeline }) => {
      const brandId = input.brandId ? String(input.brandId) : null;
      const brand = brandId ? await brands.find(brandId) : null;
      if (brandId && !brand) {
        throw notFound('Brand', brandId, 'input.brandId');
      }
      if (input.platforms && input.contentType !== 'SOCIAL_MEDIA') {
        throw badInput([{ field: 'input.platforms', rule: 'only social media posts have platforms: leave it out for this content type' }]);
      }
      return pipeline.create(
        {
          writingOptions: writingOptionsOf({ tone: input.tone, length: input.length, platforms: input.platforms }),
          name: input.name?.trim() || defaultCampaignName(input.brief),
          brief: input.brief.trim(),
          targetAudience: input.targetAudience.trim(),
          contentType: input.contentType,
          keyphrase: input.keyphrase?.trim() || null,
          brandId,
          modelOverrides: toModelOverrides(input.models),
          approvalGates: input.approvalGates ?? brand?.defaultApprovalGates ?? [],
        },
        { fresh: input.fresh ?? false },
      );
    },
  }),
  cancelCampaign: t.field({
    type: CampaignRef,
    description: 'Stops a queued or running campaign at once (status CANCELLED).',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { pipeline }) => pipeline.cancel(String(id)),
  }),
  retryCampaign: t.field({
    type: CampaignRef,
    description:
      "Runs a failed or cancelled campaign again from its last finished step; with fromRole, reruns any stopped campaign from that agent on (keeping the steps before it), as a new run. models replace those agents' models from now on.",
    args: {
      id: t.arg.id({ required: true }),
      fromRole: t.arg({ type: AgentRoleEnum, description: 'The agent to run again from; the steps before it are kept.' }),
      models: t.arg({ type: ModelOverridesInput }),
    },
    resolve: (_root, { id, fromRole, models }, { pipeline }) =>
      pipeline.retry(String(id), { fromRole, models: models ? toModelOverrides(models) : null }),
  }),
  deleteCampaign: t.field({
    type: CampaignRef,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { pipeline }) => pipeline.delete(String(id)),
  }),
}));
