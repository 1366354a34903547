// A campaign as a download: Markdown, plain text, or the JSON of the original REST design.
import type { Brand } from '../brands/brands.js';
import { stripMarkdown } from '../scoring/index.js';
import type { AgentStep, Campaign } from './store.js';

export const exportFormats = {
  md: 'text/markdown; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
} as const;

export type ExportFormat = keyof typeof exportFormats;

const scoreLines = (campaign: Campaign) =>
  campaign.scores
    ? [
        `- Brand alignment: ${campaign.scores.brandAlignment}`,
        `- Compliance: ${campaign.scores.compliance}`,
        `- Readability: ${campaign.scores.readability}`,
        `- Overall quality: ${campaign.scores.overallQuality}`,
      ]
    : ['- Not scored yet'];

/** The latest finished attempt of each agent, in pipeline order. */
function latestSteps(steps: AgentStep[]): AgentStep[] {
  const latest = new Map<string, AgentStep>();
  for (const step of steps) if (step.status === 'COMPLETED') latest.set(step.role, step);
  return [...latest.values()];
}

const roleTitle = (role: string) =>
  role
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/^\w/, (letter) => letter.toUpperCase());

export function campaignMarkdown(campaign: Campaign, steps: AgentStep[], brand: Brand | null): string {
  const sections = [
    campaign.content ?? '_No final content yet._',
    '---',
    '## Campaign',
    `- Status: ${campaign.status}`,
    `- Content type: ${campaign.contentType}`,
    `- Brand: ${brand?.name ?? 'none'}`,
    `- Brief: ${campaign.brief}`,
    `- Audience: ${campaign.targetAudience}`,
    '## Scores',
    ...scoreLines(campaign),
    ...campaign.scoreFeedback.map((explanation) => `  - ${explanation.message}`),
    '## Agent feedback',
    ...latestSteps(steps).flatMap((step) => [`### ${roleTitle(step.role)}`, ...step.feedback.map((point) => `- ${point}`)]),
  ];
  if (campaign.complianceIssues.length > 0) {
    sections.push(
      '## Compliance issues',
      ...campaign.complianceIssues.map((issue) => `- **${issue.severity}**: ${issue.description} (${issue.suggestion})`),
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

export function campaignJson(campaign: Campaign, steps: AgentStep[]): object {
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

export function exportCampaign(format: ExportFormat, campaign: Campaign, steps: AgentStep[], brand: Brand | null): string {
  if (format === 'json') return `${JSON.stringify(campaignJson(campaign, steps), null, 2)}\n`;
  const markdown = campaignMarkdown(campaign, steps, brand);
  return format === 'md' ? markdown : `${stripMarkdown(markdown)}\n`;
}
