// Runs one campaign through the five agents, saving each step when it ends and
// publishing every token, verdict and score to the campaign's event log. Steps a
// previous run already finished are reused, so an interrupted campaign resumes.
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Brand } from '../brands/brands.js';
import type { AgentStep, Campaign, CampaignResult, CampaignStore, StepOutcome } from '../campaigns/store.js';
import type { Config } from '../config.js';
import { ChatError, streamChat } from '../llm/chat.js';
import { type HostLease, type HostPool, hostList, isHostFailure } from '../llm/host-pool.js';
import { classifyOllamaFailure, describeOllamaFailure, isReplyFault, isRetryable } from '../llm/ollama.js';
import type { Logger } from '../logger.js';
import { combineScores, lostChecks, measureContent } from '../scoring/index.js';
import { blogWordRanges } from '../scoring/writing-options.js';
import { type AgentInput, type ProseAgent, promptFor, type VerdictAgent } from './agents/agent.js';
import { type BrandVerdict, brandWantsChanges } from './agents/brand-manager.js';
import type { ComplianceVerdict } from './agents/compliance-officer.js';
import { brandManager, complianceOfficer, contentCreator, designValidator, optimizer } from './agents/index.js';
import type { CampaignEventLog } from './events.js';
import { CampaignAwaitingApproval, GateDecisions } from './gates.js';
import { chatLimits } from './limits.js';
import { OriginalityMeter, SimilarityUnavailable } from './originality.js';
import { keepProse, keepVerdict, MalformedVerdict } from './reply.js';
import type {
  AgentRole,
  ApprovalDecision,
  ApprovalGate,
  DesignRecommendations,
  MeasuredText,
  ScoredText,
  ScoreStage,
  StepFailureCause,
} from './types.js';

export interface RunnerServices {
  config: Config;
  store: CampaignStore;
  logger: Logger;
  /** Where each step's request goes (OLLAMA_HOST). */
  ollamaHosts: HostPool;
}

/** The run stopped because the user cancelled it. */
export class CampaignCancelled extends Error {}
/** The run stopped because the server is shutting down; the campaign resumes at the next start. */
export class CampaignInterrupted extends Error {}
/** The run failed for good; the message is for the user. */
export class CampaignFailed extends Error {}

export const shutdownReason = new CampaignInterrupted('The server shut down; the campaign resumes when it starts again.');

/** Completed steps of an earlier run, handed out in the order the pipeline asks for them. */
class SavedSteps {
  readonly #completed = new Map<string, AgentStep[]>();
  readonly #lastAttempt = new Map<AgentRole, number>();

  constructor(steps: AgentStep[]) {
    for (const step of steps) {
      this.#lastAttempt.set(step.role, Math.max(step.attempt, this.#lastAttempt.get(step.role) ?? 0));
      const key = `${step.role}/${step.stage}`;
      // A step a rerun replaced keeps its attempt number but is not reused.
      if (step.status === 'COMPLETED' && step.supersededAt === null) this.#completed.set(key, [...(this.#completed.get(key) ?? []), step]);
    }
  }

