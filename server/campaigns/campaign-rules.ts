// What a valid campaign request is. Shared by the GraphQL arguments, the REST API and its OpenAPI document.
import { z } from 'zod';
import { modelNameProblem } from '../llm/model-name-grammar.js';
import { approvalGates } from '../pipeline/types.js';
import { hasVisibleText } from '../security/invisible-characters.js';
import { maxCampaignNameLength } from './names.js';

/** A model name as Ollama reads it (llm/model-name-grammar.ts); the message says which part is wrong. */
export const modelNameRule = z
  .string()
  .trim()
  .superRefine((name, context) => {
    const problem = modelNameProblem(name);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'An Ollama model name such as "mistral", "llama3.1:8b" or "hf.co/owner/model:Q4_K_M".' });

/** Text that must show something: "ㅤ" (a Hangul filler) or "\u2800" (the braille blank) is as blank as "". */
const shownText = (max: number) =>
  z.string().trim().refine(hasVisibleText, 'must not be blank').max(max, `must be at most ${max} characters`);

export const campaignRules = {
  name: shownText(maxCampaignNameLength),
  brief: z.string().trim().min(10, 'must be at least 10 characters').max(4000, 'must be at most 4000 characters'),
  targetAudience: z.string().trim().min(3, 'must be at least 3 characters').max(500, 'must be at most 500 characters'),
  keyphrase: shownText(100),
  approvalGates: z.array(z.enum(approvalGates)).refine((gates) => new Set(gates).size === gates.length, 'must not name a gate twice'),
};

/** A page of campaigns: how many at most. */
export const pageSizeRule = z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100');
