// What real models wrap around their answers, through the whole pipeline: chatter around prose
// is removed before it is saved and scored (the reply as it came is kept for audit), and a
// verdict in a slightly wrong shape is repaired once, each change recorded on the step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentOf, blogInput, createCampaign, getCampaign, runToEnd } from './support/campaigns.js';
import type { Json } from './support/graphql.js';
import { type ChatRequestSeen, type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { sampleContent } from './support/sample-content.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

let ollama: OllamaStandIn;
let server: TestServer;

beforeAll(async () => {
  ollama = await startOllamaStandIn();
  server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url, LLM_RETRY_DELAY_MS: '10' });
});
afterAll(async () => {
  await server.stop();
  await ollama.close();
});

const stepsOf = (campaign: Json, role: string): Json[] => campaign.steps.filter((step: Json) => step.role === role);

describe('chatter around prose', () => {
  it('is removed from the draft and the final text, and kept on the step for audit', async () => {
    const preamble = "Sure! Here's a blog post about sustainable living for urban millennials:";
    const signOff = "Let me know if you'd like me to adjust the tone or length!";
    const wrapped = `${preamble}\n\n${sampleContent.BLOG_POST}\n\n${signOff}`;
    ollama.options.chat = (request: ChatRequestSeen) =>
      ['CONTENT_CREATOR', 'OPTIMIZER'].includes(agentOf(request)) ? { reply: wrapped } : undefined;
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, id);
      const campaign = await getCampaign(server.graphqlUrl, id);
      expect(campaign.status).toBe('COMPLETED');
      for (const role of ['CONTENT_CREATOR', 'OPTIMIZER']) {
        const [step] = stepsOf(campaign, role);
        expect(step?.output.startsWith('#')).toBe(true);
        expect(step?.output).not.toContain('Sure!');
        expect(step?.output).not.toContain('Let me know');
        expect(step?.rawOutput).toBe(wrapped);
        expect(step?.repairs.join(' ')).toMatch(/preamble/);
        expect(step?.repairs.join(' ')).toMatch(/sign-off/);
      }
      expect(campaign.content).toBe(sampleContent.BLOG_POST.trim());
    } finally {
      ollama.options.chat = undefined;
    }
  });
});

describe('verdicts in a slightly wrong shape', () => {
  it('are repaired on the first try, and every repair is recorded on the step', async () => {
    const feedback = Array.from({ length: 9 }, (_, index) => `Point ${index + 1} about the draft.`);
    const reply = `\`\`\`json\n${JSON.stringify({ Score: '85', revision_needed: 'no', feedback })}\n\`\`\``;
    ollama.options.chat = (request: ChatRequestSeen) => (agentOf(request) === 'BRAND_MANAGER' ? { reply } : undefined);
    try {
      const { id } = await createCampaign(server.graphqlUrl, blogInput);
      await runToEnd(server.graphqlUrl, id);
      const campaign = await getCampaign(server.graphqlUrl, id);
      // The draft's review (the final review of the rewrite got the same reply).
      const steps = stepsOf(campaign, 'BRAND_MANAGER').filter((step) => step.stage === 'DRAFT');
      expect(steps).toHaveLength(1);
      expect(steps[0]).toMatchObject({ status: 'COMPLETED', score: 85 });
      expect(steps[0]?.feedback).toEqual(feedback.slice(0, 8));
      expect(steps[0]?.repairs.join(' ')).toMatch(/code fence/);
      expect(steps[0]?.repairs.join(' ')).toMatch(/kept the first 8/);
    } finally {
      ollama.options.chat = undefined;
    }
  });

  it('are described in the prompt as well as in `format`', () => {
    const request = ollama.chatRequests.find((seen) => agentOf(seen) === 'COMPLIANCE_OFFICER');
    expect(request?.format).toBeDefined();
    const system = request?.messages.find((message) => message.role === 'system')?.content ?? '';
    expect(system).toMatch(/Answer with one JSON object and nothing else/);
    expect(system).toMatch(/score: a whole number from 0 to 100/);
  });
});
