// The cluster phase: the latency and throughput phases again with campaigns on instance A and
// their subscribers on instance B, every event going A → Redis stream → B's reader → subscriber;
// and what Redis holds per campaign, while 50 run and once they have finished.
import { waitUntil } from '../clock.js';
import { type Cluster, type StreamMemory, streamMemory } from '../cluster.js';
import { type Integrity, integrityOf } from '../integrity.js';
import { subscribedCampaigns, type World } from '../world.js';
import { type LatencyOptions, type LatencyResult, measureLatency } from './latency.js';
import { measureThroughput, type ThroughputRow } from './throughput.js';

export interface RedisMemoryResult {
  campaigns: number;
  tokensEach: number;
  runningCampaigns: number;
  running: StreamMemory;
  finished: StreamMemory;
  integrity: Integrity;
}

export interface ClusterResult {
  redisUrl: string;
  layout: Cluster['layout'];
  latency?: LatencyResult;
  throughput: ThroughputRow[];
  memory?: RedisMemoryResult;
}

export interface ClusterOptions {
  latency: LatencyOptions;
  throughput: { campaigns: number; subscribersEach: number }[];
  memory: { campaigns: number; tokenDelayMs: number; tokensEach: number };
  progress(message: string): void;
}

export async function measureCluster(world: World, cluster: Cluster, options: ClusterOptions): Promise<ClusterResult> {
  const result: ClusterResult = { redisUrl: cluster.redisUrl, layout: cluster.layout, throughput: [] };
  options.progress(`cluster memory: ${options.memory.campaigns} campaigns on A, subscribers on B`);
  result.memory = await measureRedisMemory(world, cluster, options.memory);
  options.progress(`cluster latency: ${options.latency.campaigns} campaigns one at a time`);
  result.latency = await measureLatency(world, options.latency, cluster.deploy);
  for (const { campaigns, subscribersEach } of options.throughput) {
    options.progress(`cluster throughput: ${campaigns} campaigns × ${subscribersEach} subscribers`);
    result.throughput.push(await measureThroughput(world, campaigns, subscribersEach, 120_000, undefined, cluster.deploy));
  }
  return result;
}

async function measureRedisMemory(world: World, cluster: Cluster, options: ClusterOptions['memory']): Promise<RedisMemoryResult> {
  const { campaigns } = options;
  const deployment = await cluster.deploy(world, campaigns);
  try {
    await world.standIn.call('setScript', { tokenDelayMs: options.tokenDelayMs });
    const batch = await subscribedCampaigns(world, deployment.server, {
      campaigns,
      subscribersEach: 1,
      subscriberUrl: deployment.subscriberUrl,
    });
    await batch.release();
    const everyCampaignHasStreamed = async () => (await world.subscribers.call('tokensSoFar')).fewest >= options.tokensEach;
    await waitUntil(`every campaign to stream ${options.tokensEach} tokens`, everyCampaignHasStreamed, 60_000, 5);
    const running = await streamMemory(cluster.redis, deployment.keyPrefix, batch.campaignIds);
    const runningCampaigns = deployment.server.pipeline.runningCount;
    const run = await world.subscribers.call('finish', 120_000);
    const finished = await streamMemory(cluster.redis, deployment.keyPrefix, batch.campaignIds);
    return { campaigns, tokensEach: options.tokensEach, runningCampaigns, running, finished, integrity: integrityOf(run) };
  } finally {
    await deployment.stop();
  }
}
