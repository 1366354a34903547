// Each REST operation: what it takes and answers (for the OpenAPI document) and how it runs, as a
// GraphQL operation with the REST request's fields translated, and its answer shaped as the design says.
import type { z } from 'zod';
import type { AppServices } from '../schema/builder.js';
import { approvalOperations } from './approval-operations.js';
import { campaignResponse, campaignResponses } from './campaign-answer.js';
import { RestFailure } from './errors.js';
import type { GraphQLCaller } from './graphql-call.js';
import { lifecycleOperations } from './lifecycle-operations.js';
import { parseRequest, snakeKeys } from './parse.js';
import { readJsonBody, readUploadedFile } from './request-body.js';
import type { RestOperationId } from './routes.js';
import * as schemas from './schemas.js';

export interface OperationContext {
  services: AppServices;
  graphql: GraphQLCaller;
  request: Request;
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface OperationAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface RestOperation {
  summary: string;
  description?: string;
  tag: 'Campaigns' | 'Brands' | 'Health' | 'Webhooks';
  pathParams?: Record<string, string>;
  query?: z.ZodObject;
  body?: { mediaType: 'application/json' | 'multipart/form-data'; schema: z.ZodType };
  success: { status: number; description: string; schema: z.ZodType };
  /** The error statuses it can answer besides 401, 403, 429 and 500, which every operation can. */
  errors: number[];
  handle(context: OperationContext): Promise<OperationAnswer>;
}

const campaignFieldNames = {
  input: 'body',
  'input.brief': 'campaign_brief',
  'input.targetAudience': 'target_audience',
  'input.contentType': 'content_type',
  'input.brandId': 'brand_id',
  'input.keyphrase': 'keyphrase',
  'input.approvalGates': 'approval_gates',
  'input.models': 'models',
  'input.models.contentCreator': 'models.content_creator',
  'input.models.brandManager': 'models.brand_manager',
  'input.models.complianceOfficer': 'models.compliance_officer',
  'input.models.designValidator': 'models.design_validator',
  'input.models.optimizer': 'models.optimizer',
};

const queryOf = <T extends z.ZodObject>(context: OperationContext, schema: T): z.output<T> =>
  parseRequest(schema, Object.fromEntries(context.query));
const bodyOf = async (context: OperationContext) => readJsonBody(context.request, context.services.config.MAX_REQUEST_BODY_BYTES);

const endpointFields = 'id url events description createdAt';
const deliveryFields =
  'id endpointId event campaignId status attempts nextAttemptAt lastStatusCode lastError payload createdAt deliveredAt';

export const restOperations: Record<RestOperationId, RestOperation> = {
  createCampaign: {
    summary: 'Create a campaign',
    description: 'Queues the campaign and answers at once (status queued); follow it with GET /api/campaign/{id} or a webhook.',
    tag: 'Campaigns',
    body: { mediaType: 'application/json', schema: schemas.createCampaignRequest },
    success: { status: 201, description: 'Queued.', schema: schemas.campaignResponse },
    errors: [400, 404, 413, 415, 503],
    async handle(context) {
      const body = parseRequest(schemas.createCampaignRequest, await bodyOf(context));
      const models = body.models;
      const input = {
        brief: body.campaign_brief,
        targetAudience: body.target_audience,
        contentType: body.content_type.toUpperCase(),
        brandId: body.brand_id ?? null,
        keyphrase: body.keyphrase ?? null,
        approvalGates: body.approval_gates?.map((gate) => gate.toUpperCase()) ?? null,
        models: models
          ? {
              contentCreator: models.content_creator,
              brandManager: models.brand_manager,
              complianceOfficer: models.compliance_officer,
              designValidator: models.design_validator,
              optimizer: models.optimizer,
            }
          : null,
      };
      const { createCampaign } = await context.graphql.run<{ createCampaign: { id: string } }>(
        'mutation RestCreateCampaign($input: CreateCampaignInput!) { createCampaign(input: $input) { id } }',
        { input },
        campaignFieldNames,
      );
      const id = createCampaign.id;
      return { status: 201, body: await campaignResponse(context, id), headers: { location: `/api/campaign/${encodeURIComponent(id)}` } };
    },
  },
  getCampaign: {
    summary: 'Get a campaign',
    description: "The design's Campaign Response: status, content, the four scores and every agent's feedback.",
    tag: 'Campaigns',
    pathParams: { id: 'The campaign id.' },
    success: { status: 200, description: 'The campaign.', schema: schemas.campaignResponse },
    errors: [404],
    async handle(context) {
      const { campaign } = await context.graphql.run<{ campaign: { id: string } }>(
        'query RestCampaign($id: ID!) { campaign(id: $id) { id } }',
        { id: context.params.id },
      );
      return { status: 200, body: await campaignResponse(context, campaign.id) };
    },
  },
  listCampaigns: {
    summary: 'List campaigns',
    description: 'Newest first, a page at a time: pass next_cursor as cursor for the next page.',
    tag: 'Campaigns',
    query: schemas.listCampaignsQuery,
    success: { status: 200, description: 'A page of campaigns.', schema: schemas.campaignListResponse },
    errors: [400],
    async handle(context) {
      const query = queryOf(context, schemas.listCampaignsQuery);
      const { campaigns } = await context.graphql
        .run<{
          campaigns: {
            edges: { node: { id: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            totalCount: number;
          };
        }>(
          'query RestCampaigns($first: Int, $after: String, $status: CampaignStatus, $brandId: ID) { campaigns(first: $first, after: $after, status: $status, brandId: $brandId) { edges { node { id } } pageInfo { hasNextPage endCursor } totalCount } }',
          {
            first: query.limit ?? 20,
            after: query.cursor ?? null,
            status: query.status?.toUpperCase() ?? null,
            brandId: query.brand_id ?? null,
          },
          { first: 'limit', after: 'cursor', status: 'status', brandId: 'brand_id' },
        )
        .catch((error: unknown) => {
          // The only id a page query looks up is the cursor's.
          if (error instanceof RestFailure && error.code === 'NOT_FOUND') {
            throw new RestFailure('BAD_USER_INPUT', 'cursor: is not a campaign from an earlier page', {
              problems: [{ field: 'cursor', rule: 'is not a campaign from an earlier page' }],
            });
          }
          throw error;
        });
      return {
        status: 200,
        body: {
          campaigns: await campaignResponses(
            context,
            campaigns.edges.map(({ node }) => node.id),
          ),
          next_cursor: campaigns.pageInfo.hasNextPage ? campaigns.pageInfo.endCursor : null,
          total: campaigns.totalCount,
        },
      };
    },
  },
  uploadBrand: {
    summary: 'Upload brand guidelines',
    description:
      'Creates a brand from a JSON file with its fields or a Markdown document with headed sections, or updates the brand of the same name. Sent as multipart/form-data, it needs an Authorization or "graphql-require-preflight: 1" header (forged-form protection).',
    tag: 'Brands',
    body: { mediaType: 'multipart/form-data', schema: schemas.uploadBrandRequest },
    success: { status: 200, description: 'The brand, created or updated.', schema: schemas.brandResponse },
    errors: [400, 413, 415],
    async handle(context) {
      const { config } = context.services;
      const file = await readUploadedFile(context.request, 'file', config.MAX_REQUEST_BODY_BYTES);
      const { importBrandGuidelines: brand } = await context.graphql.upload<{ importBrandGuidelines: Record<string, unknown> }>(
        'mutation RestUploadBrand($file: File!) { importBrandGuidelines(file: $file) { id name voice tone values colors prohibitedTopics keywords createdAt updatedAt } }',
        file,
        { file: 'file' },
      );
      const { id, ...fields } = brand;
      return { status: 200, body: { brand_id: id, ...(snakeKeys(fields) as object) } };
    },
  },
  health: {
    summary: 'Health',
    description: 'Server, database and Ollama status, and which configured models are missing (with the command to pull each).',
    tag: 'Health',
    success: { status: 200, description: 'The status; ok is false when anything is down or missing.', schema: schemas.healthResponse },
    errors: [],
    async handle(context) {
      const { health } = await context.graphql.run<{ health: unknown }>(
        'query RestHealth { health { ok server { ok version uptimeSeconds } database { ok message } ollama { ok message host version } models { name usedBy present pullCommand } } }',
        {},
      );
      return { status: 200, body: snakeKeys(health) };
    },
  },
  ...approvalOperations(),
  ...lifecycleOperations(),
  ...webhookOperations(),
};

function webhookOperations(): Pick<
  Record<RestOperationId, RestOperation>,
  'listWebhookEndpoints' | 'createWebhookEndpoint' | 'deleteWebhookEndpoint' | 'listWebhookDeliveries' | 'redeliverWebhook'
> {
  return {
    listWebhookEndpoints: {
      summary: 'List webhook endpoints',
      tag: 'Webhooks',
      success: { status: 200, description: 'Every endpoint, oldest first.', schema: schemas.webhookEndpointListResponse },
      errors: [],
      async handle(context) {
        const data = await context.graphql.run<{ webhookEndpoints: unknown[] }>(
          `query RestWebhooks { webhookEndpoints { ${endpointFields} } }`,
          {},
        );
        return { status: 200, body: { endpoints: snakeKeys(data.webhookEndpoints) } };
      },
    },
    createWebhookEndpoint: {
      summary: 'Register a webhook endpoint',
      description: 'The answer holds the secret that signs its deliveries, shown only this once. See the README for verifying signatures.',
      tag: 'Webhooks',
      body: { mediaType: 'application/json', schema: schemas.createWebhookRequest },
      success: { status: 201, description: 'Registered.', schema: schemas.createdWebhookResponse },
      errors: [400, 413, 415],
      async handle(context) {
        const input = parseRequest(schemas.createWebhookRequest, await bodyOf(context));
        const data = await context.graphql.run<{ createWebhookEndpoint: unknown }>(
          `mutation RestCreateWebhook($input: WebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { ${endpointFields} } secret } }`,
          { input },
          { input: 'body', 'input.url': 'url', 'input.events': 'events', 'input.description': 'description' },
        );
        return { status: 201, body: snakeKeys(data.createWebhookEndpoint) };
      },
    },
    deleteWebhookEndpoint: {
      summary: 'Remove a webhook endpoint',
      tag: 'Webhooks',
      pathParams: { id: 'The endpoint id.' },
      success: { status: 200, description: 'The endpoint removed, with its deliveries.', schema: schemas.webhookEndpointResponse },
      errors: [404],
      async handle(context) {
        const data = await context.graphql.run<{ deleteWebhookEndpoint: unknown }>(
          `mutation RestDeleteWebhook($id: ID!) { deleteWebhookEndpoint(id: $id) { ${endpointFields} } }`,
          { id: context.params.id },
        );
        return { status: 200, body: snakeKeys(data.deleteWebhookEndpoint) };
      },
    },
    listWebhookDeliveries: {
      summary: "An endpoint's deliveries",
      description: 'Newest first, with each one’s status, attempts and last error.',
      tag: 'Webhooks',
      pathParams: { id: 'The endpoint id.' },
      query: schemas.listDeliveriesQuery,
      success: { status: 200, description: 'The deliveries.', schema: schemas.webhookDeliveryListResponse },
      errors: [400, 404],
      async handle(context) {
        const query = queryOf(context, schemas.listDeliveriesQuery);
        const data = await context.graphql.run<{ webhookDeliveries: unknown[] }>(
          `query RestDeliveries($id: ID!, $first: Int) { webhookDeliveries(endpointId: $id, first: $first) { ${deliveryFields} } }`,
          { id: context.params.id, first: query.limit ?? 20 },
          { first: 'limit' },
        );
        return { status: 200, body: { deliveries: snakeKeys(data.webhookDeliveries) } };
      },
    },
    redeliverWebhook: {
      summary: 'Redeliver',
      description: 'Sends the delivery again (same id and body, a fresh signature), its attempts counted from the start.',
      tag: 'Webhooks',
      pathParams: { id: 'The delivery id.' },
      success: { status: 202, description: 'Queued for delivery.', schema: schemas.webhookDeliveryResponse },
      errors: [404],
      async handle(context) {
        const data = await context.graphql.run<{ redeliverWebhook: unknown }>(
          `mutation RestRedeliver($id: ID!) { redeliverWebhook(id: $id) { ${deliveryFields} } }`,
          { id: context.params.id },
        );
        return { status: 202, body: snakeKeys(data.redeliverWebhook) };
      },
    },
  };
}
