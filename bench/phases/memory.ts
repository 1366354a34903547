// Server memory per running campaign: the main thread's heap (the server's alone; the
// stand-in and subscribers live on other threads) after a full GC, before the campaigns
// start and again while all of them stream, divided by the number of campaigns. RSS is the
// whole process, so it also holds the other threads' growth.
import { waitUntil } from '../clock.js';
import { collectGarbage, gcMethod } from '../gc.js';
import { type Integrity, integrityOf } from '../integrity.js';
import { startBenchServer, subscribedCampaigns, type World } from '../world.js';

export interface MemoryReading {
  heapPerCampaign: number;
  rssPerCampaign: number;
}

export interface MemoryResult {
  campaigns: number;
  tokenDelayMs: number;
  tokensEach: number;
  running: MemoryReading;
  runningCampaigns: number;
  /** Tokens streamed per campaign, on average, at the running reading (the event log grows with them). */
  averageTokensAtReading: number;
  /** After every campaign finished: their event logs stay in memory for reconnecting subscribers. */
  finished: MemoryReading;
  gcMethod: string;
  integrity: Integrity;
}

export async function measureMemory(
  world: World,
  options: { campaigns: number; tokenDelayMs: number; tokensEach: number },
): Promise<MemoryResult> {
  const { campaigns } = options;
  const server = await startBenchServer(world, campaigns);
  try {
    await world.standIn.call('setScript', { tokenDelayMs: options.tokenDelayMs });
    const batch = await subscribedCampaigns(world, server, { campaigns, subscribersEach: 1 });
    const before = heapAndRss();
    await batch.release();
    const everyCampaignHasStreamed = async () => (await world.subscribers.call('tokensSoFar')).fewest >= options.tokensEach;
    await waitUntil(`every campaign to stream ${options.tokensEach} tokens`, everyCampaignHasStreamed, 60_000, 5);
    const running = heapAndRss();
    const { total: tokensAtReading } = await world.subscribers.call('tokensSoFar');
    const runningCampaigns = server.pipeline.runningCount;
    const run = await world.subscribers.call('finish', 120_000);
    const finished = heapAndRss();
    const perCampaign = (reading: { heap: number; rss: number }): MemoryReading => ({
      heapPerCampaign: (reading.heap - before.heap) / campaigns,
      rssPerCampaign: (reading.rss - before.rss) / campaigns,
    });
    return {
      campaigns,
      tokenDelayMs: options.tokenDelayMs,
      tokensEach: options.tokensEach,
      running: perCampaign(running),
      runningCampaigns,
      averageTokensAtReading: tokensAtReading / campaigns,
      finished: perCampaign(finished),
      gcMethod,
      integrity: integrityOf(run),
    };
  } finally {
    await server.stop();
  }
}

function heapAndRss(): { heap: number; rss: number } {
  collectGarbage();
  const usage = process.memoryUsage();
  return { heap: usage.heapUsed + usage.external, rss: usage.rss };
}
