import type { ProseAgent } from './agent.js';
import { describeBrand, describeBrief } from './agent.js';
import { contentFormat } from './content-formats.js';
import { dataBlock, pointsBlock } from './prompt-data.js';

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
        content: `You are an expert marketing copywriter. ${contentFormat(input.contentType, input.options)}\nReply with the content only, no commentary.`,
      },
      { role: 'user', content: [describeBrief(input), describeBrand(input.brand), revision].filter(Boolean).join('\n\n') },
    ];
  },
};
