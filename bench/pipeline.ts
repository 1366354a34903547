// `npm run bench`: how fast the server streams tokens to subscribers, against the Ollama
// stand-in. Prints Markdown tables (see docs/performance.md for the method). Phases can be
// picked: `npm run bench -- latency throughput memory` (default: all of them).
import { loadavg } from 'node:os';
import { nowMs } from './clock.js';
import { measureLatency } from './phases/latency.js';
import { measureMemory } from './phases/memory.js';
import { measureReviewers } from './phases/reviewers.js';
import { measureThroughput, previousConfiguration, type ThroughputRow } from './phases/throughput.js';
import { type BenchResults, renderReport } from './report.js';
import { startWorld } from './world.js';

const allPhases = ['memory', 'latency', 'throughput', 'reviewers'] as const;
const wanted = process.argv.slice(2).filter((phase) => (allPhases as readonly string[]).includes(phase));
const runs = (phase: (typeof allPhases)[number]) => wanted.length === 0 || wanted.includes(phase);
const throughputGrid = [1, 10, 50].flatMap((campaigns) => [1, 5].map((subscribersEach) => ({ campaigns, subscribersEach })));

// The whole run stays under ~5 minutes; past 7 something is stuck.
const watchdog = setTimeout(() => {
  console.error('bench: still running after 7 minutes; giving up');
  process.exit(2);
}, 7 * 60_000);

const started = nowMs();
const progress = (message: string) => console.error(`[bench ${((nowMs() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
const world = await startWorld();
const results: BenchResults = { throughput: [], durationMs: 0, loadAverage: { start: loadavg()[0] ?? Number.NaN, end: Number.NaN } };
try {
  progress('warm-up: one campaign, one subscriber');
  await measureThroughput(world, 1, 1, 30_000);
  // Memory first, while no earlier phase's finished logs linger in the heap.
  if (runs('memory')) {
    progress('memory: 50 campaigns');
    results.memory = await measureMemory(world, { campaigns: 50, tokenDelayMs: 2, tokensEach: 200 });
  }
  if (runs('latency')) {
    progress('latency: 30 campaigns one at a time');
    results.latency = await measureLatency(world, { campaigns: 30, tokenDelayMs: 2, proseChunks: 60, budgetMs: 60_000 });
  }
  if (runs('reviewers')) {
    progress('reviewers: 6 campaigns one at a time, reviewers in sequence, then in parallel');
    results.reviewers = await measureReviewers(world, { campaigns: 6, tokenDelayMs: 20, proseChunks: 150 });
  }
  if (runs('throughput')) {
    for (const { campaigns, subscribersEach } of throughputGrid) {
      progress(`throughput: ${campaigns} campaigns × ${subscribersEach} subscribers`);
      const row: ThroughputRow = await measureThroughput(world, campaigns, subscribersEach, 120_000);
      results.throughput.push(row);
    }
    // The configuration before token merging and compiled subscriptions, at the load they were made for.
    for (const subscribersEach of [1, 5]) {
      progress(`throughput, ${previousConfiguration.name}: 50 campaigns × ${subscribersEach} subscribers`);
      results.throughput.push(await measureThroughput(world, 50, subscribersEach, 120_000, previousConfiguration));
    }
  }
} finally {
  await world.stop();
  clearTimeout(watchdog);
}
results.durationMs = nowMs() - started;
results.loadAverage.end = loadavg()[0] ?? Number.NaN;
console.log(renderReport(results));
