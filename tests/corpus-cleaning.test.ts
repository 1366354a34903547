// How well the product turns a real model's reply into the final content, measured on the
// hand-labelled corpus (tests/corpus/): every reply goes through exactly what the runner applies
// to a writer's reply (keepProse: cleanReply, and a failed step when nothing is left), then through
// the parsers the scoring reads. Printed as a table, and held to the targets of issue 19.
//
// What counts, and how:
// - A content paragraph is kept when its text is still in the content, in the same order as in the
//   reply. Both are compared normalised: bold/italic markers (`**`, `__`) dropped, every run of
//   whitespace one space. Target 100 %: a lost paragraph is lost work.
// - A chatter paragraph is removed when its text is no longer there (same comparison). Target ≥ 95 %,
//   over every chatter paragraph, the runaway reply's 243 included; the rate without it is printed too.
// - Ad copy (AD_COPY replies that hold content): clean slots when every headline and description is
//   plain text (no "Headline:"-style label, no numbering or bullet, no wrapping quotes, no bold or
//   heading marks, at most 250 characters, its words found in a content paragraph);
//   when each version of a list (10 punch lines, 5 mottos, 5 taglines, 3 options) is one headline;
//   when a one-line reply (a motto, a tagline) is one headline; and when the body copy stays body
//   copy: no prose paragraph of the reply becomes a description. Target ≥ 95 %.
// - Social posts (SOCIAL_MEDIA replies that hold content): the platform is the one the request
//   names (a tweet: X, a LinkedIn post: LinkedIn, an Instagram caption: Instagram; a plain "social
//   media post" or a YouTube post, for which the product has no platform: Facebook) and is passed
//   as the only chosen one. Found when that platform's post is there, holds no chatter, and holds
//   the whole post; a reply offering several versions instead passes when the product says so (a
//   failed "<platform> post versions" check, read out as "The writer offered N versions…") and
//   measures one version only. Target 100 %.
// - Replies that hold no content (alternatives 0: a question back, a refusal, another task's text)
//   must fail the writer's step (an empty-reply ChatError, which the runner retries at once), never
//   become the content.
//
// To guard against rules fitted to these very strings, the rules were developed on four models'
// replies and checked on the fifth's (HELD_OUT) before the whole corpus was run; both are printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChatError } from '../server/llm/chat.js';
import { keepProse } from '../server/pipeline/reply.js';
import { type Platform, parseAdCopy, parseSocialMedia } from '../server/scoring/formats.js';
import { lengthProblem, socialMediaLimits } from '../server/scoring/length-limits.js';
import { stripMarkdown } from '../server/scoring/text.js';
import { loadRealReplies, paragraphsOf, type RealReply } from './corpus/real-replies.js';
import { agentOf, createCampaign, runToEnd } from './support/campaigns.js';
import { graphqlData } from './support/graphql.js';
import { type OllamaStandIn, startOllamaStandIn } from './support/ollama-standin.js';
import { startTestServer, type TestServer, withoutRateLimits } from './support/server.js';

const HELD_OUT = 'Meta-Llama-3-8B-Instruct';
const RUNAWAY = 'Mistral-7B-Instruct-v0.3/552';
const { replies } = loadRealReplies();

// ---------------------------------------------------------------- what the runner makes of a reply

/** The content the writer's step keeps, or null when the step fails for want of any. */
function finalContent(reply: RealReply): string | null {
  try {
    return keepProse(reply.output).output;
  } catch (error) {
    if (error instanceof ChatError) return null;
    throw error;
  }
}

const normalised = (text: string): string =>
  text
    .replace(/\*\*|__/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Words only, lower-cased: for "is this text in that one" across Markdown, quotes and list markers. */
const wordsOf = (text: string): string =>
  (text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu) ?? []).join(' ').replace(/[’]/g, "'");
/** The words a reader sees: Markdown removed first (link targets, list markers), as the parsers do. */
const shownWords = (markdown: string): string => wordsOf(stripMarkdown(markdown));

/** Which paragraphs of the reply are still in the content, read in order (so a repeated line is found once). */
function keptParagraphs(reply: RealReply, content: string | null): boolean[] {
  const output = content === null ? '' : normalised(content);
  let from = 0;
  return paragraphsOf(reply.output).map((paragraph) => {
    const text = normalised(paragraph);
    const at = text ? output.indexOf(text, from) : -1;
    if (at < 0) return false;
    from = at + text.length;
    return true;
  });
}

