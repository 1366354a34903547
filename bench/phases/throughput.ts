// Sustained tokens per second delivered to subscribers: campaigns start together (behind
// the queue gate), the stand-in streams without delay, and every subscriber counts the
// model's chunks its TokenChunks carry; the rate is all of them over first-to-last arrival.
// Tokens, not events, so that merging chunks into fewer events is counted honestly.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { type Integrity, integrityOf } from '../integrity.js';
import { serverThreadTime, threadTimeSince } from '../server-cpu.js';
import { profileStreaming } from '../streaming-profile.js';
import { type Deploy, singleProcess, subscribedCampaigns, type World } from '../world.js';

/** A server setting switched off to measure the configuration before it, in the same run. */
export interface BenchConfiguration {
  name: string;
  environment: Record<string, string>;
}

export const currentConfiguration: BenchConfiguration = { name: 'now', environment: {} };
export const previousConfiguration: BenchConfiguration = {
  name: 'before (no merging, no graphql-jit)',
  environment: { MERGE_TOKEN_CHUNKS: 'false', GRAPHQL_JIT: 'false' },
};

export interface ThroughputRow {
  configuration: string;
  campaigns: number;
  subscribersEach: number;
  /** The model's chunks delivered to all subscribers, and the TokenChunk events that carried them. */
  tokens: number;
  tokenEvents: number;
  streamingMs: number;
  tokensPerSecond: number;
  serverLoop: number;
  /** The server thread's longest stall (event-loop delay), in ms: what a timer firing late waits at worst. */
  serverLongestStallMs: number;
  /** The server thread's CPU time per delivered token, in µs: what the rate costs, whatever else runs. */
  serverCpuPerTokenUs: number;
  /** Share of the streaming phase the server thread was ready to run but waited for a core. */
  serverWaitedForCore: number;
  subscriberLoop: number;
  integrity: Integrity;
}

export async function measureThroughput(
  world: World,
  campaigns: number,
  subscribersEach: number,
  timeoutMs: number,
  configuration = currentConfiguration,
  deploy: Deploy = singleProcess,
): Promise<ThroughputRow> {
  const deployment = await deploy(world, campaigns, configuration.environment);
  const { server, subscriberUrl } = deployment;
  try {
    await world.standIn.call('setScript', { tokenDelayMs: 0 });
    const batch = await subscribedCampaigns(world, server, { campaigns, subscribersEach, subscriberUrl });
    const loopBefore = performance.eventLoopUtilization();
    const timeBefore = serverThreadTime();
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    const run = await profileStreaming(
      `throughput-${campaigns}x${subscribersEach}${configuration === currentConfiguration ? '' : '-before'}`,
      async () => {
        await batch.release();
        return world.subscribers.call('finish', timeoutMs);
      },
    );
    stalls.disable();
    const serverLoop = performance.eventLoopUtilization(loopBefore);
    const serverTime = threadTimeSince(timeBefore);
    const streamingMs = run.lastTokenAt - run.firstTokenAt;
    return {
      configuration: configuration.name,
      campaigns,
      subscribersEach,
      tokens: run.tokens,
      tokenEvents: run.tokenEvents,
      streamingMs,
      tokensPerSecond: streamingMs > 0 ? (run.tokens / streamingMs) * 1000 : Number.NaN,
      serverLoop: serverLoop.utilization,
      serverLongestStallMs: stalls.max / 1e6,
      serverCpuPerTokenUs: (serverTime.onCpuMs * 1000) / run.tokens,
      serverWaitedForCore: serverTime.waitingMs / (serverLoop.active + serverLoop.idle),
      subscriberLoop: run.eventLoopUtilization,
      integrity: integrityOf(run),
    };
  } finally {
    await deployment.stop();
  }
}
