// The cluster phase's tables and target rows, beside the single-process figures of the same run.

import { problems } from './integrity.js';
import type { ClusterResult } from './phases/cluster.js';
import type { LatencyResult } from './phases/latency.js';
import type { ThroughputRow } from './phases/throughput.js';
import { formatBytes, formatCount, formatMs, formatShare, percentile } from './stats.js';

export const clusterTargets = { addedFirstTokenP50Ms: 5, shareOfSingleProcess: 0.5 };

/** First-token p50 the cluster path adds to a direct read of the model stream. */
export function clusterAddedFirstToken(cluster: ClusterResult, p: number): number {
  const latency = cluster.latency;
  return latency ? percentile(latency.firstToken.viaServer, p) - percentile(latency.firstToken.direct, p) : Number.NaN;
}

/** The single-process row of the same shape, in the configuration the cluster ran (the current one). */
const matching = (rows: ThroughputRow[], row: ThroughputRow) =>
  rows.find(
    (single) =>
      single.configuration === row.configuration && single.campaigns === row.campaigns && single.subscribersEach === row.subscribersEach,
  );

export function clusterSection(cluster: ClusterResult, single: { latency?: LatencyResult; throughput: ThroughputRow[] }): string[] {
  return [
    ...(cluster.layout === 'two instances'
      ? [
          '### 5. Cluster: campaigns on instance A, subscribers on instance B, through Redis',
          '',
          `Redis at ${cluster.redisUrl}. Instance A runs on the main thread and runs the campaigns; instance B runs on a worker thread and serves every subscriber: each event goes A → XADD to the run's stream → B's one blocking XREAD → graphql-ws. Both instances, the stand-in, the subscribers and Redis share the machine's cores.`,
        ]
      : [
          '### 5. Through Redis: one instance with REDIS_URL, its subscribers reading every event back from Redis',
          '',
          `Redis at ${cluster.redisUrl}. No shared database for a second instance (two servers cannot share a SQLite file), so one instance runs the campaigns and serves the subscribers, but through Redis as instance B would: each event goes XADD to the run's stream → the instance's one blocking XREAD → graphql-ws. "Cluster" below means this path.`,
        ]),
    '',
    ...(cluster.latency ? latencyTables(cluster.latency, single.latency) : []),
    ...(cluster.throughput.length > 0 ? throughputTable(cluster.throughput, single.throughput) : []),
    ...(cluster.memory ? memoryTable(cluster) : []),
  ];
}

function latencyTables(cluster: LatencyResult, single: LatencyResult | undefined): string[] {
  const path = (name: string, first: number[], every: number[]) =>
    `| ${name} | ${formatMs(percentile(first, 50))} | ${formatMs(percentile(first, 99))} | ${formatMs(percentile(every, 50))} | ${formatMs(percentile(every, 99))} | ${first.length} / ${every.length} |`;
  /** Cluster percentiles minus a baseline's, first token and every token. */
  const added = (name: string, firstBaseline: number[], everyBaseline: number[]) => {
    const cell = (samples: number[], baseline: number[], p: number) => formatMs(percentile(samples, p) - percentile(baseline, p));
    const { firstToken, everyToken } = cluster;
    return `| ${name} | ${cell(firstToken.viaServer, firstBaseline, 50)} | ${cell(firstToken.viaServer, firstBaseline, 99)} | ${cell(everyToken.viaServer, everyBaseline, 50)} | ${cell(everyToken.viaServer, everyBaseline, 99)} |`;
  };
  return [
    `Token latency (ms), ${cluster.campaigns} campaigns one at a time, as in section 1${cluster.unpaired > 0 ? `, ${cluster.unpaired} campaigns left out (chunks did not pair up)` : ''}; the main thread (A) waited for a core ${formatShare(cluster.serverWaitedForCore)} of the phase.`,
    '',
    '| reader | first token p50 | first token p99 | every token p50 | every token p99 | samples (first / every) |',
    '|---|---:|---:|---:|---:|---:|',
    path('direct: `ollama` client, same requests', cluster.firstToken.direct, cluster.everyToken.direct),
    ...(single
      ? [path('one process: subscriber on the server that runs it (section 1)', single.firstToken.viaServer, single.everyToken.viaServer)]
      : []),
    path('cluster: subscriber on B, campaign on A', cluster.firstToken.viaServer, cluster.everyToken.viaServer),
    '',
    '| added | first token p50 | first token p99 | every token p50 | every token p99 |',
    '|---|---:|---:|---:|---:|',
    added('by the cluster path (cluster − direct)', cluster.firstToken.direct, cluster.everyToken.direct),
    ...(single
      ? [added('by Redis and the second instance (cluster − one process)', single.firstToken.viaServer, single.everyToken.viaServer)]
      : []),
    '',
  ];
}

