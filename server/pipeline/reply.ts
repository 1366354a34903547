// What a step keeps of a model's reply: prose without the chatter around it, a verdict repaired
// where its meaning is clear. What was changed is said in plain sentences, and the reply as it
// came is kept beside the cleaned text for audit.
import { ChatError, ReplyError } from '../llm/chat.js';
import type { VerdictAgent } from './agents/agent.js';
import { cleanReply, stripThinking } from './clean-reply.js';
import { repairVerdict, UnusableVerdict } from './verdict-repair.js';
import type { SenseContext } from './verdict-sense.js';

export interface KeptReply<Verdict = never> {
  output: string;
  rawOutput: string | null;
  verdict?: Verdict;
  repairs: string[];
}

/** A verdict that cannot be read without guessing: worth asking the model again. */
export class MalformedVerdict extends Error {
  constructor(
    readonly text: string,
    detail: string,
  ) {
    super(`the model's verdict could not be used (${detail})`);
  }
}

export function keepProse(text: string): KeptReply {
  const { text: cleaned, removed } = cleanReply(text);
  // Kept as the failed step's output, so the reader sees what the model did say.
  if (cleaned.trim() === '') throw new ChatError(new ReplyError('empty', 'the reply held nothing but remarks around the content'), text);
  return { output: cleaned, rawOutput: removed.length > 0 ? text : null, repairs: removed.map((what) => `Removed ${what}.`) };
}

/** The verdict as repaired in shape, then read for sense against the text reviewed (`context`). */
export function keepVerdict<Verdict>(agent: VerdictAgent<Verdict>, text: string, context: SenseContext): KeptReply<Verdict> {
  // Older Ollama versions leave a reasoning model's <think> block in the reply.
  const thinking = stripThinking(text);
  try {
    const repaired = repairVerdict(agent.sense?.schema ?? agent.schema, thinking.text);
    const { verdict, repairs: readings } = agent.sense?.check(repaired.verdict, context) ?? { verdict: repaired.verdict, repairs: [] };
    const removed = thinking.removed.map((what) => `Removed ${what}.`);
    return { output: text, rawOutput: null, verdict, repairs: [...removed, ...repaired.repairs.map(sentence), ...readings] };
  } catch (error) {
    if (error instanceof UnusableVerdict) throw new MalformedVerdict(text, error.message);
    throw error;
  }
}

const sentence = (repair: string) => {
  const capitalised = repair.charAt(0).toUpperCase() + repair.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
};
