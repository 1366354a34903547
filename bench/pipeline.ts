// `npm run bench`: how fast the server streams tokens to subscribers, against the Ollama
// stand-in. Prints Markdown tables (see docs/performance.md for the method). Phases can be
// picked: `npm run bench -- latency throughput memory cluster` (default: all of them). The
// cluster phase needs Redis (BENCH_REDIS_URL, else REDIS_URL, else redis://127.0.0.1:6379) and,
// for its second instance, PostgreSQL (TEST_POSTGRES_URL, else postgres://postgres@127.0.0.1:5432/test).
// `throughput --before-only` runs the saturated *before* rows alone. Campaigns that do not complete
// are listed with their reasons, as they happen and in the report.
import { loadavg } from 'node:os';
import { temporaryPostgresDatabase } from '../server/db/postgres.js';
import { postgresReachable } from '../tests/support/services.js';
import { nowMs } from './clock.js';
import { connectCluster } from './cluster.js';
import { measureCluster } from './phases/cluster.js';
import { measureLatency } from './phases/latency.js';
import { measureMemory } from './phases/memory.js';
import { measureReviewers } from './phases/reviewers.js';
import { measureThroughput, previousConfiguration, type ThroughputRow } from './phases/throughput.js';
import { type BenchResults, renderReport } from './report.js';
import { startWorld } from './world.js';

const allPhases = ['memory', 'latency', 'throughput', 'reviewers', 'cluster'] as const;
const wanted = process.argv.slice(2).filter((phase) => (allPhases as readonly string[]).includes(phase));
const runs = (phase: (typeof allPhases)[number]) => wanted.length === 0 || wanted.includes(phase);
const throughputGrid = [1, 10, 50].flatMap((campaigns) => [1, 5].map((subscribersEach) => ({ campaigns, subscribersEach })));
// `--no-before` leaves the *before* rows out; `--before-only` runs them alone (the saturated server).
const beforeRows = process.argv.includes('--no-before') ? [] : [1, 5];
const currentRows = process.argv.includes('--before-only') ? [] : throughputGrid;

// The whole run takes ~4 minutes on a quiet machine (twice that on a busy one); past 15 something is stuck.
const watchdog = setTimeout(() => {
  console.error('bench: still running after 15 minutes; giving up');
  process.exit(2);
}, 15 * 60_000);
const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const started = nowMs();
const progress = (message: string) => console.error(`[bench ${((nowMs() - started) / 1000).toFixed(0).padStart(3)} s] ${message}`);
/** Campaigns of a row that did not complete, told at once (the report lists them again at the end). */
const tellFailures = (row: ThroughputRow) => {
  const failed = row.integrity.campaignFailures;
  if (failed.length > 0) progress(`${failed.length} of ${row.campaigns} campaigns did not complete:\n${failed.join('\n')}`);
};
const world = await startWorld();
const latencyOptions = { campaigns: 30, tokenDelayMs: 2, proseChunks: 60, budgetMs: 60_000 };
const memoryOptions = { campaigns: 50, tokenDelayMs: 2, tokensEach: 200 };
const results: BenchResults = { throughput: [], durationMs: 0, loadAverage: { start: loadavg()[0] ?? Number.NaN, end: Number.NaN } };
try {
  progress('warm-up: one campaign, one subscriber');
  await measureThroughput(world, 1, 1, 30_000);
  // Memory first, while no earlier phase's finished logs linger in the heap.
  if (runs('memory')) {
    progress('memory: 50 campaigns');
    results.memory = await measureMemory(world, memoryOptions);
  }
  if (runs('latency')) {
    progress('latency: 30 campaigns one at a time');
    results.latency = await measureLatency(world, latencyOptions);
  }
  if (runs('reviewers')) {
    progress('reviewers: 6 campaigns one at a time, reviewers in sequence, then in parallel');
    results.reviewers = await measureReviewers(world, { campaigns: 6, tokenDelayMs: 20, proseChunks: 150 });
  }
  if (runs('throughput')) {
    for (const { campaigns, subscribersEach } of currentRows) {
      progress(`throughput: ${campaigns} campaigns × ${subscribersEach} subscribers`);
      const row: ThroughputRow = await measureThroughput(world, campaigns, subscribersEach, 120_000);
      results.throughput.push(row);
      tellFailures(row);
    }
    // The configuration before token merging and compiled subscriptions, at the load they were made for
    // (it needs more than 120 s at 50 × 5: cut off, its subscribers would count as lost events).
    for (const subscribersEach of beforeRows) {
      progress(`throughput, ${previousConfiguration.name}: 50 campaigns × ${subscribersEach} subscribers`);
      const row = await measureThroughput(world, 50, subscribersEach, 300_000, previousConfiguration);
      results.throughput.push(row);
      tellFailures(row);
    }
  }
  if (runs('cluster')) {
    // Each deployment gets a database of its own on the PostgreSQL server, dropped after it.
    const sharedDatabase = (await postgresReachable()) ? () => temporaryPostgresDatabase('bench') : undefined;
    if (!sharedDatabase) progress('cluster: no PostgreSQL reachable, so one instance reads back through Redis instead of two');
    const cluster = await connectCluster(redisUrl, sharedDatabase);
    if (!cluster) {
      results.clusterSkipped = `no Redis answers at ${redisUrl} (set BENCH_REDIS_URL)`;
      progress(`cluster: skipped, ${results.clusterSkipped}`);
    } else {
      try {
        results.cluster = await measureCluster(world, cluster, {
          latency: latencyOptions,
          throughput: throughputGrid.filter((row) => row.campaigns === 50),
          memory: memoryOptions,
          progress,
        });
      } finally {
        await cluster.stop();
      }
    }
  }
} finally {
  await world.stop();
  clearTimeout(watchdog);
}
results.durationMs = nowMs() - started;
results.loadAverage.end = loadavg()[0] ?? Number.NaN;
console.log(renderReport(results));
