// Unfilled template placeholders are a hard check: found in real 7B replies as a person labelled
// them, never in what only looks like one, and named in plain words when a campaign keeps them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholdersIn } from '../server/scoring/placeholders.js';
import { loadRealReplies, paragraphsOf, type RealReply } from './corpus/real-replies.js';
import { agentOf, createCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

const { replies } = loadRealReplies();

describe('placeholdersIn on the corpus of real replies', () => {
  it('finds every placeholder a person labelled in the content, and nothing else', () => {
    let labelled = 0;
    let found = 0;
    let matched = 0;
    const missed: string[] = [];
    const invented: string[] = [];
    for (const reply of replies) {
      const texts = paragraphsOf(reply.output);
      reply.paragraphs.forEach((paragraph, index) => {
        if (paragraph.label !== 'content') return;
        const expected = [...new Set(paragraph.placeholders)];
        const detected = placeholdersIn(texts[index] as string);
        labelled += expected.length;
        found += detected.length;
        for (const placeholder of expected) {
          if (detected.includes(placeholder)) matched += 1;
          else missed.push(`${reply.id}: ${placeholder}`);
        }
        for (const placeholder of detected) if (!expected.includes(placeholder)) invented.push(`${reply.id}: ${placeholder}`);
      });
    }
    const share = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;
    console.log(
      `placeholders in ${replies.length} real replies: ${labelled} labelled, ${found} found; ` +
        `recall ${share(matched, labelled)}, precision ${share(matched, found)}`,
    );
    expect(labelled).toBeGreaterThan(400);
    expect(missed).toEqual([]);
    expect(invented).toEqual([]);
  });
});

describe('placeholdersIn on what only looks like a placeholder', () => {
  it.each([
    ['a Markdown link', 'Read [our guide](https://example.com/guide) today.'],
    ['a reference link and its definition', 'See [the docs][docs].\n\n[docs]: https://example.com'],
    ['a task list', '- [x] Recycle\n- [ ] Compost'],
    ['footnotes', 'As shown in [1] and [12].'],
    ["an email tool's merge tag", 'Hi {{first_name}}, welcome back!'],
    ['HTML tags', 'Line one<br>line two <strong>bold</strong>'],
    ['JSON', 'The settings: {"theme": "dark"}'],
    ['sizes and numbers', 'Save 20% on XL sizes; call 555-0100.'],
  ])('%s: none', (_what, text) => {
    expect(placeholdersIn(text)).toEqual([]);
  });

  it('names each placeholder once, in the order they appear, whatever its brackets', () => {
    const text =
      'Dear [First Name],\n\nJoin {company} at <Event Venue> on [Date] for XX% off. Follow @yourbrand.\n\n[First Name], see you!';
    expect(placeholdersIn(text)).toEqual(['[First Name]', '{company}', '<Event Venue>', '[Date]', 'XX%', '@yourbrand']);
  });
});

describe('a campaign whose content keeps placeholders', () => {
  let ollama: OllamaStandIn;
  let server: TestServer;
  // A real reply (AlpacaEval, Mistral-7B-Instruct-v0.2, "Write an email to attendees as a reminder that the event is coming up").
  const reply = replies.find((candidate) => candidate.id === 'Mistral-7B-Instruct-v0.2/548') as RealReply;

  beforeAll(async () => {
    ollama = await startOllamaStandIn();
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url });
  });
  afterAll(async () => {
    await server?.stop();
    await ollama?.close();
  });

  it('needs attention, naming each placeholder; the writers are asked for none and the Optimizer is told of them', async () => {
    const writers = ['CONTENT_CREATOR', 'OPTIMIZER'];
    ollama.options.chat = (request) => (writers.includes(agentOf(request)) ? { reply: reply.output } : undefined);
    try {
      const { id } = await createCampaign(server.graphqlUrl, {
        brief: 'Remind the attendees of our spring repair café that it is next Saturday',
        targetAudience: 'people who signed up',
        contentType: 'EMAIL',
      });
      const events = await runToEnd(server.graphqlUrl, id);
      expect(events.at(-1)).toMatchObject({ __typename: 'CampaignFinished', status: 'COMPLETED' });
      const { campaign } = await graphqlData(
        server.graphqlUrl,
        'query ($id: ID!) { campaign(id: $id) { needsAttention attentionReasons } }',
        {
          id,
        },
      );
      expect(campaign.needsAttention).toBe(true);
      const reasons = (campaign.attentionReasons as string[]).join('\n');
      for (const placeholder of ['[Event Name]', '[Date]', '[Link to RSVP Page]', '[Your Name]']) {
        expect(reasons).toContain(`placeholder “${placeholder}”`);
      }
      const requests = ollama.chatRequests.filter((request) => writers.includes(agentOf(request)));
      expect(requests.map(agentOf)).toEqual(expect.arrayContaining(writers));
      for (const request of requests) expect(request.messages[0]?.content).toMatch(/no template placeholders/);
      const optimizer = requests.find((request) => agentOf(request) === 'OPTIMIZER');
      expect(optimizer?.messages.at(-1)?.content).toContain('the placeholder [Event Name] is still to be filled in or taken out');
    } finally {
      ollama.options.chat = undefined;
    }
  });
});
