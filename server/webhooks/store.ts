// Webhook endpoints and their deliveries, over the Prisma rows.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db/client.js';
import type { WebhookDelivery as DeliveryRow, WebhookEndpoint as EndpointRow } from '../db/generated/client.js';
import { isUniqueViolation, notFound } from '../errors.js';
import type { WebhookEvent } from './events.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  secret: string;
  events: WebhookEvent[];
  description: string;
  createdAt: Date;
}

export const deliveryStatuses = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  event: WebhookEvent;
  campaignId: string | null;
  eventKey: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** What due() and nextDueAt() leave out. */
export interface DueSkipping {
  deliveryIds: readonly string[];
  endpointIds: readonly string[];
}

const noSkipping: DueSkipping = { deliveryIds: [], endpointIds: [] };

const skipped = ({ deliveryIds, endpointIds }: DueSkipping) => ({
  ...(deliveryIds.length > 0 ? { id: { notIn: [...deliveryIds] } } : {}),
  ...(endpointIds.length > 0 ? { endpointId: { notIn: [...endpointIds] } } : {}),
});

const toEndpoint = (row: EndpointRow): WebhookEndpoint => ({ ...row, events: row.events as WebhookEvent[] });
const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  ...row,
  event: row.event as WebhookEvent,
  status: row.status as DeliveryStatus,
});

export class WebhookStore {
  constructor(private readonly prisma: PrismaClient) {}

  async createEndpoint(endpoint: Omit<WebhookEndpoint, 'id' | 'createdAt'>): Promise<WebhookEndpoint> {
    return toEndpoint(await this.prisma.webhookEndpoint.create({ data: endpoint }));
  }

  async endpoints(): Promise<WebhookEndpoint[]> {
    const rows = await this.prisma.webhookEndpoint.findMany({ orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    return rows.map(toEndpoint);
  }

  async endpoint(id: string): Promise<WebhookEndpoint> {
    const row = await this.prisma.webhookEndpoint.findUnique({ where: { id } });
    if (!row) throw notFound('Webhook endpoint', id);
    return toEndpoint(row);
  }

  async deleteEndpoint(id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoint(id);
    await this.prisma.webhookEndpoint.delete({ where: { id } });
    return endpoint;
  }

  /** The endpoints that want `event`. */
  async listeningTo(event: WebhookEvent): Promise<WebhookEndpoint[]> {
    return (await this.endpoints()).filter((endpoint) => endpoint.events.includes(event));
  }

  /**
   * Records one delivery per endpoint in `listening` (see listeningTo), due at once. `eventKey` names the
   * event (campaign, run, event): recorded again (by another instance that saw it too), it is skipped.
   */
  async record(
    listening: readonly WebhookEndpoint[],
    event: WebhookEvent,
    campaignId: string,
    eventKey: string,
    payloadFor: (deliveryId: string) => string,
  ): Promise<WebhookDelivery[]> {
    const recorded: WebhookDelivery[] = [];
    for (const endpoint of listening) {
      // The payload names its own delivery id, so receivers can drop duplicates: the id is made here.
      const id = randomUUID();
      try {
        const row = await this.prisma.webhookDelivery.create({
          data: { id, endpointId: endpoint.id, event, campaignId, eventKey, payload: payloadFor(id), nextAttemptAt: new Date() },
        });
        recorded.push(toDelivery(row));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return recorded;
  }

  async deliveries(endpointId: string, first: number): Promise<WebhookDelivery[]> {
    await this.endpoint(endpointId);
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { endpointId },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: first,
    });
    return rows.map(toDelivery);
  }

  async delivery(id: string): Promise<WebhookDelivery> {
    const row = await this.prisma.webhookDelivery.findUnique({ where: { id } });
    if (!row) throw notFound('Webhook delivery', id);
    return toDelivery(row);
  }

  /**
   * Pending deliveries whose time has come, oldest first, leaving out `skipping`: the attempts this
   * worker has under way, and the endpoints that have as many as they may (so that one endpoint's
   * backlog does not fill the page and hide the others' deliveries).
   */
  async due(now: Date, limit: number, skipping: DueSkipping = noSkipping): Promise<WebhookDelivery[]> {
    const rows = await this.prisma.webhookDelivery.findMany({
      where: { status: 'PENDING', nextAttemptAt: { lte: now }, ...skipped(skipping) },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
    });
    return rows.map(toDelivery);
  }

  /** The next pending attempt's time, to sleep until then (leaving out `skipping`, as due() does). */
  async nextDueAt(skipping: DueSkipping = noSkipping): Promise<Date | null> {
    const row = await this.prisma.webhookDelivery.findFirst({
      where: { status: 'PENDING', ...skipped(skipping) },
      orderBy: { nextAttemptAt: 'asc' },
      select: { nextAttemptAt: true },
    });
    return row?.nextAttemptAt ?? null;
  }

  /**
   * Takes a due delivery for one attempt, pushing its time out by `leaseMs`: no worker takes it again
   * until then. Resolves to the claim's end, which saveAttempt() needs, or null when another worker has it.
   */
  async claim(delivery: WebhookDelivery, leaseMs: number): Promise<Date | null> {
    const until = new Date(Date.now() + leaseMs);
    const { count } = await this.prisma.webhookDelivery.updateMany({
      where: { id: delivery.id, status: 'PENDING', nextAttemptAt: delivery.nextAttemptAt },
      data: { nextAttemptAt: until },
    });
    return count === 1 ? until : null;
  }

  /**
   * Records an attempt's outcome, if the claim `claimedUntil` (from claim()) is still the delivery's:
   * false when it is not (the delivery was removed, redelivered, or its claim lapsed and another
   * worker took it), and then nothing is changed.
   */
  async saveAttempt(
    id: string,
    claimedUntil: Date,
    outcome: { status: DeliveryStatus; attempts: number; nextAttemptAt: Date | null; statusCode: number | null; error: string | null },
  ): Promise<boolean> {
    const { count } = await this.prisma.webhookDelivery.updateMany({
      where: { id, status: 'PENDING', nextAttemptAt: claimedUntil },
      data: {
        status: outcome.status,
        attempts: outcome.attempts,
        nextAttemptAt: outcome.nextAttemptAt,
        lastStatusCode: outcome.statusCode,
        lastError: outcome.error,
        ...(outcome.status === 'DELIVERED' ? { deliveredAt: new Date() } : {}),
      },
    });
    return count === 1;
  }

  /** Sends the same delivery again from its first attempt (same id and body, a fresh signature). */
  async requeue(id: string): Promise<WebhookDelivery> {
    await this.delivery(id);
    const row = await this.prisma.webhookDelivery.update({
      where: { id },
      data: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date(), lastError: null, lastStatusCode: null, deliveredAt: null },
    });
    return toDelivery(row);
  }
}
