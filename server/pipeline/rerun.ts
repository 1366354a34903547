// Where a rerun from a chosen agent starts: which saved steps it replaces and which it keeps.
import type { AgentStep } from '../campaigns/store.js';
import { badInput } from '../errors.js';
import type { AgentRole } from './types.js';

const titles: Record<AgentRole, string> = {
  CONTENT_CREATOR: 'Content Creator',
  BRAND_MANAGER: 'Brand Manager',
  COMPLIANCE_OFFICER: 'Compliance Officer',
  DESIGN_VALIDATOR: 'Design Validator',
  OPTIMIZER: 'Optimizer',
};

/**
 * Steps are replaced from the chosen agent's first step on, in the order they started, with
 * decisions taken after it. The Compliance Officer runs beside the Design Validator, before it in
 * the pipeline's order: a rerun from the Design Validator keeps the Compliance Officer's review.
 */
export function rerunCut(steps: AgentStep[], fromRole: AgentRole): { cut: Date; keepStepIds: string[] } {
  const current = steps.filter((step) => step.supersededAt === null);
  const first = current.filter((step) => step.role === fromRole).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime())[0];
  if (!first) {
    throw badInput([
      { field: 'fromRole', rule: `the ${titles[fromRole]} has not run in this campaign yet; rerun from an agent that has run` },
    ]);
  }
  const keepStepIds =
    fromRole === 'DESIGN_VALIDATOR'
      ? current.filter((step) => step.role === 'COMPLIANCE_OFFICER' && step.stage === 'DRAFT').map((step) => step.id)
      : [];
  return { cut: first.startedAt, keepStepIds };
}
