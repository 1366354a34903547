// The evaluation harness (eval/): `npm run eval` against the real server and the Ollama
// stand-in, with its numbers recounted from the database so the harness cannot rot; then
// the default in-process mode, the flags, and report.ts on hand-made results.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../eval/api.js';
import { type CheckOutcome, checkText, keywordCoverageTargets, readingEaseBands } from '../eval/checks.js';
import { renderReport, revisionsOf, targetVerdict } from '../eval/report.js';
import type { CampaignResult, ContentType, EvalRun, TextMetrics } from '../eval/results.js';
import { parseCli, runEvaluation } from '../eval/run.js';
import { evalSet, selectCampaigns } from '../eval/set.js';
import type { CampaignMeasurements } from '../server/pipeline/types.js';
import { agentOf } from './support/campaigns.js';
import { type ChatBehaviour, type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { sampleContent } from './support/sample-content.js';
import { repoRoot, startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

// ------------------------------------------------------------------ reading the report back

/** The rows of the first table after `heading`, without the header and separator lines. */
function tableAfter(report: string, heading: string): string[][] {
  const start = report.indexOf(`${heading}\n`);
  if (start < 0) throw new Error(`no "${heading}" in the report`);
  const lines = report.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(2, -2)
        .split(/ (?<!\\)\| /)
        .map((cell) => cell.replace(/\\\|/g, '|')),
    );
  }
  return rows;
}

/** The row whose first cell is `label`, as a map from column header to cell. */
function row(report: string, heading: string, label: string): Record<string, string> {
  const start = report.indexOf(`${heading}\n`);
  const headerLine = report
    .slice(start)
    .split('\n')
    .find((line) => line.startsWith('|'));
  const headers = headerLine?.slice(2, -2).split(' | ') ?? [];
  const cells = tableAfter(report, heading).find((cells) => cells[0] === label);
  if (!cells) throw new Error(`no row "${label}" under "${heading}"`);
  return Object.fromEntries(headers.map((header, index) => [header, cells[index] ?? '']));
}

