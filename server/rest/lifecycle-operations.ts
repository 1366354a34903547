// Cancel, retry and delete a campaign over REST: each runs the GraphQL mutation of the same name.
import { campaignAfter } from './campaign-answer.js';
import type { OperationContext, RestOperation } from './operations.js';
import type { RestOperationId } from './routes.js';
import * as schemas from './schemas.js';

type LifecycleOperationId = Extract<RestOperationId, 'cancelCampaign' | 'retryCampaign' | 'deleteCampaign'>;

/** `mutation` on the path's campaign, answered with its Campaign Response as it now is. */
const onCampaign = (mutation: string) => (context: OperationContext) => campaignAfter(context, mutation, { id: context.params.id });

export function lifecycleOperations(): Pick<Record<RestOperationId, RestOperation>, LifecycleOperationId> {
  return {
    cancelCampaign: {
      summary: 'Cancel a campaign',
      description:
        'Stops a queued, running or waiting campaign (status cancelled), keeping the steps it finished: retry resumes from them. A campaign that has already finished answers 400.',
      tag: 'Campaigns',
      pathParams: { id: 'The campaign id.' },
      success: { status: 200, description: 'Cancelled (status cancelled).', schema: schemas.campaignResponse },
      errors: [400, 404],
      handle: onCampaign('mutation RestCancel($id: ID!) { cancelCampaign(id: $id) { id } }'),
    },
    retryCampaign: {
      summary: 'Retry a campaign',
      description:
        'Queues a failed or cancelled campaign again as a new run, resuming from its last finished step. Any other status answers 400.',
      tag: 'Campaigns',
      pathParams: { id: 'The campaign id.' },
      success: { status: 200, description: 'Queued again (status queued).', schema: schemas.campaignResponse },
      errors: [400, 404],
      handle: onCampaign('mutation RestRetry($id: ID!) { retryCampaign(id: $id) { id } }'),
    },
    deleteCampaign: {
      summary: 'Delete a campaign',
      description: 'Deletes the campaign, its steps and its versions for good; a queued or running one is cancelled first.',
      tag: 'Campaigns',
      pathParams: { id: 'The campaign id.' },
      success: { status: 200, description: 'Deleted.', schema: schemas.deletedCampaignResponse },
      errors: [404],
      async handle(context) {
        const { deleteCampaign } = await context.graphql.run<{ deleteCampaign: { id: string } }>(
          'mutation RestDelete($id: ID!) { deleteCampaign(id: $id) { id } }',
          { id: context.params.id },
        );
        return { status: 200, body: { campaign_id: deleteCampaign.id, deleted: true } };
      },
    },
  };
}
