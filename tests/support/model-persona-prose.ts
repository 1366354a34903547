// The realistic persona writing a first draft: the content type the prompt asks for, built from
// its brief, audience, keyphrase and brand, in one of the layouts 7B models use for that type.
// Within the type's limits most of the time; a `miss` is the realistic slip (a long headline).
import type { Dice } from './model-persona-dice.js';
import type { PromptFacts } from './model-persona-prompt.js';
import * as words from './model-persona-words.js';

export interface DraftPlan {
  /** Brand keywords to work in (the writer may have "forgotten" one). */
  keywords: string[];
  claim: boolean;
  /** A prohibited topic the writer names anyway. */
  prohibited: string | null;
  miss: boolean;
}

export interface Writer {
  facts: PromptFacts;
  dice: Dice;
  slots: Record<string, string>;
  energetic: boolean;
}

export function writerFor(facts: PromptFacts, dice: Dice): Writer {
  const brand = facts.brand;
  const slots: Record<string, string> = {
    topic: facts.topic.toLowerCase(),
    Topic: titleCase(facts.topic),
    keyphrase: facts.keyphrase ?? facts.topic.toLowerCase(),
    Keyphrase: capitalise(facts.keyphrase ?? facts.topic),
    audience: facts.audience,
    Audience: titleCase(facts.audience),
    brand: brand?.name ?? 'the team',
    offer: facts.offer ?? '',
    Offer: capitalise(facts.offer ?? ''),
  };
  return { facts, dice, slots, energetic: /energetic|playful|bold|fun/i.test(`${brand?.voice} ${brand?.tone}`) };
}

export function composeDraft(writer: Writer, plan: DraftPlan): string {
  switch (writer.facts.contentType) {
    case 'AD_COPY':
      return adCopy(writer, plan);
    case 'EMAIL':
      return email(writer, plan);
    case 'SOCIAL_MEDIA':
      return socialPosts(writer, plan);
    case 'BLOG_POST':
      return blogPost(writer, plan);
  }
}

/** What a writer adds for each planned extra: keyword lines, a claim, a prohibited topic. */
function extras(writer: Writer, plan: DraftPlan, templates: { keyword: string[]; claim: string[] }): string[] {
  const { dice, slots } = writer;
  const phrasing = pool(dice, templates.keyword); // no template twice in one piece
  const lines = plan.keywords.map((kw) => dice.fill(phrasing(1)[0] ?? '', { ...slots, kw, Kw: capitalise(kw) }));
  if (plan.claim) lines.push(dice.fill(dice.pick(templates.claim), slots));
  if (plan.prohibited) lines.push(dice.fill(dice.pick(words.prohibitedSentences), { ...slots, topic: plan.prohibited }));
  return lines;
}

// ---------------------------------------------------------------- blog post

function blogPost(writer: Writer, plan: DraftPlan): string {
  const { dice, slots } = writer;
  const fill = (template: string) => dice.fill(template, slots);
  const body = pool(dice, words.bodySentences);
  const target = plan.miss && dice.chance(0.5) ? dice.int(430, 520) : dice.int(760, 980);
  const sections: string[] = [];
  const intro = [fill(dice.pick(words.introOpeners)), ...dice.shuffle(words.introSentences).slice(0, dice.int(3, 4)).map(fill)];
  sections.push(intro.join(' '));
  const additions = dice.shuffle(extras(writer, plan, { keyword: words.keywordSentences, claim: words.claimSentences }));
  const values = writer.facts.brand?.values ?? [];
  if (values.length > 0 && dice.chance(0.5)) {
    const value = dice.pick(values);
    additions.push(dice.fill(dice.pick(words.valueSentences), { value, Value: capitalise(value) }));
  }
  const headings = dice.shuffle(words.blogHeadings);
  const topicLines = pool(dice, words.topicSentences);
  const openers = pool(dice, words.sectionOpeners);
  const longSection = plan.miss && dice.chance(0.5);
  for (let index = 0; countWords(sections.join(' ')) < target - 90 && index < headings.length; index++) {
    const first = [dice.chance(0.6) ? fill(openers(1)[0] ?? '') : '', ...body(dice.int(2, 3)).map(fill), fill(topicLines(1)[0] ?? '')];
    const second = body(dice.int(3, 4)).map(fill);
    const addition = additions.shift();
    if (addition) second.splice(dice.int(0, second.length), 0, addition);
    // A section far over 300 words: a readability slip, not a hard limit.
    if (longSection && index === 1) second.push(...body(22).map(fill));
    sections.push(`## ${fill(headings[index] ?? 'More Ideas')}`, first.filter(Boolean).join(' '), second.join(' '));
  }
  const closing = [...dice.shuffle(words.conclusionSentences).slice(0, 3), ...additions, 'Ready to begin? Choose your first step today.'];
  sections.push(`## ${dice.pick(words.blogConclusionHeadings)}`, closing.map(fill).join(' '));
  const title = fill(dice.pick(words.blogTitles));
  const heading = dice.pick([`# ${title}`, `# ${title}`, `# ${title}`, `**${title}**`, `Title: ${title}`]);
  const meta = metaDescription(writer, plan.miss && !longSection);
  return [heading, ...sections, ...(meta ? [meta] : [])].join('\n\n');
}

