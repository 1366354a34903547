// How long a reply may be and how much context the model is loaded with, per step. Without
// num_predict a looping model never stops; without num_ctx Ollama's small default window
// (2048 or 4096 tokens, by version) silently cuts the start of a long prompt.
import type { Message } from 'ollama';
import type { ChatLimits } from '../llm/chat.js';
import type { Agent } from './agents/agent.js';
import type { ContentType } from './types.js';

/** About twice what a good reply of each type needs (a blog post of ~800 words is ~1,100 tokens). */
const proseOutputTokens: Record<ContentType, number> = { BLOG_POST: 2400, SOCIAL_MEDIA: 1000, EMAIL: 1000, AD_COPY: 600 };
const verdictOutputTokens = 1000;
/** English runs about four characters a token; three leaves room for other scripts and markup. */
const charactersPerToken = 3;
const contextStep = 1024;
const smallestContext = 4096;

export function estimateTokens(messages: Message[]): number {
  // A few tokens per message for the chat template's role markers.
  return messages.reduce((total, message) => total + Math.ceil(message.content.length / charactersPerToken) + 8, 0);
}

export function chatLimits(
  agent: Agent,
  contentType: ContentType,
  messages: Message[],
  settings: { maxOutputTokens: number; maxContextTokens: number },
): ChatLimits {
  const wanted = agent.kind === 'verdict' ? verdictOutputTokens : proseOutputTokens[contentType];
  const maxOutputTokens = Math.min(wanted, settings.maxOutputTokens);
  const needed = Math.ceil((estimateTokens(messages) + maxOutputTokens) / contextStep) * contextStep;
  return { maxOutputTokens, contextTokens: Math.min(Math.max(needed, smallestContext), settings.maxContextTokens) };
}
