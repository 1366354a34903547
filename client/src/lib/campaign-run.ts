// The live view's state, folded from a campaign's event stream. Pure: the same events
// give the same run, and an event whose seq was already applied changes nothing, so a
// stream resumed after a dropped connection never duplicates text.
import {
  type AgentRole,
  type AgentStep,
  type ApprovalGate,
  agentRoles,
  type CampaignEvent,
  type CampaignStatus,
  type ScoreExplanation,
  type ScoreStage,
  type Scores,
  type StepStatus,
} from './types.js';

/** One attempt of one agent: a first draft, a revision, a retry after a failure. */
export interface AgentAttempt {
  role: AgentRole;
  attempt: number;
  model: string;
  status: StepStatus;
  /** The revision round this Content Creator attempt answers, if it is a revision. */
  revisionRound: number | null;
  /** DRAFT, or FINAL: the Optimizer's rewrite and the reviewers' final review of it. */
  stage: ScoreStage;
  text: string;
  /** A reasoning model's thinking before its answer (not part of the text). */
  thinking: string;
  chunks: number;
  /** Server clock, epoch ms. */
  startedAt: number;
  lastChunkAt: number | null;
  score: number | null;
  passed: boolean | null;
  feedback: string[];
  promptTokens: number;
  completionTokens: number;
  durationMs: number | null;
  error: string | null;
}

export interface RevisionRequest {
  round: number;
  score: number | null;
  feedback: string[];
}

export interface StageScores {
  scores: Scores;
  explanations: ScoreExplanation[];
}

export interface CampaignRun {
  /** The server's run these events belong to (0 before the first event). */
  run: number;
  lastSeq: number;
  attempts: AgentAttempt[];
  revisions: RevisionRequest[];
  scores: Partial<Record<ScoreStage, StageScores>>;
  finished: { status: CampaignStatus; error: string | null } | null;
  /** The run stopped at an approval gate: what waits for a person (the stream ends here too). */
  awaiting: { gate: ApprovalGate; content: string } | null;
  /** The Brand Manager still wanted changes when the revision rounds ran out. */
  revisionLimit: RevisionRequest | null;
  /** Why the reviewed draft is the content instead of the Optimizer's rewrite. */
  draftKept: string | null;
  /**
   * An event named an attempt whose start this run never saw: the stream is not the one
   * the run was folded from (the server restarted and numbers its events afresh), so the
   * run must be folded again from seq 0.
   */
  outOfStep: boolean;
}

export const emptyRun: CampaignRun = {
  run: 0,
  lastSeq: 0,
  attempts: [],
  revisions: [],
  scores: {},
  finished: null,
  awaiting: null,
  revisionLimit: null,
  draftKept: null,
  outOfStep: false,
};

export function applyEvent(current: CampaignRun, event: CampaignEvent): CampaignRun {
  // A new run (a retry, or a resume after a server restart) is told from its first event.
  const newRun = current.run !== 0 && event.run !== current.run;
  const run = newRun ? { ...emptyRun, run: event.run } : current;
  if (event.seq <= run.lastSeq) return run;
  const next: CampaignRun = { ...run, run: event.run, lastSeq: event.seq, outOfStep: run.outOfStep || (newRun && event.seq !== 1) };
  const at = Date.parse(event.at);
  switch (event.__typename) {
    case 'StepStarted': {
      const answered = event.role === 'CONTENT_CREATOR' ? unansweredRevision(run) : null;
      const started: AgentAttempt = {
        ...blankAttempt(event.role, event.attempt, at),
        model: event.model,
        stage: event.stage,
        revisionRound: answered?.round ?? null,
      };
      next.attempts = [...run.attempts.filter((step) => !sameAttempt(step, event)), started];
      return next;
    }
    case 'TokenChunk':
      next.outOfStep ||= !run.attempts.some((step) => sameAttempt(step, event));
      next.attempts = updateAttempt(run.attempts, event, at, (step) => ({
        ...step,
        text: step.text + event.text,
        chunks: step.chunks + event.chunks,
        lastChunkAt: at,
      }));
      return next;
    case 'ThinkingChunk':
      next.outOfStep ||= !run.attempts.some((step) => sameAttempt(step, event));
      next.attempts = updateAttempt(run.attempts, event, at, (step) => ({
        ...step,
        thinking: step.thinking + event.text,
        lastChunkAt: at,
      }));
      return next;
    case 'StepCompleted':
      next.outOfStep ||= !run.attempts.some((step) => sameAttempt(step, event));
      next.attempts = updateAttempt(run.attempts, event, at, (step) => ({
        ...step,
        status: event.stepStatus,
        score: event.score,
        passed: event.passed,
        feedback: event.feedback,
        promptTokens: event.promptTokens,
        completionTokens: event.completionTokens,
        durationMs: event.durationMs,
        error: event.error,
      }));
      return next;
    case 'RevisionRequested':
      next.revisions = [...run.revisions, { round: event.round, score: event.score, feedback: event.feedback }];
      return next;
    case 'RevisionLimitReached':
      next.revisionLimit = { round: event.rounds, score: event.score, feedback: event.feedback };
      return next;
    case 'DraftKept':
      next.draftKept = event.reason;
      return next;
    case 'ScoresUpdated':
      next.scores = { ...run.scores, [event.stage]: { scores: event.scores, explanations: event.explanations } };
      return next;
    case 'ApprovalRequested':
      next.awaiting = { gate: event.gate, content: event.content };
      return next;
    case 'CampaignFinished':
      next.finished = { status: event.status, error: event.error };
      return next;
    default:
      return next; // an event type this client does not know yet: skip it, keep the seq
  }
}

