// The design's Campaign Response for a campaign id, as every campaign operation answers it.
import { campaignJson } from '../campaigns/exports.js';
import type { AppServices } from '../schema/builder.js';
import { RestFailure } from './errors.js';

export async function campaignResponse({ services }: { services: AppServices }, id: string): Promise<object> {
  const campaign = await services.campaigns.find(id);
  if (!campaign) throw new RestFailure('NOT_FOUND', `Campaign ${JSON.stringify(id.slice(0, 64))} was not found`);
  const steps = await services.campaigns.steps(id);
  return campaignJson(campaign, steps, { minScore: services.config.QUALITY_MIN_SCORE });
}
