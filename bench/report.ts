// The bench's output: Markdown tables, pasted as they are into docs/performance.md.
import { cpus, totalmem } from 'node:os';
import { clusterSection, clusterTargetRows } from './cluster-report.js';
import { addIntegrity, type Integrity, noSubscribers, problems } from './integrity.js';
import type { ClusterResult } from './phases/cluster.js';
import type { LatencyResult } from './phases/latency.js';
import type { MemoryResult } from './phases/memory.js';
import type { ReviewerModeResult, ReviewersResult } from './phases/reviewers.js';
import type { ThroughputRow } from './phases/throughput.js';
import { formatBytes, formatCount, formatMs, formatShare, percentile } from './stats.js';

export const targets = { addedFirstTokenP50Ms: 1, tokensPerSecondAt50: { 1: 50_000, 5: 80_000 }, serverCpuPerTokenUs: 20 };

export interface BenchResults {
  latency?: LatencyResult;
  throughput: ThroughputRow[];
  memory?: MemoryResult;
  reviewers?: ReviewersResult;
  /** Campaigns on one instance, subscribers on another, through Redis. */
  cluster?: ClusterResult;
  /** Why the cluster phase did not run. */
  clusterSkipped?: string;
  durationMs: number;
  /** 1-minute load average when the run started and ended: other work on the machine skews the rates. */
  loadAverage: { start: number; end: number };
}

export function renderReport(results: BenchResults): string {
  const cores = cpus();
  const lines = [
    '## Content Copilot pipeline bench',
    '',
    `${cores.length} CPU cores (${cores[0]?.model.trim() ?? 'unknown'}), ${formatBytes(totalmem())} memory, Node ${process.version}, ${new Date().toISOString()}; run took ${(results.durationMs / 1000).toFixed(0)} s; load average ${results.loadAverage.start.toFixed(2)} at the start, ${results.loadAverage.end.toFixed(2)} at the end.`,
    'The server runs on the main thread; the Ollama stand-in and the subscribers each run on a worker thread.',
    '',
    ...(results.latency ? latencySection(results.latency) : []),
    ...(results.throughput.length > 0 ? throughputSection(results.throughput) : []),
    ...(results.memory ? memorySection(results.memory) : []),
    ...(results.reviewers ? reviewersSection(results.reviewers) : []),
    ...integritySection(results),
    ...(results.cluster ? clusterSection(results.cluster, results) : []),
    ...(results.clusterSkipped ? ['### 5. Cluster', '', `Not measured: ${results.clusterSkipped}.`, ''] : []),
    ...targetSection(results),
  ];
  return lines.join('\n');
}

function latencySection(latency: LatencyResult): string[] {
  const { firstToken, everyToken } = latency;
  const row = (name: string, pick: (samples: number[]) => number) =>
    `| ${name} | ${formatMs(pick(firstToken.viaServer) - pick(firstToken.direct))} | ${formatMs(pick(everyToken.viaServer) - pick(everyToken.direct))} |`;
  const path = (name: string, first: number[], every: number[]) =>
    `| ${name} | ${formatMs(percentile(first, 50))} | ${formatMs(percentile(first, 99))} | ${formatMs(percentile(every, 50))} | ${formatMs(percentile(every, 99))} | ${first.length} / ${every.length} |`;
  return [
    '### 1. Token latency: stand-in writes a chunk → the reader has it (ms)',
    '',
    `${latency.campaigns} campaigns one at a time, tokenDelayMs ${latency.tokenDelayMs}, prose replies cut to ${latency.proseChunks} chunks${latency.unpaired > 0 ? `, ${latency.unpaired} campaigns left out (chunks did not pair up)` : ''}; the server thread waited for a core ${formatShare(latency.serverWaitedForCore)} of the phase.`,
    '',
    '| reader | first token p50 | first token p99 | every token p50 | every token p99 | samples (first / every) |',
    '|---|---:|---:|---:|---:|---:|',
    path('direct: `ollama` client, same requests', firstToken.direct, everyToken.direct),
    path('via server: graphql-ws subscriber', firstToken.viaServer, everyToken.viaServer),
    '',
    '| added by the server | first token | every token |',
    '|---|---:|---:|',
    row('p50 (via server p50 − direct p50)', (samples) => percentile(samples, 50)),
    row('p99 (via server p99 − direct p99)', (samples) => percentile(samples, 99)),
    '',
  ];
}

