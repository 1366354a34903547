// Per-token latency: from the stand-in writing a chunk to its reader receiving it, through
// the server to a graphql-ws subscriber, and straight to an `ollama` client replaying the
// very same chat requests. The difference is what the server adds.
import { nowMs } from '../clock.js';
import { addIntegrity, type Integrity, integrityOf, noSubscribers } from '../integrity.js';
import { serverThreadTime, threadTimeSince } from '../server-cpu.js';
import { type Deploy, singleProcess, subscribedCampaigns, type World } from '../world.js';

export interface LatencySamples {
  direct: number[];
  viaServer: number[];
}

export interface LatencyResult {
  campaigns: number;
  tokenDelayMs: number;
  proseChunks: number;
  firstToken: LatencySamples;
  everyToken: LatencySamples;
  /** Campaigns left out because chunks written and chunks received did not pair up. */
  unpaired: number;
  /** Share of the phase the server thread was ready to run but waited for a core: the tail's usual cause. */
  serverWaitedForCore: number;
  integrity: Integrity;
}

export interface LatencyOptions {
  campaigns: number;
  tokenDelayMs: number;
  proseChunks: number;
  budgetMs: number;
}

export async function measureLatency(world: World, options: LatencyOptions, deploy: Deploy = singleProcess): Promise<LatencyResult> {
  const { standIn, subscribers } = world;
  const result: LatencyResult = {
    campaigns: 0,
    tokenDelayMs: options.tokenDelayMs,
    proseChunks: options.proseChunks,
    firstToken: { direct: [], viaServer: [] },
    everyToken: { direct: [], viaServer: [] },
    unpaired: 0,
    serverWaitedForCore: Number.NaN,
    integrity: noSubscribers,
  };
  // One campaign at a time, so the k-th chunk written is the k-th chunk received (a merged TokenChunk brings several at once).
  const deployment = await deploy(world, 1);
  const { server, subscriberUrl } = deployment;
  const startedAt = nowMs();
  const deadline = startedAt + options.budgetMs;
  const timeBefore = serverThreadTime();
  try {
    await standIn.call('setScript', { tokenDelayMs: options.tokenDelayMs, proseChunks: options.proseChunks, recordWrites: true });
    for (let index = 0; index < options.campaigns && nowMs() < deadline; index++) {
      const { campaignIds, release } = await subscribedCampaigns(world, server, {
        campaigns: 1,
        subscribersEach: 1,
        recordArrivals: true,
        subscriberUrl,
      });
      // Forget the previous campaign's direct replays: only this campaign's calls are replayed below.
      await standIn.call('takeRequests');
      await standIn.call('takeWrites');
      await release();
      const run = await subscribers.call('finish', 30_000);
      result.integrity = addIntegrity(result.integrity, integrityOf(run));
      const arrivals = (run.arrivals[campaignIds[0] ?? ''] ?? []).flatMap((arrival) => Array(arrival.chunks).fill(arrival));
      const written = await standIn.call('takeWrites');
      // Each step's first chunk (the reviewers stream side by side, so their chunks interleave).
      const stepStarts = [...new Map(arrivals.map((arrival, at) => [arrival.step, at] as const).reverse()).values()];
      const viaServer = pairUp(
        written,
        arrivals.map((arrival) => arrival.at),
        stepStarts,
      );

      const requests = await standIn.call('takeRequests');
      const directArrivals = await subscribers.call('readDirect', world.ollamaUrl, requests);
      const directWritten = await standIn.call('takeWrites');
      const requestStarts = directArrivals.flatMap((_, request) => [
        directArrivals.slice(0, request).reduce((sum, times) => sum + times.length, 0),
      ]);
      const direct = pairUp(directWritten, directArrivals.flat(), requestStarts);

      if (!viaServer || !direct) {
        result.unpaired += 1;
        continue;
      }
      result.campaigns += 1;
      result.everyToken.viaServer.push(...viaServer.every);
      result.firstToken.viaServer.push(...viaServer.first);
      result.everyToken.direct.push(...direct.every);
      result.firstToken.direct.push(...direct.first);
    }
    result.serverWaitedForCore = threadTimeSince(timeBefore).waitingMs / (nowMs() - startedAt);
  } finally {
    await deployment.stop();
  }
  return result;
}

/** Arrival minus write per chunk, and the same for the first chunk of each step; null when counts differ. */
function pairUp(written: number[], arrived: number[], firstIndexes: number[]): { every: number[]; first: number[] } | null {
  if (written.length === 0 || written.length !== arrived.length) return null;
  const every = arrived.map((at, index) => at - (written[index] as number));
  return { every, first: firstIndexes.map((index) => every[index] as number) };
}
