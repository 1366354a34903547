import { approvalDecisions, approvalGates } from '../pipeline/types.js';
import { builder } from './builder.js';

export const ApprovalGateEnum = builder.enumType('ApprovalGate', {
  description:
    'Where a campaign waits for a person: DRAFT, the reviewed draft before the Optimizer; FINAL, the final text before it completes.',
  values: approvalGates,
});

export const ApprovalDecisionKindEnum = builder.enumType('ApprovalDecisionKind', { values: approvalDecisions });
