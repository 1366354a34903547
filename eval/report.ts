// The evaluation report: pure functions from the collected campaign results to Markdown.
// Every share is printed as "passed/total (percent)" so it can be recounted.
import {
  applicableChecks,
  bandText,
  type CheckId,
  checkIds,
  checkText,
  checkTitles,
  finalChecks,
  keywordCoverageTargets,
  passesEveryCheck,
  readingEaseBands,
} from './checks.js';
import { countBy, firstClause, median, number, percent, seconds, share, spread, table } from './markdown.js';
import {
  type AgentRole,
  agentRoles,
  type CampaignResult,
  type ContentType,
  contentTypes,
  type EvalRun,
  type Scores,
  type TextMetrics,
} from './results.js';

/** "At least 95 % of campaigns pass every hard check." */
export const passTarget = 0.95;

export function renderReport(run: EvalRun): string {
  const { results } = run;
  return [
    '# Content Copilot evaluation',
    runSummary(run),
    targetSection(results),
    statusSection(results),
    hardCheckSection(results),
    verdictSection(results),
    scoreSection(results),
    revisionSection(results),
    agentSection(results),
    failureSection(results),
    campaignSection(results),
    methodSection(),
  ].join('\n\n');
}

// ------------------------------------------------------------------ summary and target

function runSummary(run: EvalRun): string {
  const byType = contentTypes.map((type) => `${type} ${run.results.filter((result) => result.contentType === type).length}`).join(', ');
  const steps = run.results.flatMap((result) => result.steps);
  const models = agentRoles.flatMap((role) => {
    const used = [...new Set(steps.filter((step) => step.role === role).map((step) => step.model))];
    return used.length > 0 ? [`${role} ${used.join(', ')}`] : [];
  });
  return [
    `- Started: ${run.startedAt}, wall time ${seconds(run.wallMs)}`,
    `- Server: ${run.server}; ${run.concurrency} campaign(s) at once`,
    `- Campaigns: ${run.results.length} (${byType})${run.selection ? `, selected with \`${run.selection}\`` : ''}${run.notRun > 0 ? `; ${run.notRun} not run (interrupted)` : ''}`,
    `- Models: ${models.length > 0 ? models.join('; ') : '—'}`,
  ].join('\n');
}

export interface TargetVerdict {
  passed: number;
  total: number;
  met: boolean;
}

export function targetVerdict(results: CampaignResult[]): TargetVerdict {
  const passed = results.filter((result) => passesEveryCheck(finalChecks(result))).length;
  return { passed, total: results.length, met: results.length > 0 && passed / results.length >= passTarget };
}

function targetSection(results: CampaignResult[]): string {
  const verdict = targetVerdict(results);
  return [
    '## Target',
    `Campaigns passing every hard check: ${share(verdict.passed, verdict.total)} — target ≥ ${percent(passTarget)} — **${verdict.met ? 'PASS' : 'BELOW TARGET'}**`,
  ].join('\n\n');
}

// ------------------------------------------------------------------ per content type

const ofType = (results: CampaignResult[], type: ContentType | 'all') =>
  type === 'all' ? results : results.filter((result) => result.contentType === type);
const columns = [...contentTypes, 'all'] as const;
const typeHeaders = (first: string[]) => [...first, ...columns];

function statusSection(results: CampaignResult[]): string {
  const count = (type: ContentType | 'all', test: (result: CampaignResult) => boolean) => String(ofType(results, type).filter(test).length);
  const row = (label: string, test: (result: CampaignResult) => boolean) => [label, ...columns.map((type) => count(type, test))];
  return [
    '## Outcomes',
    table(typeHeaders(['campaigns']), [
      row('run', () => true),
      row('completed', (result) => result.status === 'COMPLETED'),
      row('failed', (result) => result.status === 'FAILED'),
      row('cancelled or unfinished', (result) => result.status !== 'COMPLETED' && result.status !== 'FAILED'),
      row('revision limit reached', (result) => result.revisionLimitReached),
      row("draft kept (Optimizer's rewrite not used)", (result) => result.draftKeptReason !== null),
      [
        'median campaign time',
        ...columns.map((type) =>
          seconds(median(ofType(results, type).flatMap((result) => (result.durationMs === null ? [] : [result.durationMs])))),
        ),
      ],
    ]),
  ].join('\n\n');
}

/** Rows "check × content type" for one text of each campaign (the draft or the final content). */
function checkRows(results: CampaignResult[], metricsOf: (result: CampaignResult) => TextMetrics | null): string[][] {
  const outcomes = results.map((result) => ({ result, checks: checkText(result.contentType, result.keyphrase, metricsOf(result)) }));
  const cell = (type: ContentType | 'all', id: CheckId | 'every') => {
    const applicable = outcomes.filter(
      ({ result }) =>
        (type === 'all' || result.contentType === type) &&
        (id === 'every' || applicableChecks(result.contentType, result.keyphrase).includes(id)),
    );
    const passed = applicable.filter(({ checks }) =>
      id === 'every' ? passesEveryCheck(checks) : checks.some((check) => check.id === id && check.passed),
    );
    return share(passed.length, applicable.length);
  };
  return [
    ...checkIds.map((id) => [checkTitles[id], ...columns.map((type) => cell(type, id))]),
    ['**every hard check**', ...columns.map((type) => cell(type, 'every'))],
  ];
}

function hardCheckSection(results: CampaignResult[]): string {
  const final = (result: CampaignResult) => (result.status === 'COMPLETED' ? result.finalMetrics : null);
  return [
    '## Hard checks',
    "### Final content (Optimizer's rewrite, or the reviewed draft where it was kept)",
    table(typeHeaders(['check']), checkRows(results, final)),
    "### Reviewed draft (Content Creator, after the Brand Manager's revisions)",
    table(
      typeHeaders(['check']),
      checkRows(results, (result) => result.draftMetrics),
    ),
  ].join('\n\n');
}

/** The reviewer's last completed verdict on a stage of a campaign, or undefined when there was none. */
function lastVerdict(result: CampaignResult, role: AgentRole, stage: 'DRAFT' | 'FINAL'): boolean | undefined {
  const verdicts = result.steps.filter((step) => step.role === role && step.stage === stage && step.status === 'COMPLETED');
  const last = verdicts[verdicts.length - 1];
  return last?.passed ?? undefined;
}

function verdictSection(results: CampaignResult[]): string {
  const reviews: [string, AgentRole, 'DRAFT' | 'FINAL'][] = [
    ['Brand Manager, draft (last round)', 'BRAND_MANAGER', 'DRAFT'],
    ['Compliance Officer, draft', 'COMPLIANCE_OFFICER', 'DRAFT'],
    ['Brand Manager, final review', 'BRAND_MANAGER', 'FINAL'],
    ['Compliance Officer, final review', 'COMPLIANCE_OFFICER', 'FINAL'],
  ];
  const rows = reviews.map(([label, role, stage]) => [
    label,
    ...columns.map((type) => {
      const verdicts = ofType(results, type)
        .map((result) => lastVerdict(result, role, stage))
        .filter((verdict) => verdict !== undefined);
      return share(verdicts.filter(Boolean).length, verdicts.length);
    }),
  ]);
  return [
    '## Reviewer verdicts',
    'Share of campaigns whose reviewer passed the text, of those with a verdict.',
    table(typeHeaders(['agent']), rows),
  ].join('\n\n');
}

function scoreSection(results: CampaignResult[]): string {
  const names: (keyof Scores)[] = ['brandAlignment', 'compliance', 'readability', 'overallQuality'];
  const rows = names.map((name) => [
    name,
    ...columns.map((type) =>
      spread(
        ofType(results, type).flatMap((result) => (result.status === 'COMPLETED' && result.scores ? [result.scores[name]] : [])),
        number,
      ),
    ),
  ]);
  return ['## Scores', 'Final scores of completed campaigns: min / median / max.', table(typeHeaders(['score']), rows)].join('\n\n');
}

// ------------------------------------------------------------------ revisions, agents, failures

/** RevisionRequested events when they were followed; else Brand Manager draft verdicts minus one. */
export function revisionsOf(result: CampaignResult): number {
  if (result.revisionRequests !== null) return result.revisionRequests;
  const rounds = result.steps.filter(
    (step) => step.role === 'BRAND_MANAGER' && step.stage === 'DRAFT' && step.status === 'COMPLETED',
  ).length;
  return Math.max(0, rounds - 1);
}

function revisionSection(results: CampaignResult[]): string {
  const rows = columns.map((type) => {
    const group = ofType(results, type);
    const revisions = group.map(revisionsOf);
    const histogram = countBy(revisions, String)
      .sort((a, b) => Number(a[0]) - Number(b[0]))
      .map(([rounds, campaigns]) => `${rounds}: ${campaigns.length}`)
      .join(', ');
    const total = revisions.reduce((sum, value) => sum + value, 0);
    return [type, String(group.length), String(total), group.length ? (total / group.length).toFixed(2) : '—', histogram || '—'];
  });
  return [
    '## Revisions',
    'Revision rounds the Brand Manager asked for (RevisionRequested events).',
    table(['content type', 'campaigns', 'revisions', 'per campaign', 'campaigns by rounds'], rows),
  ].join('\n\n');
}

function agentSection(results: CampaignResult[]): string {
  const steps = results.flatMap((result) => result.steps);
  const rows = agentRoles.map((role) => {
    const own = steps.filter((step) => step.role === role);
    const done = own.filter((step) => step.status === 'COMPLETED');
    const repairs = own.reduce((sum, step) => sum + step.repairs.length, 0);
    const rates = done.flatMap((step) => (step.tokensPerSecond === null ? [] : [step.tokensPerSecond]));
    const firstTokens = done.flatMap((step) => (step.firstTokenMs === null ? [] : [step.firstTokenMs]));
    return [
      role,
      String(own.length),
      String(own.filter((step) => step.status === 'FAILED').length),
      share(own.filter((step) => step.repairs.length > 0).length, own.length),
      own.length ? (repairs / own.length).toFixed(2) : '—',
      seconds(median(done.map((step) => step.durationMs))),
      seconds(done.reduce((sum, step) => sum + step.durationMs, 0)),
      seconds(median(firstTokens)),
      String(done.reduce((sum, step) => sum + step.completionTokens, 0)),
      spread(rates, (rate) => rate.toFixed(1)),
    ];
  });
  const headers = [
    'agent',
    'steps',
    'failed steps',
    'steps with repairs',
    'repairs per step',
    'median time',
    'total time',
    'median first token',
    'completion tokens',
    'tokens/s min / median / max',
  ];
  const common = countBy(
    steps.flatMap((step) => step.repairs.map((repair) => ({ role: step.role, repair: firstClause(repair) }))),
    (entry) => `${entry.role}: ${entry.repair}`,
  ).slice(0, 8);
  return [
    '## Agents',
    'Every attempt of every agent (AgentStep); times and rates over completed attempts.',
    table(headers, rows),
    '### Most common repairs',
    common.length > 0
      ? table(
          ['agent: repair', 'times'],
          common.map(([repair, entries]) => [repair, String(entries.length)]),
        )
      : 'None.',
  ].join('\n\n');
}

function failureSection(results: CampaignResult[]): string {
  const failed = results.filter((result) => result.status !== 'COMPLETED');
  if (failed.length === 0) return '## Failures by cause\n\nNone.';
  const groups = countBy(failed, (result) => firstClause(result.error ?? `${result.status} without an error message`));
  return [
    '## Failures by cause',
    table(
      ['cause', 'campaigns', 'which'],
      groups.map(([cause, group]) => [cause, String(group.length), group.map((result) => result.evalId).join(', ')]),
    ),
  ].join('\n\n');
}

function campaignSection(results: CampaignResult[]): string {
  const rows = results.map((result) => {
    const failedChecks = finalChecks(result)
      .filter((check) => !check.passed)
      .map((check) => checkTitles[check.id]);
    const scores = result.scores
      ? [result.scores.brandAlignment, result.scores.compliance, result.scores.readability, result.scores.overallQuality].join(' / ')
      : '—';
    return [
      result.evalId,
      result.contentType,
      result.status,
      failedChecks.length === 0 ? 'none' : failedChecks.join(', '),
      result.finalMetrics ? number(result.finalMetrics.fleschReadingEase) : '—',
      scores,
      String(revisionsOf(result)),
      String(result.steps.reduce((sum, step) => sum + step.repairs.length, 0)),
      seconds(result.durationMs),
    ];
  });
  return [
    '## Campaigns',
    table(
      [
        'campaign',
        'type',
        'status',
        'failed hard checks',
        'Flesch',
        'scores (brand / compliance / readability / overall)',
        'revisions',
        'repairs',
        'time',
      ],
      rows,
    ),
  ].join('\n\n');
}

function methodSection(): string {
  const bands = contentTypes.map((type) => `${type} ${bandText(readingEaseBands[type])}`).join(', ');
  const keywords = contentTypes.map((type) => `${type} ${keywordCoverageTargets[type].text}`).join(', ');
  return [
    '## Method',
    [
      '- Hard checks read `Campaign.finalMetrics` (and `draftMetrics` for the draft table). A campaign that did not complete fails every check that applies to it.',
      "- Length limits: every `lengthChecks` entry passed, except the email CTA (its own row) and checks named `(recommended)` (advice, such as Facebook's 500 characters).",
      `- Brand keywords present (\`keywordCoverage\`): ${keywords}.`,
      '- No prohibited topic: `prohibitedTopicHits` is empty.',
      '- No template placeholder: `placeholders` is empty ("[Your Name]", "{company}" left unfilled).',
      `- Readability band (Flesch reading ease, \`fleschReadingEase\`): ${bands}.`,
      '- CTA present: emails only (the `email CTA` length check); the API measures no CTA for social posts or ads.',
      '- Keyphrase in introduction: blog posts with a keyphrase (`seoChecks` `keyphraseInIntroduction`).',
      '- Revisions: RevisionRequested events on `campaignEvents`; when events were not followed, completed Brand Manager draft steps minus one.',
      "- Repairs: `AgentStep.repairs` (what was cleaned from a reply or repaired in a verdict). Tokens/s: `AgentStep.tokensPerSecond` (completion tokens over the step's wall time).",
      '- Failures are grouped by the first clause of `Campaign.error`.',
    ].join('\n'),
  ].join('\n\n');
}
