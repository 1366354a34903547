// A thin layer over the `ollama` client: one client per host, a health probe,
// and the translation of Ollama failures into sentences a user can act on.
import { type ModelResponse, Ollama } from 'ollama';

export { Ollama };

export function createOllama(host: string): Ollama {
  return new Ollama({ host });
}

/** Ollama lists "mistral" as "mistral:latest"; a configured name matches either. */
export function sameModel(configured: string, listed: string): boolean {
  const withTag = (name: string) => (name.includes(':') ? name : `${name}:latest`);
  return withTag(configured) === withTag(listed);
}

export interface OllamaProbe {
  reachable: boolean;
  version: string | null;
  models: string[];
  details: ModelResponse[];
  message: string | null;
}

/** Asks Ollama for its version and models, within `timeoutMs`; never throws. */
export async function probeOllama(host: string, timeoutMs = 2000): Promise<OllamaProbe> {
  const client = new Ollama({ host, fetch: (input, init) => fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }) });
  try {
    const [{ version }, { models }] = await Promise.all([client.version(), client.list()]);
    return { reachable: true, version, models: models.map((model) => model.name), details: models, message: null };
  } catch (error) {
    return { reachable: false, version: null, models: [], details: [], message: describeOllamaFailure(error, host) };
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

export type OllamaFailureKind = 'unreachable' | 'broken-stream' | 'model-missing' | 'timeout' | 'aborted' | 'server-error' | 'bad-request';

export function classifyOllamaFailure(error: unknown): OllamaFailureKind {
  if (isResponseError(error)) {
    if (isModelMissing(error)) return 'model-missing';
    return error.status_code >= 500 ? 'server-error' : 'bad-request';
  }
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError') return 'timeout';
  if (name === 'AbortError') return 'aborted';
  // undici reports a connection cut mid-body as "terminated".
  if ((error as Error | undefined)?.message === 'terminated') return 'broken-stream';
  return 'unreachable';
}

/** Some Ollama versions answer a missing model with 404, others with 400: the message tells. */
function isModelMissing(error: OllamaResponseError): boolean {
  return (error.status_code === 404 || error.status_code === 400) && /not found|pull/i.test(error.error);
}

/** Worth another try: the host may come back, a stream may not break twice. */
export function isRetryable(error: unknown): boolean {
  const kind = classifyOllamaFailure(error);
  return kind === 'unreachable' || kind === 'broken-stream' || kind === 'timeout' || kind === 'server-error';
}

export function describeOllamaFailure(error: unknown, host: string, model?: string): string {
  const detail = error instanceof Error ? error.message : String(error);
  switch (classifyOllamaFailure(error)) {
    case 'model-missing':
      return `Ollama at ${host} does not have the model "${model ?? 'requested'}". Pull it with: ollama pull ${model ?? '<model>'}`;
    case 'timeout':
      return `Ollama at ${host} did not answer in time${model ? ` for model "${model}"` : ''}. Check that it is running and not overloaded, or raise LLM_TIMEOUT_MS.`;
    case 'broken-stream':
      return `The stream from Ollama at ${host}${model ? ` (model "${model}")` : ''} broke off before it finished. Check the Ollama server's log.`;
    case 'aborted':
      return 'The request to Ollama was cancelled.';
    case 'server-error':
      return `Ollama at ${host} failed${model ? ` running "${model}"` : ''}: ${detail}`;
    case 'bad-request':
      return `Ollama at ${host} refused the request${model ? ` for "${model}"` : ''}: ${detail}`;
    case 'unreachable':
      return `Cannot reach Ollama at ${host} (${detail}). Start it with "ollama serve" or set OLLAMA_HOST to where it runs.`;
  }
}
