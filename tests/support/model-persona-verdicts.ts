// The realistic persona as a reviewer: it judges the draft it was actually sent (quoting it,
// scoring what it contains against the brand in the prompt), then answers in the requested
// schema, sometimes in the slightly wrong shapes 7B models produce, and very rarely in a shape
// nobody can read.

import { type Schema, sampleFromJsonSchema } from './json-schema-sample.js';
import type { Dice } from './model-persona-dice.js';
import { escapeRegExp, type PromptFacts } from './model-persona-prompt.js';

export interface Issue {
  severity: 'low' | 'medium' | 'high';
  description: string;
  suggestion: string;
}

export interface Review {
  score: number;
  revisionNeeded: boolean;
  passed: boolean;
  feedback: string[];
  issues: Issue[];
  design: Record<string, unknown>;
}

/** Chances per verdict: off-schema but repairable, and unusable (a retry is needed). */
export const OFF_SCHEMA_RATE = 1 / 6;
export const UNUSABLE_RATE = 1 / 40;

export function verdictReply(facts: PromptFacts, dice: Dice, format: unknown): string {
  const review = reviewOf(facts, dice);
  const schema = isRecord(format) ? format : null;
  const verdict = schema ? fitToSchema(schema, review, facts) : naturalVerdict(review, facts);
  const roll = dice.next();
  if (roll < UNUSABLE_RATE) return unusable(verdict, schema, dice);
  if (roll < OFF_SCHEMA_RATE) return offSchema(verdict, schema, dice);
  const text = dice.chance(0.5) ? JSON.stringify(verdict, null, 2) : JSON.stringify(verdict);
  // Without `format` nothing enforces bare JSON: chat models like to fence it.
  return format === undefined && dice.chance(0.4) ? `\`\`\`json\n${text}\n\`\`\`` : text;
}

// ---------------------------------------------------------------- judging the draft

// "100%" has no word boundary after the sign, so it is matched apart.
const CLAIM = /\b(guarantee[ds]?|cures?|best in the world)\b|\b(100\s?%)/i;

function reviewOf(facts: PromptFacts, dice: Dice): Review {
  const draft = facts.draft;
  const review: Review = { score: 80, revisionNeeded: false, passed: true, feedback: [], issues: [], design: designOf(facts, dice) };
  if (draft === null) {
    // A prompt that lost the draft: the model says so, as real ones often do.
    return {
      ...review,
      score: dice.int(15, 40),
      revisionNeeded: true,
      passed: false,
      feedback: ['There is no draft to review: the message ends before any content.', 'Send the full draft so it can be checked.'],
      issues: [{ severity: 'high', description: 'No draft was provided to review.', suggestion: 'Include the draft text.' }],
    };
  }
  const quotes = quotableSentences(draft);
  const has = (term: string) => new RegExp(`\\b${escapeRegExp(term)}`, 'i').test(draft);
  const quoteWith = (term: string) => quotes.find((sentence) => new RegExp(`\\b${escapeRegExp(term)}`, 'i').test(sentence));
  if (facts.role === 'compliance') return { ...review, ...compliance(facts, dice, quotes, has, quoteWith) };
  if (facts.role === 'design') return review;

  const brand = facts.brand;
  const keywords = brand?.keywords ?? [];
  const present = keywords.filter(has);
  const missing = keywords.filter((keyword) => !has(keyword));
  const prohibited = (brand?.prohibited ?? []).filter(has);
  const feedback: string[] = [];
  let score: number;
  let revisionNeeded: boolean;
  let picky = false;
  if (prohibited.length > 0) {
    score = dice.int(22, 48);
    revisionNeeded = true;
    for (const topic of prohibited) {
      const quote = quoteWith(topic);
      feedback.push(`Remove the mention of "${topic}": it is a prohibited topic for ${brand?.name}${quote ? ` ("${quote}")` : ''}.`);
    }
  } else {
    const coverage = keywords.length > 0 ? present.length / keywords.length : 0.8;
    score = Math.round(brand ? 62 + 26 * coverage : 74) + dice.int(-4, 8);
    revisionNeeded = missing.length > 0 && dice.chance(0.7);
    // First drafts are often sent back even when nothing is wrong: a reviewer wants to see effort.
    if (!revisionNeeded && dice.chance(1 / 6)) {
      picky = true;
      revisionNeeded = true;
      score = Math.min(score, dice.int(64, 76));
    }
  }
  const voice = brand?.voice || 'clear, friendly';
  const plain = quotes.filter(
    (sentence) => ![...keywords, facts.keyphrase ?? ''].some((term) => term && sentence.toLowerCase().includes(term.toLowerCase())),
  );
  if (quotes.length > 0) feedback.push(`"${dice.pick(quotes)}" fits the ${voice} voice well; keep it.`);
  for (const keyword of missing) feedback.push(`Use the brand keyword "${keyword}" at least once.`);
  if (present.length > 0) feedback.push(`Good use of the brand keywords: ${present.join(', ')}.`);
  if (picky && plain.length > 0 && dice.chance(0.5))
    feedback.push(`Rephrase "${dice.pick(plain)}": it feels generic for ${facts.audience}.`);
  else if (picky) feedback.push('Make the call to action more direct.');
  feedback.push(brand?.tone ? `The tone matches "${brand.tone}".` : 'The tone is friendly and easy to follow.');
  if (brand && brand.values.length > 0 && dice.chance(0.4))
    feedback.push(`Tie the copy more clearly to the value "${dice.pick(brand.values)}".`);
  return { ...review, score: clamp(score, 0, 100), revisionNeeded, passed: !revisionNeeded, feedback };
}

