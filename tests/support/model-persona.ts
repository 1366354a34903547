// How the Ollama stand-in's "model" answers when no test scripts a reply.
// - 'perfect': the fixed samples and schema-generated verdicts: always valid, never asks for a
//   revision, ignores the prompt. Good for tests of plumbing, flattering for tests of quality.
// - 'realistic': behaves like mistral / llama3.1 at 7B: reads the prompt (brief, brand, draft,
//   feedback), varies its layout and chatter, sometimes slips (a long headline, a forgotten
//   keyword, a claim), reviews what it was sent and now and then answers off-schema.
// Every choice is a draw from (seed, the request, how many times that request was seen), so a
// run is reproducible and a retried request gets a fresh sample, as with temperature > 0.

import { hashString } from './json-schema-sample.js';
import { Dice } from './model-persona-dice.js';
import { type PersonaRole, type PromptFacts, readPrompt } from './model-persona-prompt.js';
import { composeDraft, type DraftPlan, writerFor } from './model-persona-prose.js';
import { reviseDraft } from './model-persona-revise.js';
import { verdictReply } from './model-persona-verdicts.js';
import * as words from './model-persona-words.js';

export type Persona = 'realistic' | 'perfect';

export interface PersonaRequest {
  model: string;
  messages: { role: string; content: string }[];
  format?: unknown;
  think?: unknown;
  options?: Record<string, unknown>;
}

export interface PersonaReply {
  content: string;
  /** Streamed as `message.thinking` before the content, as Ollama does for reasoning models. */
  thinking?: string;
}

/** Chance that a first draft slips on a length limit (a headline over 30 characters, a long X post). */
export const DRAFT_MISS_RATE = 1 / 8;

export class RealisticModel {
  /** How often each (seed, request) was asked: the n-th asking is the n-th sample. */
  readonly #asked = new Map<string, number>();

  answer(request: PersonaRequest, seed: number): PersonaReply {
    const requestHash = hashString(JSON.stringify([request.model.toLowerCase(), request.messages, request.format ?? null]));
    // Ollama is deterministic for a fixed options.seed or temperature 0: no fresh sample then.
    const fixed = typeof request.options?.seed === 'number' || request.options?.temperature === 0;
    const key = `${seed}:${requestHash}`;
    const sample = fixed ? 0 : (this.#asked.get(key) ?? 0);
    if (!fixed) this.#asked.set(key, sample + 1);
    const dice = new Dice(hashString(`${key}:${String(request.options?.seed ?? '')}:${sample}`));

    const hasFormat = request.format !== undefined && request.format !== null && request.format !== '';
    const facts = readPrompt(request.messages, hasFormat);
    const isVerdict = hasFormat || (facts.asksForJson && ['brand', 'compliance', 'design', 'reviewer'].includes(facts.role));
    const content = isVerdict ? verdictReply(facts, dice, hasFormat ? request.format : undefined) : prose(facts, dice);
    return thinks(request) ? { content, thinking: thoughts(facts, isVerdict) } : { content };
  }
}

/** Reasoning models think unless told not to; others only when asked (`think: true` or a level). */
function thinks(request: PersonaRequest): boolean {
  if (request.think === false) return false;
  return request.think === true || typeof request.think === 'string' || /qwen3|deepseek-r1/i.test(request.model);
}

function prose(facts: PromptFacts, dice: Dice): string {
  const writer = writerFor(facts, dice);
  const rewriting = facts.role === 'reviser' || facts.role === 'editor';
  if (rewriting && facts.draft !== null) {
    const revision = reviseDraft(writer, facts.draft, facts.role as 'reviser' | 'editor');
    return wrap(revision.text, facts, dice, revision.changes);
  }
  // No draft in the prompt (a first draft, or a rewrite whose prompt lost it): write from the brief.
  const draft = composeDraft(writer, planDraft(facts, dice));
  const revision = rewriting ? reviseDraft(writer, draft, facts.role as 'reviser' | 'editor') : { text: draft, changes: [] };
  return wrap(revision.text, facts, dice, revision.changes);
}

function planDraft(facts: PromptFacts, dice: Dice): DraftPlan {
  const first = facts.role === 'writer';
  const keywords = [...(facts.brand?.keywords ?? [])];
  // A first draft forgets a brand keyword now and then: the Brand Manager is there to notice.
  if (first && keywords.length > 0 && dice.chance(1 / 5)) keywords.splice(dice.int(0, keywords.length - 1), 1);
  const prohibited = facts.brand?.prohibited ?? [];
  return {
    keywords,
    claim: first && dice.chance(1 / 10),
    prohibited: first && prohibited.length > 0 && dice.chance(1 / 16) ? dice.pick(prohibited) : null,
    miss: dice.chance(first ? DRAFT_MISS_RATE : DRAFT_MISS_RATE / 1.5),
  };
}

/** The chatter around the content: a preamble, a list of changes, a sign-off, now and then a code fence. */
function wrap(body: string, facts: PromptFacts, dice: Dice, changes: string[]): string {
  const slots = { type: words.typeWords[facts.contentType] ?? 'piece', topic: facts.topic.toLowerCase(), audience: facts.audience };
  const preambles: Partial<Record<PersonaRole, string[]>> = { reviser: words.revisionPreambles, editor: words.editorPreambles };
  const parts: string[] = [];
  if (dice.chance(0.4)) parts.push(dice.fill(dice.pick(preambles[facts.role] ?? words.preambles), slots));
  if (parts.length > 0 && dice.chance(0.15)) parts.push('---');
  parts.push(dice.chance(1 / 25) ? `\`\`\`markdown\n${body}\n\`\`\`` : body);
  if (changes.length > 0 && dice.chance(0.25)) parts.push(`Changes made:\n${changes.map((change) => `- ${change}`).join('\n')}`);
  if (dice.chance(0.3)) parts.push(dice.pick(words.signOffs));
  return parts.join('\n\n');
}

function thoughts(facts: PromptFacts, isVerdict: boolean): string {
  const brand = facts.brand;
  const type = words.typeWords[facts.contentType] ?? 'piece';
  if (isVerdict) {
    return [
      `Okay, I need to review this ${type} and answer in JSON.`,
      brand
        ? `The brand is ${brand.name}. Keywords: ${brand.keywords.join(', ') || 'none'}.`
        : 'There is no brand, so I will judge clarity and tone.',
      facts.draft ? `The draft starts with "${facts.draft.slice(0, 60).replace(/\s+/g, ' ')}".` : 'Wait, I do not see a draft.',
      'Let me check each point and then give a score.',
    ].join(' ');
  }
  return [
    `Okay, the user wants a ${type} about ${facts.topic} for ${facts.audience}.`,
    brand
      ? `The brand is ${brand.name}, with a ${brand.voice || 'friendly'} voice. I should use: ${brand.keywords.join(', ') || 'no keywords'}.`
      : '',
    facts.feedback.length > 0 ? `There is feedback to address: ${facts.feedback.length} points.` : '',
    'Let me write it.',
  ]
    .filter(Boolean)
    .join(' ');
}
