// The result cache's key: an identical request (brief, audience, type, keyphrase, the brand's
// current content, the models, the prompts' version and the settings that steer the pipeline)
// gives the same key, so its earlier result can be served at once.
import { createHash } from 'node:crypto';
import type { Brand } from '../brands/brands.js';
import type { NewCampaign } from '../campaigns/store.js';
import type { Config } from '../config.js';
import { canonicalModelName } from '../llm/ollama-names.js';
import { type AgentInput, promptFor } from './agents/agent.js';
import { agents } from './agents/index.js';
import { contentTypes } from './types.js';

const sha256 = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');

let promptsVersionMemo: string | null = null;

/**
 * A fingerprint of every agent's prompts (for each content type, first draft and revisions): an
 * edit to any prompt or verdict shape changes it. Computed from the prompts themselves, so it
 * cannot be forgotten when a prompt changes.
 */
export function promptsVersion(): string {
  if (promptsVersionMemo) return promptsVersionMemo;
  const prompts = contentTypes.flatMap((contentType) => {
    const base: AgentInput = {
      brief: '{brief}',
      targetAudience: '{audience}',
      contentType,
      keyphrase: '{keyphrase}',
      brand: null,
      draft: '{draft}',
      revisionFeedback: [],
    };
    const revision: AgentInput = { ...base, revisionFeedback: ['{feedback}'], reviewerInstruction: '{instruction}' };
    const asReviewer: AgentInput = { ...revision, revisionFrom: 'REVIEWER' };
    return agents.flatMap((agent) => [base, revision, asReviewer].map((input) => promptFor(agent, input)));
  });
  promptsVersionMemo = sha256(prompts).slice(0, 16);
  return promptsVersionMemo;
}

/** The brand's content as the agents read it: a rename or an edit of any rule changes the key. */
function brandContent(brand: Brand | null) {
  if (!brand) return null;
  const { name, voice, tone, values, colors, prohibitedTopics, keywords } = brand;
  return { name, voice, tone, values, colors, prohibitedTopics, keywords };
}

export function resultCacheKey(request: NewCampaign, brand: Brand | null, config: Config, prompts = promptsVersion()): string {
  const models = Object.fromEntries(
    agents.map((agent) => [agent.role, canonicalModelName(request.modelOverrides[agent.role] ?? config[agent.modelSetting])]),
  );
  return sha256({
    brief: request.brief,
    targetAudience: request.targetAudience,
    contentType: request.contentType,
    keyphrase: request.keyphrase,
    brand: brandContent(brand),
    models,
    embeddingModel: canonicalModelName(config.MODEL_EMBEDDING),
    prompts,
    // Settings that change what the pipeline decides.
    brandThreshold: config.BRAND_THRESHOLD,
    revisionRounds: config.REVISION_ROUNDS,
  });
}
