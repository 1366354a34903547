// Campaign events: one ordered, gap-free log per campaign that any number of
// subscribers follow from any point (late joiners first get what they missed).
import type {
  AgentRole,
  ApprovalDecisionKind,
  ApprovalGate,
  CampaignStatus,
  ScoreExplanation,
  ScoreStage,
  Scores,
  StepFailureCause,
  StepStatus,
} from './types.js';

interface EventBase {
  /** The campaign's run this event belongs to; seq counts within a run. */
  run: number;
  seq: number;
  campaignId: string;
  at: Date;
}

export type CampaignEvent = EventBase &
  (
    | { type: 'StepStarted'; role: AgentRole; attempt: number; model: string; stage: ScoreStage }
    | { type: 'TokenChunk'; role: AgentRole; attempt: number; text: string; chunks: number }
    | { type: 'ThinkingChunk'; role: AgentRole; attempt: number; text: string; chunks: number }
    | {
        type: 'StepCompleted';
        role: AgentRole;
        attempt: number;
        status: StepStatus;
        score: number | null;
        passed: boolean | null;
        feedback: string[];
        promptTokens: number;
        completionTokens: number;
        durationMs: number;
        error: string | null;
        repairs: string[];
        /** Why it did not complete (null when it did); not part of the API, read by metrics and traces. */
        cause: StepFailureCause | null;
        /** A saved step told again (a resume, a replay), not run now. */
        replayed: boolean;
      }
    | { type: 'RevisionRequested'; round: number; score: number | null; feedback: string[] }
    | { type: 'RevisionLimitReached'; rounds: number; score: number | null; feedback: string[] }
    | { type: 'DraftKept'; reason: string }
    | { type: 'ScoresUpdated'; stage: ScoreStage; scores: Scores; feedback: ScoreExplanation[] }
    | { type: 'ApprovalRequested'; gate: ApprovalGate; content: string }
    | {
        type: 'ApprovalDecided';
        gate: ApprovalGate;
        decision: ApprovalDecisionKind;
        by: string | null;
        edited: boolean;
        note: string | null;
        refinement: boolean;
      }
    | { type: 'CampaignFinished'; status: CampaignStatus; error: string | null }
  );

/** The events after which a run's stream ends: the campaign finished, or it waits for a person. */
const lastEventTypes: ReadonlySet<CampaignEvent['type']> = new Set(['CampaignFinished', 'ApprovalRequested']);

/** Whether a run's stream ends with this event (a decision at a gate starts a new run). */
export const endsRun = (event: Pick<CampaignEvent, 'type'>): boolean => lastEventTypes.has(event.type);

type DistributiveOmit<T, K extends keyof EventBase> = T extends unknown ? Omit<T, K> : never;
export type NewCampaignEvent = DistributiveOmit<CampaignEvent, keyof EventBase>;
type NewChunk = Extract<NewCampaignEvent, { type: 'TokenChunk' | 'ThinkingChunk' }>;

export interface EventLogOptions {
  /** Told of every event as it is appended (the pipeline's observers: metrics, traces). */
  onAppend?: (event: CampaignEvent) => void;
  /**
   * Model chunks of one step that arrive within one turn of the event loop become one
   * event: an idle server still sends each token at once, a busy one fewer, larger events.
   */
  mergeChunks?: boolean;
}

export class CampaignEventLog {
  readonly events: CampaignEvent[] = [];
  /** Followers waiting for the next event: each is woken once, then forgotten. */
  readonly #waiting = new Set<() => void>();

  /** A chunk held until the event loop's turn ends, growing with the chunks that follow it. */
  #heldChunk: NewChunk | null = null;

  constructor(
    readonly campaignId: string,
    readonly run: number,
    private readonly options: EventLogOptions = {},
  ) {}

  /** A finished run's log as it was kept, to be followed like the live one was. */
  static restored(campaignId: string, run: number, events: CampaignEvent[]): CampaignEventLog {
    const log = new CampaignEventLog(campaignId, run);
    log.events.push(...events);
    return log;
  }

  /** The run has ended: the campaign finished, or stopped at a gate (a decision starts a new run). */
  get finished(): boolean {
    const last = this.events.at(-1);
    return last !== undefined && endsRun(last);
  }

  append(event: NewCampaignEvent): void {
    if (this.finished) throw new Error(`campaign ${this.campaignId} has already finished`);
    if (this.options.mergeChunks && (event.type === 'TokenChunk' || event.type === 'ThinkingChunk')) {
      this.#hold(event);
      return;
    }
    this.#releaseHeldChunk();
    this.#publish(event);
  }

  #hold(chunk: NewChunk): void {
    const held = this.#heldChunk;
    if (held?.type === chunk.type && held.role === chunk.role && held.attempt === chunk.attempt) {
      held.text += chunk.text;
      held.chunks += chunk.chunks;
      return;
    }
    this.#releaseHeldChunk();
    this.#heldChunk = { ...chunk };
    setImmediate(() => this.#releaseHeldChunk());
  }

  #releaseHeldChunk(): void {
    const held = this.#heldChunk;
    this.#heldChunk = null;
    if (held) this.#publish(held);
  }

  #publish(event: NewCampaignEvent): void {
    const full = { ...event, run: this.run, seq: this.events.length + 1, campaignId: this.campaignId, at: new Date() } as CampaignEvent;
    this.events.push(full);
    for (const wake of this.#waiting) wake();
    this.#waiting.clear();
    this.options.onAppend?.(full);
  }

  /**
   * Every event after `afterSeq`, then live ones; done after CampaignFinished or ApprovalRequested.
   * A plain iterator rather than a generator so that `return()` (a subscriber
   * leaving) takes effect at once, even while it waits for the next event.
   */
  follow(afterSeq = 0): AsyncIterableIterator<CampaignEvent> {
    let next = Math.max(0, afterSeq);
    let closed = false;
    let wakeSelf: (() => void) | null = null;
    const done = { value: undefined, done: true } as const;
    return {
      next: async () => {
        while (!closed) {
          const event = this.events[next];
          if (event) {
            next += 1;
            return { value: event, done: false };
          }
          if (this.finished) break;
          await new Promise<void>((resolve) => {
            wakeSelf = resolve;
            this.#waiting.add(resolve);
          });
          wakeSelf = null;
        }
        return done;
      },
      return: async () => {
        closed = true;
        if (wakeSelf) {
          this.#waiting.delete(wakeSelf);
          wakeSelf();
        }
        return done;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }
}
