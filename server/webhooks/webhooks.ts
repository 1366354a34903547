// Webhooks as one service: endpoints registered (and checked) here, deliveries recorded when a
// campaign's status becomes one that an endpoint listens for, and sent by the dispatcher.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { campaignJson } from '../campaigns/exports.js';
import type { Campaign, CampaignStore } from '../campaigns/store.js';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import { badInput } from '../errors.js';
import type { Logger } from '../logger.js';
import { checkWebhookUrl, WebhookAddressError } from './address-guard.js';
import { WebhookDispatcher } from './dispatcher.js';
import { eventForStatus, type WebhookEvent, webhookEvents } from './events.js';
import { newWebhookSecret } from './signature.js';
import { type WebhookDelivery, type WebhookEndpoint, WebhookStore } from './store.js';

/** What a valid endpoint registration is; shared by GraphQL, REST and the OpenAPI document. */
export const webhookRules = {
  url: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
  events: z
    .array(z.enum(webhookEvents, { error: `must be one of ${webhookEvents.join(', ')}` }))
    .min(1, 'must name at least one event')
    .max(webhookEvents.length, `must have at most ${webhookEvents.length} entries`),
  description: z.string().trim().max(200, 'must be at most 200 characters'),
};

export interface NewWebhookEndpoint {
  url: string;
  events: WebhookEvent[];
  description?: string | null;
}

/** Where a pipeline's status changes come from: Pipeline.updates(). */
export interface CampaignStatusSource {
  updates(): AsyncIterableIterator<Campaign>;
}

export class Webhooks {
  readonly store: WebhookStore;
  readonly #dispatcher: WebhookDispatcher;
  #watching: AsyncIterableIterator<Campaign> | null = null;
  #following: Promise<void> = Promise.resolve();
  readonly #stopping = new AbortController();

  constructor(private readonly services: { config: Config; logger: Logger; prisma: PrismaClient; campaigns: CampaignStore }) {
    this.store = new WebhookStore(services.prisma);
    this.#dispatcher = new WebhookDispatcher(this.store, services.config, services.logger.child({ component: 'webhooks' }));
  }

  /** Checks the URL (scheme, and where its name resolves) before anything is saved. `field`: where the URL sits in the request. */
  async register(input: NewWebhookEndpoint, field = 'input.url'): Promise<WebhookEndpoint> {
    try {
      await checkWebhookUrl(input.url, this.services.config.WEBHOOK_ALLOW_PRIVATE);
    } catch (error) {
      if (error instanceof WebhookAddressError) throw badInput([{ field, rule: error.message }]);
      throw error;
    }
    return this.store.createEndpoint({
      url: input.url,
      events: [...new Set(input.events)],
      description: input.description ?? '',
      secret: newWebhookSecret(),
    });
  }

  async redeliver(deliveryId: string): Promise<WebhookDelivery> {
    const delivery = await this.store.requeue(deliveryId);
    this.#dispatcher.wake();
    return delivery;
  }

  /** Follows the pipeline's status changes, and sends what earlier runs of the server left pending. */
  start(pipeline: CampaignStatusSource): void {
    this.#following = this.#follow(pipeline);
    this.#dispatcher.wake();
  }

  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#watching?.return?.();
    // A change being recorded is finished before the database closes.
    await this.#following;
    await this.#dispatcher.stop();
  }

  /** A shared store's outage ends the stream of changes (those made meanwhile are missed): it is followed again. */
  async #follow(pipeline: CampaignStatusSource): Promise<void> {
    const { signal } = this.#stopping;
    while (!signal.aborted) {
      const updates = pipeline.updates();
      this.#watching = updates;
      try {
        for await (const campaign of updates) {
          await this.#campaignChanged(campaign).catch((error: unknown) =>
            this.services.logger.error({ err: error, campaignId: campaign.id }, 'could not record webhook deliveries'),
          );
        }
      } catch (error) {
        if (signal.aborted) return;
        this.services.logger.warn({ err: error }, 'campaign status changes were cut off; webhooks follow them again in a second');
        await sleep(1000, undefined, { signal }).catch(() => {});
      }
    }
  }

  async #campaignChanged(campaign: Campaign): Promise<void> {
    const event = eventForStatus(campaign.status);
    if (!event) return;
    // Most servers have no endpoints: then the campaign's steps are not read for a payload nobody gets.
    const listening = await this.store.listeningTo(event);
    if (listening.length === 0) return;
    const steps = await this.services.campaigns.steps(campaign.id);
    const data = campaignJson(campaign, steps, { minScore: this.services.config.QUALITY_MIN_SCORE });
    const createdAt = new Date().toISOString();
    const recorded = await this.store.record(listening, event, campaign.id, `${campaign.id}:${campaign.runNumber}:${event}`, (id) =>
      JSON.stringify({ id, type: event, created_at: createdAt, data: { campaign: data } }),
    );
    if (recorded.length > 0) this.#dispatcher.wake();
  }
}
