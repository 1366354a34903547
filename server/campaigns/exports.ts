// A campaign as a download: Markdown, plain text, or the JSON of the original REST design.
import type { Brand } from '../brands/brands.js';
import type { AgentRole, CampaignStatus } from '../pipeline/types.js';
import { CONTENT_TYPE_LABELS, explanationReason, SCORE_LABELS, type ScoreName, stripMarkdown } from '../scoring/index.js';
import { type QualityVerdict, qualityGate } from './quality.js';
import type { AgentStep, Campaign } from './store.js';

export const exportFormats = {
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

export type ExportFormat = keyof typeof exportFormats;

export interface ExportOptions {
  /** QUALITY_MIN_SCORE: the quality gate's threshold. */
  minScore: number;
}

const statusLabels: Record<CampaignStatus, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  AWAITING_APPROVAL: 'Awaiting approval',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  REJECTED: 'Rejected',
};

const agentTitles: Record<AgentRole, string> = {
  CONTENT_CREATOR: 'Content Creator',
  BRAND_MANAGER: 'Brand Manager',
  COMPLIANCE_OFFICER: 'Compliance Officer',
  DESIGN_VALIDATOR: 'Design Validator',
  OPTIMIZER: 'Optimizer',
};

/** The download's name without its extension: the brief's first words, then the id ("green-city-tips-campaign-c1"). */
export function exportFileName(campaign: Pick<Campaign, 'id' | 'brief'>): string {
  const briefWords = campaign.brief
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // At most six words and about 40 characters, cut between words.
  let slug = '';
  for (const word of briefWords.slice(0, 6)) {
    const longer = slug ? `${slug}-${word}` : word.slice(0, 40);
    if (longer.length > 40) break;
    slug = longer;
  }
  const id = campaign.id.replace(/[^A-Za-z0-9_-]/g, '');
  return slug ? `${slug}-campaign-${id}` : `campaign-${id}`;
}

function scoreLines(campaign: Campaign): string[] {
  const { scores } = campaign;
  if (!scores) return ['- Not scored yet'];
  return (Object.keys(SCORE_LABELS) as ScoreName[]).flatMap((name) => {
    const explanation = campaign.scoreFeedback.find((entry) => entry.score === name);
    return [`- ${SCORE_LABELS[name]}: ${scores[name]}`, ...(explanation ? [`  - ${upperFirst(explanationReason(explanation))}.`] : [])];
  });
}

const upperFirst = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** The latest finished attempt of each agent that had something to say, in pipeline order. */
function latestSteps(steps: AgentStep[]): AgentStep[] {
  const latest = new Map<string, AgentStep>();
  for (const step of steps) if (step.status === 'COMPLETED' && step.supersededAt === null) latest.set(step.role, step);
  return [...latest.values()];
}

function feedbackSections(steps: AgentStep[]): string[] {
  const withFeedback = latestSteps(steps).filter((step) => step.feedback.length > 0);
  if (withFeedback.length === 0) return [];
  return [
    '## Agent feedback',
    ...withFeedback.flatMap((step) => [
      `### ${agentTitles[step.role]}${step.score === null ? '' : ` (${step.score}/100)`}`,
      ...step.feedback.map((point) => `- ${point}`),
    ]),
  ];
}

function attentionSection(verdict: QualityVerdict): string[] {
  return verdict.needsAttention ? ['## Needs attention', ...verdict.reasons.map((reason) => `- ${reason}`)] : [];
}

export function campaignMarkdown(campaign: Campaign, steps: AgentStep[], brand: Brand | null, options: ExportOptions): string {
  const sections = [
    campaign.content ?? '_No final content yet._',
    '---',
    '## Campaign',
    `- Status: ${statusLabels[campaign.status]}`,
    ...(campaign.error ? [`- Error: ${campaign.error}`] : []),
    `- Content type: ${CONTENT_TYPE_LABELS[campaign.contentType]}`,
    `- Brand: ${brand?.name ?? 'none'}`,
    `- Brief: ${campaign.brief}`,
    `- Audience: ${campaign.targetAudience}`,
    ...attentionSection(qualityGate(campaign, options.minScore)),
    '## Scores',
    ...scoreLines(campaign),
    ...feedbackSections(steps),
  ];
  if (campaign.complianceIssues.length > 0) {
    sections.push(
      '## Compliance issues',
      ...campaign.complianceIssues.map(
        (issue) => `- **${upperFirst(issue.severity)}**: ${issue.description}${issue.suggestion ? ` Suggestion: ${issue.suggestion}` : ''}`,
      ),
    );
  }
  if (campaign.design) {
    sections.push(
      '## Design recommendations',
      ...campaign.design.imageTypes.map((image) => `- Image: ${image.type} — ${image.description}`),
      ...campaign.design.palette.map((colour) => `- Colour ${colour.hex}: ${colour.role}`),
      `- Typography: ${campaign.design.typography}`,
      `- Layout: ${campaign.design.layout}`,
    );
  }
  return `${sections.join('\n\n').replace(/\n\n(?=[-\s]+[\w*])/g, '\n')}\n`;
}

export function campaignJson(campaign: Campaign, steps: AgentStep[], options: ExportOptions): object {
  const verdict = qualityGate(campaign, options.minScore);
  return {
    campaign_id: campaign.id,
    status: campaign.status.toLowerCase(),
    content: campaign.content,
    validations: campaign.scores
      ? {
          brand_alignment: campaign.scores.brandAlignment,
          compliance: campaign.scores.compliance,
          readability: campaign.scores.readability,
          overall_quality: campaign.scores.overallQuality,
        }
      : null,
    needs_attention: verdict.needsAttention,
    attention_reasons: verdict.reasons,
    agent_feedback: Object.fromEntries(
      latestSteps(steps).map((step) => [
        step.role.toLowerCase(),
        { score: step.score, passed: step.passed, feedback: step.feedback, model: step.model },
      ]),
    ),
    design_recommendations: campaign.design,
    compliance_issues: campaign.complianceIssues,
    error: campaign.error,
    timestamp: (campaign.finishedAt ?? campaign.updatedAt).toISOString(),
  };
}

export function exportCampaign(
  format: ExportFormat,
  campaign: Campaign,
  steps: AgentStep[],
  brand: Brand | null,
  options: ExportOptions,
): string {
  if (format === 'json') return `${JSON.stringify(campaignJson(campaign, steps, options), null, 2)}\n`;
  const markdown = campaignMarkdown(campaign, steps, brand, options);
  return format === 'md' ? markdown : `${stripMarkdown(markdown)}\n`;
}
