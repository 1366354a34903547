// The subscribers' thread, standing in for browsers and API clients: one graphql-ws
// connection per subscriber, and the direct `ollama` reads the latency phase compares with.
import { performance } from 'node:perf_hooks';
import type { Client } from 'graphql-ws';
import { type ChatRequest, Ollama } from 'ollama';
import { graphqlData, wsClient } from '../tests/support/graphql.js';
import type { ChatRequestSeen } from '../tests/support/ollama-standin.js';
import { nowMs } from './clock.js';
import { type StepOutput, type Subscriber, subscribe, type TokenArrival, textMismatches } from './subscriber.js';
import { exposeToMainThread } from './threads.js';

export interface SubscriberRun {
  subscribers: number;
  tokens: number;
  tokenEvents: number;
  firstTokenAt: number;
  lastTokenAt: number;
  seqErrors: number;
  /** Subscribers whose stream did not end with CampaignFinished COMPLETED in time. */
  unfinished: number;
  /** (subscriber, role, attempt) whose streamed text differs from the saved step output. */
  textMismatches: number;
  failures: string[];
  /** Every campaign that did not end COMPLETED, with why (its error and its failed steps' errors). */
  campaignFailures: string[];
  /** Token arrivals of each campaign's first subscriber, when recorded. */
  arrivals: Record<string, TokenArrival[]>;
  /** Busy share of this thread's event loop from connect() to the last stream's end. */
  eventLoopUtilization: number;
}

const stepsQuery = 'query ($id: ID!) { campaign(id: $id) { status error steps { role attempt output rawOutput status error } } }';

interface CampaignOutcome {
  status: string;
  error: string | null;
  steps: (StepOutput & { status: string; error: string | null })[];
}

/** Why a campaign did not complete, in one line: its own error, then each failed step's. */
function failureReason(id: string, campaign: CampaignOutcome): string {
  const failedSteps = campaign.steps.filter((step) => step.status === 'FAILED');
  const steps = failedSteps.map((step) => `${step.role}#${step.attempt}: ${step.error ?? 'no error saved'}`).join(' | ');
  return `${id} ended ${campaign.status}: ${campaign.error ?? 'no error saved'}${steps ? ` (failed steps: ${steps})` : ''}`;
}

let graphqlUrl = '';
let clients: Client[] = [];
let subscribers: Subscriber[] = [];
let loopAtConnect = performance.eventLoopUtilization();

async function connect(url: string, campaignIds: string[], perCampaign: number, recordArrivals: boolean): Promise<void> {
  graphqlUrl = url;
  clients = [];
  subscribers = [];
  for (const campaignId of campaignIds) {
    for (let index = 0; index < perCampaign; index++) {
      const client = wsClient(url);
      clients.push(client);
      subscribers.push(subscribe(client, campaignId, recordArrivals && index === 0));
    }
  }
  // A query behind each subscription on the same socket: once it answers, the socket is
  // acknowledged and the server has read the subscription (a late one would only replay).
  await Promise.all(
    clients.map(
      (client) =>
        new Promise<void>((resolve, reject) => {
          client.subscribe({ query: '{ __typename }' }, { next: () => {}, error: reject, complete: resolve });
        }),
    ),
  );
  loopAtConnect = performance.eventLoopUtilization();
}

async function finish(timeoutMs: number): Promise<SubscriberRun> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  await Promise.race([Promise.all(subscribers.map((subscriber) => subscriber.done)), timedOut]);
  clearTimeout(timer);
  const eventLoopUtilization = performance.eventLoopUtilization(loopAtConnect).utilization;
  await Promise.all(clients.map((client) => client.dispose()));

  const campaignIds = [...new Set(subscribers.map((subscriber) => subscriber.campaignId))];
  const steps = new Map<string, StepOutput[]>();
  const campaignFailures: string[] = [];
  for (const id of campaignIds) {
    const { campaign } = await graphqlData<{ campaign: CampaignOutcome }>(graphqlUrl, stepsQuery, { id });
    steps.set(id, campaign.steps);
    if (campaign.status !== 'COMPLETED') campaignFailures.push(failureReason(id, campaign));
  }

  const run: SubscriberRun = {
    subscribers: subscribers.length,
    tokens: 0,
    tokenEvents: 0,
    firstTokenAt: Number.POSITIVE_INFINITY,
    lastTokenAt: Number.NEGATIVE_INFINITY,
    seqErrors: 0,
    unfinished: 0,
    textMismatches: 0,
    failures: [],
    campaignFailures,
    arrivals: {},
    eventLoopUtilization,
  };
  for (const subscriber of subscribers) {
    run.tokens += subscriber.tokens;
    run.tokenEvents += subscriber.tokenEvents;
    run.firstTokenAt = Math.min(run.firstTokenAt, subscriber.firstTokenAt);
    run.lastTokenAt = Math.max(run.lastTokenAt, subscriber.lastTokenAt);
    run.seqErrors += subscriber.seqErrors;
    if (subscriber.finishedStatus !== 'COMPLETED') {
      run.unfinished += 1;
      run.failures.push(
        `${subscriber.campaignId}: stream ended ${subscriber.finishedStatus ? `with ${subscriber.finishedStatus}` : 'without CampaignFinished'}`,
      );
    }
    const mismatched = textMismatches(subscriber, steps.get(subscriber.campaignId) ?? []);
    run.textMismatches += mismatched.length;
    if (subscriber.failure) run.failures.push(`${subscriber.campaignId}: ${subscriber.failure}`);
    if (mismatched.length > 0)
      run.failures.push(`${subscriber.campaignId}: streamed text differs from the saved output of ${mismatched.join(', ')}`);
    if (subscriber.arrivals.length > 0) run.arrivals[subscriber.campaignId] = subscriber.arrivals;
  }
  run.failures = run.failures.slice(0, 5);
  subscribers = [];
  clients = [];
  return run;
}

/** Replays chat requests straight to the stand-in, one after the other; the arrival time of every chunk. */
async function readDirect(host: string, requests: ChatRequestSeen[]): Promise<number[][]> {
  const arrivals: number[][] = [];
  for (const request of requests) {
    const client = new Ollama({ host });
    const times: number[] = [];
    const stream = await client.chat({
      model: request.model,
      messages: request.messages,
      format: request.format as ChatRequest['format'],
      options: request.options,
      stream: true,
    });
    try {
      for await (const chunk of stream) if (chunk.message.content) times.push(nowMs());
    } finally {
      stream.abort(); // ollama-js keeps a finished stream registered until aborted
    }
    arrivals.push(times);
  }
  return arrivals;
}

const api = {
  connect,
  finish,
  readDirect,
  /** Token chunks received so far: the fewest by any subscriber, and all of them. */
  tokensSoFar: (): { fewest: number; total: number } => {
    const counts = subscribers.map((subscriber) => subscriber.tokens);
    return { fewest: Math.min(...counts), total: counts.reduce((sum, count) => sum + count, 0) };
  },
};
export type SubscriberThreadApi = typeof api;
exposeToMainThread(api);
