// What a valid campaign request is. Shared by the GraphQL arguments, the REST API and its OpenAPI document.
import { z } from 'zod';
import { approvalGates } from '../pipeline/types.js';

export const modelNameRule = z
  .string()
  .trim()
  .min(1, 'must not be blank')
  .max(200, 'must be at most 200 characters')
  .regex(/^[\w.:/-]+$/, 'must be an Ollama model name such as "mistral" or "llama3.1:8b"');

export const campaignRules = {
  brief: z.string().trim().min(10, 'must be at least 10 characters').max(4000, 'must be at most 4000 characters'),
  targetAudience: z.string().trim().min(3, 'must be at least 3 characters').max(500, 'must be at most 500 characters'),
  keyphrase: z.string().trim().min(1, 'must not be blank').max(100, 'must be at most 100 characters'),
  approvalGates: z.array(z.enum(approvalGates)).refine((gates) => new Set(gates).size === gates.length, 'must not name a gate twice'),
};

/** A page of campaigns: how many at most. */
export const pageSizeRule = z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100');
