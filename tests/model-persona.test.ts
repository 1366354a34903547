// The realistic persona of the Ollama stand-in, through the real `ollama` client and the agents'
// real prompts: it must be reproducible, read what it is sent, and misbehave the way 7B models
// do (chatter, varied layouts, off-schema verdicts) at rates a campaign can live with.
import { type Message, Ollama } from 'ollama';
import { afterEach, describe, expect, it } from 'vitest';
import { type ZodType, z } from 'zod';
import type { Brand } from '../server/brands/brands.js';
import { type Agent, type AgentInput, promptFor } from '../server/pipeline/agents/agent.js';
import { brandVerdictSchema } from '../server/pipeline/agents/brand-manager.js';
import { complianceVerdictSchema } from '../server/pipeline/agents/compliance-officer.js';
import { brandManager, complianceOfficer, contentCreator, optimizer } from '../server/pipeline/agents/index.js';
import { repairVerdict, UnusableVerdict } from '../server/pipeline/verdict-repair.js';
import { defaultWritingOptions } from '../server/scoring/writing-options.js';
import { type OllamaStandIn, type StandInOptions, startOllamaStandIn } from './support/ollama-standin.js';
import { sampleContent } from './support/sample-content.js';

const started: OllamaStandIn[] = [];

async function setUp(options: StandInOptions = {}): Promise<{ standIn: OllamaStandIn; ollama: Ollama }> {
  const standIn = await startOllamaStandIn({ persona: 'realistic', ...options });
  started.push(standIn);
  return { standIn, ollama: new Ollama({ host: standIn.url }) };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((standIn) => standIn.close()));
});

const brand: Brand = {
  id: 'brand-1',
  name: 'Green Leaf',
  voice: 'warm, practical',
  tone: 'friendly and optimistic',
  values: ['sustainability', 'honesty'],
  keywords: ['reusable', 'jetpack'],
  prohibitedTopics: ['politics'],
  colors: ['#1A7F5A', '#F4E9D8'],
} as Brand;

const contentTypes = ['BLOG_POST', 'SOCIAL_MEDIA', 'EMAIL', 'AD_COPY'] as const;

function inputFor(contentType: AgentInput['contentType'], changes: Partial<AgentInput> = {}): AgentInput {
  return {
    brief: 'A campaign about sustainable living in the city',
    targetAudience: 'urban millennials',
    contentType,
    keyphrase: contentType === 'BLOG_POST' ? 'sustainable living' : null,
    options: defaultWritingOptions,
    brand,
    draft: '',
    revisionFeedback: [],
    ...changes,
  };
}

/** One reply, asked the way the runner asks: the agent's prompt, its schema as `format`. */
async function ask(ollama: Ollama, agent: Agent, input: AgentInput, options?: { seed?: number }): Promise<string> {
  const format = agent.kind === 'verdict' ? z.toJSONSchema(agent.schema) : undefined;
  const reply = await ollama.chat({ model: 'mistral', messages: promptFor(agent, input), format, stream: false, options });
  return reply.message.content;
}

/** A verdict as the runner keeps it: repaired, and asked again (up to 3 times) when unusable. */
async function verdict<V>(ollama: Ollama, agent: Agent & { schema: ZodType<V> }, input: AgentInput): Promise<V> {
  for (let attempt = 1; ; attempt++) {
    try {
      return repairVerdict(agent.schema, await ask(ollama, agent, input)).verdict;
    } catch (error) {
      if (!(error instanceof UnusableVerdict) || attempt === 3) throw error;
    }
  }
}

const draftA = 'Headline 1: Live Greener Today\nDescription 1: Reusable bottles for busy mornings. Jetpack delivery to your door.';
const draftB =
  'Subject: Your city, greener\n\nHi there,\n\nSwap one disposable item for a reusable one this week. Our jetpack couriers bring it by noon.\n\nCTA: Shop now';
