import type { Config } from '../config.js';

type ModelSettings = Pick<
  Config,
  'MODEL_CONTENT_CREATOR' | 'MODEL_BRAND_MANAGER' | 'MODEL_COMPLIANCE_OFFICER' | 'MODEL_DESIGN_VALIDATOR' | 'MODEL_OPTIMIZER' | 'MODEL_EMBEDDING'
>;

/** Each distinct configured model once, with who uses it. */
export function configuredModels(config: ModelSettings): { name: string; usedBy: string[] }[] {
  const uses: [string, string][] = [
    [config.MODEL_CONTENT_CREATOR, 'Content Creator'],
    [config.MODEL_BRAND_MANAGER, 'Brand Manager'],
    [config.MODEL_COMPLIANCE_OFFICER, 'Compliance Officer'],
    [config.MODEL_DESIGN_VALIDATOR, 'Design Validator'],
    [config.MODEL_OPTIMIZER, 'Optimizer'],
    [config.MODEL_EMBEDDING, 'embeddings (similarity)'],
  ];
  const byName = new Map<string, string[]>();
  for (const [name, user] of uses) byName.set(name, [...(byName.get(name) ?? []), user]);
  return [...byName].map(([name, usedBy]) => ({ name, usedBy }));
}
