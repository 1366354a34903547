// `npm run eval`: runs the fixed evaluation set (eval/set.ts) through a real Content Copilot
// and its Ollama, then prints a Markdown report (eval/report.ts). Progress goes to stderr,
// the report to stdout. Flags: --only TYPES, --limit N, --concurrency N, --out FILE,
// --json FILE, --from FILE, --heartbeat SECONDS, --strict. EVAL_SERVER_URL (and EVAL_API_KEY) use a
// running server instead of starting one.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.js';
import type { ServerConnection } from './api.js';
import { finalChecks } from './checks.js';
import { cancelCampaign, ensureBrands, runEvalCampaign } from './collect.js';
import { firstClause, seconds } from './markdown.js';
import { renderReport, revisionsOf, targetVerdict } from './report.js';
import { type CampaignResult, type ContentType, contentTypes, type EvalRun } from './results.js';
import { connectToServer } from './server.js';
import { type EvalCampaign, evalSet, selectCampaigns } from './set.js';

export interface EvalOptions {
  only?: ContentType[];
  limit?: number;
  /** Campaigns at once; default PIPELINE_CONCURRENCY of the environment. */
  concurrency?: number;
  /** Seconds between "still running" lines; 0 for none. */
  heartbeatSeconds?: number;
  environment?: NodeJS.ProcessEnv;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Aborting stops new campaigns and cancels the running ones; the report covers what finished. */
  signal?: AbortSignal;
}

export const usage = `Usage: npm run eval -- [--only BLOG_POST,EMAIL] [--limit N] [--concurrency N] [--out report.md] [--json results.json] [--from results.json] [--heartbeat 30] [--strict]
  Starts the server in-process against OLLAMA_HOST and the MODEL_* settings (throwaway database),
  or uses EVAL_SERVER_URL (with EVAL_API_KEY when the server has API_KEYS). --json saves the results, --from re-renders
  a saved run without running anything, --strict exits 1 when below the target.`;

export interface CliOptions extends EvalOptions {
  out?: string;
  json?: string;
  /** Re-render the report of a saved `--json` file instead of running anything. */
  from?: string;
  strict: boolean;
}

export function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      only: { type: 'string' },
      limit: { type: 'string' },
      concurrency: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'string' },
      from: { type: 'string' },
      heartbeat: { type: 'string' },
      strict: { type: 'boolean', default: false },
    },
  });
  const positive = (flag: string, value: string | undefined, min = 1) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) throw new Error(`--${flag} must be an integer ≥ ${min} (got "${value}")`);
    return parsed;
  };
  const only = values.only?.split(',').map((type) => type.trim().toUpperCase());
  const unknown = only?.filter((type) => !(contentTypes as readonly string[]).includes(type));
  if (unknown?.length) throw new Error(`--only takes ${contentTypes.join(', ')} (got ${unknown.join(', ')})`);
  return {
    ...(only ? { only: only as ContentType[] } : {}),
    ...(values.limit !== undefined ? { limit: positive('limit', values.limit) } : {}),
    ...(values.concurrency !== undefined ? { concurrency: positive('concurrency', values.concurrency) } : {}),
    ...(values.heartbeat !== undefined ? { heartbeatSeconds: positive('heartbeat', values.heartbeat, 0) } : {}),
    ...(values.out ? { out: values.out } : {}),
    ...(values.json ? { json: values.json } : {}),
    ...(values.from ? { from: values.from } : {}),
    strict: values.strict ?? false,
  };
}

