import { z } from 'zod';
import { hexColor } from '../../brands/brand-rules.js';
import { describeBrand, describeBrief, type VerdictAgent } from './agent.js';
import { dataBlock } from './prompt-data.js';

export const designSchema = z.object({
  imageTypes: z.array(z.object({ type: z.string().min(1), description: z.string().min(1) })).length(3),
  palette: z
    .array(z.object({ hex: hexColor, role: z.string().min(1) }))
    .min(2)
    .max(6),
  typography: z.string().min(1),
  layout: z.string().min(1),
});

export type DesignVerdict = z.infer<typeof designSchema>;

export const designValidator: VerdictAgent<DesignVerdict> = {
  role: 'DESIGN_VALIDATOR',
  title: 'Design Validator',
  kind: 'verdict',
  modelSetting: 'MODEL_DESIGN_VALIDATOR',
  schema: designSchema,
  messages: (input) => [
    {
      role: 'system',
      content:
        'You are a visual designer. Suggest exactly three image types, a colour palette (hex #RRGGBB with a role such as ' +
        'primary, accent, background, text) built from the brand colours, and typography and layout suggestions. Answer in JSON.',
    },
    {
      role: 'user',
      content: [describeBrief(input), describeBrand(input.brand), `Content:\n${dataBlock('draft', input.draft)}`].join('\n\n'),
    },
  ],
  summarize: (design) => ({
    score: null,
    passed: null,
    feedback: [
      `Images: ${design.imageTypes.map((image) => image.type).join(', ')}`,
      `Palette: ${design.palette.map((colour) => `${colour.hex} (${colour.role})`).join(', ')}`,
      `Typography: ${design.typography}`,
      `Layout: ${design.layout}`,
    ],
  }),
};
