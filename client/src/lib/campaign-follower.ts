// Follows one campaign's event stream into a CampaignRun, resuming after a dropped
// connection from the last seq applied (afterSeq), so no text is missed or repeated.
// afterSeq counts within the server's run (a retry or a restart starts a new one), so
// the run is sent too; a run that still finds itself out of step is folded again from 0.
import type { Client } from '@urql/core';
import { applyEvent, type CampaignRun, emptyRun } from './campaign-run.js';
import { campaignEventsSubscription } from './documents.js';
import { type ConnectionState, type LiveSubscription, liveSubscription } from './live-subscription.js';
import type { CampaignEvent } from './types.js';

export interface CampaignFollowerOptions {
  client: Client;
  campaignId: string;
  onRun: (run: CampaignRun) => void;
  onConnection?: (state: ConnectionState) => void;
  onError?: (message: string) => void;
  retryDelaysMs?: readonly number[];
}

export interface CampaignFollower {
  readonly run: CampaignRun;
  stop(): void;
}

/** How often a run out of step with its stream is folded again from the start before giving up. */
const maxResyncs = 3;

export function followCampaign(options: CampaignFollowerOptions): CampaignFollower {
  let run = emptyRun;
  let resyncs = 0;
  let stopped = false;
  let subscription: LiveSubscription | null = null;

  const onEvent = (event: CampaignEvent) => {
    const next = applyEvent(run, event);
    if (next === run) return;
    if (next.outOfStep && resyncs < maxResyncs) return resync();
    run = next;
    options.onRun(run);
    // The server ends the stream after this event; nothing is left to resume.
    if (run.finished || run.awaiting) subscription?.stop();
  };

  const start = () => {
    subscription = liveSubscription({
      client: options.client,
      query: campaignEventsSubscription,
      variables: () => ({ campaignId: options.campaignId, afterSeq: run.lastSeq, run: run.run || null }),
      onData: ({ campaignEvents }) => onEvent(campaignEvents),
      onConnection: options.onConnection,
      onError: options.onError,
      retryDelaysMs: options.retryDelaysMs,
    });
    if (run.finished || run.awaiting || stopped) subscription.stop(); // finished while subscribing (a synchronous source)
  };

  /** The stream changed under the run (a server restart): fold it again from its first event. */
  const resync = () => {
    resyncs += 1;
    subscription?.stop();
    run = emptyRun;
    options.onRun(run);
    start();
  };

  start();
  return {
    get run() {
      return run;
    },
    stop: () => {
      stopped = true;
      subscription?.stop();
    },
  };
}
