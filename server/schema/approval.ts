// Approval gates, reruns and refinements over GraphQL: thin resolvers over the pipeline's own functions.
import { z } from 'zod';
import type { AgentStep } from '../campaigns/store.js';
import type { ApprovalDecision, PendingApproval } from '../pipeline/types.js';
import { ApprovalDecisionKindEnum, ApprovalGateEnum } from './approval-gate.js';
import { builder } from './builder.js';
import { AgentStepRef, CampaignRef } from './campaign.js';

const PendingApprovalRef = builder.objectRef<PendingApproval>('PendingApproval').implement({
  description: 'What a waiting campaign asks a person to approve.',
  fields: (t) => ({
    gate: t.field({ type: ApprovalGateEnum, resolve: (pending) => pending.gate }),
    content: t.exposeString('content', { description: 'The text to approve (Markdown).' }),
    requestedAt: t.field({ type: 'DateTime', resolve: (pending) => new Date(pending.requestedAt) }),
  }),
});

const ApprovalDecisionRef = builder.objectRef<ApprovalDecision>('ApprovalDecision').implement({
  description: 'Who decided what at a gate, and when (refinements of a completed campaign included).',
  fields: (t) => ({
    gate: t.field({ type: ApprovalGateEnum, resolve: (decision) => decision.gate }),
    decision: t.field({ type: ApprovalDecisionKindEnum, resolve: (decision) => decision.decision }),
    by: t.exposeString('by', { nullable: true, description: 'The name the person gave; null when they gave none.' }),
    at: t.field({ type: 'DateTime', resolve: (decision) => new Date(decision.at) }),
    editedContent: t.exposeString('editedContent', { nullable: true, description: 'The text as the approver edited it.' }),
    note: t.exposeString('note', { nullable: true, description: 'The changes asked for, the refinement, or why it was rejected.' }),
    refinement: t.exposeBoolean('refinement'),
    superseded: t.boolean({
      description: 'A rerun from an earlier agent made this decision moot; kept for the record.',
      resolve: (decision) => decision.supersededAt !== null,
    }),
  }),
});

builder.objectFields(CampaignRef, (t) => ({
  approvalGates: t.field({
    type: [ApprovalGateEnum],
    description: 'Where this campaign waits for a person.',
    resolve: (campaign) => campaign.approvalGates,
  }),
  pendingApproval: t.field({
    type: PendingApprovalRef,
    nullable: true,
    description: 'What the campaign waits for now (status AWAITING_APPROVAL); null otherwise.',
    resolve: (campaign) => campaign.pendingApproval,
  }),
  approvals: t.field({
    type: [ApprovalDecisionRef],
    description: 'Every decision taken at its gates, and every refinement, oldest first.',
    resolve: (campaign) => campaign.approvals,
  }),
}));

builder.objectFields(AgentStepRef, (t) => ({
  superseded: t.boolean({
    description: 'A rerun from an earlier agent replaced this step; kept for the record.',
    resolve: (step: AgentStep) => step.supersededAt !== null,
  }),
}));

const approver = z.string().trim().min(1, 'must not be blank').max(100, 'must be at most 100 characters');
const longText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min === 1 ? 'must not be blank' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`);

const byArgument = {
  description: 'Who decides, as recorded on the campaign (a name or an e-mail address).',
  validate: { schema: approver },
};

builder.mutationFields((t) => ({
  approveCampaign: t.field({
    type: CampaignRef,
    description: 'Approves what a waiting campaign shows; with editedContent, the edit is what the next step gets (and is recorded).',
    args: {
      id: t.arg.id({ required: true }),
      editedContent: t.arg.string({ validate: { schema: longText(1, 50_000) } }),
      by: t.arg.string(byArgument),
    },
    resolve: (_root, { id, editedContent, by }, { pipeline }) =>
      pipeline.decide(String(id), {
        decision: 'APPROVED',
        editedContent: editedContent?.trim() || null,
        note: null,
        by: by?.trim() || null,
      }),
  }),
  requestChanges: t.field({
    type: CampaignRef,
    description:
      'Sends a waiting campaign back with feedback: to the Content Creator at the draft gate, to the Optimizer at the final one, as a new attempt.',
    args: {
      id: t.arg.id({ required: true }),
      feedback: t.arg.string({ required: true, validate: { schema: longText(3, 2000) } }),
      by: t.arg.string(byArgument),
    },
    resolve: (_root, { id, feedback, by }, { pipeline }) =>
      pipeline.decide(String(id), { decision: 'CHANGES_REQUESTED', editedContent: null, note: feedback.trim(), by: by?.trim() || null }),
  }),
  rejectCampaign: t.field({
    type: CampaignRef,
    description: 'Rejects a waiting campaign: it ends as REJECTED, with the reason.',
    args: {
      id: t.arg.id({ required: true }),
      reason: t.arg.string({ required: true, validate: { schema: longText(3, 2000) } }),
      by: t.arg.string(byArgument),
    },
    resolve: (_root, { id, reason, by }, { pipeline }) =>
      pipeline.decide(String(id), { decision: 'REJECTED', editedContent: null, note: reason.trim(), by: by?.trim() || null }),
  }),
  refineCampaign: t.field({
    type: CampaignRef,
    description: 'Reruns the Optimizer on a completed campaign\'s text with an instruction ("shorter", "more formal"), as a new run.',
    args: {
      id: t.arg.id({ required: true }),
      instruction: t.arg.string({ required: true, validate: { schema: longText(3, 500) } }),
      by: t.arg.string(byArgument),
    },
    resolve: (_root, { id, instruction, by }, { pipeline }) => pipeline.refine(String(id), instruction.trim(), by?.trim() || null),
  }),
}));
