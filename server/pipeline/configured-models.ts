import type { Config } from '../config.js';
import { agents } from './agents/index.js';

/** Each distinct configured model once, with who uses it: every agent, and the similarity check. */
export function configuredModels(config: Config): { name: string; usedBy: string[] }[] {
  const uses: [string, string][] = [
    ...agents.map((agent): [string, string] => [config[agent.modelSetting], agent.title]),
    [config.MODEL_EMBEDDING, 'embeddings (similarity)'],
  ];
  const byName = new Map<string, string[]>();
  for (const [name, user] of uses) byName.set(name, [...(byName.get(name) ?? []), user]);
  return [...byName].map(([name, usedBy]) => ({ name, usedBy }));
}
