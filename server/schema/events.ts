import { z } from 'zod';
import type { Campaign } from '../campaigns/store.js';
import type { CampaignEvent } from '../pipeline/events.js';
import { ApprovalDecisionKindEnum, ApprovalGateEnum } from './approval-gate.js';
import { builder } from './builder.js';
import {
  AgentRoleEnum,
  CampaignRef,
  CampaignStatusEnum,
  ScoreExplanationRef,
  ScoreStageEnum,
  ScoresRef,
  StepStatusEnum,
} from './campaign.js';

type EventOf<Type extends CampaignEvent['type']> = Extract<CampaignEvent, { type: Type }>;

const CampaignEventRef = builder.interfaceRef<CampaignEvent>('CampaignEvent').implement({
  description: "One event of a campaign's run; seq counts from 1 without gaps within the run.",
  resolveType: (event) => event.type,
  fields: (t) => ({
    run: t.exposeInt('run', { description: 'The run: a retry or a resume after a server restart starts a new one, from seq 1.' }),
    seq: t.exposeInt('seq'),
    campaignId: t.exposeID('campaignId'),
    at: t.expose('at', { type: 'DateTime' }),
  }),
});

builder.objectRef<EventOf<'StepStarted'>>('StepStarted').implement({
  interfaces: [CampaignEventRef],
  fields: (t) => ({
    role: t.field({ type: AgentRoleEnum, resolve: (event) => event.role }),
    attempt: t.exposeInt('attempt'),
    model: t.exposeString('model'),
    stage: t.field({
      type: ScoreStageEnum,
      description: "Which text the step works on: the draft, or the final text (the Optimizer's rewrite, and its final review).",
      resolve: (event) => event.stage,
    }),
  }),
});

builder.objectRef<EventOf<'TokenChunk'>>('TokenChunk').implement({
  interfaces: [CampaignEventRef],
  fields: (t) => ({
    role: t.field({ type: AgentRoleEnum, resolve: (event) => event.role }),
    attempt: t.exposeInt('attempt'),
    text: t.exposeString('text'),
    chunks: t.int({
      description: "How many of the model's chunks the text joins: more than 1 when the server merged chunks that arrived together.",
      // Logs kept before chunks were counted hold one chunk per event.
      resolve: (event) => event.chunks ?? 1,
    }),
  }),
});

builder.objectRef<EventOf<'ThinkingChunk'>>('ThinkingChunk').implement({
  interfaces: [CampaignEventRef],
  description: "A reasoning model's thinking before its answer: shown as progress, never part of the content.",
  fields: (t) => ({
    role: t.field({ type: AgentRoleEnum, resolve: (event) => event.role }),
    attempt: t.exposeInt('attempt'),
    text: t.exposeString('text'),
    chunks: t.int({
      description: "How many of the model's chunks the text joins: more than 1 when the server merged chunks that arrived together.",
      // Logs kept before chunks were counted hold one chunk per event.
      resolve: (event) => event.chunks ?? 1,
    }),
  }),
});

builder.objectRef<EventOf<'StepCompleted'>>('StepCompleted').implement({
  interfaces: [CampaignEventRef],
  fields: (t) => ({
    role: t.field({ type: AgentRoleEnum, resolve: (event) => event.role }),
    attempt: t.exposeInt('attempt'),
    stepStatus: t.field({
      type: StepStatusEnum,
      description: 'COMPLETED, or FAILED/CANCELLED with error.',
      resolve: (event) => event.status,
    }),
    score: t.exposeInt('score', { nullable: true }),
    passed: t.exposeBoolean('passed', { nullable: true }),
    feedback: t.exposeStringList('feedback'),
    promptTokens: t.exposeInt('promptTokens'),
    completionTokens: t.exposeInt('completionTokens'),
    durationMs: t.exposeInt('durationMs'),
    error: t.exposeString('error', { nullable: true }),
    repairs: t.exposeStringList('repairs', {
      description:
        'What was cleaned from the reply or repaired in the verdict (a preamble removed, a score read from "85/100"), in plain sentences.',
    }),
  }),
});

builder.objectRef<EventOf<'RevisionRequested'>>('RevisionRequested').implement({
  interfaces: [CampaignEventRef],
  fields: (t) => ({
    round: t.exposeInt('round'),
    score: t.exposeInt('score', { nullable: true }),
    feedback: t.exposeStringList('feedback'),
  }),
});