const quotesIn = (texts: string[]) => texts.flatMap((text) => [...text.matchAll(/"([^"]{12,})"/g)].map((match) => match[1] ?? ''));

describe('realistic persona: reproducible', () => {
  it('answers the same request the same way for the same seed, differently for another seed', async () => {
    const first = await setUp({ seed: 7 });
    const again = await setUp({ seed: 7 });
    const other = await setUp({ seed: 8 });
    for (const contentType of contentTypes) {
      const text = await ask(first.ollama, contentCreator, inputFor(contentType));
      expect(await ask(again.ollama, contentCreator, inputFor(contentType))).toBe(text);
      expect(await ask(other.ollama, contentCreator, inputFor(contentType))).not.toBe(text);
    }
  });

  it('samples afresh when the same request comes again (a retry), unless the request fixes a seed', async () => {
    const { ollama } = await setUp();
    const input = inputFor('EMAIL');
    const first = await ask(ollama, contentCreator, input);
    expect(await ask(ollama, contentCreator, input)).not.toBe(first);
    const seeded = await ask(ollama, contentCreator, input, { seed: 42 });
    expect(await ask(ollama, contentCreator, input, { seed: 42 })).toBe(seeded);
  });
});

describe('realistic persona: reads the prompt', () => {
  it('puts the brand keywords the prompt lists into the prose, and none when the prompt has no brand', async () => {
    const { standIn, ollama } = await setUp();
    for (const contentType of contentTypes) {
      let withBoth = 0;
      for (let seed = 1; seed <= 10; seed++) {
        standIn.options.seed = seed;
        const text = (await ask(ollama, contentCreator, inputFor(contentType))).toLowerCase();
        if (text.includes('reusable') && text.includes('jetpack')) withBoth++;
        expect(text.includes('reusable') || text.includes('jetpack'), `${contentType} seed ${seed}`).toBe(true);
      }
      // A first draft forgets a keyword now and then (the Brand Manager's job to notice), not usually.
      expect(withBoth, contentType).toBeGreaterThanOrEqual(6);
      for (let i = 0; i < 5; i++) {
        expect((await ask(ollama, contentCreator, inputFor(contentType, { brand: null }))).toLowerCase()).not.toContain('jetpack');
      }
    }
  });

  it('addresses revision feedback: the keyword the Brand Manager asked for appears', async () => {
    const previous =
      'Headline 1: Live Greener Today\nHeadline 2: Easy Eco Swaps\nHeadline 3: Start Today\nDescription 1: Reusable bottles for busy mornings.\nDescription 2: Simple swaps that save money.';
    const { standIn, ollama } = await setUp();
    for (let seed = 1; seed <= 10; seed++) {
      standIn.options.seed = seed;
      const revision = inputFor('AD_COPY', { draft: previous, revisionFeedback: ['Use the brand keyword "jetpack" at least once.'] });
      expect((await ask(ollama, contentCreator, revision)).toLowerCase()).toContain('jetpack');
    }
  });

  it('rewrites the draft it was sent, and writes something unrelated when the prompt lost it', async () => {
    const { ollama } = await setUp();
    const draft = `${sampleContent.EMAIL}\n\nP.S. Our jetpack couriers deliver before lunch.`;
    const rewrite = await ask(ollama, optimizer, inputFor('EMAIL', { draft }));
    expect(rewrite).toContain('Our jetpack couriers deliver before lunch.');
    const lost = await ask(ollama, optimizer, inputFor('EMAIL', { draft: '' }));
    expect(lost).not.toContain('jetpack couriers');
  });

  it('quotes a sentence of the draft it reviews; another draft gets another quote', async () => {
    const { ollama } = await setUp();
    const onA = await verdict(ollama, brandManager, inputFor('AD_COPY', { draft: draftA }));
    const onB = await verdict(ollama, brandManager, inputFor('EMAIL', { draft: draftB }));
    const quotesA = quotesIn(onA.feedback);
    const quotesB = quotesIn(onB.feedback);
    expect(quotesA.some((quote) => draftA.includes(quote))).toBe(true);
    expect(quotesB.some((quote) => draftB.includes(quote))).toBe(true);
    expect(quotesA.some((quote) => draftB.includes(quote))).toBe(false);
  });

  it('scores a draft with a prohibited topic low and asks for a revision', async () => {
    const clean = `${draftB}\n\nReusable, every single day.`;
    const prohibited = `${clean}\n\nNo politics, just practical tips.`;
    const scores = { clean: [] as number[], prohibited: [] as number[] };
    const { standIn, ollama } = await setUp();
    for (let seed = 1; seed <= 8; seed++) {
      standIn.options.seed = seed;
      const bad = await verdict(ollama, brandManager, inputFor('EMAIL', { draft: prohibited }));
      expect(bad.revisionNeeded).toBe(true);
      expect(bad.feedback.join(' ')).toContain('politics');
      scores.prohibited.push(bad.score);
      scores.clean.push((await verdict(ollama, brandManager, inputFor('EMAIL', { draft: clean }))).score);
    }
    expect(Math.max(...scores.prohibited)).toBeLessThan(50);
    expect(Math.min(...scores.clean)).toBeGreaterThan(60);
  });

  it('has the Compliance Officer flag unsubstantiated claims it finds in the draft', async () => {
    const draft = `${draftB}\n\nResults are guaranteed. It cures the stress of a busy week. It is 100% effective, every time.`;
    let failed = 0;
    const { standIn, ollama } = await setUp();
    for (let seed = 1; seed <= 8; seed++) {
      standIn.options.seed = seed;
      const found = await verdict(ollama, complianceOfficer, inputFor('EMAIL', { draft }));
      const descriptions = found.issues.map((issue) => issue.description).join('\n');
      expect(descriptions).toContain('"Results are guaranteed."');
      expect(descriptions).toContain('"It cures the stress of a busy week."');
      expect(descriptions).toContain('"It is 100% effective, every time."');
      if (!found.passed) failed++;
      const cleanVerdict = await verdict(ollama, complianceOfficer, inputFor('EMAIL', { draft: draftB }));
      expect(cleanVerdict.issues.every((issue) => issue.severity !== 'high')).toBe(true);
    }
    expect(failed).toBeGreaterThanOrEqual(6); // a 7B reviewer now and then passes what it flagged
  });

  it('says so when the prompt has no draft to review', async () => {
    const { ollama } = await setUp();
    const found = await verdict(ollama, brandManager, { ...inputFor('EMAIL'), draft: '' });
    expect(found).toMatchObject({ revisionNeeded: true });
    expect(found.feedback.join(' ')).toMatch(/no draft/i);
  });
});

describe('realistic persona: the ways real models vary', () => {
  const layouts: Record<(typeof contentTypes)[number], [string, RegExp][]> = {
    AD_COPY: [
      ['plain', /^Headline 1: /m],
      ['counted', /^Headline 1 \(\d+ characters\): /m],
      ['bold', /^\*\*Headline 1:\*\* /m],
      ['numbered', /^1\. Headline: /m],
      ['list', /^(?:## Headlines|\*\*Headlines:\*\*)$/m],
    ],
    EMAIL: [
      ['Subject:', /^Subject: /m],
      ['**Subject line:**', /^\*\*Subject line:\*\* /m],
      ['**Subject:**', /^\*\*Subject:\*\* /m],
      ['Subject line:', /^Subject line: /m],
      ['link CTA', /^\[[^\]]+\]\(https:\/\/example\.com\)$/m],
      ['button CTA', /^\*\*[^*]+ →\*\*$/m],
    ],
    SOCIAL_MEDIA: [
      ['## X', /^## (?:X|Twitter)/m],
      ['**LinkedIn:**', /^\*\*LinkedIn:\*\*$/m],
      ['LinkedIn: …', /^LinkedIn: \S/m],
      ['### LinkedIn Post', /^### LinkedIn Post$/m],
      ['numbered', /^\d\. \*\*LinkedIn:\*\* /m],
    ],
    BLOG_POST: [
      ['# Title', /^# \S/m],
      ['**Title**', /^\*\*[^*]+\*\*$/m],
      ['Title:', /^Title: /m],
    ],
  };

  it.each(contentTypes)('%s: layouts, preambles and sign-offs vary across seeds', async (contentType) => {
    const seen = new Set<string>();
    let preambles = 0;
    let signOffs = 0;
    const { standIn, ollama } = await setUp();
    for (let seed = 1; seed <= 40; seed++) {
      standIn.options.seed = seed;
      const text = await ask(ollama, contentCreator, inputFor(contentType));
      for (const [name, pattern] of layouts[contentType]) if (pattern.test(text)) seen.add(name);
      if (/^(?:Sure|Here|Certainly|Absolutely)\b/.test(text)) preambles++;
      if (/(?:Let me know|I hope this helps|Feel free to adjust)[^\n]*$/.test(text)) signOffs++;
      if (contentType === 'BLOG_POST') {
        const words = text.split(/\s+/).length;
        expect(words, `seed ${seed}`).toBeGreaterThan(400);
        expect(words, `seed ${seed}`).toBeLessThan(1300);
      }
    }
    expect(seen.size).toBe(layouts[contentType].length);
    expect(preambles).toBeGreaterThan(5);
    expect(preambles).toBeLessThan(30);
    expect(signOffs).toBeGreaterThan(3);
    expect(signOffs).toBeLessThan(25);
  });

  it('sends about 1 verdict in 6 off-schema, every one repairable except about 1 in 40', async () => {
    const strict = { BRAND_MANAGER: brandVerdictSchema.strict(), COMPLIANCE_OFFICER: complianceVerdictSchema.strict() };
    const counts = { clean: 0, repaired: 0, unusable: 0 };
    const repairs = new Set<string>();
    const draft = `${draftB}\n\nResults are guaranteed.`;
    const { standIn, ollama } = await setUp();
    for (let seed = 1; seed <= 200; seed++) {
      standIn.options.seed = seed;
      const agent = seed % 2 === 0 ? brandManager : complianceOfficer;
      const text = await ask(ollama, agent, inputFor('EMAIL', { draft }));
      let conforms = false;
      try {
        conforms = strict[agent.role as keyof typeof strict].safeParse(JSON.parse(text)).success;
      } catch {}
      if (conforms) {
        counts.clean++;
        continue;
      }
      try {
        const repaired = repairVerdict(agent.schema as ZodType<unknown>, text);
        counts.repaired++;
        for (const repair of repaired.repairs) repairs.add(repair.replace(/\d+|"[^"]*"/g, '…'));
      } catch (error) {
        expect(error).toBeInstanceOf(UnusableVerdict);
        counts.unusable++;
      }
    }
    const offSchema = counts.repaired + counts.unusable;
    expect(offSchema).toBeGreaterThanOrEqual(20); // 1 in 6 of 200 is 33
    expect(offSchema).toBeLessThanOrEqual(50);
    expect(counts.unusable).toBeGreaterThanOrEqual(1); // 1 in 40 of 200 is 5
    expect(counts.unusable).toBeLessThanOrEqual(12);
    expect(repairs.size).toBeGreaterThanOrEqual(5); // fences, "85/100", 105, a ninth point, "Score", "yes"...
  });
});

describe('realistic persona: streaming like Ollama', () => {
  const messages: Message[] = [{ role: 'user', content: 'Content type: EMAIL\nBrief: a launch email' }];

  async function stream(ollama: Ollama, model: string, think?: boolean) {
    const parts = await ollama.chat({ model, messages, stream: true, think });
    const seen = { thinking: '', content: '', order: [] as string[] };
    for await (const part of parts) {
      if (part.message.thinking) seen.thinking += part.message.thinking;
      if (part.message.content) seen.content += part.message.content;
      const kind = part.message.thinking ? 'thinking' : part.message.content ? 'content' : 'done';
      if (seen.order.at(-1) !== kind) seen.order.push(kind);
      if (part.done)
        expect(part).toMatchObject({ done_reason: 'stop', eval_count: expect.any(Number), total_duration: expect.any(Number) });
    }
    return seen;
  }

  it('thinks first for reasoning models and for think: true, never for think: false', async () => {
    const { ollama } = await setUp({ models: ['mistral:latest', 'qwen3:4b', 'deepseek-r1:8b'] });
    const qwen = await stream(ollama, 'qwen3:4b');
    expect(qwen.order).toEqual(['thinking', 'content', 'done']);
    expect(qwen.thinking).toContain('marketing email');
    expect((await stream(ollama, 'deepseek-r1:8b')).order).toEqual(['thinking', 'content', 'done']);
    expect((await stream(ollama, 'qwen3:4b', false)).order).toEqual(['content', 'done']);
    expect((await stream(ollama, 'mistral')).order).toEqual(['content', 'done']);
    expect((await stream(ollama, 'mistral', true)).order).toEqual(['thinking', 'content', 'done']);
    const whole = await ollama.chat({ model: 'qwen3:4b', messages, stream: false });
    expect(whole.message.thinking).toMatch(/\S/);
  });

  it('lets scripted behaviour win; realistic is the default persona, and perfect is there on request', async () => {
    const { ollama } = await setUp({ chat: () => ({ reply: 'scripted' }) });
    expect((await ollama.chat({ model: 'mistral', messages })).message.content).toBe('scripted');
    const byDefault = await startOllamaStandIn();
    const perfect = await startOllamaStandIn({ persona: 'perfect' });
    started.push(byDefault, perfect);
    const realistic = await new Ollama({ host: byDefault.url }).chat({ model: 'mistral', messages });
    expect(realistic.message.content).not.toBe(sampleContent.EMAIL);
    const reply = await new Ollama({ host: perfect.url }).chat({ model: 'mistral', messages });
    expect(reply.message.content).toBe(sampleContent.EMAIL);
  });
});
