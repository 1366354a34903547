// What the realistic persona reads in a prompt, by the labels a model would notice ("Brief:",
// "Keywords to use:", "Draft:", a "- " list under "feedback"). Only what the prompt says counts:
// a prompt that loses the draft, the brand or the feedback gets an answer without them.
import { withoutDataTags } from './prompt-blocks.js';
import { contentTypeOf, type SampleContentType } from './sample-content.js';

/** Who the system prompt tells the model to be; prose roles by what the user message holds. */
export type PersonaRole = 'writer' | 'reviser' | 'editor' | 'brand' | 'compliance' | 'design' | 'reviewer';

export interface BrandFacts {
  name: string;
  voice: string;
  tone: string;
  values: string[];
  keywords: string[];
  prohibited: string[];
  colours: string[];
}

export interface PromptFacts {
  role: PersonaRole;
  contentType: SampleContentType;
  brief: string;
  audience: string;
  keyphrase: string | null;
  /** What the piece is about, short enough for a headline: the keyphrase, or the brief's subject. */
  topic: string;
  /** An offer named in the brief ("free delivery over £30", "30-day free trial"). */
  offer: string | null;
  brand: BrandFacts | null;
  /** The text to review or rewrite: after "Draft:", "Content:" or "Previous draft:"; null when there is none. */
  draft: string | null;
  /** The Brand Manager's points (a revision, or the Optimizer's brief). */
  feedback: string[];
  /** The Compliance Officer's issues, as the Optimizer gets them. */
  issues: string[];
  /** Measured checks that failed, as the Optimizer gets them. */
  failedChecks: string[];
  /** "Measured originality: 85 % similar …", as a fraction. */
  similarity: number | null;
  /** The prompt asks for JSON in words (the schema may or may not come as `format`). */
  asksForJson: boolean;
}

interface Message {
  role: string;
  content: string;
}

const DRAFT_LABEL = /^(?:Previous draft|Draft|Content):[ \t]*\n/m;

export function readPrompt(messages: Message[], hasFormat: boolean): PromptFacts {
  const system = messages
    .filter((message) => message.role === 'system')
    .map((message) => message.content)
    .join('\n');
  // The tags around the user's text (server/pipeline/agents/prompt-data.ts) are read past, as a model would.
  const user = withoutDataTags(messages.filter((message) => message.role !== 'system').at(-1)?.content ?? '');
  // Everything after the draft label is the draft, so its own "Brief:" lines are not read as the prompt's.
  const label = DRAFT_LABEL.exec(user);
  const head = label ? user.slice(0, label.index) : user;
  const draft = label ? user.slice(label.index + label[0].length).replace(/\s+$/, '') : null;
  const brief = field(head, 'Brief') ?? '';
  const keyphrase = field(head, 'SEO keyphrase');
  const lists = bulletLists(head);
  const similarity = /(\d{1,3})\s*%\s*similar/i.exec(head)?.[1];
  return {
    role: roleOf(system.toLowerCase(), head, draft, hasFormat),
    contentType: contentTypeOf(`${head}\n${system}`),
    brief,
    audience: field(head, 'Target audience') ?? 'busy people',
    keyphrase,
    topic: keyphrase ?? topicOf(brief),
    offer: offerOf(brief),
    brand: brandOf(head),
    draft: draft?.trim() ? draft : null,
    feedback: lists.filter((list) => /feedback|address every point/i.test(list.header)).flatMap((list) => list.items),
    issues: lists.filter((list) => /compliance|issues/i.test(list.header)).flatMap((list) => list.items),
    failedChecks: lists.filter((list) => /failed checks/i.test(list.header)).flatMap((list) => list.items),
    similarity: similarity === undefined ? null : Number(similarity) / 100,
    asksForJson: /\bjson\b/i.test(system),
  };
}

function roleOf(system: string, head: string, draft: string | null, hasFormat: boolean): PersonaRole {
  if (system.includes('brand manager')) return 'brand';
  if (system.includes('compliance officer')) return 'compliance';
  if (system.includes('designer')) return 'design';
  if (hasFormat) return 'reviewer';
  if (/this is a revision|previous draft/i.test(head) || /^Previous draft:/m.test(head)) return 'reviser';
  return draft === null ? 'writer' : 'editor';
}

function field(text: string, label: string): string | null {
  const value = new RegExp(`^${label}[^:\\n]{0,30}:[ \\t]*(.+)$`, 'im').exec(text)?.[1]?.trim();
  return value ? value : null;
}

function listField(text: string, label: string): string[] {
  const value = field(text, label);
  if (!value || /^\(.*\)$/.test(value)) return []; // "(none given)"
  return value
    .split(/\s*,\s*/)
    .map((item) => item.trim())
    .filter(Boolean);
}

function brandOf(head: string): BrandFacts | null {
  const name = field(head, 'Brand(?=\\s*:)'); // not "Brand colours:" or "Brand Manager feedback:"
  if (!name) return null;
  const text = (label: string) => {
    const value = field(head, label);
    return value && !/^\(.*\)$/.test(value) ? value : '';
  };
  return {
    name,
    voice: text('Voice'),
    tone: text('Tone'),
    values: listField(head, 'Values'),
    keywords: listField(head, 'Keywords'),
    prohibited: listField(head, 'Prohibited topics'),
    colours: head.match(/#[0-9A-Fa-f]{6}\b/g) ?? [],
  };
}

/** "- point" lines under a "Something:" line. */
function bulletLists(text: string): { header: string; items: string[] }[] {
  const lists: { header: string; items: string[] }[] = [];
  let current: { header: string; items: string[] } | null = null;
  for (const line of text.split('\n')) {
    const item = /^\s*[-*•]\s+(.+)$/.exec(line)?.[1];
    if (item !== undefined && current) current.items.push(item.trim());
    else if (/:\s*$/.test(line)) {
      current = { header: line, items: [] };
      lists.push(current);
    } else if (line.trim()) current = null;
  }
  return lists.filter((list) => list.items.length > 0);
}

const BRIEF_OPENING =
  /^(?:(?:an?|the|some|three|two)\s+)?(?:[\w-]+\s+){0,2}?(?:blog posts?|articles?|e-?mails?|newsletters?|social(?: media)? posts?|posts?|search ads?|ads?|ad copy|campaign)\s+(?:about|on|for|announcing|launching|inviting|sharing|celebrating|promoting|with|encouraging|introducing)?\s*/i;

/** The subject of a brief, as a writer would name it in a headline. */
export function topicOf(brief: string): string {
  let topic = brief.replace(BRIEF_OPENING, '').trim();
  topic = topic.split(/[,:;.(]|\s[–—-]\s/)[0] ?? topic;
  // Cut at a connective when what is left still names something.
  for (const connective of [' who ', ' that ', ' to ', ' for ', ' in ', ' with ', ' on ']) {
    const at = topic.indexOf(connective);
    if (at > 0 && topic.slice(0, at).split(/\s+/).length >= 2) topic = topic.slice(0, at);
  }
  topic = topic.replace(/^(?:our|the|a|an|your|their|customers to|users to|followers to)\s+/i, '').trim();
  const words = topic.split(/\s+/).filter(Boolean);
  return (words.length > 5 ? words.slice(0, 5) : words).join(' ') || 'our new range';
}

function offerOf(brief: string): string | null {
  const offer = /(\d+-day free trial|free (?:for|delivery|shipping|trial|workshop|webinar|guide)[^,.;]*|\d+\s?% off[^,.;]*)/i.exec(
    brief,
  )?.[1];
  return offer ? offer.trim() : null;
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
