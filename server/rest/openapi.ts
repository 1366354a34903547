// The OpenAPI 3.1 document of the REST API, generated from the operations' zod schemas (the same
// rules GraphQL validates with), so the description cannot drift from what the server checks.
import { z } from 'zod';
import { restOperations } from './operations.js';
import { restOperationIds, restRoutes } from './routes.js';
import * as schemas from './schemas.js';

/** Named schemas, referenced from the operations as #/components/schemas/<name>. */
const components: [string, z.ZodType][] = [
  ['CreateCampaignRequest', schemas.createCampaignRequest],
  ['CampaignResponse', schemas.campaignResponse],
  ['CampaignList', schemas.campaignListResponse],
  ['DeletedCampaign', schemas.deletedCampaignResponse],
  ['ApproveCampaignRequest', schemas.approveCampaignRequest],
  ['RequestChangesRequest', schemas.requestChangesRequest],
  ['RejectCampaignRequest', schemas.rejectCampaignRequest],
  ['RefineCampaignRequest', schemas.refineCampaignRequest],
  ['BrandUploadRequest', schemas.uploadBrandRequest],
  ['Brand', schemas.brandResponse],
  ['Health', schemas.healthResponse],
  ['CreateWebhookEndpointRequest', schemas.createWebhookRequest],
  ['WebhookEndpoint', schemas.webhookEndpointResponse],
  ['CreatedWebhookEndpoint', schemas.createdWebhookResponse],
  ['WebhookEndpointList', schemas.webhookEndpointListResponse],
  ['WebhookDelivery', schemas.webhookDeliveryResponse],
  ['WebhookDeliveryList', schemas.webhookDeliveryListResponse],
  ['Error', schemas.errorResponse],
];

const errorDescriptions: Record<number, string> = {
  400: 'Bad input: `error.field` names the field and the message the rule; nothing was changed.',
  401: 'Missing or invalid API key (when API_KEYS is set).',
  403: 'A page on another origin, or a form post without a preflight header.',
  404: 'Not found.',
  413: 'The body or the file is over its size limit (MAX_REQUEST_BODY_BYTES, MAX_UPLOAD_BYTES).',
  415: 'The body is not sent with the media type this operation takes.',
  429: 'Too many requests: wait the Retry-After header’s seconds.',
  500: 'Internal error: `error.request_id` finds the details in the server log.',
  503: 'The campaign queue is full: wait the Retry-After header’s seconds.',
};
/** Every operation may answer these. */
const commonErrors = [401, 403, 429, 500];

const withoutDialect = (schema: Record<string, unknown>) => {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
};

function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of components) registry.add(schema, { id });
  const { schemas: generated } = z.toJSONSchema(registry, { uri: (id) => `#/components/schemas/${id}`, io: 'input' });
  return Object.fromEntries(Object.entries(generated).map(([id, schema]) => [id, withoutDialect(schema as Record<string, unknown>)]));
}

const refTo = (schema: z.ZodType) => {
  const named = components.find(([, candidate]) => candidate === schema);
  if (!named) throw new Error('every request and answer schema is a named component');
  return { $ref: `#/components/schemas/${named[0]}` };
};

const retryAfter = { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } };

function errorResponses(statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(
    [...new Set([...statuses, ...commonErrors])]
      .sort((a, b) => a - b)
      .map((status) => [
        String(status),
        {
          description: errorDescriptions[status] ?? 'Error.',
          ...(status === 429 || status === 503 ? { headers: retryAfter } : {}),
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      ]),
  );
}

function parameters(operationId: (typeof restOperationIds)[number]): unknown[] {
  const operation = restOperations[operationId];
  const path = Object.entries(operation.pathParams ?? {}).map(([name, description]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string' },
  }));
  const query = Object.entries(operation.query?.shape ?? {}).map(([name, schema]) => {
    const json = withoutDialect(z.toJSONSchema(schema as z.ZodType, { io: 'input' }) as Record<string, unknown>);
    const { description, ...rest } = json;
    return { name, in: 'query', required: false, ...(description ? { description } : {}), schema: rest };
  });
  return [...path, ...query];
}

export function openApiDocument(version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operationId of restOperationIds) {
    const { method, path } = restRoutes[operationId];
    const operation = restOperations[operationId];
    const parameterList = parameters(operationId);
    paths[path] ??= {};
    paths[path][method.toLowerCase()] = {
      operationId,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: [operation.tag],
      ...(parameterList.length > 0 ? { parameters: parameterList } : {}),
      ...(operation.body
        ? { requestBody: { required: true, content: { [operation.body.mediaType]: { schema: refTo(operation.body.schema) } } } }
        : {}),
      responses: {
        [String(operation.success.status)]: {
          description: operation.success.description,
          content: { 'application/json': { schema: refTo(operation.success.schema) } },
        },
        ...errorResponses(operation.errors),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Content Copilot REST API',
      version,
      description:
        'The REST endpoints of the original design, over the same rules as the GraphQL API at /graphql (keys, limits, validation). Webhook deliveries are signed: see the README.',
    },
    servers: [{ url: '/' }],
    tags: [{ name: 'Campaigns' }, { name: 'Brands' }, { name: 'Health' }, { name: 'Webhooks' }],
    // Keys are needed only when the server has API_KEYS set: either no security, or a bearer key.
    security: [{}, { apiKey: [] }],
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'One of the server’s API_KEYS, when it has any.' } },
      schemas: componentSchemas(),
    },
  };
}
