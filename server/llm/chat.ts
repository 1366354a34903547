// Streaming chat with one Ollama model: tokens to a callback, counters at the end.
// Cancellation and idle timeouts go through the fetch signal, so they also work
// before the first byte (the client's own abort() only exists once headers arrive).
import { type AbortableAsyncIterator, type ChatResponse, type Message, Ollama } from 'ollama';

export interface ChatRequest {
  host: string;
  model: string;
  messages: Message[];
  /** A JSON schema for structured output. */
  format?: object;
  /** Aborts the request (campaign cancelled). */
  signal: AbortSignal;
  /** Longest wait for the next chunk before giving up. */
  idleTimeoutMs: number;
  onToken(text: string): void;
}

export interface ChatResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  firstTokenMs: number | null;
  durationMs: number;
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

export async function streamChat(request: ChatRequest): Promise<ChatResult> {
  const started = performance.now();
  const controller = new AbortController();
  const cancel = () => controller.abort(request.signal.reason);
  request.signal.addEventListener('abort', cancel, { once: true });
  let idleTimer: NodeJS.Timeout | undefined;
  const resetIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(
      () => controller.abort(new DOMException(`no answer for ${request.idleTimeoutMs} ms`, 'TimeoutError')),
      request.idleTimeoutMs,
    );
  };
  const client = new Ollama({
    host: request.host,
    fetch: (input, init) => fetch(input, { ...init, signal: controller.signal }),
  });

  let text = '';
  let firstTokenMs: number | null = null;
  let counters = { promptTokens: 0, completionTokens: 0 };
  let stream: AbortableAsyncIterator<ChatResponse> | undefined;
  try {
    if (request.signal.aborted) throw request.signal.reason;
    resetIdleTimer();
    const opened = await client.chat({ model: request.model, messages: request.messages, format: request.format, stream: true });
    stream = opened;
    for await (const chunk of opened) {
      resetIdleTimer();
      const token = chunk.message.content;
      if (token) {
        firstTokenMs ??= performance.now() - started;
        text += token;
        request.onToken(token);
      }
      if (chunk.done) counters = { promptTokens: chunk.prompt_eval_count ?? 0, completionTokens: chunk.eval_count ?? 0 };
    }
    return { text, ...counters, firstTokenMs, durationMs: Math.round(performance.now() - started) };
  } catch (error) {
    // An abort surfaces as whatever the fetch layer threw; report the reason we aborted with.
    throw new ChatError(controller.signal.aborted ? controller.signal.reason : error, text);
  } finally {
    clearTimeout(idleTimer);
    request.signal.removeEventListener('abort', cancel);
    // ollama-js keeps every stream registered until it is aborted (a known leak).
    stream?.abort();
  }
}