export function foldEvents(run: CampaignRun, events: Iterable<CampaignEvent>): CampaignRun {
  let folded = run;
  for (const event of events) folded = applyEvent(folded, event);
  return folded;
}

/** retrying: the last attempt failed and the campaign goes on (another attempt follows); skipped: the campaign ended before the agent's turn. */
export type AgentState = 'waiting' | 'running' | 'revising' | 'retrying' | 'done' | 'failed' | 'cancelled' | 'skipped';

export interface AgentView {
  role: AgentRole;
  state: AgentState;
  attempts: AgentAttempt[];
  latest: AgentAttempt | null;
}

/** Each agent in pipeline order with its attempts and where it stands. */
export function agentViews(run: CampaignRun): AgentView[] {
  return agentRoles.map((role) => {
    const attempts = run.attempts.filter((step) => step.role === role).sort((a, b) => a.attempt - b.attempt);
    const latest = attempts.at(-1) ?? null;
    return { role, state: agentState(run, role, latest), attempts, latest };
  });
}

function agentState(run: CampaignRun, role: AgentRole, latest: AgentAttempt | null): AgentState {
  if (role === 'CONTENT_CREATOR' && !run.finished && unansweredRevision(run)) return 'revising';
  if (!latest) return run.finished ? 'skipped' : 'waiting';
  switch (latest.status) {
    case 'RUNNING':
      if (run.finished) return run.finished.status === 'CANCELLED' ? 'cancelled' : 'failed';
      return latest.revisionRound !== null ? 'revising' : 'running';
    case 'COMPLETED':
      return 'done';
    case 'CANCELLED':
      return 'cancelled';
    default:
      return run.finished ? 'failed' : 'retrying';
  }
}

/** The latest revision request the Content Creator has not started on yet. */
function unansweredRevision(run: CampaignRun): RevisionRequest | null {
  const request = run.revisions.at(-1);
  if (!request) return null;
  const answered = run.attempts.some((step) => step.role === 'CONTENT_CREATOR' && step.revisionRound === request.round);
  return answered ? null : request;
}

/** Tokens per second: from the model's counts once done, else from chunks so far. */
export function tokensPerSecond(step: AgentAttempt, now: number): number | null {
  if (step.status !== 'RUNNING' && step.durationMs && step.completionTokens > 0) {
    return (step.completionTokens * 1000) / step.durationMs;
  }
  const end = step.status === 'RUNNING' ? Math.max(now, step.lastChunkAt ?? 0) : (step.lastChunkAt ?? now);
  const seconds = (end - step.startedAt) / 1000;
  return step.chunks > 0 && seconds > 0 ? step.chunks / seconds : null;
}

/** Milliseconds the attempt has run (or ran). */
export function elapsedMs(step: AgentAttempt, now: number): number {
  if (step.status !== 'RUNNING' && step.durationMs !== null) return step.durationMs;
  return Math.max(0, Math.max(now, step.lastChunkAt ?? 0) - step.startedAt);
}

/**
 * The run's attempts and, before them, the saved attempts of earlier runs that this run's events do
 * not hold: after a retry the stream starts afresh, yet what the agents did before stays on screen
 * (and agents finished in an earlier run show as done, not waiting). Saved attempts carry no times:
 * they are history, not part of this run's clock.
 */
export function withSavedSteps(run: CampaignRun, steps: AgentStep[]): CampaignRun {
  const earlier = steps
    // A saved step still running belongs to the live run, whose events bring it with its clock.
    .filter((step) => step.status !== 'RUNNING' && !run.attempts.some((attempt) => sameAttempt(attempt, step)))
    .map(
      (step): AgentAttempt => ({
        ...blankAttempt(step.role, step.attempt, 0),
        model: step.model,
        status: step.status,
        stage: step.stage,
        text: step.output,
        score: step.score,
        passed: step.passed,
        feedback: step.feedback,
        promptTokens: step.promptTokens,
        completionTokens: step.completionTokens,
        durationMs: step.durationMs,
        error: step.error,
      }),
    );
  return earlier.length === 0 ? run : { ...run, attempts: [...earlier, ...run.attempts] };
}

function blankAttempt(role: AgentRole, attempt: number, at: number): AgentAttempt {
  return {
    role,
    attempt,
    model: '',
    status: 'RUNNING',
    revisionRound: null,
    stage: 'DRAFT',
    text: '',
    thinking: '',
    chunks: 0,
    startedAt: at,
    lastChunkAt: null,
    score: null,
    passed: null,
    feedback: [],
    promptTokens: 0,
    completionTokens: 0,
    durationMs: null,
    error: null,
  };
}

function sameAttempt(step: AgentAttempt, key: { role: AgentRole; attempt: number }): boolean {
  return step.role === key.role && step.attempt === key.attempt;
}

function updateAttempt(
  attempts: AgentAttempt[],
  key: { role: AgentRole; attempt: number },
  at: number,
  change: (step: AgentAttempt) => AgentAttempt,
): AgentAttempt[] {
  const index = attempts.findIndex((step) => sameAttempt(step, key));
  // A chunk whose StepStarted this client never saw still gets a panel.
  if (index === -1) return [...attempts, change(blankAttempt(key.role, key.attempt, at))];
  return attempts.map((step, position) => (position === index ? change(step) : step));
}