function compliance(
  facts: PromptFacts,
  dice: Dice,
  quotes: string[],
  has: (term: string) => boolean,
  quoteWith: (term: string) => string | undefined,
): Partial<Review> {
  const issues: Issue[] = [];
  for (const topic of (facts.brand?.prohibited ?? []).filter(has)) {
    const quote = quoteWith(topic);
    issues.push({
      severity: 'high',
      description: `Mentions the prohibited topic "${topic}"${quote ? `: "${quote}"` : ''}`,
      suggestion: `Remove any mention of "${topic}".`,
    });
  }
  // Claims are short ("Results guaranteed."): looked for in every sentence, not only the quotable ones.
  for (const sentence of quotableSentences(facts.draft ?? '', 2).filter((candidate) => CLAIM.test(candidate))) {
    const match = CLAIM.exec(sentence);
    const word = match?.[1] ?? match?.[2] ?? 'the claim';
    issues.push({
      severity: /best/i.test(word) ? 'medium' : 'high',
      description: `Unsubstantiated claim: "${sentence}"`,
      suggestion: `Remove "${word}" or back the claim with evidence.`,
    });
  }
  if (facts.similarity !== null && facts.similarity >= 0.8) {
    issues.push({
      severity: 'medium',
      description: `The draft is ${Math.round(facts.similarity * 100)} % similar to an earlier campaign of this brand.`,
      suggestion: 'Rewrite it in fresh words.',
    });
  }
  if (quotes.length > 0 && dice.chance(1 / 5)) {
    issues.push({
      severity: 'low',
      description: `"${dice.pick(quotes)}" could be read as a promise.`,
      suggestion: 'Soften the wording if it cannot be backed.',
    });
  }
  const counts = { high: 0, medium: 0, low: 0 };
  for (const issue of issues) counts[issue.severity]++;
  // Now and then a 7B reviewer passes a draft it has just flagged.
  const passed = counts.high === 0 || dice.chance(1 / 12);
  const score = clamp(96 - 28 * counts.high - 12 * counts.medium - 4 * counts.low + dice.int(-3, 3), 5, 100);
  return { issues, passed, score, revisionNeeded: !passed };
}

function designOf(facts: PromptFacts, dice: Dice): Record<string, unknown> {
  const colours = facts.brand?.colours ?? [];
  const base =
    colours.length > 0
      ? colours
      : dice.pick([
          ['#2E7D32', '#F9A825'],
          ['#1565C0', '#FFB300'],
          ['#6A1B9A', '#00ACC1'],
        ]);
  const roles = ['primary', 'secondary', 'accent', 'highlight'];
  const palette = base.slice(0, 4).map((hex, index) => ({ hex: hex.toUpperCase(), role: roles[index] ?? 'accent' }));
  if (!palette.some((colour) => colour.hex === '#FFFFFF')) palette.push({ hex: '#FFFFFF', role: 'background' });
  palette.push({ hex: '#1F2933', role: 'text' });
  const topic = facts.topic.toLowerCase();
  const images = dice.shuffle([
    { type: 'Lifestyle photo', description: `Real people enjoying ${topic} in everyday settings` },
    { type: 'Product close-up', description: `A clean, well-lit shot that shows ${topic} in detail` },
    { type: 'Infographic', description: `Three simple steps to get started with ${topic}` },
    { type: 'Illustration', description: `A friendly flat illustration about ${topic}` },
    { type: 'Short video still', description: `A frame from a 15-second clip for ${facts.audience}` },
  ]);
  return {
    imageTypes: images.slice(0, 3),
    palette: palette.slice(0, 6),
    typography: dice.pick([
      'A rounded sans-serif for headings (e.g. Nunito) with Inter for body text',
      'A bold geometric sans (e.g. Montserrat) for headlines, Source Sans for body copy',
      'A warm serif for titles (e.g. Merriweather) paired with a clean sans-serif body',
    ]),
    layout: dice.pick([
      'Hero image on top, short intro, then scannable sections with generous white space',
      'Single column, mobile first, with the call to action repeated at the end',
      'Card-based layout with one image per section and a sticky call-to-action button',
    ]),
  };
}