// ---------------------------------------------------------------- ad copy: clean slots

const PART_LABEL =
  /^\s*(?:headline|description|tagline|motto|slogan|title|subheading|sub-headline|body(?: copy)?|copy|cta|call to action|image|visual|caption|option|version|punch ?line)\b[^:\n]{0,20}:/i;
const NUMBERED = /^\s*(?:\d{1,2}[.)]|[-*+•])\s/;
const WRAPPED_IN_QUOTES = /^["“'‘«].*["”'’»]$/s;
const MARKUP = /\*\*|__|^\s*#|^\s*\*[^*]+\*\s*$/;

function slotProblem(slot: string, content: string): string | null {
  if (!slot.trim()) return 'an empty slot';
  if (PART_LABEL.test(slot)) return `a label in "${slot}"`;
  if (NUMBERED.test(slot)) return `numbering in "${slot}"`;
  if (WRAPPED_IN_QUOTES.test(slot.trim())) return `quotes around "${slot}"`;
  if (MARKUP.test(slot)) return `Markdown in "${slot}"`;
  if ([...slot].length > 250) return `a ${[...slot].length}-character slot ("${slot.slice(0, 40)}…")`;
  const words = wordsOf(slot);
  // A slot quoted in a chatter paragraph too ("The phrase "put on the mask" can be…") is still content.
  if (!content.includes(words)) return `"${slot}" is not the model's content (chatter, or made up)`;
  return null;
}

const isProse = (paragraph: string): boolean =>
  !NUMBERED.test(paragraph) && !/^\s*(?:#|\*\*|__)/.test(paragraph) && wordsOf(paragraph).split(' ').length >= 25;

/** Why the reply's ad does not come out as clean slots, or null when it does. */
function adProblem(reply: RealReply, content: string): string | null {
  const ad = parseAdCopy(content);
  const texts = paragraphsOf(reply.output);
  const contentWords = wordsOf(texts.filter((_text, index) => reply.paragraphs[index]?.label === 'content').join('\n'));
  for (const slot of [...ad.headlines, ...ad.descriptions]) {
    const problem = slotProblem(slot, contentWords);
    if (problem) return problem;
  }
  const contentParagraphs = texts.filter((_text, index) => reply.paragraphs[index]?.label === 'content');
  const oneLine =
    contentParagraphs.length === 1 && !contentParagraphs[0]?.includes('\n') && [...(contentParagraphs[0] ?? '')].length <= 200;
  if (reply.alternatives > 1 && ad.headlines.length !== reply.alternatives) {
    return `${ad.headlines.length} headlines for ${reply.alternatives} versions`;
  }
  if (reply.alternatives === 1 && oneLine)
    return ad.headlines.length === 1 ? null : `${ad.headlines.length} headlines for a one-line reply`;
  for (const paragraph of contentParagraphs.filter(isProse)) {
    const words = wordsOf(paragraph);
    if (ad.descriptions.some((description) => wordsOf(description) === words)) return 'body copy read as a description';
    if (!wordsOf(ad.body ?? '').includes(words)) return `body copy missing ("${paragraph.slice(0, 40)}…")`;
  }
  return null;
}

// ---------------------------------------------------------------- social posts

/** The platform the request asks for; the product has none for YouTube or a plain "social media post". */
function platformOf(instruction: string): Platform {
  if (/\btweet\b|\btwitter\b/i.test(instruction)) return 'X';
  if (/\blinkedin\b/i.test(instruction)) return 'LinkedIn';
  if (/\binstagram\b/i.test(instruction)) return 'Instagram';
  return 'Facebook';
}

/** The numbered items of the reply's content, as words: the versions of a list of alternatives. */
function numberedItems(reply: RealReply): string[] {
  const texts = paragraphsOf(reply.output).filter((_text, index) => reply.paragraphs[index]?.label === 'content');
  return texts
    .flatMap((text) => text.split('\n'))
    .filter((line) => /^\s*\d{1,2}[.)]\s/.test(line))
    .map(shownWords);
}

/** Why the chosen platform's post is not found as it should be, or null when it is. */
function socialProblem(reply: RealReply, content: string): string | null {
  const platform = platformOf(reply.instruction);
  const post = parseSocialMedia(content, [platform]).find((candidate) => candidate.platform === platform);
  if (!post?.text.trim()) return `no ${platform} post`;
  const words = wordsOf(post.text);
  const texts = paragraphsOf(reply.output);
  const chatter = texts.filter((_text, index) => reply.paragraphs[index]?.label === 'chatter');
  if (chatter.some((text) => words.includes(shownWords(text)))) return 'chatter in the post';
  if (reply.alternatives <= 1) {
    const missing = texts.find((text, index) => reply.paragraphs[index]?.label === 'content' && !words.includes(shownWords(text)));
    return missing === undefined ? null : `the post lacks "${missing.slice(0, 40)}…"`;
  }
  const check = socialMediaLimits(content, [platform]).find((candidate) => candidate.check === `${platform} post versions`);
  if (!check || check.passed || check.value !== reply.alternatives)
    return `${reply.alternatives} versions not said (${check?.value ?? 'no check'})`;
  if (!lengthProblem(check).startsWith(`The writer offered ${reply.alternatives} versions of the ${platform} post`)) {
    return `versions said as "${lengthProblem(check)}"`;
  }
  const [first = '', second = ''] = numberedItems(reply);
  if (!words.includes(first.slice(-40)) || (second && words.includes(second.slice(-40)))) return 'more than one version measured';
  return null;
}

// ---------------------------------------------------------------- the figures

interface Figures {
  contentKept: number;
  content: number;
  chatterRemoved: number;
  chatter: number;
  chatterRemovedFair: number;
  chatterFair: number;
  adClean: number;
  ads: number;
  socialFound: number;
  socials: number;
  emptyFailed: number;
  empty: number;
  problems: string[];
}

function measure(selection: RealReply[]): Figures {
  const figures: Figures = {
    contentKept: 0,
    content: 0,
    chatterRemoved: 0,
    chatter: 0,
    chatterRemovedFair: 0,
    chatterFair: 0,
    adClean: 0,
    ads: 0,
    socialFound: 0,
    socials: 0,
    emptyFailed: 0,
    empty: 0,
    problems: [],
  };
  for (const reply of selection) {
    const content = finalContent(reply);
    const kept = keptParagraphs(reply, content);
    const texts = paragraphsOf(reply.output);
    reply.paragraphs.forEach(({ label }, index) => {
      const text = JSON.stringify((texts[index] ?? '').slice(0, 70));
      if (label === 'content') {
        figures.content += 1;
        if (kept[index]) figures.contentKept += 1;
        else figures.problems.push(`${reply.id} [${index}] content lost: ${text}`);
        return;
      }
      figures.chatter += 1;
      if (!kept[index]) figures.chatterRemoved += 1;
      else if (reply.id !== RUNAWAY) figures.problems.push(`${reply.id} [${index}] chatter kept: ${text}`);
      if (reply.id === RUNAWAY) return;
      figures.chatterFair += 1;
      if (!kept[index]) figures.chatterRemovedFair += 1;
    });
    if (reply.alternatives === 0) {
      figures.empty += 1;
      if (content === null) figures.emptyFailed += 1;
      else figures.problems.push(`${reply.id} holds no content, yet it became the content`);
      continue;
    }
    if (content === null) continue; // its content paragraphs are already counted as lost
    if (reply.contentType === 'AD_COPY') {
      figures.ads += 1;
      const problem = adProblem(reply, content);
      if (problem) figures.problems.push(`${reply.id} ad: ${problem}`);
      else figures.adClean += 1;
    }
    if (reply.contentType === 'SOCIAL_MEDIA') {
      figures.socials += 1;
      const problem = socialProblem(reply, content);
      if (problem) figures.problems.push(`${reply.id} social: ${problem}`);
      else figures.socialFound += 1;
    }
  }
  return figures;
}

const percent = (part: number, whole: number): number => (whole === 0 ? 100 : Math.round((1000 * part) / whole) / 10);

const share = (part: number, whole: number): string => `${percent(part, whole)} % (${part}/${whole})`;

function row(figures: Figures) {
  return {
    'content kept': share(figures.contentKept, figures.content),
    'chatter removed': share(figures.chatterRemoved, figures.chatter),
    'runaway aside': share(figures.chatterRemovedFair, figures.chatterFair),
    'clean ad slots': share(figures.adClean, figures.ads),
    'social posts found': share(figures.socialFound, figures.socials),
    'empty replies failed': `${figures.emptyFailed}/${figures.empty}`,
  };
}

const developedOn = measure(replies.filter((reply) => reply.model !== HELD_OUT));
const heldOut = measure(replies.filter((reply) => reply.model === HELD_OUT));
const all = measure(replies);

describe('content cleaning, measured on the real-replies corpus', () => {
  it('prints the figures', () => {
    console.log(`Content cleaning on ${replies.length} real replies (held out: ${HELD_OUT})`);
    console.table({ 'four models': row(developedOn), 'held-out model': row(heldOut), 'all five': row(all) });
    if (all.problems.length > 0) console.log(`What falls short:\n${all.problems.join('\n')}`);
    expect(all.content + all.chatter).toBe(1535);
  });

  it('keeps every content paragraph', () => {
    expect(all.problems.filter((problem) => problem.includes('content lost'))).toEqual([]);
    expect(percent(all.contentKept, all.content)).toBe(100);
  });

  it('removes at least 95 % of the chatter', () => {
    expect(percent(all.chatterRemoved, all.chatter)).toBeGreaterThanOrEqual(95);
    expect(percent(all.chatterRemovedFair, all.chatterFair)).toBeGreaterThanOrEqual(95);
  });

  it('reads at least 95 % of the ad replies as clean slots', () => {
    expect(all.ads).toBe(38);
    expect(percent(all.adClean, all.ads)).toBeGreaterThanOrEqual(95);
  });

  it("finds every chosen platform's post, and says when the writer offered several", () => {
    expect(all.socials).toBe(35);
    expect(all.problems.filter((problem) => problem.includes(' social: '))).toEqual([]);
  });

  it('fails the writer step, to be retried, when a reply holds no content', () => {
    expect(all.empty).toBe(3);
    expect(all.emptyFailed).toBe(3);
  });
});

// ---------------------------------------------------------------- through the real server

describe('a real reply with several versions, through a campaign', () => {
  let ollama: OllamaStandIn;
  let server: TestServer;
  beforeAll(async () => {
    ollama = await startOllamaStandIn({ defaults: { tokenDelayMs: 0 } });
    server = await startTestServer({ ...withoutRateLimits, OLLAMA_HOST: ollama.url });
  });
  afterAll(async () => {
    await server?.stop();
    await ollama?.close();
  });

  it('publishes the captions without the chatter and says in the attention reasons that there are ten', async () => {
    const reply = replies.find((candidate) => candidate.id === 'llama-2-7b-chat-hf/535') as RealReply;
    ollama.options.chat = (request) => {
      switch (agentOf(request)) {
        case 'CONTENT_CREATOR':
        case 'OPTIMIZER':
          return { reply: reply.output };
        case 'BRAND_MANAGER':
          return { reply: JSON.stringify({ score: 92, revisionNeeded: false, feedback: ['On brand.'] }) };
        case 'COMPLIANCE_OFFICER':
          return { reply: JSON.stringify({ passed: true, score: 95, issues: [] }) };
        default:
          return undefined;
      }
    };
    try {
      const { id } = await createCampaign(server.graphqlUrl, {
        brief: 'Instagram captions for photos of the first snow from the office window',
        targetAudience: 'office workers',
        contentType: 'SOCIAL_MEDIA',
        platforms: ['INSTAGRAM'],
      });
      await runToEnd(server.graphqlUrl, id);
      const { campaign } = await graphqlData(
        server.graphqlUrl,
        'query ($id: ID!) { campaign(id: $id) { status content attentionReasons } }',
        { id },
      );
      expect(campaign.status).toBe('COMPLETED');
      expect(campaign.content).toMatch(/^1\. "Snowflakes gently falling/);
      expect(campaign.content).not.toContain('I hope these captions');
      expect(campaign.attentionReasons).toContain(
        'The writer offered 10 versions of the Instagram post: keep the one you want before you publish (the checks measured the first).',
      );
      expect(campaign.attentionReasons.join(' ')).not.toMatch(/no post for|X, LinkedIn/);
    } finally {
      ollama.options.chat = undefined;
    }
  });
});
