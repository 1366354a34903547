// Streaming chat with one Ollama model: tokens to a callback, counters at the end.
// Cancellation and every timeout go through the fetch signal, so they also work before the
// first byte (the client's own abort() only exists once headers arrive), and the request to
// Ollama is closed however the step stops.
import { type AbortableAsyncIterator, type ChatResponse, type Message, Ollama } from 'ollama';
import { fetchDespiteClosedConnections } from './closed-connection.js';
import { QuietTimer } from './quiet-timer.js';
import { RunawayDetector } from './runaway.js';

export interface ChatLimits {
  /** Longest reply, in tokens (Ollama's num_predict). */
  maxOutputTokens: number;
  /** Context window to load the model with (Ollama's num_ctx): prompt and reply must fit. */
  contextTokens: number;
}

export interface ChatTimeouts {
  /** Longest wait for the first token: the model may be loading, or queued behind others. */
  firstTokenMs: number;
  /** Longest wait for the next chunk once the reply has started. */
  idleMs: number;
  /** Longest the whole reply may take. */
  totalMs: number;
}

export interface ChatRequest {
  host: string;
  model: string;
  messages: Message[];
  /** A JSON schema for structured output. */
  format?: object;
  limits: ChatLimits;
  timeouts: ChatTimeouts;
  /** Aborts the request (campaign cancelled, server stopping). */
  signal: AbortSignal;
  onToken(text: string): void;
  /** A reasoning model's thinking, streamed before its answer: progress, never content. */
  onThinking?(text: string): void;
}

export interface ChatResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  firstTokenMs: number | null;
  durationMs: number;
}

/** What went wrong with a reply that Ollama did deliver. */
export type ReplyFault =
  /** Ollama reported an error inside the stream (status 200, an `{"error": …}` line). */
  | 'reported'
  /** The stream ended without its `done` line (Ollama's repeat stop, a crashed runner). */
  | 'unterminated'
  /** Cut at num_predict (`done_reason: "length"`). */
  | 'truncated'
  | 'empty'
  /** Looping on whitespace or one repeated token. */
  | 'runaway';

export class ReplyError extends Error {
  constructor(
    readonly fault: ReplyFault,
    message: string,
  ) {
    super(message);
    this.name = 'ReplyError';
  }
}

/** A failed chat, with what had streamed before it failed. */
export class ChatError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly partialText: string,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** ollama-js's words when a stream ends without `done`. */
const missingDoneLine = 'Did not receive done or success response in stream.';

/** ollama-js throws a plain Error for an `{"error": …}` line; network failures are TypeErrors or DOMExceptions. */
function asReplyError(error: unknown): unknown {
  if (!(error instanceof Error) || error.constructor !== Error || error.message === 'terminated') return error;
  if (error.message === missingDoneLine) return new ReplyError('unterminated', 'the reply stopped before the model said it was done');
  return new ReplyError('reported', error.message);
}

const timeout = (message: string) => new DOMException(message, 'TimeoutError');

export async function streamChat(request: ChatRequest): Promise<ChatResult> {
  const { timeouts, limits } = request;
  const started = performance.now();
  const controller = new AbortController();
  const cancel = () => controller.abort(request.signal.reason);
  request.signal.addEventListener('abort', cancel, { once: true });
  // Never pushed back: the whole reply's limit, on the server's clock as the idle timeouts are.
  const deadline = new QuietTimer(() => controller.abort(timeout(`the reply took longer than ${timeouts.totalMs} ms`)));
  deadline.waitAtMost(timeouts.totalMs, 'reply');
  const quiet = new QuietTimer((ms, what) => controller.abort(timeout(`no ${what} for ${ms} ms`)));
  const client = new Ollama({
    host: request.host,
    fetch: (input, init) => fetchDespiteClosedConnections(input, { ...init, signal: controller.signal }),
  });

  let text = '';
  let firstTokenMs: number | null = null;
  let counters = { promptTokens: 0, completionTokens: 0 };
  let doneReason: string | undefined;
  const runaway = new RunawayDetector();
  let stream: AbortableAsyncIterator<ChatResponse> | undefined;
  try {
    if (request.signal.aborted) throw request.signal.reason;
    quiet.waitAtMost(timeouts.firstTokenMs, 'first token');
    stream = await client.chat({
      model: request.model,
      messages: request.messages,
      format: request.format,
      stream: true,
      options: { num_predict: limits.maxOutputTokens, num_ctx: limits.contextTokens },
    });
    for await (const chunk of stream) {
      // Reasoning models stream `thinking` first: it is progress, though not content.
      quiet.waitAtMost(firstTokenMs === null ? timeouts.firstTokenMs : timeouts.idleMs, firstTokenMs === null ? 'first token' : 'answer');
      if (chunk.message.thinking) request.onThinking?.(chunk.message.thinking);
      // U+0000 means nothing in text and PostgreSQL cannot store it (in text or jsonb): dropped as it
      // arrives, so that what subscribers see, what is saved and what is replayed agree on every database.
      const token = chunk.message.content?.replaceAll('\u0000', '');
      if (token) {
        firstTokenMs ??= Math.round(performance.now() - started);
        text += token;
        request.onToken(token);
        const looping = runaway.push(token);
        if (looping) throw new ReplyError('runaway', looping);
      }
      if (chunk.done) {
        counters = { promptTokens: chunk.prompt_eval_count ?? 0, completionTokens: chunk.eval_count ?? 0 };
        doneReason = chunk.done_reason;
      }
    }
    if (doneReason === 'length') {
      throw new ReplyError('truncated', `the reply was cut off at the ${limits.maxOutputTokens}-token limit before it was finished`);
    }
    if (text.trim() === '') throw new ReplyError('empty', 'the model sent an empty reply');
    return { text, ...counters, firstTokenMs, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    // An abort surfaces as whatever the fetch layer threw; report the reason we aborted with.
    throw new ChatError(controller.signal.aborted ? controller.signal.reason : asReplyError(error), text);
  } finally {
    quiet.stop();
    deadline.stop();
    request.signal.removeEventListener('abort', cancel);
    // Closes the HTTP request whatever stopped the step (ollama-js also keeps every stream registered until then).
    stream?.abort();
    if (!controller.signal.aborted) controller.abort();
  }
}