/** Sentences of the draft a reviewer can quote word for word: body text, not labels or headings. */
export function quotableSentences(draft: string, minWords = 4): string[] {
  const found: string[] = [];
  for (const line of draft.split('\n')) {
    if (/^\s*#/.test(line)) continue;
    const value = line
      .replace(/^\s*(?:(?:\d{1,2}[.)]|[-*•])\s+)?(?:\*\*[^*\n]{1,40}\*\*:?\s*|[A-Za-z][A-Za-z0-9 ()]{0,40}:\s+)?/, '')
      .replace(/^["“]|["”]$/g, '');
    for (const part of value.split(/(?<=[.!?])\s+/)) {
      const text = part.trim();
      const sentence = /[.!?]$/.test(text) && text.split(/\s+/).length >= minWords && text.length <= 160;
      if (sentence && !/[*[\]]/.test(text) && draft.includes(text)) found.push(text);
    }
  }
  return found;
}

// ---------------------------------------------------------------- answering in the schema

/** What the prompt's words ask for when no schema comes as `format`. */
function naturalVerdict(review: Review, facts: PromptFacts): Record<string, unknown> {
  switch (facts.role) {
    case 'brand':
      return { score: review.score, revisionNeeded: review.revisionNeeded, feedback: review.feedback };
    case 'compliance':
      return { passed: review.passed, score: review.score, issues: review.issues };
    case 'design':
      return review.design;
    default:
      return { score: review.score, passed: review.passed, needsRevision: review.revisionNeeded, feedback: review.feedback };
  }
}

/** A schema-valid sample with the review's judgment in every field the schema names. */
function fitToSchema(schema: Schema, review: Review, facts: PromptFacts): Record<string, unknown> {
  const sample = sampleFromJsonSchema(schema, facts.draft ?? facts.brief);
  if (!isRecord(sample)) return { value: sample };
  const properties = isRecord(schema.properties) ? schema.properties : {};
  for (const [key, property] of Object.entries(properties)) {
    if (!isRecord(property)) continue;
    const type = typeOf(property);
    const items = isRecord(property.items) ? property.items : {};
    const name = key.toLowerCase();
    if (/score|rating/.test(name) && (type === 'integer' || type === 'number')) {
      const max = typeof property.maximum === 'number' ? property.maximum : 100;
      sample[key] = clamp(Math.round((review.score * max) / 100), numberOr(property.minimum, 0), max);
    } else if (/revision/.test(name) && type === 'boolean') sample[key] = review.revisionNeeded;
    else if (/^(?:passed|approved|compliant|pass)$/.test(name) && type === 'boolean') sample[key] = review.passed;
    else if (/feedback|points|comments|suggestions/.test(name) && type === 'array' && typeOf(items) === 'string') {
      sample[key] = sized(review.feedback, property, sample[key]);
    } else if (/issues|problems|violations/.test(name) && type === 'array' && typeOf(items) === 'object') {
      sample[key] = sized(
        review.issues.map((issue) => fitIssue(issue, items)),
        property,
        sample[key],
      );
    } else if (key in review.design && typeOf(property) === typeOfValue(review.design[key])) {
      sample[key] = Array.isArray(review.design[key]) ? sized(review.design[key] as unknown[], property, sample[key]) : review.design[key];
    }
  }
  return sample;
}

function fitIssue(issue: Issue, schema: Schema): Record<string, unknown> {
  const item = sampleFromJsonSchema(schema, issue.description) as Record<string, unknown>;
  const properties = isRecord(schema.properties) ? schema.properties : {};
  for (const [key, property] of Object.entries(properties)) {
    const options = isRecord(property) && Array.isArray(property.enum) ? property.enum : null;
    if (/severity|level/i.test(key)) item[key] = options && !options.includes(issue.severity) ? options[0] : issue.severity;
    else if (/description|message|text|issue/i.test(key)) item[key] = issue.description;
    else if (/suggestion|fix|recommendation/i.test(key)) item[key] = issue.suggestion;
  }
  return item;
}

