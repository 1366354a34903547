// What the server talks to: the stand-in Ollama and the subscribers, each on its own
// thread so that the main thread is the server's alone (the 2-core machine gives each a
// core to share). Also starts a server and lines up subscribed campaigns behind a gate.
import { blogInput, createCampaign } from '../tests/support/campaigns.js';
import { startTestServer, type TestServer } from '../tests/support/server.js';
import { holdQueue } from './queue-gate.js';
import type { StandInThreadApi } from './standin-thread.js';
import type { SubscriberThreadApi } from './subscriber-thread.js';
import { startThread, type Thread } from './threads.js';

export interface World {
  ollamaUrl: string;
  standIn: Thread<StandInThreadApi>;
  subscribers: Thread<SubscriberThreadApi>;
  stop(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const standIn = startThread<StandInThreadApi>(new URL('./standin-thread.ts', import.meta.url));
  const subscribers = startThread<SubscriberThreadApi>(new URL('./subscriber-thread.ts', import.meta.url));
  const ollamaUrl = await standIn.call('start');
  return {
    ollamaUrl,
    standIn,
    subscribers,
    async stop() {
      await standIn.call('stop');
      await Promise.all([standIn.stop(), subscribers.stop()]);
    },
  };
}

/** The settings of a bench server with `concurrency` run slots. */
export function benchServerEnvironment(world: World, concurrency: number): Record<string, string> {
  return {
    OLLAMA_HOST: world.ollamaUrl,
    PIPELINE_CONCURRENCY: String(concurrency),
    QUEUE_LIMIT: '100000',
    LOG_LEVEL: 'silent',
    // One client creating hundreds of campaigns a minute is the point here, not abuse.
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
    RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '0',
  };
}

/** The real server, in this process, with `concurrency` run slots. */
export function startBenchServer(world: World, concurrency: number, environment: Record<string, string> = {}): Promise<TestServer> {
  return startTestServer({ ...benchServerEnvironment(world, concurrency), ...environment });
}

/**
 * Where a phase runs: `server` runs the campaigns (created through its API), subscribers follow
 * them at `subscriberUrl`: the same server (one process), or another instance (the cluster).
 */
export interface Deployment {
  server: TestServer;
  subscriberUrl: string;
  stop(): Promise<void>;
}

/** `environment`: settings of the phase (a configuration compared), on every instance. */
export type Deploy = (world: World, concurrency: number, environment?: Record<string, string>) => Promise<Deployment>;

/** One process: today's server, subscribers on it. */
export const singleProcess: Deploy = async (world, concurrency, environment) => {
  const server = await startBenchServer(world, concurrency, environment);
  return { server, subscriberUrl: server.graphqlUrl, stop: () => server.stop() };
};

export interface SubscribedCampaigns {
  campaignIds: string[];
  /** Starts every campaign at once. */
  release(): Promise<void>;
}

/**
 * `campaigns` blog campaigns, queued behind a gate (the server must have exactly that many
 * run slots), each followed by `subscribersEach` graphql-ws subscribers from seq 1.
 */
export async function subscribedCampaigns(
  world: World,
  server: TestServer,
  options: { campaigns: number; subscribersEach: number; recordArrivals?: boolean; subscriberUrl?: string },
): Promise<SubscribedCampaigns> {
  const gate = await holdQueue(server.graphqlUrl, options.campaigns, () => world.standIn.call('hungGateCalls'));
  const created = await Promise.all(Array.from({ length: options.campaigns }, () => createCampaign(server.graphqlUrl, blogInput)));
  const campaignIds = created.map((campaign) => campaign.id);
  const subscriberUrl = options.subscriberUrl ?? server.graphqlUrl;
  await world.subscribers.call('connect', subscriberUrl, campaignIds, options.subscribersEach, options.recordArrivals ?? false);
  return { campaignIds, release: () => gate.release() };
}