/** "5/6 (83 %)" → [5, 6]. */
function counts(cell: string | undefined): [number, number] {
  const match = /^(\d+)\/(\d+) \(/.exec(cell ?? '');
  if (!match) throw new Error(`not a share: "${cell}"`);
  return [Number(match[1]), Number(match[2])];
}

const types: ContentType[] = ['BLOG_POST', 'SOCIAL_MEDIA', 'EMAIL', 'AD_COPY'];

// ------------------------------------------------------------------ a stand-in with some trouble in it

/** Scripted per brief, so revisions, repairs and a failure all show up in a short run. */
const revisedBrief = evalSet.find((entry) => entry.id === 'greenLeaf-email-1')?.brief ?? '';
const chattyBrief = evalSet.find((entry) => entry.id === 'greenLeaf-social-1')?.brief ?? '';
const failingBrief = evalSet.find((entry) => entry.id === 'ledgerly-ad-1')?.brief ?? '';

function scriptedChat(): (request: ChatRequestSeen) => ChatBehaviour | undefined {
  let brandReviews = 0;
  return (request) => {
    const prompt = request.messages.map((message) => message.content).join('\n');
    const agent = agentOf(request);
    if (prompt.includes(failingBrief) && agent === 'CONTENT_CREATOR') return { errorStatus: 500 };
    if (prompt.includes(chattyBrief) && agent === 'CONTENT_CREATOR') {
      return {
        reply: `Sure! Here are the social media posts you asked for:\n\n${sampleContent.SOCIAL_MEDIA}\n\nLet me know if you'd like any changes.`,
      };
    }
    if (prompt.includes(revisedBrief) && agent === 'BRAND_MANAGER' && brandReviews++ === 0) {
      return {
        reply: JSON.stringify({
          score: 35,
          revisionNeeded: true,
          feedback: ['Use the brand keywords: sustainable, reusable, zero waste.'],
        }),
      };
    }
    return undefined;
  };
}

/** A stand-in that writes and reviews like a 7B model, with the scripted trouble on top. */
function standIn(): Promise<OllamaStandIn> {
  return startOllamaStandIn({ persona: 'realistic', chat: scriptedChat() });
}

function runCli(args: string[], environment: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'eval', '--', ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

// ------------------------------------------------------------------ npm run eval against a running server

interface StoredStep {
  role: string;
  stage: string;
  status: string;
  repairs: unknown;
}

describe('npm run eval against a running server', () => {
  let ollama: OllamaStandIn;
  let server: TestServer;
  let folder: string;
  let cli: { code: number | null; stdout: string; stderr: string };
  let report: string;
  let run: EvalRun;

  beforeAll(async () => {
    ollama = await standIn();
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, LLM_RETRY_DELAY_MS: '10' });
    folder = await mkdtemp(join(tmpdir(), 'copilot-eval-test-'));
    // The whole set: about 10 s against the stand-in.
    cli = await runCli(['--concurrency', '4', '--out', join(folder, 'report.md'), '--json', join(folder, 'run.json')], {
      EVAL_SERVER_URL: server.url,
    });
    report = await readFile(join(folder, 'report.md'), 'utf8');
    run = JSON.parse(await readFile(join(folder, 'run.json'), 'utf8'));
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await ollama?.close();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('prints the report on stdout, writes the same to --out, and shows progress on stderr', () => {
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toBe(report);
    for (let done = 1; done <= 24; done++) expect(cli.stderr).toContain(`[${done}/24 · `);
    expect(cli.stderr).toMatch(/eval: 24 campaigns on http:\/\/127\.0\.0\.1:\d+, 4 at a time/);
    for (const heading of [
      '## Target',
      '## Outcomes',
      '## Hard checks',
      '## Reviewer verdicts',
      '## Scores',
      '## Revisions',
      '## Agents',
      '## Failures by cause',
      '## Campaigns',
      '## Method',
    ]) {
      expect(report).toContain(`\n${heading}\n`);
    }
  });

  it('renders the same report again from the saved --json run, without a server', async () => {
    const again = await runCli(['--from', join(folder, 'run.json')], { EVAL_SERVER_URL: 'http://127.0.0.1:9' });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(report);
  });

  it('reports every campaign the server holds, of all four content types', async () => {
    const stored = await server.prisma.campaign.findMany();
    expect(stored).toHaveLength(24);
    expect(run.results.map((result) => result.campaignId).sort()).toEqual(stored.map((campaign) => campaign.id).sort());
    expect(report).toContain('- Campaigns: 24 (BLOG_POST 6, SOCIAL_MEDIA 6, EMAIL 6, AD_COPY 6)\n');
    const rows = tableAfter(report, '## Campaigns');
    expect(rows.map((cells) => cells[0])).toEqual(evalSet.map((entry) => entry.id));
    for (const result of run.results) {
      const status = stored.find((campaign) => campaign.id === result.campaignId)?.status;
      expect(rows.find((cells) => cells[0] === result.evalId)?.[2]).toBe(status);
    }
    for (const type of types) {
      for (const status of ['COMPLETED', 'FAILED']) {
        const count = stored.filter((campaign) => campaign.contentType === type && campaign.status === status).length;
        expect(row(report, '## Outcomes', status.toLowerCase())[type]).toBe(String(count));
      }
    }
    // The scripted Content Creator error fails a campaign, and it is named with its cause.
    const cause = 'Content Creator failed after 4 tries';
    const failures = stored.filter((campaign) => campaign.error?.startsWith(`${cause}:`));
    expect(failures.length).toBeGreaterThan(0);
    expect(row(report, '## Failures by cause', cause).campaigns).toBe(String(failures.length));
    expect(row(report, '## Failures by cause', cause).which).toContain('ledgerly-ad-1');
  });

  it('counts hard checks as recomputed from the measurements in the database', async () => {
    const stored = await server.prisma.campaign.findMany();
    for (const type of [...types, 'all'] as const) {
      const group = stored.filter((campaign) => type === 'all' || campaign.contentType === type);
      const final = (campaign: (typeof stored)[number]) => {
        const measurements = campaign.measurements as CampaignMeasurements | null;
        return campaign.status === 'COMPLETED' ? measurements?.final : undefined;
      };
      // Straight from the stored measurements, with the `level` the API does not expose.
      const lengthOk = group.filter((campaign) =>
        final(campaign)?.lengthLimits.every((check) => check.level !== 'limit' || check.check === 'email CTA' || check.passed),
      ).length;
      const prohibitedOk = group.filter((campaign) => final(campaign)?.prohibited.length === 0).length;
      const placeholdersOk = group.filter((campaign) => final(campaign)?.placeholders.length === 0).length;
      const readableOk = group.filter((campaign) => {
        const ease = final(campaign)?.readability.fleschReadingEase;
        const [low, high] = readingEaseBands[campaign.contentType as ContentType];
        return ease !== undefined && ease >= low && ease <= high;
      }).length;
      const keywordsOk = group.filter((campaign) => {
        const share = final(campaign)?.keywords.share;
        return share !== undefined && share + 1e-9 >= keywordCoverageTargets[campaign.contentType as ContentType].min;
      }).length;
      const heading = "### Final content (Optimizer's rewrite, or the reviewed draft where it was kept)";
      expect(counts(row(report, heading, 'length limits')[type])).toEqual([lengthOk, group.length]);
      expect(counts(row(report, heading, 'no prohibited topic')[type])).toEqual([prohibitedOk, group.length]);
      expect(counts(row(report, heading, 'no template placeholder')[type])).toEqual([placeholdersOk, group.length]);
      expect(counts(row(report, heading, 'readability band')[type])).toEqual([readableOk, group.length]);
      expect(counts(row(report, heading, 'brand keywords present')[type])).toEqual([keywordsOk, group.length]);
    }
    const everyCheck = tableAfter(report, '## Campaigns').filter((cells) => cells[3] === 'none').length;
    expect(report).toContain(`Campaigns passing every hard check: ${everyCheck}/24 (`);
    expect(report).toMatch(/\*\*(PASS|BELOW TARGET)\*\*/);
  });

  it('counts revisions, steps and repairs as the database holds them', async () => {
    const stored = await server.prisma.campaign.findMany({ include: { steps: true } });
    const revisions = (steps: StoredStep[]) =>
      Math.max(
        0,
        steps.filter((step) => step.role === 'BRAND_MANAGER' && step.stage === 'DRAFT' && step.status === 'COMPLETED').length - 1,
      );
    for (const type of types) {
      const total = stored
        .filter((campaign) => campaign.contentType === type)
        .reduce((sum, campaign) => sum + revisions(campaign.steps), 0);
      expect(row(report, '## Revisions', type).revisions).toBe(String(total));
    }
    expect(Number(row(report, '## Revisions', 'all').revisions)).toBeGreaterThan(0); // the scripted Brand Manager sent a draft back
    const steps = stored.flatMap((campaign) => campaign.steps);
    for (const role of ['CONTENT_CREATOR', 'BRAND_MANAGER', 'COMPLIANCE_OFFICER', 'DESIGN_VALIDATOR', 'OPTIMIZER']) {
      const own = steps.filter((step) => step.role === role);
      const agent = row(report, '## Agents', role);
      expect(agent.steps).toBe(String(own.length));
      expect(agent['failed steps']).toBe(String(own.filter((step) => step.status === 'FAILED').length));
      const repaired = own.filter((step) => ((step.repairs as string[] | null) ?? []).length > 0).length; // null: not recorded (a failed attempt)
      expect(counts(agent['steps with repairs'])).toEqual([repaired, own.length]);
    }
    expect(counts(row(report, '## Agents', 'CONTENT_CREATOR')['steps with repairs'])[0]).toBeGreaterThan(0); // the chatty reply was cleaned
    expect(Number(row(report, '## Campaigns', 'greenLeaf-email-1').revisions)).toBeGreaterThan(0);
  });
});

// ------------------------------------------------------------------ the default: its own server

describe('runEvaluation without EVAL_SERVER_URL', () => {
  it('starts the server in-process on a throwaway database and runs the chosen subset', async () => {
    const ollama = await startOllamaStandIn();
    const folder = await mkdtemp(join(tmpdir(), 'copilot-eval-user-'));
    const userDatabase = join(folder, 'copilot.db');
    const lines: string[] = [];
    try {
      const run = await runEvaluation({
        ...parseCli(['--only', 'email,AD_COPY', '--limit', '3', '--heartbeat', '0']),
        environment: { OLLAMA_HOST: ollama.url, DATABASE_URL: `file:${userDatabase}`, PIPELINE_CONCURRENCY: '2', EVAL_LOG_LEVEL: 'silent' },
        log: (line) => lines.push(line),
      });
      expect(run.results.map((result) => result.evalId)).toEqual(['greenLeaf-email-1', 'greenLeaf-ad-1', 'ledgerly-email-1']);
      expect(run.results.every((result) => result.status === 'COMPLETED')).toBe(true);
      expect(run.concurrency).toBe(2); // PIPELINE_CONCURRENCY of the environment
      expect(run.server).toContain(`in-process (Ollama ${ollama.url}`);
      expect(lines.filter((line) => /^\[\d\/3 · /.test(line))).toHaveLength(3);
      expect(ollama.chatRequests.length).toBeGreaterThan(0);
      expect(existsSync(userDatabase)).toBe(false); // the user's data is untouched
      expect(renderReport(run)).toContain('selected with `--only EMAIL,AD_COPY --limit 3`');
    } finally {
      await ollama.close();
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('uses EVAL_API_KEY for HTTP and graphql-ws, and says what is running while a campaign is slow', async () => {
    const ollama = await startOllamaStandIn({ defaults: { tokenDelayMs: 2 } }); // a few seconds: some heartbeats
    const server = await startTestServer({ OLLAMA_HOST: ollama.url, API_KEYS: 'eval-key-0123456789abcdef' });
    const lines: string[] = [];
    try {
      const run = await runEvaluation({
        ...parseCli(['--only', 'BLOG_POST', '--limit', '1', '--heartbeat', '1']),
        environment: { EVAL_SERVER_URL: `${server.url}/graphql`, EVAL_API_KEY: 'eval-key-0123456789abcdef' },
        log: (line) => lines.push(line),
      });
      expect(run.results.map((result) => [result.evalId, result.status, result.revisionRequests])).toEqual([
        ['greenLeaf-blog-1', 'COMPLETED', 0],
      ]);
      expect(
        lines.some((line) => /^\[0\/1 · .*\] running: greenLeaf-blog-1 \([A-Z_]+ #\d\)$/.test(line)),
        lines.join('\n'),
      ).toBe(true);
    } finally {
      await server.stop();
      await ollama.close();
    }
  });

  it('stops before any campaign when Ollama lacks an agent model, with the pull command', async () => {
    const ollama = await startOllamaStandIn({ models: ['mistral:latest'] });
    try {
      await expect(
        runEvaluation({ limit: 1, environment: { OLLAMA_HOST: ollama.url, EVAL_LOG_LEVEL: 'silent' }, log: () => {} }),
      ).rejects.toThrow(/Models missing in Ollama: llama3\.1 .*ollama pull llama3\.1/);
      expect(ollama.chatRequests).toHaveLength(0);
    } finally {
      await ollama.close();
    }
  });
});

describe('the set, the flags and the client', () => {
  it('holds 24 campaigns: four content types × three brands × two briefs, blogs with a keyphrase', () => {
    expect(evalSet).toHaveLength(24);
    expect(new Set(evalSet.map((entry) => entry.id)).size).toBe(24);
    const brands = new Set(evalSet.map((entry) => entry.brand));
    expect(brands.size).toBe(3);
    for (const brand of brands)
      for (const type of types) expect(evalSet.filter((e) => e.brand === brand && e.contentType === type)).toHaveLength(2);
    expect(evalSet.filter((entry) => entry.contentType === 'BLOG_POST').every((entry) => entry.keyphrase)).toBe(true);
    // Any prefix of four covers every content type, so --limit 8 is a fair sample.
    expect(new Set(selectCampaigns(evalSet, undefined, 4).map((entry) => entry.contentType)).size).toBe(4);
  });

  it('waits as long as a busy server asks, and says why', async () => {
    let calls = 0;
    const busy = createServer((_request, response) => {
      calls += 1;
      const body =
        calls === 1
          ? { errors: [{ message: 'Too many campaigns: try again in 1 s.', extensions: { code: 'RATE_LIMITED', retryAfter: 1 } }] }
          : { data: { health: { ok: true } } };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const notices: string[] = [];
    try {
      const url = `http://127.0.0.1:${(busy.address() as AddressInfo).port}/graphql`;
      const started = Date.now();
      await expect(request({ graphqlUrl: url, onBusy: (line) => notices.push(line) }, '{ health { ok } }')).resolves.toEqual({
        health: { ok: true },
      });
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
      expect(notices).toEqual(['Too many campaigns: try again in 1 s. Waiting 1 s.']);
    } finally {
      busy.close();
    }
  });

  it('rejects bad flags with the rule', () => {
    expect(() => parseCli(['--only', 'PODCAST'])).toThrow(/--only takes BLOG_POST, SOCIAL_MEDIA, EMAIL, AD_COPY \(got PODCAST\)/);
    expect(() => parseCli(['--limit', '0'])).toThrow(/--limit must be an integer ≥ 1/);
    expect(() => parseCli(['--concurrency', 'two'])).toThrow(/--concurrency must be an integer/);
    expect(parseCli(['--out', 'r.md', '--strict'])).toMatchObject({ out: 'r.md', strict: true });
  });
});

// ------------------------------------------------------------------ report.ts on hand-made results

const passingMetrics = (type: ContentType): TextMetrics => ({
  fleschReadingEase: 65,
  readabilityBand: 'plain English',
  keywordCoverage: 1,
  missingKeywords: [],
  prohibitedTopicHits: [],
  placeholders: [],
  lengthChecks: [
    { name: type === 'EMAIL' ? 'email subject' : 'headline 1', passed: true, value: 20, target: '≤ 60 characters' },
    ...(type === 'EMAIL' ? [{ name: 'email CTA', passed: true, value: 1, target: 'present' }] : []),
    { name: 'Facebook post (recommended)', passed: false, value: 700, target: '≤ 500 characters' },
  ],
  seoChecks: type === 'BLOG_POST' ? [{ name: 'keyphraseInIntroduction', passed: true, value: 1, target: 'yes' }] : [],
});

function result(index: number, type: ContentType, change: Partial<CampaignResult> = {}): CampaignResult {
  return {
    evalId: `case-${index}`,
    brandName: 'Brand',
    campaignId: `c${index}`,
    contentType: type,
    keyphrase: type === 'BLOG_POST' ? 'focus phrase' : null,
    status: 'COMPLETED',
    error: null,
    durationMs: 1000 + index,
    revisionRequests: 0,
    revisionLimitReached: false,
    draftKeptReason: null,
    scores: { brandAlignment: 80, compliance: 90, readability: 70, overallQuality: 60 + index },
    draftMetrics: passingMetrics(type),
    finalMetrics: passingMetrics(type),
    steps: [
      {
        role: 'BRAND_MANAGER',
        attempt: 1,
        stage: 'DRAFT',
        status: 'COMPLETED',
        model: 'llama3.1',
        score: 80,
        passed: true,
        repairs: [],
        durationMs: 2000,
        firstTokenMs: 300,
        promptTokens: 100,
        completionTokens: 50,
        tokensPerSecond: 25,
      },
    ],
    ...change,
  };
}

const handMade = (results: CampaignResult[]): EvalRun => ({
  startedAt: '2026-01-01T00:00:00.000Z',
  wallMs: 90_000,
  server: 'hand-made',
  concurrency: 2,
  selection: '',
  notRun: 0,
  results,
});

describe('report.ts', () => {
  const twenty = Array.from({ length: 20 }, (_, index) => result(index, types[index % 4] ?? 'EMAIL'));

  it('says PASS when every campaign passes every hard check, ignoring advisory lengths', () => {
    const report = renderReport(handMade(twenty));
    expect(report).toContain('Campaigns passing every hard check: 20/20 (100 %) — target ≥ 95 % — **PASS**');
    expect(row(report, "### Final content (Optimizer's rewrite, or the reviewed draft where it was kept)", 'CTA present')).toMatchObject({
      BLOG_POST: '—',
      EMAIL: '5/5 (100 %)',
      all: '5/5 (100 %)',
    });
    expect(row(report, '## Scores', 'overallQuality').all).toBe('60 / 69.5 / 79');
  });

  it('says BELOW TARGET when a failing check takes the share under 95 %', () => {
    const [first, second, ...rest] = twenty;
    const noCta = result(21, 'EMAIL', {
      finalMetrics: { ...passingMetrics('EMAIL'), lengthChecks: [{ name: 'email CTA', passed: false, value: 0, target: 'present' }] },
    });
    const failed = result(22, 'AD_COPY', {
      status: 'FAILED',
      error: 'Content Creator failed after 4 tries: Ollama at http://127.0.0.1:11434 did not answer',
      finalMetrics: null,
      scores: null,
    });
    const results = [first, second, ...rest, noCta, failed].filter((entry): entry is CampaignResult => entry !== undefined);
    const report = renderReport(handMade(results));
    expect(targetVerdict(results)).toEqual({ passed: 20, total: 22, met: false });
    expect(report).toContain('Campaigns passing every hard check: 20/22 (91 %) — target ≥ 95 % — **BELOW TARGET**');
    const final = "### Final content (Optimizer's rewrite, or the reviewed draft where it was kept)";
    expect(row(report, final, 'CTA present').EMAIL).toBe('5/6 (83 %)');
    expect(row(report, final, 'length limits').AD_COPY).toBe('5/6 (83 %)'); // a failed campaign fails every check
    expect(row(report, '## Failures by cause', 'Content Creator failed after 4 tries')).toMatchObject({ campaigns: '1', which: 'case-22' });
    expect(row(report, '## Campaigns', 'case-21')['failed hard checks']).toBe('CTA present');
  });

  it('meets the target at exactly 95 %', () => {
    const results = [
      ...twenty.slice(0, 19),
      result(30, 'BLOG_POST', { finalMetrics: { ...passingMetrics('BLOG_POST'), prohibitedTopicHits: ['politics'] } }),
    ];
    expect(targetVerdict(results)).toEqual({ passed: 19, total: 20, met: true });
  });

  it('checks each text against its content type', () => {
    const ids = (outcomes: CheckOutcome[]) => outcomes.filter((outcome) => !outcome.passed).map((outcome) => outcome.id);
    const hard = { ...passingMetrics('BLOG_POST'), fleschReadingEase: 35, keywordCoverage: 2 / 3 };
    expect(ids(checkText('BLOG_POST', 'focus phrase', hard))).toEqual(['keywords', 'readability']);
    expect(ids(checkText('AD_COPY', null, { ...hard, keywordCoverage: 1 / 3 }))).toEqual([]);
    expect(ids(checkText('AD_COPY', null, { ...hard, keywordCoverage: 0 }))).toEqual(['keywords']);
    expect(checkText('BLOG_POST', null, hard).map((outcome) => outcome.id)).not.toContain('keyphrase');
    expect(ids(checkText('EMAIL', null, null))).toEqual(['length', 'keywords', 'prohibited', 'placeholders', 'readability', 'cta']);
    expect(ids(checkText('EMAIL', null, { ...passingMetrics('EMAIL'), placeholders: ['[Your Name]'] }))).toEqual(['placeholders']);
  });

  it('counts revisions from events, or from the Brand Manager steps when events were not followed', () => {
    const step = result(0, 'EMAIL').steps[0];
    if (!step) throw new Error('no step');
    const steps = [
      step,
      { ...step, attempt: 2 },
      { ...step, attempt: 3, status: 'FAILED' },
      { ...step, attempt: 4, stage: 'FINAL' as const },
    ];
    expect(revisionsOf(result(1, 'EMAIL', { revisionRequests: 2 }))).toBe(2);
    expect(revisionsOf(result(1, 'EMAIL', { revisionRequests: null, steps }))).toBe(1);
  });
});