function metaDescription(writer: Writer, slip: boolean): string | null {
  const { dice, slots } = writer;
  if (slip && dice.chance(0.5)) return null; // forgotten
  let text = dice.fill(dice.pick(words.metaDescriptions), slots);
  if (!slip) {
    const extra = [' Start today.', ' Small steps, real results.', ' Read on.'];
    while ([...text].length < 121 && extra.length > 0) text += extra.shift();
    if ([...text].length > 156) text = `${text.slice(0, 150).replace(/\s+\S*$/, '')}…`;
  } else text += ` Everything ${slots.audience} need to know, in one place, with tips that save time and money.`;
  return `${dice.pick(['Meta description:', 'Meta description:', '**Meta description:**'])} ${text}`;
}

// ---------------------------------------------------------------- email

function email(writer: Writer, plan: DraftPlan): string {
  const { dice, slots, facts } = writer;
  const fill = (template: string) => dice.fill(template, slots);
  const subjects = words.emailSubjects.map(fill);
  if (facts.offer) subjects.push(fill('{Offer}: {topic}'), fill('{Offer} on {topic}'));
  let subject = dice.pick(fitting(subjects, 60, 'Something new for you'));
  if (plan.miss) subject = `${fill('{Topic}')} for ${slots.audience}: everything you need to know this week`;
  const preheader = facts.offer
    ? dice.pick(fitting([fill('{Offer}. Here is how to make the most of it.')], 100, fill(dice.pick(words.emailPreheaders))))
    : fill(dice.pick(words.emailPreheaders));
  const body = pool(dice, words.emailBody);
  const additions = extras(writer, plan, { keyword: words.keywordSentences, claim: words.claimSentences });
  const paragraphs = [
    [fill(dice.pick(words.emailOpeners)), ...body(2).map(fill)],
    [...(facts.offer ? [fill('This week only: {offer}.')] : []), ...body(1).map(fill)],
    body(dice.int(1, 2)).map(fill),
  ];
  for (const [index, addition] of additions.entries()) paragraphs[index % 3]?.splice(1, 0, addition);
  const text = [dice.pick(words.emailGreetings), ...paragraphs.map((sentences) => sentences.join(' '))].join('\n\n');
  const cta = /trial/i.test(facts.offer ?? '') ? 'Start your free trial' : dice.pick(words.ctas);
  const signOff = fill(dice.pick(words.emailSignOffs));
  switch (dice.pick(['plain', 'link', 'button', 'spaced', 'labelled'] as const)) {
    case 'plain':
      return `Subject: ${subject}\nPreheader: ${preheader}\n\n${text}\n\n${signOff}\n\nCTA: ${cta}`;
    case 'link':
      return `**Subject line:** ${subject}\n**Preview text:** ${preheader}\n\n${text}\n\n[${cta}](https://example.com)\n\n${signOff}`;
    case 'button':
      return `Subject: ${subject}\nPreview text: ${preheader}\n\n${text}\n\n**${cta} →**\n\n${signOff}`;
    case 'spaced':
      return `**Subject:** ${subject}\n\n**Preheader:** ${preheader}\n\n---\n\n${text}\n\n**CTA:** ${cta}\n\n${signOff}`;
    case 'labelled':
      return `Subject line: ${subject}\nPreheader text: ${preheader}\n\nBody:\n\n${text}\n\nCall to action: ${cta}\n\n${signOff}`;
  }
}

// ---------------------------------------------------------------- social media

type Platform = 'X' | 'LinkedIn' | 'Instagram' | 'Facebook';

