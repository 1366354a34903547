// What a valid brand is. Shared by the GraphQL arguments and the guidelines import.
import { z } from 'zod';
import { approvalGates } from '../pipeline/types.js';
import { hasVisibleText } from '../security/invisible-characters.js';

export const hexColor = z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a colour in #RRGGBB form, e.g. "#1A7F5A"');

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

// Blank means nothing shows: "ㅤ" (a Hangul filler) is as empty as "".
const tagList = (max: number, itemMax: number) =>
  z.array(text(itemMax).refine(hasVisibleText, 'must not be empty')).max(max, `must have at most ${max} entries`);

export const brandRules = {
  name: text(100).refine(hasVisibleText, 'is required and must not be blank'),
  voice: text(1000),
  tone: text(1000),
  values: tagList(20, 100),
  colors: z.array(hexColor).max(12, 'must have at most 12 entries'),
  prohibitedTopics: tagList(50, 100),
  keywords: tagList(50, 100),
  defaultApprovalGates: z
    .array(z.enum(approvalGates))
    .refine((gates) => new Set(gates).size === gates.length, 'must not name a gate twice'),
};

export const brandInputSchema = z.object({
  name: brandRules.name,
  voice: brandRules.voice.default(''),
  tone: brandRules.tone.default(''),
  values: brandRules.values.default([]),
  colors: brandRules.colors.default([]),
  prohibitedTopics: brandRules.prohibitedTopics.default([]),
  keywords: brandRules.keywords.default([]),
  defaultApprovalGates: brandRules.defaultApprovalGates.default([]),
});

/** An update: only the fields given change, so no defaults here. */
export const brandPatchSchema = z.object(brandRules).partial();

export type BrandInput = z.infer<typeof brandInputSchema>;
export type BrandPatch = z.infer<typeof brandPatchSchema>;