export async function runEvaluation(options: EvalOptions = {}): Promise<EvalRun> {
  const environment = options.environment ?? process.env;
  const log = options.log ?? ((line: string) => console.error(line));
  const selection = selectCampaigns(evalSet, options.only, options.limit);
  if (selection.length === 0) throw new Error('no campaign of the set matches --only/--limit');
  const concurrency = options.concurrency ?? loadConfig(environment).PIPELINE_CONCURRENCY;
  const started = Date.now();
  const elapsed = () => seconds(Date.now() - started);
  const server = { ...(await connectToServer(environment, concurrency)), onBusy: (message: string) => log(`[${elapsed()}] ${message}`) };
  log(`eval: ${selection.length} campaigns on ${server.description}, ${concurrency} at a time`);
  const results: CampaignResult[] = [];
  const running = new Map<string, RunningCampaign>();
  const heartbeatMs = (options.heartbeatSeconds ?? 30) * 1000;
  // A campaign on a real 7B model takes minutes: say what is running meanwhile.
  const heartbeat =
    heartbeatMs > 0
      ? setInterval(() => {
          const now = [...running].map(([id, state]) => `${id} (${state.step})`).join(', ');
          log(`[${results.length}/${selection.length} · ${elapsed()}] running: ${now || '—'}`);
        }, heartbeatMs)
      : undefined;
  const onAbort = () => {
    log('eval: interrupted; cancelling the running campaigns');
    for (const state of running.values()) if (state.campaignId) void cancelCampaign(server, state.campaignId);
  };
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const brandIds = await ensureBrands(server, [...new Set(selection.map((entry) => entry.brand))], log);
    let next = 0;
    const worker = async () => {
      for (let entry = selection[next++]; entry && !options.signal?.aborted; entry = selection[next++]) {
        const state: RunningCampaign = { step: 'queued' };
        running.set(entry.id, state);
        const result = await runOne(server, entry, brandIds.get(entry.brand.name) ?? '', state, options.signal);
        running.delete(entry.id);
        results.push(result);
        log(`[${results.length}/${selection.length} · ${elapsed()}] ${describe(result)}`);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, selection.length) }, worker));
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', onAbort);
    await server.stop();
  }
  // Set order, not finishing order: reports of two runs line up.
  const order = new Map(selection.map((entry, index) => [entry.id, index]));
  results.sort((a, b) => (order.get(a.evalId) ?? 0) - (order.get(b.evalId) ?? 0));
  const flags = [options.only ? `--only ${options.only.join(',')}` : '', options.limit !== undefined ? `--limit ${options.limit}` : ''];
  return {
    startedAt: new Date(started).toISOString(),
    wallMs: Date.now() - started,
    server: server.description,
    concurrency,
    selection: flags.filter(Boolean).join(' '),
    notRun: selection.length - results.length,
    results,
  };
}

interface RunningCampaign {
  campaignId?: string;
  /** The agent at work, for the heartbeat line. */
  step: string;
}

async function runOne(server: ServerConnection, entry: EvalCampaign, brandId: string, state: RunningCampaign, signal?: AbortSignal) {
  try {
    return await runEvalCampaign(server, entry, brandId, {
      onCreated: (campaignId) => {
        state.campaignId = campaignId;
        // Created while Ctrl-C was being handled: cancelled like the others.
        if (signal?.aborted) void cancelCampaign(server, campaignId);
      },
      onStepStarted: (role, attempt) => {
        state.step = `${role} #${attempt}`;
      },
    });
  } catch (error) {
    // The harness could not run or read this campaign: it counts as failed, with the reason.
    const message = error instanceof Error ? error.message : String(error);
    return harnessFailure(entry, state.campaignId ?? '', `The evaluation harness failed: ${message}`);
  }
}

function harnessFailure(entry: EvalCampaign, campaignId: string, error: string): CampaignResult {
  return {
    evalId: entry.id,
    brandName: entry.brand.name,
    campaignId,
    contentType: entry.contentType,
    keyphrase: entry.keyphrase ?? null,
    status: 'HARNESS_ERROR',
    error,
    durationMs: null,
    revisionRequests: null,
    revisionLimitReached: false,
    draftKeptReason: null,
    scores: null,
    draftMetrics: null,
    finalMetrics: null,
    steps: [],
  };
}

/** One progress line: outcome, failed checks, scores, revisions. */
function describe(result: CampaignResult): string {
  const failed = finalChecks(result).filter((check) => !check.passed);
  const checks = failed.length === 0 ? 'every hard check passed' : `failed: ${failed.map((check) => check.id).join(', ')}`;
  const scores = result.scores ? ` — scores ${Object.values(result.scores).join('/')}` : '';
  const error = result.error ? ` — ${firstClause(result.error)}` : '';
  return `${result.evalId} ${result.status} in ${seconds(result.durationMs)} — ${checks}${scores} — ${revisionsOf(result)} revision(s)${error}`;
}

async function main(): Promise<void> {
  let cli: CliOptions;
  try {
    cli = parseCli(process.argv.slice(2));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${usage}`);
    process.exit(2);
  }
  const controller = new AbortController();
  // First Ctrl-C: finish with a report of what ran; second: leave at once.
  process.on('SIGINT', () => (controller.signal.aborted ? process.exit(130) : controller.abort()));
  const run: EvalRun = cli.from ? JSON.parse(await readFile(cli.from, 'utf8')) : await runEvaluation({ ...cli, signal: controller.signal });
  const report = renderReport(run);
  process.stdout.write(`${report}\n`);
  if (cli.out) await writeFile(cli.out, `${report}\n`);
  if (cli.json) await writeFile(cli.json, `${JSON.stringify(run, null, 2)}\n`);
  const verdict = targetVerdict(run.results);
  console.error(`eval: ${verdict.passed}/${verdict.total} campaigns pass every hard check (${verdict.met ? 'PASS' : 'BELOW TARGET'})`);
  if (cli.strict && !verdict.met) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(`eval: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
