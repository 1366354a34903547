// The design's Campaign Response for a campaign id, as every campaign operation answers it.
import { campaignJson } from '../campaigns/exports.js';
import type { AppServices } from '../schema/builder.js';
import { RestFailure } from './errors.js';
import type { OperationAnswer, OperationContext } from './operations.js';

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

/** Runs a mutation on one campaign and answers 200 with its Campaign Response as it now is. */
export async function campaignAfter(
  context: OperationContext,
  mutation: string,
  variables: Record<string, unknown>,
  fieldNames?: Record<string, string>,
): Promise<OperationAnswer> {
  const data = await context.graphql.run<Record<string, { id: string }>>(mutation, variables, fieldNames);
  const [changed] = Object.values(data);
  if (!changed) throw new Error('the mutation answered no campaign');
  return { status: 200, body: await campaignResponse(context, changed.id) };
}
