// Webhooks over GraphQL: register endpoints for campaign events, read and redeliver deliveries.
import { z } from 'zod';
import { webhookEventDescriptions, webhookEvents } from '../webhooks/events.js';
import { deliveryStatuses, type WebhookDelivery, type WebhookEndpoint } from '../webhooks/store.js';
import { webhookRules } from '../webhooks/webhooks.js';
import { builder } from './builder.js';

const DeliveryStatusEnum = builder.enumType('WebhookDeliveryStatus', { values: deliveryStatuses });

export const WebhookEndpointRef = builder.objectRef<WebhookEndpoint>('WebhookEndpoint').implement({
  description: `Where campaign events are sent. Events: ${webhookEvents.map((event) => `${event} (${webhookEventDescriptions[event]})`).join(' ')}`,
  fields: (t) => ({
    id: t.exposeID('id'),
    url: t.exposeString('url'),
    events: t.exposeStringList('events'),
    description: t.exposeString('description'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CreatedWebhookEndpointRef = builder.objectRef<WebhookEndpoint>('CreatedWebhookEndpoint').implement({
  description: 'A new endpoint, with the secret that signs its deliveries: shown this once, keep it.',
  fields: (t) => ({
    endpoint: t.field({ type: WebhookEndpointRef, resolve: (endpoint) => endpoint }),
    secret: t.exposeString('secret', { description: 'Verifies the x-copilot-signature header (HMAC-SHA256); see the README.' }),
  }),
});

export const WebhookDeliveryRef = builder.objectRef<WebhookDelivery>('WebhookDelivery').implement({
  description: 'One event sent (or being sent) to one endpoint.',
  fields: (t) => ({
    id: t.exposeID('id'),
    endpointId: t.exposeID('endpointId'),
    event: t.exposeString('event'),
    campaignId: t.exposeID('campaignId', { nullable: true }),
    status: t.field({ type: DeliveryStatusEnum, resolve: (delivery) => delivery.status }),
    attempts: t.exposeInt('attempts'),
    nextAttemptAt: t.expose('nextAttemptAt', { type: 'DateTime', nullable: true, description: 'When a pending delivery is tried next.' }),
    lastStatusCode: t.exposeInt('lastStatusCode', { nullable: true }),
    lastError: t.exposeString('lastError', { nullable: true, description: 'Why the last attempt failed, in words.' }),
    payload: t.exposeString('payload', { description: 'The JSON body, exactly as signed and sent.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    deliveredAt: t.expose('deliveredAt', { type: 'DateTime', nullable: true }),
  }),
});

const WebhookEndpointInput = builder.inputType('WebhookEndpointInput', {
  fields: (t) => ({
    url: t.string({ required: true, description: 'An http(s) URL on a public address.', validate: { schema: webhookRules.url } }),
    events: t.stringList({ required: true, description: webhookEvents.join(', '), validate: { schema: webhookRules.events } }),
    description: t.string({ validate: { schema: webhookRules.description } }),
  }),
});

builder.queryFields((t) => ({
  webhookEndpoints: t.field({
    type: [WebhookEndpointRef],
    description: 'Registered webhook endpoints, oldest first.',
    resolve: (_root, _args, { webhooks }) => webhooks.store.endpoints(),
  }),
  webhookDeliveries: t.field({
    type: [WebhookDeliveryRef],
    description: "An endpoint's deliveries, newest first.",
    args: {
      endpointId: t.arg.id({ required: true }),
      first: t.arg.int({
        defaultValue: 20,
        validate: { schema: z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100') },
      }),
    },
    resolve: (_root, { endpointId, first }, { webhooks }) => webhooks.store.deliveries(String(endpointId), first ?? 20),
  }),
}));

builder.mutationFields((t) => ({
  createWebhookEndpoint: t.field({
    type: CreatedWebhookEndpointRef,
    description: 'Registers an endpoint; the answer holds its signing secret, shown only this once.',
    args: { input: t.arg({ type: WebhookEndpointInput, required: true }) },
    resolve: (_root, { input }, { webhooks }) =>
      webhooks.register({
        url: input.url.trim(),
        events: input.events as (typeof webhookEvents)[number][],
        description: input.description?.trim() ?? null,
      }),
  }),
  deleteWebhookEndpoint: t.field({
    type: WebhookEndpointRef,
    description: 'Removes the endpoint and its deliveries.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { webhooks }) => webhooks.store.deleteEndpoint(String(id)),
  }),
  redeliverWebhook: t.field({
    type: WebhookDeliveryRef,
    description: 'Sends a delivery again (same id and body, new signature), starting its attempts over.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, { webhooks }) => webhooks.redeliver(String(id)),
  }),
}));
