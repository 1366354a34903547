// The operations of approval gates, reruns, refinements and the result cache.
import { graphql } from './graphql.js';

export const approveCampaignMutation = graphql(`
  mutation ApproveCampaign($id: ID!, $editedContent: String, $by: String) {
    approveCampaign(id: $id, editedContent: $editedContent, by: $by) { id status error }
  }
`);

export const requestChangesMutation = graphql(`
  mutation RequestChanges($id: ID!, $feedback: String!, $by: String) {
    requestChanges(id: $id, feedback: $feedback, by: $by) { id status error }
  }
`);

export const rejectCampaignMutation = graphql(`
  mutation RejectCampaign($id: ID!, $reason: String!, $by: String) {
    rejectCampaign(id: $id, reason: $reason, by: $by) { id status error }
  }
`);

export const rerunCampaignMutation = graphql(`
  mutation RerunCampaign($id: ID!, $fromRole: AgentRole!, $models: ModelOverridesInput) {
    retryCampaign(id: $id, fromRole: $fromRole, models: $models) { id status error }
  }
`);

export const refineCampaignMutation = graphql(`
  mutation RefineCampaign($id: ID!, $instruction: String!, $by: String) {
    refineCampaign(id: $id, instruction: $instruction, by: $by) { id status error }
  }
`);

export const campaignProvenanceQuery = graphql(`
  query CampaignProvenance($id: ID!) {
    campaign(id: $id) { id fromCache cachedFrom { id brief createdAt } approvals { gate decision by at editedContent note refinement superseded } }
  }
`);

export const awaitingApprovalQuery = graphql(`
  query AwaitingApproval {
    campaigns(first: 50, status: AWAITING_APPROVAL) {
      totalCount
      edges { node { id brief contentType createdAt brand { id name } pendingApproval { gate requestedAt } } }
    }
  }
`);

/** The name an approver gave last time, so they need not type it again (kept in this browser only). */
const approverKey = 'content-copilot.approver';

export function rememberedApprover(): string {
  try {
    return localStorage.getItem(approverKey) ?? '';
  } catch {
    return '';
  }
}

export function rememberApprover(name: string): void {
  try {
    localStorage.setItem(approverKey, name.trim());
  } catch {
    // Private mode: the name is simply not remembered.
  }
}
