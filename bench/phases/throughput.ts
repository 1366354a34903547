// Sustained token events per second delivered to subscribers: campaigns start together
// (behind the queue gate), the stand-in streams without delay, and every subscriber counts
// its TokenChunks; the rate is all of them over first-to-last token arrival.
import { performance } from 'node:perf_hooks';
import { type Integrity, integrityOf } from '../integrity.js';
import { serverThreadTime, threadTimeSince } from '../server-cpu.js';
import { type Deploy, singleProcess, subscribedCampaigns, type World } from '../world.js';

export interface ThroughputRow {
  campaigns: number;
  subscribersEach: number;
  tokenChunks: number;
  streamingMs: number;
  eventsPerSecond: number;
  serverLoop: number;
  /** The server thread's CPU time per delivered TokenChunk, in µs: what the rate costs, whatever else runs. */
  serverCpuPerEventUs: number;
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
  deploy: Deploy = singleProcess,
): Promise<ThroughputRow> {
  const deployment = await deploy(world, campaigns);
  const { server, subscriberUrl } = deployment;
  try {
    await world.standIn.call('setScript', { tokenDelayMs: 0 });
    const batch = await subscribedCampaigns(world, server, { campaigns, subscribersEach, subscriberUrl });
    const loopBefore = performance.eventLoopUtilization();
    const timeBefore = serverThreadTime();
    await batch.release();
    const run = await world.subscribers.call('finish', timeoutMs);
    const serverLoop = performance.eventLoopUtilization(loopBefore);
    const serverTime = threadTimeSince(timeBefore);
    const streamingMs = run.lastTokenAt - run.firstTokenAt;
    return {
      campaigns,
      subscribersEach,
      tokenChunks: run.tokenChunks,
      streamingMs,
      eventsPerSecond: streamingMs > 0 ? (run.tokenChunks / streamingMs) * 1000 : Number.NaN,
      serverLoop: serverLoop.utilization,
      serverCpuPerEventUs: (serverTime.onCpuMs * 1000) / run.tokenChunks,
      serverWaitedForCore: serverTime.waitingMs / (serverLoop.active + serverLoop.idle),
      subscriberLoop: run.eventLoopUtilization,
      integrity: integrityOf(run),
    };
  } finally {
    await deployment.stop();
  }
}
