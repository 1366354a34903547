import type { ProseAgent } from './agent.js';
import { describeBrand, describeBrief } from './agent.js';
import { finishedCopy } from './content-creator.js';
import { contentFormat } from './content-formats.js';
import { dataBlock, pointsBlock } from './prompt-data.js';

export const optimizer: ProseAgent = {
  role: 'OPTIMIZER',
  title: 'Optimizer',
  kind: 'prose',
  modelSetting: 'MODEL_OPTIMIZER',
  messages: (input) => {
    const measured = input.measured;
    const failedChecks = measured
      ? [
          ...[...measured.seo, ...measured.lengthLimits].filter((check) => !check.passed).map((check) => check.message),
          ...(measured.placeholders ?? []).map((placeholder) => `the placeholder ${placeholder} is still to be filled in or taken out`),
        ]
      : [];
    const issues =
      input.complianceVerdict?.issues.map((issue) => `${issue.severity}: ${issue.description} (fix: ${issue.suggestion})`) ?? [];
    return [
      {
        role: 'system',
        content:
          'You are a conversion copy editor. Rewrite the draft for readability, SEO and a stronger call to action, and fix every ' +
          `issue listed. Keep the layout:\n${contentFormat(input.contentType, input.options)}\n${finishedCopy}\nReply with the final content only.`,
      },
      {
        role: 'user',
        content: [
          describeBrief(input),
          describeBrand(input.brand),
          measured
            ? `Readability: Flesch reading ease ${measured.readability.fleschReadingEase.toFixed(1)} (${measured.readability.band}); aim for 60-70.`
            : '',
          failedChecks.length > 0 ? `Failed checks:\n${pointsBlock('failed_checks', failedChecks)}` : '',
          input.brandVerdict ? `Brand Manager feedback:\n${pointsBlock('feedback', input.brandVerdict.feedback)}` : '',
          issues.length > 0 ? `Compliance issues:\n${pointsBlock('compliance_issues', issues)}` : '',
          input.reviewerInstruction
            ? `The reviewer read your previous version (the draft below) and asks for these changes; make them:\n${dataBlock('instruction', input.reviewerInstruction)}`
            : '',
          `Draft:\n${dataBlock('draft', input.draft)}`,
        ]
          .filter(Boolean)
          .join('\n\n'),
      },
    ];
  },
};
