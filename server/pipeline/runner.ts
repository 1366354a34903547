// Runs one campaign through the five agents, saving each step when it ends and
// publishing every token, verdict and score to the campaign's event log. Steps a
// previous run already finished are reused, so an interrupted campaign resumes.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Brand } from '../brands/brands.js';
import type { AgentStep, Campaign, CampaignResult, CampaignStore } from '../campaigns/store.js';
import type { Config } from '../config.js';
import { ChatError, streamChat } from '../llm/chat.js';
import { describeOllamaFailure, isRetryable } from '../llm/ollama.js';
import type { Logger } from '../logger.js';
import { combineScores, measureContent } from '../scoring/index.js';
import type { AgentInput, ProseAgent, VerdictAgent } from './agents/agent.js';
import type { BrandVerdict } from './agents/brand-manager.js';
import { brandManager, complianceOfficer, contentCreator, designValidator, optimizer } from './agents/index.js';
import type { CampaignEventLog } from './events.js';
import { chatLimits } from './limits.js';
import { measureOriginality } from './originality.js';
import type { AgentRole, MeasuredText, ScoredText } from './types.js';

export interface RunnerServices {
  config: Config;
  store: CampaignStore;
  logger: Logger;
}

/** The run stopped because the user cancelled it. */
export class CampaignCancelled extends Error {}
/** The run stopped because the server is shutting down; the campaign resumes at the next start. */
export class CampaignInterrupted extends Error {}
/** The run failed for good; the message is for the user. */
export class CampaignFailed extends Error {}

export const shutdownReason = new CampaignInterrupted('The server shut down; the campaign resumes when it starts again.');

class MalformedVerdict extends Error {
  constructor(
    readonly text: string,
    detail: string,
  ) {
    super(`the model's verdict did not match the expected shape (${detail})`);
  }
}

/** Completed steps of an earlier run, handed out in the order the pipeline asks for them. */
class SavedSteps {
  readonly #completed = new Map<AgentRole, AgentStep[]>();
  readonly #lastAttempt = new Map<AgentRole, number>();

  constructor(steps: AgentStep[]) {
    for (const step of steps) {
      this.#lastAttempt.set(step.role, Math.max(step.attempt, this.#lastAttempt.get(step.role) ?? 0));
      if (step.status === 'COMPLETED') this.#completed.set(step.role, [...(this.#completed.get(step.role) ?? []), step]);
    }
  }

  take(role: AgentRole): AgentStep | undefined {
    return this.#completed.get(role)?.shift();
  }

