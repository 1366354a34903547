// A thin layer over the `ollama` client: one client per host, a health probe,
// and the translation of Ollama failures into sentences a user can act on.
import { type ModelResponse, Ollama } from 'ollama';
import { ReplyError } from './chat.js';
import { fetchDespiteClosedConnections } from './closed-connection.js';
import { serverTimeout } from './quiet-timer.js';

export { Ollama };

export function createOllama(host: string): Ollama {
  return new Ollama({ host });
}

export { sameModel } from './ollama-names.js';

export interface OllamaProbe {
  reachable: boolean;
  version: string | null;
  models: string[];
  details: ModelResponse[];
  message: string | null;
  /** Why it did not answer, for classifyOllamaFailure; null when it did. */
  failure: unknown;
}

/** Asks Ollama for its version and models, within `timeoutMs`; never throws. */
export async function probeOllama(host: string, timeoutMs = 2000): Promise<OllamaProbe> {
  // On the server's clock: a probe answered while the server was too busy to read it is not late.
  const deadline = serverTimeout(timeoutMs);
  const client = new Ollama({
    host,
    // A connection of its own, closed after: a probe's socket is never reused by a model's stream.
    fetch: (input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('connection', 'close');
      return fetchDespiteClosedConnections(input, { ...init, headers, signal: deadline.signal });
    },
  });
  try {
    const [{ version }, { models }] = await Promise.all([client.version(), client.list()]);
    return { reachable: true, version, models: models.map((model) => model.name), details: models, message: null, failure: null };
  } catch (error) {
    return { reachable: false, version: null, models: [], details: [], message: describeOllamaFailure(error, host), failure: error };
  } finally {
    deadline.stop();
  }
}

/**
 * No configured host could take a request: none answered (`cause` is why the first did not), or
 * those that answered lack the model. `hosts` names them for the message.
 */
export class NoOllamaHost extends Error {
  constructor(
    readonly kind: 'unreachable' | 'model-missing',
    readonly hosts: string,
    override readonly cause: unknown,
  ) {
    super(kind === 'model-missing' ? `no host at ${hosts} has the model` : `no host at ${hosts} answered`);
    this.name = 'NoOllamaHost';
  }
}

/** The client's ResponseError (an HTTP error answer); the package does not export the class. */
interface OllamaResponseError extends Error {
  error: string;
  status_code: number;
}

function isResponseError(error: unknown): error is OllamaResponseError {
  return error instanceof Error && error.name === 'ResponseError' && typeof (error as OllamaResponseError).status_code === 'number';
}

export type OllamaFailureKind =
  | 'unreachable'
  | 'wrong-path'
  | 'broken-stream'
  | 'model-missing'
  | 'timeout'
  | 'aborted'
  | 'out-of-memory'
  | 'model-crashed'
  | 'context-too-long'
  | 'server-error'
  | 'bad-request'
  | 'unterminated'
  | 'truncated'
  | 'empty'
  | 'runaway';