/** Cut to maxItems; topped up from the schema sample to minItems. */
function sized(items: unknown[], schema: Schema, sample: unknown): unknown[] {
  const max = numberOr(schema.maxItems, Number.POSITIVE_INFINITY);
  const min = numberOr(schema.minItems, 0);
  const result = items.slice(0, max);
  const filler = Array.isArray(sample) ? sample : [];
  for (let i = 0; result.length < min && i < filler.length; i++) result.push(filler[i]);
  return result;
}

// ---------------------------------------------------------------- how 7B models get the shape wrong

/** Off-schema in a way verdict-repair can read: fence, "85/100", one point too many, a stray field, "Score". */
function offSchema(verdict: Record<string, unknown>, schema: Schema | null, dice: Dice): string {
  const properties = isRecord(schema?.properties) ? (schema.properties as Record<string, Schema>) : {};
  const feedbackMax = numberOr(properties.feedback?.maxItems, Number.NaN);
  const booleanKey = Object.keys(verdict).find((key) => typeof verdict[key] === 'boolean');
  const variants: (() => string)[] = [
    () => `${dice.chance(0.5) ? 'Here is my review:\n\n' : ''}\`\`\`json\n${JSON.stringify(verdict, null, 2)}\n\`\`\``,
    () => JSON.stringify({ ...verdict, summary: 'Overall a solid draft with a few points to address.' }, null, 2),
    () => {
      const [key = 'score', ...rest] = Object.keys(verdict);
      const renamed = dice.chance(0.5) ? key.charAt(0).toUpperCase() + key.slice(1) : key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      return JSON.stringify({ [renamed === key ? key.toUpperCase() : renamed]: verdict[key], ...pick(verdict, rest) }, null, 2);
    },
  ];
  if (typeof verdict.score === 'number') {
    const score = verdict.score;
    variants.push(() => JSON.stringify({ ...verdict, score: dice.chance(0.5) ? String(score) : `${score}/100` }));
  }
  if (Array.isArray(verdict.feedback) && Number.isFinite(feedbackMax)) {
    const padded = [...verdict.feedback];
    for (const extra of ['Keep paragraphs short.', 'Check the spelling of product names.', 'Vary the sentence openings.'])
      padded.push(extra);
    while (padded.length <= feedbackMax) padded.push(`Point ${padded.length + 1}: keep the copy concise.`);
    variants.push(() => JSON.stringify({ ...verdict, feedback: padded.slice(0, feedbackMax + 1) }, null, 2));
  }
  if (Array.isArray(verdict.feedback) && verdict.feedback.length > 0) {
    variants.push(() => JSON.stringify({ ...verdict, feedback: (verdict.feedback as string[]).join(' ') }, null, 2));
  }
  if (booleanKey) variants.push(() => JSON.stringify({ ...verdict, [booleanKey]: verdict[booleanKey] ? 'yes' : 'no' }, null, 2));
  return dice.pick(variants)();
}

/** Cut off mid-object, a required field left out, or a score past 100: nothing to repair without guessing. */
function unusable(verdict: Record<string, unknown>, schema: Schema | null, dice: Dice): string {
  if (typeof verdict.score === 'number' && dice.chance(0.25)) return JSON.stringify({ ...verdict, score: 100 + dice.int(1, 9) }, null, 2);
  const required = Array.isArray(schema?.required) ? (schema.required as string[]) : [];
  const droppable = required.filter((key) => key in verdict);
  if (droppable.length > 0 && dice.chance(0.5)) {
    const dropped = dice.pick(droppable);
    return JSON.stringify(
      pick(
        verdict,
        Object.keys(verdict).filter((key) => key !== dropped),
      ),
      null,
      2,
    );
  }
  const text = JSON.stringify(verdict, null, 2);
  return text.slice(0, Math.floor(text.length * (0.4 + 0.45 * dice.next())));
}

// ---------------------------------------------------------------- helpers

function pick(object: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, object[key]]));
}

function typeOf(schema: Schema): string {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return String(schema.type.find((type) => type !== 'null'));
  if (isRecord(schema.properties)) return 'object';
  return schema.items === undefined ? 'string' : 'array';
}

function typeOfValue(value: unknown): string {
  return Array.isArray(value) ? 'array' : typeof value;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Math.abs(value) < 1e9 ? value : fallback;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
