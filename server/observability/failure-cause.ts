// Why a step failed, as a metric label: the step event carries the sentence the user reads
// (describeOllamaFailure in server/llm/ollama.ts, or a malformed verdict), so the cause is read
// back from that sentence's fixed wording. tests/metrics.test.ts holds each sentence to its cause.
import type { OllamaFailureKind } from '../llm/ollama.js';

export type FailureCause = OllamaFailureKind | 'malformed-verdict' | 'interrupted' | 'other';

/** describeOllamaFailure's wording for each kind; first match wins, so narrower phrases come first. */
const sentences: [RegExp, FailureCause][] = [
  [/^Ollama at .* does not have the model /, 'model-missing'],
  [/^Ollama's API was not found at /, 'wrong-path'],
  [/^Ollama at .* did not answer in time/, 'timeout'],
  [/^The stream from Ollama at .* broke off/, 'broken-stream'],
  [/^The request to Ollama was cancelled/, 'aborted'],
  [/does not fit in the memory of the machine running Ollama/, 'out-of-memory'],
  [/ crashed inside Ollama /, 'model-crashed'],
  [/^The prompt is too long for the model/, 'context-too-long'],
  [/ stopped in the middle of its reply/, 'unterminated'],
  [/ reply was too long and was cut off/, 'truncated'],
  [/ sent an empty reply\.$/, 'empty'],
  [/ got stuck \(.*\) and was stopped\.$/, 'runaway'],
  [/^Ollama at .* failed/, 'server-error'],
  [/^Ollama at .* refused the request/, 'bad-request'],
  [/^Cannot reach Ollama at /, 'unreachable'],
  // server/pipeline/reply.ts: a verdict that could not be read or repaired.
  [/^the model's verdict could not be used/, 'malformed-verdict'],
  // server/pipeline/runner.ts shutdownReason: the step is resumed at the next start, the model did nothing wrong.
  [/^The server shut down/, 'interrupted'],
];

export function failureCause(error: string | null): FailureCause {
  if (!error) return 'other';
  return sentences.find(([sentence]) => sentence.test(error))?.[1] ?? 'other';
}
