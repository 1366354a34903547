import { z } from 'zod';
import { brandVerdictSense } from '../verdict-sense.js';
import { describeBrand, describeBrief, type VerdictAgent } from './agent.js';
import { type DataTag, dataBlock, inlineData } from './prompt-data.js';

export const brandVerdictSchema = z.object({
  score: z.number().int().min(0).max(100).describe('How well the draft fits the brand, 0-100'),
  revisionNeeded: z.boolean().describe('Whether the draft must go back to the writer'),
  feedback: z.array(z.string().min(1)).min(1).max(8).describe('Concrete points: what to keep, what to change'),
});

export type BrandVerdict = z.infer<typeof brandVerdictSchema>;

/** `format` asks for feedback; a reply without any is still read, and verdict-sense says what the writer is told. */
const brandReplySchema: z.ZodType<BrandVerdict> = brandVerdictSchema.extend({ feedback: z.array(z.string().min(1)).max(8) });

/** The draft goes back when the Brand Manager asks for it, or scores it under the threshold. */
export function brandWantsChanges(verdict: BrandVerdict, threshold: number): boolean {
  return verdict.revisionNeeded || verdict.score < threshold;
}

/** Brand terms the measurement found (or missed), which are the user's words; "none" when there are none. */
const terms = (tag: DataTag, found: string[]): string => (found.length > 0 ? inlineData(tag, found.join(', ')) : 'none');

export const brandManager: VerdictAgent<BrandVerdict> = {
  role: 'BRAND_MANAGER',
  title: 'Brand Manager',
  kind: 'verdict',
  modelSetting: 'MODEL_BRAND_MANAGER',
  schema: brandVerdictSchema,
  sense: { schema: brandReplySchema, check: brandVerdictSense },
  messages: (input) => [
    {
      role: 'system',
      content:
        'You are a brand manager. Check the draft against the brand: voice, tone, values, keywords and prohibited topics. ' +
        'Answer in JSON with a score 0-100, whether a revision is needed, and concrete feedback points.',
    },
    {
      role: 'user',
      content: [
        describeBrief(input),
        describeBrand(input.brand),
        input.measured
          ? `Measured: brand keywords missing: ${terms('brand_keywords', input.measured.keywords.missing)}; prohibited topics found: ${terms(
              'prohibited_topics',
              input.measured.prohibited.map((hit) => hit.topic),
            )}.`
          : '',
        `Draft:\n${dataBlock('draft', input.draft)}`,
      ]
        .filter(Boolean)
        .join('\n\n'),
    },
  ],
  summarize: (verdict, rules) => ({
    score: verdict.score,
    passed: !brandWantsChanges(verdict, rules.brandThreshold),
    feedback: verdict.feedback,
  }),
};