function throughputTable(rows: ThroughputRow[], singleRows: ThroughputRow[]): string[] {
  return [
    'Tokens per second delivered to subscribers on B, as in section 2 (tokenDelayMs 0, full blog replies, all campaigns started together):',
    '',
    '| campaigns | subscribers each | tokens delivered | streaming s | one process tokens/s (section 2) | cluster tokens/s | cluster ÷ one process | A thread busy | A CPU µs per token | subscriber thread busy | lost / reordered |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((row) => {
      const single = matching(singleRows, row);
      const share = single ? formatShare(row.tokensPerSecond / single.tokensPerSecond) : 'n/a';
      return `| ${row.campaigns} | ${row.subscribersEach} | ${formatCount(row.tokens)} | ${(row.streamingMs / 1000).toFixed(2)} | ${single ? formatCount(single.tokensPerSecond) : 'n/a'} | **${formatCount(row.tokensPerSecond)}** | ${share} | ${formatShare(row.serverLoop)} | ${row.serverCpuPerTokenUs.toFixed(1)} | ${formatShare(row.subscriberLoop)} | ${problems(row.integrity)} |`;
    }),
    '',
  ];
}

function memoryTable(cluster: ClusterResult): string[] {
  const memory = cluster.memory;
  if (!memory) return [];
  const row = (when: string, reading: typeof memory.running) =>
    `| ${when} | ${reading.streams} | ${formatCount(reading.entries / Math.max(1, reading.streams))} | ${formatBytes(reading.bytes / memory.campaigns)} | ${formatCount(reading.bytes / Math.max(1, reading.entries))} |`;
  return [
    `Redis memory of the run streams (\`MEMORY USAGE key SAMPLES 0\`, exact), ${memory.campaigns} campaigns, one subscriber each on B, tokenDelayMs 2, as in section 3:`,
    '',
    '| when | streams | events per stream | Redis memory per campaign | bytes per event |',
    '|---|---:|---:|---:|---:|',
    row(`running (${memory.runningCampaigns} at once, each subscriber ≥ ${memory.tokensEach} tokens)`, memory.running),
    row('finished (kept until LIVE_EVENTS_RETENTION_SECONDS after the last event)', memory.finished),
    '',
  ];
}

/** Target rows for the report's Targets table. */
export function clusterTargetRows(
  cluster: ClusterResult | undefined,
  singleRows: ThroughputRow[],
  verdict: (met: boolean | undefined) => string,
): string[] {
  const added = cluster ? clusterAddedFirstToken(cluster, 50) : Number.NaN;
  const shareRow = (subscribers: number) => {
    const row = cluster?.throughput.find((candidate) => candidate.campaigns === 50 && candidate.subscribersEach === subscribers);
    const single = row ? matching(singleRows, row) : undefined;
    const share = row && single ? row.tokensPerSecond / single.tokensPerSecond : Number.NaN;
    return `| cluster ≥ ${formatShare(clusterTargets.shareOfSingleProcess)} of one process's tokens/s at 50 campaigns, ${subscribers} subscriber${subscribers > 1 ? 's' : ''} each | ${Number.isNaN(share) ? 'n/a' : `${formatShare(share)} (${formatCount(row?.tokensPerSecond ?? Number.NaN)} of ${formatCount(single?.tokensPerSecond ?? Number.NaN)})`} | ${verdict(Number.isNaN(share) ? undefined : share >= clusterTargets.shareOfSingleProcess)} |`;
  };
  const memory = cluster?.memory;
  return [
    `| cluster: added first-token latency p50 through Redis ≤ ${clusterTargets.addedFirstTokenP50Ms} ms (cluster − direct) | ${formatMs(added)} ms | ${verdict(cluster?.latency ? added <= clusterTargets.addedFirstTokenP50Ms : undefined)} |`,
    shareRow(1),
    shareRow(5),
    `| cluster: Redis memory per running campaign (reported) | ${memory ? `${formatBytes(memory.running.bytes / memory.campaigns)} running, ${formatBytes(memory.finished.bytes / memory.campaigns)} finished` : 'n/a'} | ${memory ? 'reported' : 'not measured'} |`,
  ];
}
