// The approval actions over REST: approve, send back, reject a campaign waiting at a gate, and refine
// a completed one. Each runs the GraphQL mutation of the same name, its answer the Campaign Response.
import type { z } from 'zod';
import { campaignAfter } from './campaign-answer.js';
import type { OperationContext, RestOperation } from './operations.js';
import { parseRequest } from './parse.js';
import { readJsonBody } from './request-body.js';
import type { RestOperationId } from './routes.js';
import * as schemas from './schemas.js';

type ApprovalOperationId = Extract<RestOperationId, 'approveCampaign' | 'requestCampaignChanges' | 'rejectCampaign' | 'refineCampaign'>;

/** One decision: the body checked by the shared rules, then `mutation` with the REST fields translated. */
function decision<T extends z.ZodObject>(
  schema: T,
  mutation: string,
  variables: (body: z.output<T>) => Record<string, unknown>,
  fieldNames: Record<string, string>,
) {
  return async (context: OperationContext) => {
    const body = parseRequest(schema, await readJsonBody(context.request, context.services.config.MAX_REQUEST_BODY_BYTES));
    return campaignAfter(context, mutation, { id: context.params.id, ...variables(body) }, { id: 'id', by: 'by', ...fieldNames });
  };
}

const waiting = 'The campaign must be awaiting approval (status awaiting_approval); otherwise 400 names id and its status.';

export function approvalOperations(): Pick<Record<RestOperationId, RestOperation>, ApprovalOperationId> {
  return {
    approveCampaign: {
      summary: 'Approve a waiting campaign',
      description: `Approves the text the campaign shows at its gate; with edited_content, the edit is what the next step gets. ${waiting}`,
      tag: 'Campaigns',
      pathParams: { id: 'The campaign id.' },
      body: { mediaType: 'application/json', schema: schemas.approveCampaignRequest },
      success: { status: 200, description: 'Approved: queued to go on (status queued).', schema: schemas.campaignResponse },
      errors: [400, 404, 413, 415],
      handle: decision(
        schemas.approveCampaignRequest,
        'mutation RestApprove($id: ID!, $editedContent: String, $by: String) { approveCampaign(id: $id, editedContent: $editedContent, by: $by) { id } }',
        (body) => ({ editedContent: body.edited_content, by: body.by }),
        { editedContent: 'edited_content' },
      ),
    },
    requestCampaignChanges: {
      summary: 'Request changes',
      description: `Sends a waiting campaign back with feedback, as a new attempt: to the Content Creator at the draft gate, to the Optimizer at the final one. ${waiting}`,
      tag: 'Campaigns',
      pathParams: { id: 'The campaign id.' },
      body: { mediaType: 'application/json', schema: schemas.requestChangesRequest },
      success: { status: 200, description: 'Sent back: queued (status queued).', schema: schemas.campaignResponse },
      errors: [400, 404, 413, 415],
      handle: decision(
        schemas.requestChangesRequest,
        'mutation RestRequestChanges($id: ID!, $feedback: String!, $by: String) { requestChanges(id: $id, feedback: $feedback, by: $by) { id } }',
        (body) => ({ feedback: body.feedback, by: body.by }),
        { feedback: 'feedback' },
      ),
    },
    rejectCampaign: {
      summary: 'Reject a waiting campaign',
      description: `Ends the campaign as rejected, with the reason as its error. ${waiting}`,
      tag: 'Campaigns',
      pathParams: { id: 'The campaign id.' },
      body: { mediaType: 'application/json', schema: schemas.rejectCampaignRequest },
      success: { status: 200, description: 'Rejected (status rejected).', schema: schemas.campaignResponse },
      errors: [400, 404, 413, 415],
      handle: decision(
        schemas.rejectCampaignRequest,
        'mutation RestReject($id: ID!, $reason: String!, $by: String) { rejectCampaign(id: $id, reason: $reason, by: $by) { id } }',
        (body) => ({ reason: body.reason, by: body.by }),
        { reason: 'reason' },
      ),
    },
    refineCampaign: {
      summary: 'Refine a completed campaign',
      description:
        'Reruns the Optimizer on the completed text with an instruction, as a new run. The campaign must be completed; otherwise 400 names id and its status.',
      tag: 'Campaigns',
      pathParams: { id: 'The campaign id.' },
      body: { mediaType: 'application/json', schema: schemas.refineCampaignRequest },
      success: { status: 200, description: 'Queued to refine (status queued).', schema: schemas.campaignResponse },
      errors: [400, 404, 413, 415],
      handle: decision(
        schemas.refineCampaignRequest,
        'mutation RestRefine($id: ID!, $instruction: String!, $by: String) { refineCampaign(id: $id, instruction: $instruction, by: $by) { id } }',
        (body) => ({ instruction: body.instruction, by: body.by }),
        { instruction: 'instruction' },
      ),
    },
  };
}
