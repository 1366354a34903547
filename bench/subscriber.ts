// One subscriber of one campaign's events over graphql-ws: checks that seq runs 1, 2, 3 ...
// folds the TokenChunk text per (role, attempt), and notes when tokens arrive. A TokenChunk
// may carry several of the model's chunks (tokens) when the server merged them.
import type { Client } from 'graphql-ws';
import { type CampaignEventData, campaignEventsSubscription } from '../tests/support/campaigns.js';
import { nowMs } from './clock.js';

export interface TokenArrival {
  step: string; // role#attempt
  at: number;
  /** The model's chunks the event carried. */
  chunks: number;
}

export interface Subscriber {
  campaignId: string;
  /** The model's chunks received, and the TokenChunk events they came in. */
  tokens: number;
  tokenEvents: number;
  /** Events whose seq was not the previous one plus one: lost, repeated or reordered. */
  seqErrors: number;
  finishedStatus: string | null;
  /** A GraphQL or transport error, or an event after CampaignFinished. */
  failure: string | null;
  texts: Map<string, string>;
  arrivals: TokenArrival[];
  firstTokenAt: number;
  lastTokenAt: number;
  done: Promise<void>;
}

export function subscribe(client: Client, campaignId: string, recordArrivals: boolean): Subscriber {
  let lastSeq = 0;
  const subscriber: Subscriber = {
    campaignId,
    tokens: 0,
    tokenEvents: 0,
    seqErrors: 0,
    finishedStatus: null,
    failure: null,
    texts: new Map(),
    arrivals: [],
    firstTokenAt: Number.NaN,
    lastTokenAt: Number.NaN,
    done: Promise.resolve(),
  };
  const onEvent = (event: CampaignEventData) => {
    if (event.seq !== lastSeq + 1) subscriber.seqErrors += 1;
    lastSeq = event.seq;
    if (subscriber.finishedStatus !== null) subscriber.failure ??= `event ${event.seq} after CampaignFinished`;
    if (event.__typename === 'CampaignFinished') subscriber.finishedStatus = String(event.status);
    if (event.__typename !== 'TokenChunk') return;
    const at = nowMs();
    const step = `${event.role}#${event.attempt}`;
    const chunks = Number(event.chunks ?? 1);
    subscriber.tokens += chunks;
    subscriber.tokenEvents += 1;
    subscriber.texts.set(step, (subscriber.texts.get(step) ?? '') + event.text);
    if (recordArrivals) subscriber.arrivals.push({ step, at, chunks });
    if (Number.isNaN(subscriber.firstTokenAt)) subscriber.firstTokenAt = at;
    subscriber.lastTokenAt = at;
  };
  subscriber.done = new Promise<void>((resolve) => {
    client.subscribe<{ campaignEvents: CampaignEventData }>(
      { query: campaignEventsSubscription, variables: { id: campaignId, after: 0 } },
      {
        next: (result) => {
          if (result.errors) subscriber.failure ??= JSON.stringify(result.errors);
          else if (result.data?.campaignEvents) onEvent(result.data.campaignEvents);
        },
        error: (error) => {
          subscriber.failure ??= error instanceof Error ? error.message : `connection closed (${JSON.stringify(error)})`;
          resolve();
        },
        complete: () => resolve(),
      },
    );
  });
  return subscriber;
}

export interface StepOutput {
  role: string;
  attempt: number;
  output: string;
  /** The model's reply as it came (what streamed), when cleaning changed it. */
  rawOutput: string | null;
}

/** (role, attempt) pairs whose streamed text differs from what the step saved as the model's reply. */
export function textMismatches(subscriber: Subscriber, steps: StepOutput[]): string[] {
  const saved = new Map(steps.map((step) => [`${step.role}#${step.attempt}`, step.rawOutput ?? step.output]));
  const keys = new Set([...saved.keys(), ...subscriber.texts.keys()]);
  return [...keys].filter((key) => (subscriber.texts.get(key) ?? '') !== (saved.get(key) ?? ''));
}
