// The design's Campaign Response for a campaign id, as every campaign operation answers it.
import { campaignJson } from '../campaigns/exports.js';
import type { AppServices } from '../schema/builder.js';
import { RestFailure } from './errors.js';

export async function campaignResponse(context: { services: AppServices }, id: string): Promise<object> {
  const [response] = await campaignResponses(context, [id]);
  if (!response) throw new RestFailure('NOT_FOUND', `Campaign ${JSON.stringify(id.slice(0, 64))} was not found`);
  return response;
}

/** A page's campaigns in two queries, not two per campaign; one deleted meanwhile is left out. */
export async function campaignResponses({ services }: { services: AppServices }, ids: readonly string[]): Promise<object[]> {
  const found = await services.campaigns.withSteps(ids);
  return found.map(({ campaign, steps }) => campaignJson(campaign, steps, { minScore: services.config.QUALITY_MIN_SCORE }));
}