function socialPosts(writer: Writer, plan: DraftPlan): string {
  const { dice, slots, facts, energetic } = writer;
  const fill = (template: string) => dice.fill(template, slots);
  const named = (['X', 'LinkedIn', 'Instagram', 'Facebook'] as const).filter((platform) =>
    new RegExp(platform === 'X' ? '\\b(?:X|Twitter)\\b' : `\\b${platform}\\b`, platform === 'X' ? '' : 'i').test(
      `${facts.brief} ${facts.audience}`,
    ),
  );
  const platforms: Platform[] =
    named.length > 0 ? named : dice.chance(0.2) ? ['X', 'LinkedIn', 'Instagram'] : ['X', 'LinkedIn', 'Instagram', 'Facebook'];
  const tags = hashtags(writer);
  const additions = extras(writer, plan, { keyword: words.keywordSentences, claim: words.claimSentences });
  const long = platforms.find((platform) => platform !== 'X');
  const posts = platforms.map((platform) => {
    const paragraphs = postParagraphs(writer, platform, tags);
    if (platform === long) paragraphs.splice(1, 0, additions.join(' '));
    else if (!long && platform === 'X') paragraphs[0] = `${paragraphs[0]} ${additions.join(' ')}`;
    if (platform === 'X' && plan.miss) paragraphs[0] = `${paragraphs[0]} ${words.linkedInParagraphs.slice(1, 4).map(fill).join(' ')}`;
    return { platform, text: paragraphs.filter((paragraph) => paragraph.trim()).join('\n\n') };
  });
  if (energetic && posts[0]) posts[0].text = `🔥 ${posts[0].text}`;
  return renderSocial(dice, posts);
}

function postParagraphs(writer: Writer, platform: Platform, tags: string[]): string[] {
  const { dice, slots } = writer;
  const fill = (template: string) => dice.fill(template, slots);
  switch (platform) {
    case 'X': {
      const text = `${fill(dice.pick(words.xPosts))} ${tags.slice(0, 2).join(' ')}`;
      return [[...text].length <= 280 ? text : fill(dice.pick(words.xPosts))];
    }
    case 'LinkedIn':
      return words.linkedInParagraphs.filter(() => dice.chance(0.8)).map(fill);
    case 'Instagram':
      return [...words.instagramParagraphs.map(fill).map((line, index) => (index === 0 ? `${line} 🌿` : line)), tags.join(' ')];
    case 'Facebook':
      return words.facebookParagraphs.map(fill);
  }
}

function renderSocial(dice: Dice, posts: { platform: Platform; text: string }[]): string {
  const style = dice.pick(['headings', 'bold', 'label', 'h3', 'numbered'] as const);
  const xName = dice.pick(['X', 'X (Twitter)', 'Twitter']);
  const separator = dice.chance(0.2) ? '\n\n---\n\n' : '\n\n';
  const render = (name: string, text: string, index: number): string => {
    const [first = '', ...rest] = text.split('\n\n');
    switch (style) {
      case 'headings':
        return `## ${name}\n${text}`;
      case 'bold':
        return `**${name}:**\n${text}`;
      case 'label':
        return [`${name}: ${first}`, ...rest].join('\n\n');
      case 'h3':
        return `### ${name} Post\n\n${text}`;
      case 'numbered':
        return [`${index + 1}. **${name}:** ${first}`, ...rest].join('\n\n');
    }
  };
  return posts
    .map(({ platform, text }, index) => {
      const note = platform === 'X' && dice.chance(0.25) ? `\n\n(Character count: ${[...text].length})` : '';
      return render(platform === 'X' ? xName : platform, text, index) + note;
    })
    .join(separator);
}

function hashtags(writer: Writer): string[] {
  const tag = (text: string) => `#${titleCase(text).replace(/[^\p{L}\p{N}]/gu, '')}`;
  const tags = [tag(writer.facts.topic), ...(writer.facts.brand?.keywords ?? []).slice(0, 2).map(tag)];
  if (writer.facts.brand) tags.push(tag(writer.facts.brand.name.replace(/^.*·\s*/, '')));
  return [...new Set(tags)].filter((tag) => tag.length > 2 && tag.length < 30);
}

// ---------------------------------------------------------------- ad copy

/** Headlines about this brief that fit 30 characters, then generic ones: shuffled, no repeats. */
export function adHeadlineCandidates(writer: Writer): string[] {
  const { dice, slots, facts } = writer;
  const specific = words.adHeadlines.map((template) => dice.fill(template, slots));
  if (facts.offer) specific.push(titleCase(facts.offer));
  const keyword = facts.brand?.keywords.find((kw) => kw.length <= 20);
  if (keyword) specific.push(`${titleCase(keyword)} Made Easy`);
  return [...new Set([...dice.shuffle(fitting(specific, 30)), ...dice.shuffle(words.adGenericHeadlines)])];
}