builder.objectRef<EventOf<'RevisionLimitReached'>>('RevisionLimitReached').implement({
  interfaces: [CampaignEventRef],
  description: 'The Brand Manager still wanted changes after the last revision round: the campaign goes on with that draft.',
  fields: (t) => ({
    rounds: t.exposeInt('rounds', { description: 'Revision rounds allowed (REVISION_ROUNDS).' }),
    score: t.exposeInt('score', { nullable: true }),
    feedback: t.exposeStringList('feedback'),
  }),
});

builder.objectRef<EventOf<'DraftKept'>>('DraftKept').implement({
  interfaces: [CampaignEventRef],
  description: "The reviewed draft is the content, not the Optimizer's rewrite; the reason says why.",
  fields: (t) => ({
    reason: t.exposeString('reason'),
  }),
});

builder.objectRef<EventOf<'ScoresUpdated'>>('ScoresUpdated').implement({
  interfaces: [CampaignEventRef],
  fields: (t) => ({
    stage: t.field({ type: ScoreStageEnum, resolve: (event) => event.stage }),
    scores: t.field({ type: ScoresRef, resolve: (event) => event.scores }),
    explanations: t.field({
      type: [ScoreExplanationRef],
      description: 'Which checks moved each score.',
      resolve: (event) => event.feedback,
    }),
  }),
});

builder.objectRef<EventOf<'ApprovalRequested'>>('ApprovalRequested').implement({
  interfaces: [CampaignEventRef],
  description:
    'The campaign waits at an approval gate for a person (status AWAITING_APPROVAL); the run ends here, and a decision starts a new one.',
  fields: (t) => ({
    gate: t.field({ type: ApprovalGateEnum, resolve: (event) => event.gate }),
    content: t.exposeString('content', { description: 'The text to approve (Markdown).' }),
  }),
});

builder.objectRef<EventOf<'ApprovalDecided'>>('ApprovalDecided').implement({
  interfaces: [CampaignEventRef],
  description: "A person's decision at a gate (or a refinement of the final text), as the run takes it into account.",
  fields: (t) => ({
    gate: t.field({ type: ApprovalGateEnum, resolve: (event) => event.gate }),
    decision: t.field({ type: ApprovalDecisionKindEnum, resolve: (event) => event.decision }),
    by: t.exposeString('by', { nullable: true }),
    edited: t.exposeBoolean('edited', { description: 'The approver edited the text: the next step gets the edited text.' }),
    note: t.exposeString('note', { nullable: true, description: 'The changes asked for, or why it was rejected.' }),
    refinement: t.exposeBoolean('refinement', { description: 'A refinement asked of a completed campaign.' }),
  }),
});

builder.objectRef<EventOf<'CampaignFinished'>>('CampaignFinished').implement({
  interfaces: [CampaignEventRef],
  fields: (t) => ({
    status: t.field({ type: CampaignStatusEnum, resolve: (event) => event.status }),
    error: t.exposeString('error', { nullable: true }),
  }),
});

builder.subscriptionType({});

builder.subscriptionFields((t) => ({
  campaignEvents: t.field({
    type: CampaignEventRef,
    description: 'Every event of one campaign after afterSeq, then live ones; ends after CampaignFinished.',
    args: {
      campaignId: t.arg.id({ required: true }),
      afterSeq: t.arg.int({ defaultValue: 0, validate: { schema: z.number().int().min(0, 'must be 0 or more') } }),
      run: t.arg.int({
        description: 'The run afterSeq belongs to; if the campaign has started a newer run, the stream starts from its first event.',
        validate: { schema: z.number().int().min(0, 'must be 0 or more') },
      }),
    },
    subscribe: (_root, { campaignId, afterSeq, run }, { pipeline }) => pipeline.events(String(campaignId), afterSeq ?? 0, run),
    resolve: (event) => event,
  }),
  campaignUpdates: t.field({
    type: CampaignRef,
    description: 'A campaign each time its status changes, and once more when it is deleted (with deleted: true).',
    subscribe: (_root, _args, { pipeline }) => pipeline.updates(),
    resolve: (campaign: Campaign) => campaign,
  }),
}));
