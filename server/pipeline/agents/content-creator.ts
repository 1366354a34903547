import type { ProseAgent } from './agent.js';
import { describeBrand, describeBrief } from './agent.js';
import { contentFormat } from './content-formats.js';
import { dataBlock, pointsBlock } from './prompt-data.js';

/** Real 7B models leave template slots in most emails unless told otherwise; a marketer would publish them. */
export const finishedCopy =
  'Write finished copy that can be published as it is: no template placeholders such as [Your Name], [Date] or {company}; where a detail is not given, write around it or leave it out.';

export const contentCreator: ProseAgent = {
  role: 'CONTENT_CREATOR',
  title: 'Content Creator',
  kind: 'prose',
  modelSetting: 'MODEL_CONTENT_CREATOR',
  messages: (input) => {
    const revision =
      input.revisionFeedback.length > 0
        ? [
            input.revisionFrom === 'REVIEWER'
              ? 'This is a revision. The reviewer approving the campaign sent the previous draft back with this feedback; address every point:'
              : 'This is a revision. The Brand Manager sent the previous draft back with this feedback; address every point:',
            pointsBlock('feedback', input.revisionFeedback),
            '',
            'Previous draft:',
            dataBlock('draft', input.draft),
          ].join('\n')
        : '';
    return [
      {
        role: 'system',
        content: `You are an expert marketing copywriter. ${contentFormat(input.contentType, input.options)}\n${finishedCopy}\nReply with the content only, no commentary.`,
      },
      { role: 'user', content: [describeBrief(input), describeBrand(input.brand), revision].filter(Boolean).join('\n\n') },
    ];
  },
};
