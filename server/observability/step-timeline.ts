// Pairs a campaign's events into agent steps (StepStarted, first chunk, StepCompleted), so that
// metrics and traces read the pipeline's facts from its events and the runner knows nothing of them.
import type { CampaignEvent } from '../pipeline/events.js';
import type { AgentRole, ScoreStage, StepFailureCause, StepStatus } from '../pipeline/types.js';

export interface FinishedStep {
  campaignId: string;
  run: number;
  role: AgentRole;
  attempt: number;
  model: string;
  stage: ScoreStage;
  status: StepStatus;
  /** Wall-clock start, in epoch milliseconds (fractional). */
  startedAt: number;
  endedAt: number;
  durationSeconds: number;
  /** From the step's start to its first token or thought; null when the model sent none. */
  firstTokenSeconds: number | null;
  /** From the first token or thought to the end; null when the model sent none. */
  generatingSeconds: number | null;
  promptTokens: number;
  completionTokens: number;
  error: string | null;
  /** Why it did not complete; null when it did. */
  cause: StepFailureCause | null;
  repairs: number;
  /** This attempt follows a failed attempt of the same agent in this run. */
  retry: boolean;
}

type StepCompleted = Extract<CampaignEvent, { type: 'StepCompleted' }>;

interface OpenStep {
  model: string;
  stage: ScoreStage;
  startedAt: number;
  firstTokenAt: number | null;
  retry: boolean;
}

/** Epoch milliseconds with sub-millisecond precision (Date.now() counts whole milliseconds). */
const now = () => performance.timeOrigin + performance.now();

export class StepTimeline {
  readonly #open = new Map<string, OpenStep>();
  /** The last finished status of each agent, per campaign run: a start after FAILED is a retry. */
  readonly #lastStatus = new Map<string, Map<AgentRole, StepStatus>>();

  constructor(private readonly onFinished: (step: FinishedStep) => void) {}

  observe(event: CampaignEvent): void {
    const runKey = `${event.campaignId}/${event.run}`;
    switch (event.type) {
      case 'StepStarted': {
        const retry = this.#lastStatus.get(runKey)?.get(event.role) === 'FAILED';
        const step = { model: event.model, stage: event.stage, startedAt: now(), firstTokenAt: null, retry };
        this.#open.set(`${runKey}/${event.role}/${event.attempt}`, step);
        break;
      }
      case 'TokenChunk':
      case 'ThinkingChunk': {
        const step = this.#open.get(`${runKey}/${event.role}/${event.attempt}`);
        if (step && step.firstTokenAt === null) step.firstTokenAt = now();
        break;
      }
      case 'StepCompleted':
        this.#complete(runKey, event);
        break;
      case 'CampaignFinished':
      case 'ApprovalRequested':
        this.#lastStatus.delete(runKey);
        for (const key of this.#open.keys()) if (key.startsWith(`${runKey}/`)) this.#open.delete(key);
        break;
    }
  }

  #complete(runKey: string, event: StepCompleted): void {
    const key = `${runKey}/${event.role}/${event.attempt}`;
    const step = this.#open.get(key);
    this.#open.delete(key);
    if (!step) return;
    const statuses = this.#lastStatus.get(runKey) ?? new Map<AgentRole, StepStatus>();
    this.#lastStatus.set(runKey, statuses.set(event.role, event.status));
    // A saved step told again on resume was counted when it ran.
    if (event.replayed) return;
    const endedAt = now();
    this.onFinished({
      campaignId: event.campaignId,
      run: event.run,
      role: event.role,
      attempt: event.attempt,
      model: step.model,
      stage: step.stage,
      status: event.status,
      startedAt: step.startedAt,
      endedAt,
      durationSeconds: event.durationMs / 1000,
      firstTokenSeconds: step.firstTokenAt === null ? null : (step.firstTokenAt - step.startedAt) / 1000,
      generatingSeconds: step.firstTokenAt === null ? null : (endedAt - step.firstTokenAt) / 1000,
      promptTokens: event.promptTokens,
      completionTokens: event.completionTokens,
      error: event.error,
      cause: event.cause,
      repairs: event.repairs.length,
      retry: step.retry,
    });
  }
}
