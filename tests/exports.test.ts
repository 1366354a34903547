// The downloads in words for people: labels rather than enum names, no empty headings, the
// reasons a campaign needs attention, and file names a person can tell apart.
import { describe, expect, it } from 'vitest';
import { campaignJson, campaignMarkdown, exportCampaign, exportFileName } from '../server/campaigns/exports.js';
import type { AgentStep, Campaign } from '../server/campaigns/store.js';
import { combineScores, measureContent } from '../server/scoring/index.js';
import { sampleContent } from './support/sample-content.js';

const at = new Date('2025-05-01T10:00:00Z');
const options = { minScore: 70 };

function campaignOf(overrides: Partial<Campaign> = {}): Campaign {
  const measured = measureContent(sampleContent.AD_COPY, { contentType: 'AD_COPY', brandKeywords: [], prohibitedTopics: [] });
  const scored = combineScores({
    measurements: measured,
    similarity: null,
    brandVerdict: { score: 90, revisionNeeded: false, feedback: ['On brand.'] },
    complianceVerdict: { passed: true, score: 95, issues: [] },
  });
  const { feedback, ...scores } = scored;
  return {
    id: 'c1',
    brief: 'Ads for our spring refill kits: reusable, cheap, and kind to the planet',
    targetAudience: 'city renters',
    contentType: 'AD_COPY',
    keyphrase: null,
    brandId: null,
    modelOverrides: {},
    status: 'COMPLETED',
    runNumber: 1,
    content: sampleContent.AD_COPY,
    scores,
    scoreFeedback: feedback,
    measurements: { final: { ...measured, similarity: null, similarityMethod: null, scores, feedback } },
    design: null,
    complianceIssues: [],
    error: null,
    revisionLimitReached: false,
    draftKeptReason: null,
    approvalGates: [],
    pendingApproval: null,
    approvals: [],
    cacheKey: null,
    cachedFromId: null,
    createdAt: at,
    updatedAt: at,
    startedAt: at,
    finishedAt: at,
    ...overrides,
  };
}

function stepOf(role: AgentStep['role'], feedback: string[], score: number | null = null): AgentStep {
  return {
    id: `s-${role}`,
    campaignId: 'c1',
    role,
    attempt: 1,
    stage: 'DRAFT',
    status: 'COMPLETED',
    model: 'mistral',
    output: '',
    rawOutput: null,
    repairs: [],
    verdict: null,
    score,
    passed: null,
    feedback,
    promptTokens: 1,
    completionTokens: 1,
    firstTokenMs: 1,
    durationMs: 1,
    error: null,
    startedAt: at,
    finishedAt: at,
    supersededAt: null,
  };
}

const steps = [
  stepOf('CONTENT_CREATOR', []),
  stepOf('BRAND_MANAGER', ['Warm and on brand.'], 90),
  stepOf('COMPLIANCE_OFFICER', [], 95),
  stepOf('OPTIMIZER', []),
];

describe('the Markdown and text downloads', () => {
  it('say the status and content type in words, and explain each score in plain words', () => {
    const markdown = campaignMarkdown(campaignOf(), steps, null, options);
    expect(markdown).toContain('- Status: Completed\n- Content type: Ad copy\n');
    expect(markdown).not.toMatch(/COMPLETED|AD_COPY/);
    expect(markdown).toContain('- Brand alignment: 90\n  - The Brand Manager gave 90; the brand has no keywords to check.');
    expect(markdown).toMatch(/- Readability: \d+\n {2}- Sentences average [\d.]+ words/);
    expect(markdown).not.toContain('## Needs attention');
  });

  it('leave out agents with nothing to say', () => {
    const markdown = campaignMarkdown(campaignOf(), steps, null, options);
    expect(markdown).toContain('## Agent feedback\n\n### Brand Manager (90/100)\n- Warm and on brand.');
    expect(markdown).not.toMatch(/### (Content Creator|Compliance Officer|Optimizer)/);
    const silent = campaignMarkdown(campaignOf(), [stepOf('CONTENT_CREATOR', [])], null, options);
    expect(silent).not.toContain('## Agent feedback');
  });

  it('list the reasons a campaign needs attention', () => {
    const campaign = campaignOf({
      revisionLimitReached: true,
      scores: { brandAlignment: 90, compliance: 58, readability: 100, overallQuality: 80 },
    });
    const markdown = campaignMarkdown(campaign, steps, null, options);
    expect(markdown).toContain(
      '## Needs attention\n- Compliance scored 58, under the 70 you asked for: the Compliance Officer gave 95 and passed the text.\n- The Brand Manager still wanted changes',
    );
    const text = exportCampaign('txt', campaign, steps, null, options);
    expect(text).toContain('Needs attention\n');
    expect(text).not.toMatch(/^#/m);
  });

  it('say when a campaign failed, and why', () => {
    const markdown = campaignMarkdown(
      campaignOf({ status: 'FAILED', content: null, scores: null, error: 'Ollama is not running' }),
      [],
      null,
      options,
    );
    expect(markdown).toContain('- Status: Failed\n- Error: Ollama is not running\n');
    expect(markdown).not.toContain('## Needs attention'); // only completed campaigns pass the gate or not
  });
});

describe('the JSON download', () => {
  it('keeps the REST field names and adds the quality gate', () => {
    const json = campaignJson(campaignOf({ revisionLimitReached: true }), steps, options);
    expect(json).toMatchObject({
      campaign_id: 'c1',
      status: 'completed',
      validations: { brand_alignment: 90, compliance: 95 },
      needs_attention: true,
      attention_reasons: [expect.stringContaining('The Brand Manager still wanted changes')],
    });
    expect(campaignJson(campaignOf(), steps, options)).toMatchObject({ needs_attention: false, attention_reasons: [] });
  });
});

describe('download file names', () => {
  it('start with the first words of the brief, and end with the id', () => {
    expect(exportFileName(campaignOf())).toBe('ads-for-our-spring-refill-kits-campaign-c1');
  });

  it('keep to plain letters and digits, and stay short', () => {
    expect(exportFileName({ id: 'c2', brief: 'Café crème: l’été à Paris!' })).toBe('cafe-creme-l-ete-a-paris-campaign-c2');
    const long = exportFileName({ id: 'c3', brief: 'Supercalifragilisticexpialidocious extraordinarily magnificent celebrations' });
    expect(long).toBe('supercalifragilisticexpialidocious-campaign-c3');
  });

  it('fall back to the id when the brief has no Latin letters', () => {
    expect(exportFileName({ id: 'c4', brief: '城市里的可持续生活' })).toBe('campaign-c4');
  });
});