function adCopy(writer: Writer, plan: DraftPlan): string {
  const { dice, slots, facts } = writer;
  const headlines = adHeadlineCandidates(writer).slice(0, dice.chance(0.25) ? 5 : 3);
  if (plan.miss) {
    const long = `${slots.Topic} for ${slots.Audience}`;
    headlines[dice.int(0, headlines.length - 1)] = long.length > 30 ? long : `${long} – Shop Online Today`;
  }
  const opener = fitting([dice.fill('{Topic} for {audience}.', slots)], 60, dice.fill('{Topic}, made for you.', slots));
  const required = [...extras(writer, plan, { keyword: words.keywordFragments, claim: ['Results guaranteed.'] })];
  if (facts.offer) required.unshift(`${capitalise(facts.offer)}.`);
  const optional = dice.shuffle(words.adFragments);
  const descriptions: string[] = [];
  let first = [opener[0] ?? ''];
  while (descriptions.length < 4 && (descriptions.length < 2 || required.length > 0)) {
    descriptions.push(pack(first, required, optional, 90));
    first = [];
  }
  return renderAd(dice, headlines, descriptions);
}

/** A description of up to `limit` characters: what must go in first, then fillers while they fit. */
function pack(start: string[], required: string[], optional: string[], limit: number): string {
  const parts = [...start];
  const fits = (part: string) => [...[...parts, part].join(' ')].length <= limit;
  while (required.length > 0 && fits(required[0] ?? '')) parts.push(required.shift() ?? '');
  for (const filler of [...optional]) {
    if ([...parts.join(' ')].length >= 55) break;
    if (fits(filler)) parts.push(optional.splice(optional.indexOf(filler), 1)[0] ?? '');
  }
  return parts.join(' ');
}

function renderAd(dice: Dice, headlines: string[], descriptions: string[]): string {
  const quoted = dice.chance(0.15);
  const value = (text: string) => (quoted ? `"${text}"` : text);
  const counted = (text: string) => [...text].length + (dice.chance(0.3) ? dice.int(-2, 2) : 0); // models miscount
  const labelled = (render: (kind: string, number: number, text: string) => string) =>
    [
      ...headlines.map((text, index) => render('Headline', index + 1, text)),
      ...descriptions.map((text, index) => render('Description', index + 1, text)),
    ].join('\n');
  switch (dice.pick(['plain', 'counted', 'bold', 'numbered', 'lists'] as const)) {
    case 'plain':
      return labelled((kind, number, text) => `${kind} ${number}: ${value(text)}`);
    case 'counted':
      return labelled((kind, number, text) => `${kind} ${number} (${counted(text)} characters): ${text}`);
    case 'bold':
      return labelled((kind, number, text) => `**${kind} ${number}:** ${value(text)}`);
    case 'numbered': {
      const lines = [...headlines.map((text) => `Headline: ${text}`), ...descriptions.map((text) => `Description: ${text}`)];
      return lines.map((line, index) => `${index + 1}. ${line}`).join('\n');
    }
    case 'lists': {
      const [h, d] = dice.chance(0.5) ? ['## Headlines', '## Descriptions'] : ['**Headlines:**', '**Descriptions:**'];
      const marker = dice.chance(0.5) ? (index: number) => `${index + 1}.` : () => '-';
      const list = (items: string[]) => items.map((text, index) => `${marker(index)} ${text}`).join('\n');
      return `${h}\n${list(headlines)}\n\n${d}\n${list(descriptions)}`;
    }
  }
}

// ---------------------------------------------------------------- helpers

/** Draws from a shuffled pool without repeats; reshuffles when it runs dry. */
function pool(dice: Dice, items: readonly string[]): (count: number) => string[] {
  let remaining = dice.shuffle(items);
  return (count) => {
    const taken: string[] = [];
    for (let i = 0; i < count; i++) {
      if (remaining.length === 0) remaining = dice.shuffle(items);
      taken.push(remaining.pop() ?? '');
    }
    return taken;
  };
}

function fitting(candidates: string[], limit: number, fallback?: string): string[] {
  const fit = candidates.filter((candidate) => candidate && [...candidate].length <= limit);
  return fit.length > 0 || fallback === undefined ? fit : [fallback];
}

export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

const small = new Set(['a', 'an', 'and', 'as', 'at', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

export function titleCase(text: string): string {
  return text
    .split(/\s+/)
    .map((word, index) => (index > 0 && small.has(word.toLowerCase()) ? word.toLowerCase() : capitalise(word)))
    .join(' ');
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
