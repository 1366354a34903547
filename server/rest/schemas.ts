// The REST API's requests and answers as zod schemas. Requests are built from the same rules as
// the GraphQL arguments (server/campaigns/campaign-rules.ts, webhookRules); the OpenAPI document
// is generated from these, and the test checks every answer against it.
import { z } from 'zod';
import { approvalRules } from '../campaigns/approval-rules.js';
import { campaignRules, modelNameRule, pageSizeRule } from '../campaigns/campaign-rules.js';
import { approvalGates, campaignStatuses, contentTypes } from '../pipeline/types.js';
import { webhookEvents } from '../webhooks/events.js';
import { deliveryStatuses } from '../webhooks/store.js';
import { webhookRules } from '../webhooks/webhooks.js';

const lowerCase = <T extends string>(values: readonly T[]) => values.map((value) => value.toLowerCase() as Lowercase<T>);
const oneOf = <T extends string>(values: readonly T[]) => z.enum(values as [T, ...T[]], { error: `must be one of ${values.join(', ')}` });

export const restContentTypes = lowerCase(contentTypes);
export const restStatuses = lowerCase(campaignStatuses);
export const restApprovalGates = lowerCase(approvalGates);
const id = z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const timestamp = z.string().meta({ format: 'date-time' });

export const createCampaignRequest = z.strictObject({
  campaign_brief: campaignRules.brief.meta({ description: 'What to write, in a sentence or more.' }),
  target_audience: campaignRules.targetAudience,
  content_type: oneOf(restContentTypes),
  brand_id: id.nullable().optional().meta({ description: 'The brand to write for; omitted or null for none.' }),
  keyphrase: campaignRules.keyphrase.optional().meta({ description: 'The SEO focus keyphrase.' }),
  models: z
    .strictObject({
      content_creator: modelNameRule.optional(),
      brand_manager: modelNameRule.optional(),
      compliance_officer: modelNameRule.optional(),
      design_validator: modelNameRule.optional(),
      optimizer: modelNameRule.optional(),
    })
    .optional()
    .meta({ description: 'Per-agent Ollama models for this campaign; omitted agents use the configured model.' }),
  approval_gates: z
    .array(oneOf(restApprovalGates))
    .refine((gates) => new Set(gates).size === gates.length, 'must not name a gate twice')
    .optional()
    .meta({
      description:
        "Where the campaign waits for a person's decision: draft (the reviewed draft, before the Optimizer) and/or final. Omitted: the brand's default gates.",
    }),
});

const approver = approvalRules.by
  .optional()
  .meta({ description: 'Who decides, as recorded on the campaign (a name or an e-mail address).' });

export const approveCampaignRequest = z.strictObject({
  edited_content: approvalRules.editedContent
    .optional()
    .meta({ description: 'The text as you edited it (Markdown); the next step gets it instead. Omitted: the text as shown.' }),
  by: approver,
});

export const requestChangesRequest = z.strictObject({
  feedback: approvalRules.feedback.meta({
    description: 'What to change: the Content Creator (draft gate) or the Optimizer (final gate) gets it.',
  }),
  by: approver,
});

export const rejectCampaignRequest = z.strictObject({
  reason: approvalRules.reason.meta({ description: "Why, recorded as the campaign's error." }),
  by: approver,
});

export const refineCampaignRequest = z.strictObject({
  instruction: approvalRules.instruction.meta({ description: 'How to rework the completed text ("shorter", "more formal").' }),
  by: approver,
});

const wholeNumber = z.string().regex(/^\d{1,6}$/, 'must be a whole number');

export const listCampaignsQuery = z.strictObject({
  limit: wholeNumber.transform(Number).pipe(pageSizeRule).optional().meta({ description: 'At most this many (1-100, default 20).' }),
  cursor: id.optional().meta({ description: 'The next_cursor of the previous page.' }),
  status: oneOf(restStatuses).optional(),
  brand_id: id.optional(),
});

export const listDeliveriesQuery = z.strictObject({
  limit: wholeNumber.transform(Number).pipe(pageSizeRule).optional().meta({ description: 'At most this many (1-100, default 20).' }),
});

export const createWebhookRequest = z.strictObject({
  url: webhookRules.url.meta({ description: 'An http(s) URL on a public address.', format: 'uri' }),
  events: webhookRules.events,
  description: webhookRules.description.optional(),
});