/** What Ollama's own error messages mean (server/routes.go, llm/server.go), whatever status carried them. */
function kindOfMessage(message: string): OllamaFailureKind | null {
  if (/requires more system memory|out of memory|insufficient memory|cudaMalloc failed|unable to allocate/i.test(message))
    return 'out-of-memory';
  if (/runner process has terminated|runner has unexpectedly stopped|process has terminated|exit status|signal: killed/i.test(message)) {
    return 'model-crashed';
  }
  if (/context length|exceeds the context|input length exceeds|too many tokens/i.test(message)) return 'context-too-long';
  if (/model ['"].*['"] not found|try pulling it first|file does not exist/i.test(message)) return 'model-missing';
  return null;
}

export function classifyOllamaFailure(error: unknown): OllamaFailureKind {
  if (error instanceof NoOllamaHost) return error.kind === 'model-missing' ? 'model-missing' : classifyOllamaFailure(error.cause);
  if (error instanceof ReplyError) {
    return error.fault === 'reported' ? (kindOfMessage(error.message) ?? 'server-error') : error.fault;
  }
  if (isResponseError(error)) {
    // Gin's answer for a path it does not serve: OLLAMA_HOST points below Ollama's root (such as /v1).
    if (error.status_code === 404 && /^404 page not found/i.test(error.error.trim())) return 'wrong-path';
    const known = kindOfMessage(error.error);
    if (known) return known;
    return error.status_code >= 500 ? 'server-error' : 'bad-request';
  }
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return 'aborted';
  // undici reports a connection cut mid-body as "terminated".
  if ((error as Error | undefined)?.message === 'terminated') return 'broken-stream';
  return 'unreachable';
}

const retryableKinds: ReadonlySet<OllamaFailureKind> = new Set([
  'unreachable',
  'broken-stream',
  'timeout',
  'server-error',
  'model-crashed',
  'unterminated',
  'truncated',
  'empty',
  'runaway',
]);

/** Worth another try: the host may come back, a crashed runner restarts, a sampled reply differs next time. */
export function isRetryable(error: unknown): boolean {
  return retryableKinds.has(classifyOllamaFailure(error));
}

/** Replies the model got wrong (cut off, empty, looping) while its host answered as it should. */
const replyFaultKinds: ReadonlySet<OllamaFailureKind> = new Set(['truncated', 'empty', 'runaway']);

/** A fault of the reply, not of the host: waiting would not make the next sample better. */
export function isReplyFault(error: unknown): boolean {
  return replyFaultKinds.has(classifyOllamaFailure(error));
}

export function describeOllamaFailure(error: unknown, host: string, model?: string, pullCommand = 'ollama pull'): string {
  if (error instanceof NoOllamaHost) {
    // Told as the first host's failure (or the missing model), naming every host that was asked.
    return error.kind === 'unreachable'
      ? describeOllamaFailure(error.cause, error.hosts, model, pullCommand)
      : describeFailure(error, error.hosts, model, pullCommand);
  }
  return describeFailure(error, host, model, pullCommand);
}

function describeFailure(error: unknown, host: string, model?: string, pullCommand = 'ollama pull'): string {
  const detail = error instanceof Error ? error.message : String(error);
  const named = model ? ` "${model}"` : '';
  switch (classifyOllamaFailure(error)) {
    case 'model-missing':
      return `Ollama at ${host} does not have the model "${model ?? 'requested'}". Pull it with: ${pullCommand} ${model ?? '<model>'}`;
    case 'wrong-path':
      return `Ollama's API was not found at ${host} (404 page not found). Set OLLAMA_HOST to the server's root, such as http://127.0.0.1:11434, without /v1 or /api.`;
    case 'timeout':
      return `Ollama at ${host} did not answer in time${model ? ` for model "${model}"` : ''} (${detail}). Check that it is running and not overloaded, or raise LLM_TIMEOUT_MS, LLM_FIRST_TOKEN_TIMEOUT_MS or LLM_STEP_TIMEOUT_MS.`;
    case 'broken-stream':
      return `The stream from Ollama at ${host}${model ? ` (model "${model}")` : ''} broke off before it finished. Check the Ollama server's log.`;
    case 'aborted':
      return 'The request to Ollama was cancelled.';
    case 'out-of-memory':
      return `The model${named} does not fit in the memory of the machine running Ollama (${detail}). Use a smaller model or quantisation, or free memory.`;
    case 'model-crashed':
      return `The model${named} crashed inside Ollama (${detail}). Check the Ollama server's log; it often means too little memory.`;
    case 'context-too-long':
      return `The prompt is too long for the model${named}'s context window (${detail}). Shorten the brief or the brand guidelines, or raise LLM_MAX_CONTEXT_TOKENS.`;
    case 'unterminated':
      return `The model${named} stopped in the middle of its reply (Ollama ends a reply stuck on one token this way).`;
    case 'truncated':
      return `The model${named}'s reply was too long and was cut off (${detail}). Raise LLM_MAX_OUTPUT_TOKENS, or ask for shorter content.`;
    case 'empty':
      return `The model${named} sent an empty reply.`;
    case 'runaway':
      return `The model${named} got stuck (${detail}) and was stopped.`;
    case 'server-error':
      return `Ollama at ${host} failed${model ? ` running "${model}"` : ''}: ${detail}`;
    case 'bad-request':
      return `Ollama at ${host} refused the request${model ? ` for "${model}"` : ''}: ${detail}`;
    case 'unreachable':
      return `Cannot reach Ollama at ${host} (${detail}). Start it with "ollama serve" or set OLLAMA_HOST to where it runs.`;
  }
}
