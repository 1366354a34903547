import { z } from 'zod';
import { complianceVerdictSense } from '../verdict-sense.js';
import { describeBrand, describeBrief, type VerdictAgent } from './agent.js';
import { dataBlock } from './prompt-data.js';

export const complianceVerdictSchema = z.object({
  passed: z.boolean().describe('Whether the draft can be published as it is'),
  score: z.number().int().min(0).max(100).describe('Compliance 0-100'),
  issues: z
    .array(
      z.object({
        severity: z.enum(['low', 'medium', 'high']),
        description: z.string().min(1),
        suggestion: z.string().min(1),
      }),
    )
    .max(10),
});

export type ComplianceVerdict = z.infer<typeof complianceVerdictSchema>;

export const complianceOfficer: VerdictAgent<ComplianceVerdict> = {
  role: 'COMPLIANCE_OFFICER',
  title: 'Compliance Officer',
  kind: 'verdict',
  modelSetting: 'MODEL_COMPLIANCE_OFFICER',
  schema: complianceVerdictSchema,
  sense: { check: complianceVerdictSense },
  messages: (input) => {
    const similarity = input.measured?.similarity;
    return [
      {
        role: 'system',
        content:
          'You are a compliance officer for marketing content. Look for legal, ethical and claims issues: unsubstantiated or ' +
          'absolute claims, health or financial promises, prohibited topics, sensitive or exclusionary language, and copied text. ' +
          'Answer in JSON: passed, a score 0-100, and the issues with severity and a suggested fix.',
      },
      {
        role: 'user',
        content: [
          describeBrief(input),
          describeBrand(input.brand),
          similarity !== null && similarity !== undefined
            ? `Measured originality: ${Math.round(similarity * 100)} % similar to the closest earlier campaign of this brand.`
            : '',
          `Draft:\n${dataBlock('draft', input.draft)}`,
        ]
          .filter(Boolean)
          .join('\n\n'),
      },
    ];
  },
  summarize: (verdict) => ({
    score: verdict.score,
    passed: verdict.passed,
    feedback:
      verdict.issues.length > 0
        ? verdict.issues.map((issue) => `${issue.severity}: ${issue.description} — ${issue.suggestion}`)
        : ['No compliance issues found.'],
  }),
};