export const uploadBrandRequest = z.object({
  file: z.string().meta({ format: 'binary', description: 'A JSON or Markdown guidelines file (at most 256 KiB).' }),
});

const agentFeedback = z.object({
  score: z.number().int().nullable(),
  passed: z.boolean().nullable(),
  feedback: z.array(z.string()),
  model: z.string(),
});

/** The design's Campaign Response (the same JSON as the export download). */
export const campaignResponse = z.object({
  campaign_id: z.string(),
  status: z
    .enum(restStatuses as [string, ...string[]])
    .meta({ description: 'awaiting_approval: waiting at a gate for a decision (approve, request-changes or reject).' }),
  content: z.string().nullable(),
  validations: z
    .object({
      brand_alignment: z.number().int(),
      compliance: z.number().int(),
      readability: z.number().int(),
      overall_quality: z.number().int(),
    })
    .nullable()
    .meta({ description: 'The four scores 0-100, once scored.' }),
  needs_attention: z.boolean(),
  attention_reasons: z.array(z.string()),
  agent_feedback: z.record(z.string(), agentFeedback).meta({ description: "Each agent's latest verdict, by role (content_creator, …)." }),
  design_recommendations: z.unknown().nullable(),
  compliance_issues: z.array(z.object({ severity: z.string(), description: z.string(), suggestion: z.string() })),
  error: z.string().nullable(),
  pending_approval: z
    .object({ gate: oneOf(restApprovalGates), content: z.string(), requested_at: timestamp })
    .nullable()
    .meta({ description: 'What to approve while the status is awaiting_approval (the text at the draft or final gate); null otherwise.' }),
  timestamp,
});

export const deletedCampaignResponse = z.object({
  campaign_id: z.string(),
  deleted: z.literal(true),
});

export const campaignListResponse = z.object({
  campaigns: z.array(campaignResponse),
  next_cursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last.' }),
  total: z.number().int(),
});

export const brandResponse = z.object({
  brand_id: z.string(),
  name: z.string(),
  voice: z.string(),
  tone: z.string(),
  values: z.array(z.string()),
  colors: z.array(z.string()),
  prohibited_topics: z.array(z.string()),
  keywords: z.array(z.string()),
  created_at: timestamp,
  updated_at: timestamp,
});

const component = z.object({ ok: z.boolean(), message: z.string().nullable() });

export const healthResponse = z.object({
  ok: z.boolean().meta({ description: 'Everything is up and every configured model is present.' }),
  server: z.object({ ok: z.boolean(), version: z.string(), uptime_seconds: z.number().int() }),
  database: component,
  ollama: component.extend({ host: z.string(), version: z.string().nullable() }),
  models: z.array(z.object({ name: z.string(), used_by: z.array(z.string()), present: z.boolean(), pull_command: z.string() })),
});

export const webhookEndpointResponse = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.enum(webhookEvents)),
  description: z.string(),
  created_at: timestamp,
});

export const createdWebhookResponse = z.object({
  endpoint: webhookEndpointResponse,
  secret: z.string().meta({ description: 'Signs every delivery (x-copilot-signature); shown only in this answer.' }),
});

export const webhookEndpointListResponse = z.object({ endpoints: z.array(webhookEndpointResponse) });

export const webhookDeliveryResponse = z.object({
  id: z.string(),
  endpoint_id: z.string(),
  event: z.enum(webhookEvents),
  campaign_id: z.string().nullable(),
  status: z.enum(deliveryStatuses),
  attempts: z.number().int(),
  next_attempt_at: timestamp.nullable(),
  last_status_code: z.number().int().nullable(),
  last_error: z.string().nullable(),
  payload: z.string(),
  created_at: timestamp,
  delivered_at: timestamp.nullable(),
});

export const webhookDeliveryListResponse = z.object({ deliveries: z.array(webhookDeliveryResponse) });

export const errorResponse = z.object({
  error: z.object({
    code: z.string().meta({ description: 'BAD_USER_INPUT, UNAUTHENTICATED, NOT_FOUND, RATE_LIMITED, INTERNAL_SERVER_ERROR, …' }),
    message: z.string(),
    field: z.string().optional().meta({ description: 'The request field at fault (e.g. campaign_brief), for bad input.' }),
    problems: z.array(z.object({ field: z.string(), rule: z.string() })).optional(),
    retry_after: z.number().int().optional(),
    request_id: z.string().meta({ description: 'Quote it when reporting a problem: the server log has the details under it.' }),
  }),
});
