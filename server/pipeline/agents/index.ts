import type { Agent } from './agent.js';
import { brandManager } from './brand-manager.js';
import { complianceOfficer } from './compliance-officer.js';
import { contentCreator } from './content-creator.js';
import { designValidator } from './design-validator.js';
import { optimizer } from './optimizer.js';

export type { Agent };
export { brandManager, complianceOfficer, contentCreator, designValidator, optimizer };

/** In pipeline order. */
export const agents: readonly Agent[] = [contentCreator, brandManager, complianceOfficer, designValidator, optimizer] as Agent[];
