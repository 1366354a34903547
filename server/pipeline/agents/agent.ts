// What an agent is: data (role, model setting, prompts, output shape). The runner does the rest.
import type { Message } from 'ollama';
import type { ZodType } from 'zod';
import type { Brand } from '../../brands/brands.js';
import type { Config } from '../../config.js';
import type { WritingOptions } from '../../scoring/writing-options.js';
import type { AgentRole, ContentType, DesignRecommendations, MeasuredText } from '../types.js';
import { describeVerdictSchema } from '../verdict-repair.js';
import type { SenseContext, SensibleVerdict } from '../verdict-sense.js';
import type { BrandVerdict } from './brand-manager.js';
import type { ComplianceVerdict } from './compliance-officer.js';
import { DATA_RULE, type DataTag, inlineData } from './prompt-data.js';

export interface AgentInput {
  brief: string;
  targetAudience: string;
  contentType: ContentType;
  keyphrase: string | null;
  /** Tone, length and platforms the marketer chose. */
  options: WritingOptions;
  brand: Brand | null;
  /** The latest draft, for the reviewers and the Optimizer. */
  draft: string;
  /** The Brand Manager's feedback when the Creator revises (or a person's, see `revisionFrom`). */
  revisionFeedback: string[];
  /** Who sent the draft back: the Brand Manager (default), or a person at the draft's approval gate. */
  revisionFrom?: 'BRAND_MANAGER' | 'REVIEWER';
  /** A person's instruction for the Optimizer: changes asked at the final gate, or a refinement. */
  reviewerInstruction?: string;
  brandVerdict?: BrandVerdict;
  complianceVerdict?: ComplianceVerdict;
  design?: DesignRecommendations;
  /** Measurements of the draft: facts for the reviewers and the Optimizer. */
  measured?: MeasuredText;
}

/** The pipeline's own rules that a reviewer's summary applies, so `passed` is the decision taken. */
export interface ReviewRules {
  brandThreshold: number;
}

export interface StepSummary {
  score: number | null;
  passed: boolean | null;
  feedback: string[];
}

interface AgentBase {
  role: AgentRole;
  title: string;
  modelSetting: keyof Pick<
    Config,
    'MODEL_CONTENT_CREATOR' | 'MODEL_BRAND_MANAGER' | 'MODEL_COMPLIANCE_OFFICER' | 'MODEL_DESIGN_VALIDATOR' | 'MODEL_OPTIMIZER'
  >;
  messages(input: AgentInput): Message[];
}

/** Writes text that streams to the reader as it is produced. */
export interface ProseAgent extends AgentBase {
  kind: 'prose';
}

/** Returns a structured verdict, asked for with Ollama's `format` and checked with `schema`. */
export interface VerdictAgent<Verdict> extends AgentBase {
  kind: 'verdict';
  schema: ZodType<Verdict>;
  /** What the verdict means, checked against itself and the text reviewed (verdict-sense.ts). */
  sense?: {
    /** The reply is read with this instead of `schema` where the check handles what it lets through. */
    schema?: ZodType<Verdict>;
    check(verdict: Verdict, context: SenseContext): SensibleVerdict<Verdict>;
  };
  summarize(verdict: Verdict, rules: ReviewRules): StepSummary;
}

export type Agent = ProseAgent | VerdictAgent<unknown>;

/**
 * The messages an agent sends. Every system prompt says that the tagged text is material, not
 * instructions (see prompt-data.ts). A verdict's shape is also stated in words in the system prompt:
 * Ollama's structured-output docs recommend it beside `format`, and small models follow it better.
 */
export function promptFor(agent: Agent, input: AgentInput): Message[] {
  const messages = agent.messages(input);
  const [system, ...rest] = messages;
  if (system?.role !== 'system') return messages;
  const shape =
    agent.kind === 'verdict'
      ? `\n\nAnswer with one JSON object and nothing else, with these fields:\n${describeVerdictSchema(agent.schema)}`
      : '';
  return [{ ...system, content: `${system.content}\n\n${DATA_RULE}${shape}` }, ...rest];
}

/** The brand facts every agent is given, or a line saying there is no brand. */
export function describeBrand(brand: Brand | null): string {
  if (!brand) return 'No brand was chosen: use a clear, friendly, professional voice.';
  const text = (tag: DataTag, value: string) => (value ? inlineData(tag, value) : '(not specified)');
  const list = (tag: DataTag, items: string[]) => (items.length > 0 ? inlineData(tag, items.join(', ')) : '(none given)');
  return [
    `Brand: ${inlineData('brand_name', brand.name)}`,
    `Voice: ${text('brand_voice', brand.voice)}`,
    `Tone: ${text('brand_tone', brand.tone)}`,
    `Values: ${list('brand_values', brand.values)}`,
    `Keywords to use: ${list('brand_keywords', brand.keywords)}`,
    `Prohibited topics (never mention): ${list('prohibited_topics', brand.prohibitedTopics)}`,
    `Brand colours: ${list('brand_colours', brand.colors)}`,
  ].join('\n');
}

export function describeBrief(input: AgentInput): string {
  return [
    `Content type: ${input.contentType}`,
    `Brief: ${inlineData('brief', input.brief)}`,
    `Target audience: ${inlineData('audience', input.targetAudience)}`,
    input.keyphrase ? `SEO keyphrase: ${inlineData('keyphrase', input.keyphrase)}` : '',
    input.options.tone ? `Tone for this piece: ${inlineData('tone', input.options.tone)}` : '',
    input.options.length !== 'STANDARD'
      ? `Length: ${input.options.length === 'SHORT' ? 'short, keep it brief' : 'long, go into detail'}`
      : '',
  ]
    .filter(Boolean)
    .join('\n');
}