  nextAttempt(role: AgentRole): number {
    const attempt = (this.#lastAttempt.get(role) ?? 0) + 1;
    this.#lastAttempt.set(role, attempt);
    return attempt;
  }
}

export async function runCampaign(
  services: RunnerServices,
  campaign: Campaign,
  brand: Brand | null,
  log: CampaignEventLog,
  signal: AbortSignal,
): Promise<CampaignResult> {
  const { config, store } = services;
  const saved = new SavedSteps(await store.steps(campaign.id));
  const earlier = await store.earlierContent(campaign.brandId, campaign.id);

  const measure = async (text: string): Promise<MeasuredText> => {
    const measurements = measureContent(text, {
      contentType: campaign.contentType,
      keyphrase: campaign.keyphrase ?? undefined,
      brandKeywords: brand?.keywords ?? [],
      prohibitedTopics: brand?.prohibitedTopics ?? [],
    });
    const originality = await measureOriginality(text, earlier, { host: config.OLLAMA_HOST, model: config.MODEL_EMBEDDING }, signal);
    return { ...measurements, similarity: originality.similarity, similarityMethod: originality.method };
  };

  async function step(agent: ProseAgent, input: AgentInput): Promise<string>;
  async function step<Verdict>(agent: VerdictAgent<Verdict>, input: AgentInput): Promise<Verdict>;
  async function step(agent: ProseAgent | VerdictAgent<unknown>, input: AgentInput): Promise<unknown> {
    const reused = saved.take(agent.role);
    if (reused) {
      replayStep(log, reused);
      return agent.kind === 'verdict' ? agent.schema.parse(reused.verdict) : reused.output;
    }
    const model = campaign.modelOverrides[agent.role] ?? config[agent.modelSetting];
    const format = agent.kind === 'verdict' ? z.toJSONSchema(agent.schema) : undefined;
    for (let retry = 0; ; retry++) {
      const attempt = saved.nextAttempt(agent.role);
      const started = await store.startStep(campaign.id, agent.role, attempt, model);
      log.append({ type: 'StepStarted', role: agent.role, attempt, model });
      const startedAt = performance.now();
      try {
        const messages = agent.messages(input);
        const result = await streamChat({
          host: config.OLLAMA_HOST,
          model,
          messages,
          format,
          limits: chatLimits(agent, campaign.contentType, messages, {
            maxOutputTokens: config.LLM_MAX_OUTPUT_TOKENS,
            maxContextTokens: config.LLM_MAX_CONTEXT_TOKENS,
          }),
          timeouts: { firstTokenMs: config.LLM_FIRST_TOKEN_TIMEOUT_MS, idleMs: config.LLM_TIMEOUT_MS, totalMs: config.LLM_STEP_TIMEOUT_MS },
          signal,
          onToken: (text) => log.append({ type: 'TokenChunk', role: agent.role, attempt, text }),
        });
        const verdict = agent.kind === 'verdict' ? parseVerdict(agent, result.text) : undefined;
        const summary = agent.kind === 'verdict' ? agent.summarize(verdict) : { score: null, passed: null, feedback: [] };
        const { text, ...usage } = result;
        const finished = await store.finishStep(started.id, {
          status: 'COMPLETED',
          output: text,
          verdict,
          ...summary,
          ...usage,
          error: null,
        });
        publishCompleted(log, finished);
        return verdict ?? text;
      } catch (error) {
        // Only the model's failures are the agent's; anything else (the database, a bug) stops the run.
        if (!(error instanceof ChatError || error instanceof MalformedVerdict)) throw error;
        const cause = error instanceof ChatError ? error.cause : error;
        const partial = error instanceof ChatError ? error.partialText : error instanceof MalformedVerdict ? error.text : '';
        const interrupted = signal.aborted;
        const reason = interrupted ? (signal.reason as Error).message : failureMessage(cause, config.OLLAMA_HOST, model);
        const finished = await store.finishStep(started.id, {
          status: interrupted && signal.reason instanceof CampaignCancelled ? 'CANCELLED' : 'FAILED',
          output: partial,
          score: null,
          passed: null,
          feedback: [],
          promptTokens: 0,
          completionTokens: 0,
          firstTokenMs: null,
          durationMs: Math.round(performance.now() - startedAt),
          error: reason,
        });
        publishCompleted(log, finished);
        if (interrupted) throw signal.reason;
        const retryable = cause instanceof MalformedVerdict || isRetryable(cause);
        if (!retryable || retry >= config.LLM_RETRIES) {
          const tries = retry + 1;
          throw new CampaignFailed(`${agent.title} failed${tries > 1 ? ` after ${tries} tries` : ''}: ${reason}`);
        }
        services.logger.warn({ campaignId: campaign.id, role: agent.role, attempt, reason }, 'agent step failed; retrying');
        await sleep(config.LLM_RETRY_DELAY_MS * 2 ** retry, undefined, { signal }).catch(() => {
          throw signal.reason;
        });
      }
    }
  }

  const input: AgentInput = {
    brief: campaign.brief,
    targetAudience: campaign.targetAudience,
    contentType: campaign.contentType,
    keyphrase: campaign.keyphrase,
    brand,
    draft: '',
    revisionFeedback: [],
  };

  input.draft = await step(contentCreator, input);
  let brandVerdict: BrandVerdict;
  for (let round = 1; ; round++) {
    input.measured = await measure(input.draft);
    brandVerdict = await step(brandManager, input);
    const wantsRevision = brandVerdict.revisionNeeded || brandVerdict.score < config.BRAND_THRESHOLD;
    if (!wantsRevision || round > config.REVISION_ROUNDS) break;
    log.append({ type: 'RevisionRequested', round, score: brandVerdict.score, feedback: brandVerdict.feedback });
    input.revisionFeedback = brandVerdict.feedback;
    input.draft = await step(contentCreator, input);
    input.revisionFeedback = [];
  }
  input.brandVerdict = brandVerdict;
  const complianceVerdict = await step(complianceOfficer, input);
  input.complianceVerdict = complianceVerdict;

  const scoreText = (measured: MeasuredText): ScoredText => {
    const { feedback, ...scores } = combineScores({
      measurements: measured,
      similarity: measured.similarity,
      brandVerdict,
      complianceVerdict,
    });
    return { ...measured, scores, feedback };
  };
  const draft = scoreText(input.measured);
  log.append({ type: 'ScoresUpdated', stage: 'DRAFT', scores: draft.scores, feedback: draft.feedback });
  await store.saveMeasurements(campaign.id, { draft });

  const design = await step(designValidator, input);
  input.design = design;
  const content = await step(optimizer, input);
  const final = scoreText(await measure(content));
  log.append({ type: 'ScoresUpdated', stage: 'FINAL', scores: final.scores, feedback: final.feedback });

  return {
    content,
    scores: final.scores,
    scoreFeedback: final.feedback,
    measurements: { draft, final },
    design,
    complianceIssues: complianceVerdict.issues,
  };
}

function parseVerdict<Verdict>(agent: VerdictAgent<Verdict>, text: string): Verdict {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new MalformedVerdict(text, `not JSON: ${(error as Error).message}`);
  }
  const parsed = agent.schema.safeParse(document);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'verdict'} ${issue.message}`).join('; ');
    throw new MalformedVerdict(text, detail);
  }
  return parsed.data;
}

function failureMessage(cause: unknown, host: string, model: string): string {
  return cause instanceof MalformedVerdict ? cause.message : describeOllamaFailure(cause, host, model);
}

export function publishCompleted(log: CampaignEventLog, step: AgentStep): void {
  log.append({
    type: 'StepCompleted',
    role: step.role,
    attempt: step.attempt,
    status: step.status,
    score: step.score,
    passed: step.passed,
    feedback: step.feedback,
    promptTokens: step.promptTokens,
    completionTokens: step.completionTokens,
    durationMs: step.durationMs,
    error: step.error,
  });
}

/** A saved step told again: its start, its whole output as one chunk, its end. */
export function replayStep(log: CampaignEventLog, step: AgentStep): void {
  log.append({ type: 'StepStarted', role: step.role, attempt: step.attempt, model: step.model });
  if (step.output) log.append({ type: 'TokenChunk', role: step.role, attempt: step.attempt, text: step.output });
  publishCompleted(log, step);
}