  take(role: AgentRole, stage: ScoreStage): AgentStep | undefined {
    return this.#completed.get(`${role}/${stage}`)?.shift();
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
  const { config, store, ollamaHosts } = services;
  const saved = new SavedSteps(await store.steps(campaign.id));
  const originality = new OriginalityMeter(
    await store.earlierCampaigns(campaign.brandId, campaign.id),
    {
      hosts: ollamaHosts,
      model: config.MODEL_EMBEDDING,
      saveEmbedding: (id, embedding, model) => store.saveEmbedding(id, embedding, model),
    },
    signal,
  );

  const measure = async (text: string): Promise<MeasuredText> => {
    const measurements = measureContent(text, {
      contentType: campaign.contentType,
      keyphrase: campaign.keyphrase ?? undefined,
      brandKeywords: brand?.keywords ?? [],
      prohibitedTopics: brand?.prohibitedTopics ?? [],
      limits: { platforms: campaign.writingOptions.platforms, blogWords: blogWordRanges[campaign.writingOptions.length] },
    });
    try {
      const { similarity, method } = await originality.measure(text);
      return { ...measurements, similarity, similarityMethod: method };
    } catch (error) {
      if (error instanceof SimilarityUnavailable) throw new CampaignFailed(`${error.message} Retry the campaign once it answers.`);
      throw error;
    }
  };

  /** One agent's step on the draft or on the final text: streamed, saved, retried. */
  async function step(agent: ProseAgent, input: AgentInput, stage?: ScoreStage): Promise<string>;
  async function step<Verdict>(agent: VerdictAgent<Verdict>, input: AgentInput, stage?: ScoreStage): Promise<Verdict>;
  async function step(agent: ProseAgent | VerdictAgent<unknown>, input: AgentInput, stage: ScoreStage = 'DRAFT'): Promise<unknown> {
    const reused = saved.take(agent.role, stage);
    if (reused) {
      replayStep(log, reused);
      return agent.kind === 'verdict' ? agent.schema.parse(reused.verdict) : reused.output;
    }
    const model = campaign.modelOverrides[agent.role] ?? config[agent.modelSetting];
    const format = agent.kind === 'verdict' ? formatOf(agent) : undefined;
    for (let retry = 0; ; retry++) {
      const attempt = saved.nextAttempt(agent.role);
      const stepId = await store.startStep(campaign.id, agent.role, attempt, model, stage);
      log.append({ type: 'StepStarted', role: agent.role, attempt, model, stage });
      const startedAt = performance.now();
      let lease: HostLease | undefined;
      try {
        lease = await ollamaHosts.pick(model).catch((error: unknown) => {
          throw new ChatError(error, '');
        });
        const messages = promptFor(agent, input);
        const result = await streamChat({
          host: lease.host,
          model,
          messages,
          format,
          limits: chatLimits(agent, campaign.contentType, messages, {
            maxOutputTokens: config.LLM_MAX_OUTPUT_TOKENS,
            maxContextTokens: config.LLM_MAX_CONTEXT_TOKENS,
          }),
          timeouts: { firstTokenMs: config.LLM_FIRST_TOKEN_TIMEOUT_MS, idleMs: config.LLM_TIMEOUT_MS, totalMs: config.LLM_STEP_TIMEOUT_MS },
          signal,
          onToken: (text) => log.append({ type: 'TokenChunk', role: agent.role, attempt, text, chunks: 1 }),
          onThinking: (text) => log.append({ type: 'ThinkingChunk', role: agent.role, attempt, text, chunks: 1 }),
        });
        lease.release();
        const { text, ...usage } = result;
        const sense = { draft: input.draft, measured: input.measured, brandThreshold: config.BRAND_THRESHOLD };
        const kept = agent.kind === 'verdict' ? keepVerdict(agent, text, sense) : keepProse(text);
        const summary =
          agent.kind === 'verdict'
            ? agent.summarize(kept.verdict, { brandThreshold: config.BRAND_THRESHOLD })
            : { score: null, passed: null, feedback: [] };
        const outcome: StepOutcome = { status: 'COMPLETED', ...kept, ...summary, ...usage, error: null };
        await store.finishStep(stepId, outcome);
        publishCompleted(log, { role: agent.role, attempt, ...outcome });
        return agent.kind === 'verdict' ? kept.verdict : kept.output;
      } catch (error) {
        lease?.release(); // not held through the wait before a retry
        // Only the model's failures are the agent's; anything else (the database, a bug) stops the run.
        if (!(error instanceof ChatError || error instanceof MalformedVerdict)) throw error;
        const cause = error instanceof ChatError ? error.cause : error;
        const partial = error instanceof ChatError ? error.partialText : error instanceof MalformedVerdict ? error.text : '';
        const interrupted = signal.aborted;
        // The retry goes to another host, when there is one.
        if (lease && !interrupted && isHostFailure(cause)) ollamaHosts.markDown(lease.host, cause);
        const host = lease?.host ?? hostList(ollamaHosts.hosts);
        const reason = interrupted ? (signal.reason as Error).message : failureMessage(cause, config, host, model);
        const outcome: StepOutcome = {
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
        };
        await store.finishStep(stepId, outcome);
        publishCompleted(
          log,
          { role: agent.role, attempt, ...outcome },
          { cause: stepFailureCause(cause, interrupted ? signal.reason : undefined) },
        );
        if (interrupted) throw signal.reason;
        const retryable = cause instanceof MalformedVerdict || isRetryable(cause);
        if (!retryable || retry >= config.LLM_RETRIES) {
          const tries = retry + 1;
          throw new CampaignFailed(`${agent.title} failed${tries > 1 ? ` after ${tries} tries` : ''}: ${reason}`);
        }
        services.logger.warn({ campaignId: campaign.id, role: agent.role, attempt, reason }, 'agent step failed; retrying');
        // The backoff gives a host in trouble time to recover; a reply the model got wrong is asked for again at once.
        if (cause instanceof MalformedVerdict || isReplyFault(cause)) continue;
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
    options: campaign.writingOptions,
    brand,
    draft: '',
    revisionFeedback: [],
  };

  const decisions = new GateDecisions(campaign.approvals);
  /** The decision taken at a gate (told as an event), null when the campaign has no such gate; stops the run when none is taken yet. */
  const atGate = (gate: ApprovalGate, content: string): ApprovalDecision | null => {
    const decision = decisions.take(gate);
    if (decision) {
      const { by, note, refinement } = decision;
      log.append({
        type: 'ApprovalDecided',
        gate,
        decision: decision.decision,
        by,
        note,
        refinement,
        edited: decision.editedContent !== null,
      });
      return decision;
    }
    if (!campaign.approvalGates.includes(gate)) return null;
    throw new CampaignAwaitingApproval(gate, content);
  };

  let brandVerdict: BrandVerdict;
  let complianceVerdict: ComplianceVerdict;
  let design: DesignRecommendations;
  let draft: ScoredText;
  // The draft, reviewed; again with a person's feedback each time they ask for changes at the draft gate.
  for (let reviewerFeedback: string | null = null; ; ) {
    input.revisionFeedback = reviewerFeedback ? [reviewerFeedback] : [];
    input.revisionFrom = reviewerFeedback ? 'REVIEWER' : 'BRAND_MANAGER';
    input.draft = await step(contentCreator, input);
    input.revisionFeedback = [];
    input.revisionFrom = 'BRAND_MANAGER';
    for (let round = 1; ; round++) {
      input.measured = await measure(input.draft);
      brandVerdict = await step(brandManager, input);
      if (!brandWantsChanges(brandVerdict, config.BRAND_THRESHOLD)) break;
      if (round > config.REVISION_ROUNDS) {
        // Said out loud: the campaign goes on with a draft the Brand Manager did not accept.
        log.append({
          type: 'RevisionLimitReached',
          rounds: config.REVISION_ROUNDS,
          score: brandVerdict.score,
          feedback: brandVerdict.feedback,
        });
        await store.markRevisionLimitReached(campaign.id);
        break;
      }
      log.append({ type: 'RevisionRequested', round, score: brandVerdict.score, feedback: brandVerdict.feedback });
      input.revisionFeedback = brandVerdict.feedback;
      input.draft = await step(contentCreator, input);
      input.revisionFeedback = [];
    }
    input.brandVerdict = brandVerdict;
    // The Compliance Officer and the Design Validator read the same draft, independently.
    [complianceVerdict, design] = config.PARALLEL_REVIEWERS
      ? await bothSettled(step(complianceOfficer, input), step(designValidator, input))
      : [await step(complianceOfficer, input), await step(designValidator, input)];
    input.complianceVerdict = complianceVerdict;
    input.design = design;

    draft = scoreText(input.measured, brandVerdict, complianceVerdict);
    log.append({ type: 'ScoresUpdated', stage: 'DRAFT', scores: draft.scores, feedback: draft.feedback });
    await store.saveMeasurements(campaign.id, { draft });

    const decision = atGate('DRAFT', input.draft);
    if (decision?.decision === 'CHANGES_REQUESTED') {
      reviewerFeedback = decision.note ?? '';
      continue;
    }
    // The approver's edit is what the Optimizer gets, measured as it now reads.
    if (decision?.editedContent) {
      input.draft = decision.editedContent;
      input.measured = await measure(input.draft);
      draft = scoreText(input.measured, brandVerdict, complianceVerdict);
      log.append({ type: 'ScoresUpdated', stage: 'DRAFT', scores: draft.scores, feedback: draft.feedback });
      await store.saveMeasurements(campaign.id, { draft });
    }
    break;
  }

  // The final text; rewritten again each time a person asks for changes to it (or refines it).
  let final = await finalText(keptDraft());
  for (;;) {
    log.append({ type: 'ScoresUpdated', stage: 'FINAL', scores: final.scored.scores, feedback: final.scored.feedback });
    const decision = atGate('FINAL', final.content);
    if (decision?.decision === 'CHANGES_REQUESTED') {
      final = await finalText(final, decision.note ?? '');
      continue;
    }
    if (decision?.editedContent) {
      // The approved text is the content: measured and scored as it now reads, on the reviewers' verdicts.
      const content = decision.editedContent;
      final = { ...final, content, scored: scoreText(await measure(content), final.brandVerdict, final.complianceVerdict) };
      log.append({ type: 'ScoresUpdated', stage: 'FINAL', scores: final.scored.scores, feedback: final.scored.feedback });
    }
    break;
  }

  return {
    content: final.content,
    scores: final.scored.scores,
    scoreFeedback: final.scored.feedback,
    measurements: { draft, final: final.scored },
    design,
    complianceIssues: final.complianceVerdict.issues,
    draftKeptReason: final.draftKeptReason,
    embedding: originality.embeddingOf(final.content),
  };

  /** The reviewed draft as a final text, before the Optimizer: what is kept when its rewrite fails. */
  function keptDraft(): FinalText {
    return { content: input.draft, scored: draft, brandVerdict, complianceVerdict, draftKeptReason: null };
  }

  /**
   * The Optimizer's rewrite, reviewed again so that the final scores are of the text the user
   * gets; or the text before it (the reviewed draft, or the previous final text when a person
   * asked for changes), said so, when the rewrite could not be made or broke a check it passed.
   */
  async function finalText(before: FinalText, instruction?: string): Promise<FinalText> {
    const [previous, what] = instruction === undefined ? ['the draft', 'the reviewed draft'] : ['the previous text', 'the previous text'];
    const keepBefore = (reason: string): FinalText => {
      log.append({ type: 'DraftKept', reason });
      return { ...before, draftKeptReason: reason };
    };
    const rewriteInput: AgentInput =
      instruction === undefined ? input : { ...input, draft: before.content, reviewerInstruction: instruction };
    let rewrite: string;
    try {
      rewrite = await step(optimizer, rewriteInput, 'FINAL');
    } catch (error) {
      if (!(error instanceof CampaignFailed)) throw error;
      return keepBefore(`The Optimizer could not finish (${error.message}), so ${what} is the content.`);
    }
    const measured = await measure(rewrite);
    const lost = lostChecks(before.scored, measured);
    if (lost.length > 0) {
      const broken = lost.map((failure) => failure.message).join('; ');
      return keepBefore(`The Optimizer's rewrite failed checks ${previous} passed (${broken}), so ${what} is the content.`);
    }
    const review: AgentInput = { ...input, draft: rewrite, measured, revisionFeedback: [] };
    const finalBrandVerdict = await step(brandManager, review, 'FINAL');
    const finalComplianceVerdict = await step(complianceOfficer, { ...review, brandVerdict: finalBrandVerdict }, 'FINAL');
    const scored = scoreText(measured, finalBrandVerdict, finalComplianceVerdict);
    return {
      content: rewrite,
      scored,
      brandVerdict: finalBrandVerdict,
      complianceVerdict: finalComplianceVerdict,
      draftKeptReason: null,
    };
  }
}

/** A candidate for the content: its text, its scores, and the verdicts they came from. */
interface FinalText {
  content: string;
  scored: ScoredText;
  brandVerdict: BrandVerdict;
  complianceVerdict: ComplianceVerdict;
  draftKeptReason: string | null;
}

/**
 * Both results, once both steps have ended: a failure is raised only then, so the other step is
 * never left writing to a run that has already finished (what it saved is reused by a retry).
 */
async function bothSettled<First, Second>(first: Promise<First>, second: Promise<Second>): Promise<[First, Second]> {
  const [a, b] = await Promise.allSettled([first, second]);
  if (a.status === 'rejected') throw a.reason;
  if (b.status === 'rejected') throw b.reason;
  return [a.value, b.value];
}

const formats = new WeakMap<VerdictAgent<unknown>, object>();

/** Ollama's `format` for a verdict agent: its schema as JSON Schema, made once rather than per step. */
function formatOf(agent: VerdictAgent<unknown>): object {
  let format = formats.get(agent);
  if (!format) {
    format = z.toJSONSchema(agent.schema);
    formats.set(agent, format);
  }
  return format;
}

/** A text's four scores, from its measurements and the reviewers' verdicts on that same text. */
function scoreText(measured: MeasuredText, brandVerdict: BrandVerdict, complianceVerdict: ComplianceVerdict): ScoredText {
  const { similarity: value, similarityMethod: method } = measured;
  const similarity = value === null || method === null ? null : { value, method };
  const { feedback, ...scores } = combineScores({ measurements: measured, similarity, brandVerdict, complianceVerdict });
  return { ...measured, scores, feedback };
}

function failureMessage(cause: unknown, config: Config, host: string, model: string): string {
  return cause instanceof MalformedVerdict ? cause.message : describeOllamaFailure(cause, host, model, config.OLLAMA_PULL_COMMAND);
}

/** Why a step stopped: what the model or Ollama did, or, when the run was stopped (`stopReason`), why. */
export function stepFailureCause(cause: unknown, stopReason?: unknown): StepFailureCause {
  if (stopReason !== undefined) return stopReason instanceof CampaignCancelled ? 'cancelled' : 'interrupted';
  return cause instanceof MalformedVerdict ? 'malformed-verdict' : classifyOllamaFailure(cause);
}

/** A step as it ended: what a StepCompleted event tells. */
type EndedStep = Pick<AgentStep, 'role' | 'attempt'> & StepOutcome;

export function publishCompleted(
  log: CampaignEventLog,
  step: EndedStep,
  { cause = null, replayed = false }: { cause?: StepFailureCause | null; replayed?: boolean } = {},
): void {
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
    repairs: step.repairs ?? [],
    cause,
    replayed,
  });
}

/** A saved step told again: its start, what the model sent as one chunk, its end. */
export function replayStep(log: CampaignEventLog, step: AgentStep): void {
  log.append({ type: 'StepStarted', role: step.role, attempt: step.attempt, model: step.model, stage: step.stage });
  const streamed = step.rawOutput ?? step.output;
  if (streamed) log.append({ type: 'TokenChunk', role: step.role, attempt: step.attempt, text: streamed, chunks: 1 });
  publishCompleted(log, step, { replayed: true });
}
