// How numbers, times and names read in the UI.
import type { AgentRole, ApprovalGate, CampaignStatus, ContentLength, ContentType, SocialPlatform } from './types.js';

export const agentTitles: Record<AgentRole, string> = {
  CONTENT_CREATOR: 'Content Creator',
  BRAND_MANAGER: 'Brand Manager',
  COMPLIANCE_OFFICER: 'Compliance Officer',
  DESIGN_VALIDATOR: 'Design Validator',
  OPTIMIZER: 'Optimizer',
};

export const agentDuties: Record<AgentRole, string> = {
  CONTENT_CREATOR: 'Drafts the piece',
  BRAND_MANAGER: 'Checks voice, tone, values and keywords',
  COMPLIANCE_OFFICER: 'Legal, claims and originality',
  DESIGN_VALIDATOR: 'Images, palette, typography',
  OPTIMIZER: 'Readability, SEO and CTA',
};

export const contentTypeLabels: Record<ContentType, string> = {
  BLOG_POST: 'Blog post',
  SOCIAL_MEDIA: 'Social media',
  EMAIL: 'Email',
  AD_COPY: 'Ad copy',
};

export const statusLabels: Record<CampaignStatus, string> = {
  QUEUED: 'Queued',
  RUNNING: 'Running',
  AWAITING_APPROVAL: 'Awaiting approval',
  COMPLETED: 'Completed',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  REJECTED: 'Rejected',
};

export const scoreLabels = {
  brandAlignment: 'Brand alignment',
  compliance: 'Compliance',
  readability: 'Readability',
  overallQuality: 'Overall quality',
} as const;

export const lengthLabels: Record<ContentLength, string> = { SHORT: 'Short', STANDARD: 'Standard', LONG: 'Long' };

/** What waits at each gate, in a sentence. */
export const approvalGateNames: Record<ApprovalGate, string> = { DRAFT: 'the reviewed draft', FINAL: 'the final text' };

/** What a person approves at each gate, where it is chosen. */
export const approvalGateLabels: Record<ApprovalGate, string> = {
  DRAFT: 'the reviewed draft, before the Optimizer polishes it',
  FINAL: 'the final text, before the campaign completes',
};

export const platformLabels: Record<SocialPlatform, string> = {
  X: 'X',
  LINKEDIN: 'LinkedIn',
  INSTAGRAM: 'Instagram',
  FACEBOOK: 'Facebook',
};

export const scoreKeys = Object.keys(scoreLabels) as (keyof typeof scoreLabels)[];

/** What each score means, in one line (the results view's glossary). */
export const scoreMeanings: Record<keyof typeof scoreLabels, string> = {
  brandAlignment: "How well the text fits the brand: the Brand Manager's verdict, the brand keywords used, no prohibited topics.",
  compliance: 'Whether it is safe to publish: no unsupported claims, no prohibited topics, not a copy of an earlier campaign.',
  readability:
    'How easy it is to read: reading ease and SEO writing checks for blog posts and emails; short sentences, plain words and length limits for ads and social posts.',
  overallQuality: "The three scores weighed together (brand alignment counts most), plus the platform's length limits.",
};

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds % 60)} s`;
}

export function formatRate(tokensPerSecond: number | null | undefined): string {
  if (tokensPerSecond === null || tokensPerSecond === undefined || !Number.isFinite(tokensPerSecond)) return '–';
  return `${tokensPerSecond.toFixed(tokensPerSecond < 10 ? 1 : 0)} tok/s`;
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1).trimEnd()}…`;
}