function throughputSection(rows: ThroughputRow[]): string[] {
  return [
    '### 2. Tokens per second delivered to subscribers',
    '',
    "tokenDelayMs 0, full blog replies (~800 words per prose step), all campaigns started together. A token is one of the model's chunks; a TokenChunk event carries one or more (merged when they reach the server together).",
    '',
    '| configuration | campaigns | subscribers each | tokens delivered | in TokenChunk events | streaming s | tokens/s | server thread busy | its longest stall | server thread waited for a core | server CPU µs per token | tokens/s on a free core (10⁶ ÷ µs) | subscriber thread busy | lost / reordered |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.configuration} | ${row.campaigns} | ${row.subscribersEach} | ${formatCount(row.tokens)} | ${formatCount(row.tokenEvents)} | ${(row.streamingMs / 1000).toFixed(2)} | **${formatCount(row.tokensPerSecond)}** | ${formatShare(row.serverLoop)} | ${formatCount(row.serverLongestStallMs)} ms | ${formatShare(row.serverWaitedForCore)} | ${row.serverCpuPerTokenUs.toFixed(1)} | ${formatCount(1e6 / row.serverCpuPerTokenUs)} | ${formatShare(row.subscriberLoop)} | ${problems(row.integrity)} |`,
    ),
    '',
    "Server CPU per token is the main thread's CPU time (DB, scoring and GraphQL included) over the tokens delivered; unlike tokens/s it does not move much when other processes take the cores. The server thread is CPU-bound here (busy ≈ 100%), so 10⁶ ÷ µs is the rate it would reach with a core to itself.",
    '',
  ];
}

function reviewersSection(reviewers: ReviewersResult): string[] {
  const [sequential, parallel] = reviewers.modes;
  if (!sequential || !parallel) return [];
  const median = (samples: number[]) => percentile(samples, 50);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  // Per campaign: what the two reviews cost one after the other, minus the wall time they took.
  const savings = parallel.reviewersSumMs.map((sum, index) => sum - (parallel.reviewersSpanMs[index] ?? sum));
  const saving = median(savings);
  const tokensPerSecond = 1000 / reviewers.tokenDelayMs;
  const row = (mode: ReviewerModeResult) =>
    `| ${mode.parallel ? 'at the same time (PARALLEL_REVIEWERS=true)' : 'one after the other (false)'} | ${seconds(median(mode.campaignMs))} | ${seconds(percentile(mode.campaignMs, 0))}–${seconds(percentile(mode.campaignMs, 100))} | ${seconds(median(mode.reviewersSumMs))} | ${seconds(median(mode.reviewersSpanMs))} | ${mode.campaignMs.length}${mode.failed > 0 ? ` (${mode.failed} failed)` : ''} |`;
  return [
    '### Reviewers in parallel: wall time per campaign',
    '',
    `${reviewers.campaigns} blog campaigns per mode, one at a time, every model stream at a fixed ${tokensPerSecond.toFixed(0)} tokens/s (one word per chunk every ${reviewers.tokenDelayMs} ms; prose replies cut to ${reviewers.proseChunks} words). The stand-in serves both reviewers at once, as Ollama does with OLLAMA_NUM_PARALLEL ≥ 2 or two hosts.`,
    '',
    "| draft reviewers | campaign p50 | min–max | both reviews' step time p50 | their wall time p50 | campaigns |",
    '|---|---:|---:|---:|---:|---:|',
    row(sequential),
    row(parallel),
    '',
    `Saving per campaign (both reviews' step time minus their wall time, p50 over the parallel runs): **${seconds(saving)}**, ${formatShare(saving / median(parallel.campaignMs))} of a campaign's wall time. Whole-campaign times differ between the modes by more or less than that, because revision rounds and retries vary from campaign to campaign.`,
    '',
  ];
}

function memorySection(memory: MemoryResult): string[] {
  return [
    '### 3. Server memory per campaign',
    '',
    `${memory.campaigns} campaigns, one subscriber each, tokenDelayMs ${memory.tokenDelayMs}; ${memory.gcMethod} before each reading.`,
    '',
    '| when | server heap + external per campaign | process RSS per campaign |',
    '|---|---:|---:|',
    `| running (${memory.runningCampaigns} at once, each ≥ ${memory.tokensEach} tokens streamed, ${formatCount(memory.averageTokensAtReading)} on average) | ${formatBytes(memory.running.heapPerCampaign)} | ${formatBytes(memory.running.rssPerCampaign)} |`,
    `| finished (event logs kept for reconnects) | ${formatBytes(memory.finished.heapPerCampaign)} | ${formatBytes(memory.finished.rssPerCampaign)} |`,
    '',
  ];
}

function allIntegrity(results: BenchResults): Integrity {
  const cluster = results.cluster;
  const parts = [
    results.latency?.integrity,
    results.memory?.integrity,
    ...results.throughput.map((row) => row.integrity),
    cluster?.latency?.integrity,
    cluster?.memory?.integrity,
    ...(cluster?.throughput ?? []).map((row) => row.integrity),
  ];
  return parts.reduce<Integrity>((sum, part) => (part ? addIntegrity(sum, part) : sum), noSubscribers);
}

function integritySection(results: BenchResults): string[] {
  const total = allIntegrity(results);
  return [
    '### 4. Lost or reordered events (all phases, the cluster phase included)',
    '',
    '| subscribers checked | seq gaps, repeats or reorders | streams not ending in CampaignFinished COMPLETED | (role, attempt) texts ≠ the saved reply of the step |',
    '|---:|---:|---:|---:|',
    `| ${total.subscribers} | ${total.seqErrors} | ${total.unfinished} | ${total.textMismatches} |`,
    ...(total.failures.length > 0 ? ['', 'First failures:', ...total.failures.map((failure) => `- ${failure}`)] : []),
    ...(total.campaignFailures.length > 0
      ? [
          '',
          `Campaigns that did not complete (${total.campaignFailures.length}), and why:`,
          ...total.campaignFailures.map((why) => `- ${why}`),
        ]
      : []),
    '',
  ];
}

function targetSection(results: BenchResults): string[] {
  const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : '**not met**');
  const latency = results.latency;
  const added = latency ? percentile(latency.firstToken.viaServer, 50) - percentile(latency.firstToken.direct, 50) : Number.NaN;
  const at50 = (subscribers: 1 | 5) =>
    results.throughput.find((row) => row.configuration === 'now' && row.campaigns === 50 && row.subscribersEach === subscribers);
  const rateRow = (subscribers: 1 | 5) => {
    const row = at50(subscribers);
    const target = targets.tokensPerSecondAt50[subscribers];
    const freeCore = row ? 1e6 / row.serverCpuPerTokenUs : Number.NaN;
    const onFreeCore = row ? ` (${formatCount(freeCore)} on a free core: ${freeCore >= target ? 'would meet' : 'would not meet'})` : '';
    return `| ≥ ${formatCount(target)} tokens/s at 50 campaigns, ${subscribers} subscriber${subscribers > 1 ? 's' : ''} each | ${row ? formatCount(row.tokensPerSecond) : 'n/a'} | ${verdict(row && row.tokensPerSecond >= target)}${onFreeCore} |`;
  };
  const cpuRow = () => {
    const row = at50(1);
    const met = row ? row.serverCpuPerTokenUs <= targets.serverCpuPerTokenUs : undefined;
    return `| server CPU per delivered token ≤ ${targets.serverCpuPerTokenUs} µs (50 × 1) | ${row ? row.serverCpuPerTokenUs.toFixed(1) : 'n/a'} µs | ${verdict(met)} |`;
  };
  const lost = problems(allIntegrity(results));
  return [
    '### Targets',
    '',
    '| target | measured | verdict |',
    '|---|---:|---|',
    `| added first-token latency p50 ≤ ${targets.addedFirstTokenP50Ms} ms | ${formatMs(added)} ms | ${verdict(latency ? added <= targets.addedFirstTokenP50Ms : undefined)} |`,
    rateRow(1),
    rateRow(5),
    cpuRow(),
    ...(results.cluster ? clusterTargetRows(results.cluster, results.throughput, verdict) : []),
    `| zero lost or reordered events | ${lost} | ${verdict(lost === 0)} |`,
    '',
  ];
}
