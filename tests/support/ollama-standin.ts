// A stand-in for Ollama's HTTP API, for tests: no Ollama binary or model weights can
// run here, yet the product must talk to "Ollama" through the real `ollama` client.
// Shapes, status codes and error bodies follow Ollama's docs/api.md and server code,
// so the client cannot tell the difference. Behaviour per chat call is scriptable:
// slow streams, broken streams, error answers, hung requests, fixed replies. What the
// "model" says when nothing is scripted is its persona (see model-persona.ts).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { hashString, looseVerdictSchema, sampleFromJsonSchema } from './json-schema-sample.js';
import { type Persona, type PersonaReply, RealisticModel } from './model-persona.js';
import { contentTypeOf, sampleContent } from './sample-content.js';

export interface ChatRequestSeen {
  model: string;
  messages: { role: string; content: string }[];
  format?: unknown;
  think?: boolean | string; // ollama-js: true/false, or a level ("high") for some models
  stream: boolean;
  options?: Record<string, unknown>;
}

export interface ChatBehaviour {
  reply?: string; // full text to answer with (default: the persona's answer)
  tokenDelayMs?: number; // delay between chunks
  charsPerChunk?: number; // default: one word per chunk, with its leading whitespace
  failAfterChunks?: number; // after N chunks, destroy the connection (a broken stream)
  errorStatus?: number; // answer with Ollama's error body `{"error": ...}` instead
  errorMessage?: string;
  hang?: boolean; // accept the request and never answer (until the client aborts)
  headersDelayMs?: number; // send nothing, not even headers, for this long: a model loading, or queued (OLLAMA_NUM_PARALLEL)
  thinking?: string; // a reasoning model (Ollama >= 0.12.4 thinks by default): streamed as message.thinking first (default: the persona's)
  errorLine?: { afterChunks: number; message: string }; // Ollama's mid-stream error: an {"error": …} line, status 200
  endWithoutDone?: boolean; // the stream ends cleanly but with no done line, as after Ollama's repeat stop
  loopToken?: string; // after the reply, repeat this token until num_predict (done_reason "length") or the client leaves
}

export interface StandInOptions {
  models?: string[]; // present models; filled with defaultStandInModels at start, grown by /api/pull
  version?: string; // default '0.12.3'
  chat?: (request: ChatRequestSeen, callIndex: number) => ChatBehaviour | undefined;
  defaults?: ChatBehaviour;
  embedHang?: boolean; // /api/embed accepts and never answers: a busy or loading embedding model
  persona?: Persona; // what unscripted replies are like: 'realistic' (default, like real 7B models) or 'perfect' (see model-persona.ts)
  seed?: number; // the realistic persona's seed (default 1): same seed and requests, same answers
}

export interface OllamaStandIn {
  url: string;
  port: number;
  options: StandInOptions; // live: tests may change models/chat/defaults between calls
  chatRequests: ChatRequestSeen[]; // every /api/chat request with a valid body, in order
  openChats(): number; // chat responses still open: a client that stopped reading must have closed its request
  close(): Promise<void>;
}

export const defaultStandInModels = ['mistral:latest', 'llama3.1:latest', 'nomic-embed-text:latest'];

const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson';
const MODIFIED_AT = '2025-09-30T10:15:42.123456789Z';
const EMBEDDING_DIMENSIONS = 64;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function startOllamaStandIn(options: StandInOptions = {}, port = 0): Promise<OllamaStandIn> {
  options.models ??= [...defaultStandInModels];
  const openChats = new Set<ServerResponse>();
  const model = new RealisticModel(); // one per stand-in: it counts repeated requests
  const server = createServer((request, response) => {
    if (request.url?.startsWith('/api/chat')) {
      openChats.add(response);
      response.once('close', () => openChats.delete(response));
    }
    handle(standIn, model, request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (!response.headersSent) sendJson(response, status, { error: errorText(error) });
      else response.destroy();
    });
  });
  const standIn: OllamaStandIn = {
    url: '', // set once listening
    port: 0,
    options,
    chatRequests: [],
    openChats: () => openChats.size,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve()); // a second close() resolves too (the callback gets an error)
        server.closeAllConnections(); // keep-alive and hung sockets would hold close() forever
      }),
  };
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  standIn.port = (server.address() as AddressInfo).port;
  standIn.url = `http://127.0.0.1:${standIn.port}`;
  return standIn;
}

async function handle(standIn: OllamaStandIn, model: RealisticModel, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const route = `${request.method === 'HEAD' ? 'GET' : request.method} ${path}`;
  const { options } = standIn;
  switch (route) {
    case 'GET /':
      return sendText(response, 200, 'Ollama is running');
    case 'GET /api/version':
      return sendJson(response, 200, { version: options.version ?? '0.12.3' });
    case 'GET /api/tags':
      return sendJson(response, 200, { models: (options.models ?? []).map(describeModel) });
    case 'GET /api/ps':
      return sendJson(response, 200, { models: [] });
    case 'POST /api/show':
      return show(standIn, await readJson(request), response);
    case 'POST /api/chat':
      return chat(standIn, model, await readJson(request), response);
    case 'POST /api/embed':
      return embed(standIn, await readJson(request), response);
    case 'POST /api/embeddings':
      return embedLegacy(standIn, await readJson(request), response);
    case 'POST /api/pull':
      return pull(standIn, await readJson(request), response);
    default:
      return sendText(response, 404, '404 page not found'); // Ollama's router (gin) says exactly this
  }
}

// --- /api/chat --------------------------------------------------------------------

async function chat(
  standIn: OllamaStandIn,
  persona: RealisticModel,
  body: Record<string, unknown>,
  response: ServerResponse,
): Promise<void> {
  const model = requireModel(body);
  const seen: ChatRequestSeen = {
    model,
    messages: (Array.isArray(body.messages) ? body.messages : []).map((message: unknown) => ({
      role: String(isRecord(message) ? (message.role ?? '') : ''),
      content: String(isRecord(message) ? (message.content ?? '') : ''),
    })),
    stream: body.stream !== false, // Ollama streams unless told not to
  };
  if (body.format !== undefined && body.format !== null && body.format !== '') seen.format = body.format;
  if (isRecord(body.options)) seen.options = body.options;
  if (typeof body.think === 'boolean' || typeof body.think === 'string') seen.think = body.think;
  const callIndex = standIn.chatRequests.push(seen) - 1;

  if (!findModel(standIn, model)) throw new HttpError(404, `model "${model}" not found, try pulling it first`);
  const { options } = standIn;
  const behaviour: ChatBehaviour = { ...definedFields(options.defaults), ...definedFields(options.chat?.(seen, callIndex)) };

  if (behaviour.hang) {
    // Streams get their headers, so the client holds an iterator it can abort().
    if (seen.stream) response.writeHead(200, { 'Content-Type': NDJSON_TYPE }).flushHeaders();
    return; // close() or the client's abort ends the socket
  }
  if (behaviour.headersDelayMs) await delay(behaviour.headersDelayMs);
  if (behaviour.errorStatus !== undefined || behaviour.errorMessage !== undefined) {
    const status = behaviour.errorStatus ?? 500;
    throw new HttpError(status, behaviour.errorMessage ?? defaultErrorMessage(status, model));
  }

  const prompt = seen.messages.map((message) => message.content).join('\n');
  const unscripted = behaviour.reply === undefined ? defaultReply(seen, prompt, persona, options) : undefined;
  const thinking = behaviour.thinking ?? unscripted?.thinking;
  let chunks = splitIntoChunks(behaviour.reply ?? unscripted?.content ?? '', behaviour.charsPerChunk);
  let doneReason = 'stop';
  const numPredict = seen.options?.num_predict;
  if (typeof numPredict === 'number' && numPredict >= 0 && chunks.length > numPredict) {
    chunks = chunks.slice(0, numPredict);
    doneReason = 'length';
  }
  const startedAt = process.hrtime.bigint();
  const delayMs = behaviour.tokenDelayMs ?? 0;
  const failAfter = behaviour.failAfterChunks;
  let clientGone = false;
  response.once('close', () => {
    clientGone = true;
  });
  const message = (content: string, thought?: string) => ({
    model,
    created_at: new Date().toISOString(),
    message: { role: 'assistant', content, ...(thought ? { thinking: thought } : {}) },
  });
  let generated = chunks.length;
  const counters = () => usage(prompt, generated, Number(process.hrtime.bigint() - startedAt), doneReason);

  if (!seen.stream) {
    if (delayMs > 0) await delay(delayMs * chunks.length);
    if (failAfter !== undefined) return void response.socket?.destroy(); // dropped mid-generation
    return sendJson(response, 200, { ...message(chunks.join(''), thinking), ...counters() });
  }

  if (clientGone) return;
  response.writeHead(200, { 'Content-Type': NDJSON_TYPE });
  for (const thought of splitIntoChunks(thinking ?? '')) {
    if (delayMs > 0) await delay(delayMs);
    if (clientGone) return;
    response.write(
      `${JSON.stringify({ model, created_at: new Date().toISOString(), message: { role: 'assistant', content: '', thinking: thought }, done: false })}\n`,
    );
  }
  const sent = Math.min(chunks.length, failAfter ?? chunks.length);
  const { errorLine } = behaviour;
  for (let i = 0; i < sent; i++) {
    if (delayMs > 0 && i > 0) await delay(delayMs);
    if (clientGone) return; // the client aborted: stop generating, like Ollama does
    if (errorLine && i === errorLine.afterChunks) return void response.end(`${JSON.stringify({ error: errorLine.message })}\n`);
    response.write(`${JSON.stringify({ ...message(chunks[i] ?? ''), done: false })}\n`);
  }
  if (errorLine) return void response.end(`${JSON.stringify({ error: errorLine.message })}\n`);
  if (behaviour.loopToken !== undefined) {
    const limit = typeof numPredict === 'number' && numPredict >= 0 ? numPredict : Number.POSITIVE_INFINITY;
    for (; generated < limit; generated++) {
      await delay(delayMs); // at least a turn of the event loop, so an abort can arrive
      if (clientGone) return;
      response.write(`${JSON.stringify({ ...message(behaviour.loopToken), done: false })}\n`);
    }
    doneReason = 'length';
  }
  if (behaviour.endWithoutDone) return void response.end();
  if (failAfter !== undefined) {
    // end() first so the chunks already written still arrive, then cut the connection:
    // no final chunk and no chunked-encoding terminator, i.e. a broken stream.
    response.flushHeaders();
    const socket = response.socket;
    socket?.end(() => socket.destroy());
    return;
  }
  if (delayMs > 0) await delay(delayMs);
  if (clientGone) return;
  response.end(`${JSON.stringify({ ...message(''), ...counters() })}\n`);
}

/** Default: one word per chunk with its leading whitespace, like a tokenizer's stream. */
export function splitIntoChunks(text: string, charsPerChunk?: number): string[] {
  const words = text.match(/\s*\S+(\s+$)?/g) ?? (text === '' ? [] : [text]);
  if (charsPerChunk === undefined || charsPerChunk <= 0) return words;
  const chunks: string[] = [];
  let current = '';
  for (const word of words) {
    if (current !== '' && current.length + word.length > charsPerChunk) {
      chunks.push(current);
      current = '';
    }
    current += word;
    while (current.length > charsPerChunk) {
      // A single word longer than a chunk: cut it.
      chunks.push(current.slice(0, charsPerChunk));
      current = current.slice(charsPerChunk);
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

function usage(prompt: string, evalCount: number, elapsedNs: number, doneReason: string) {
  const promptEvalCount = countWords(prompt);
  // Durations as a modest GPU would report them (~50 tokens/s), or the real wait if longer.
  const loadDuration = 12_500_000;
  const promptEvalDuration = 150_000 * promptEvalCount + 5_000_000;
  const evalDuration = Math.max(elapsedNs, 20_000_000 * evalCount);
  return {
    done: true,
    done_reason: doneReason,
    total_duration: loadDuration + promptEvalDuration + evalDuration,
    load_duration: loadDuration,
    prompt_eval_count: promptEvalCount,
    prompt_eval_duration: promptEvalDuration,
    eval_count: evalCount,
    eval_duration: evalDuration,
  };
}

function defaultReply(seen: ChatRequestSeen, prompt: string, persona: RealisticModel, options: StandInOptions): PersonaReply {
  if ((options.persona ?? 'realistic') === 'realistic') return persona.answer(seen, options.seed ?? 1);
  if (seen.format === 'json') return { content: JSON.stringify(sampleFromJsonSchema(looseVerdictSchema, prompt), null, 2) };
  if (isRecord(seen.format)) return { content: JSON.stringify(sampleFromJsonSchema(seen.format, prompt), null, 2) };
  return { content: sampleContent[contentTypeOf(prompt)] };
}

function defaultErrorMessage(status: number, model: string): string {
  if (status === 404) return `model "${model}" not found, try pulling it first`;
  if (status === 500) return 'llama runner process has terminated: exit status 2';
  if (status === 503) return 'server busy, please try again.  maximum pending requests exceeded';
  return (STATUS_CODES[status] ?? 'error').toLowerCase();
}

// --- models: tags, show, pull ---------------------------------------------------------

interface ModelFacts {
  family: string;
  parameterSize: string;
  quantization: string;
  size: number;
  embedding: boolean;
}

const knownModels: Record<string, ModelFacts> = {
  mistral: { family: 'llama', parameterSize: '7.2B', quantization: 'Q4_K_M', size: 4_372_824_384, embedding: false },
  'llama3.1': { family: 'llama', parameterSize: '8.0B', quantization: 'Q4_K_M', size: 4_920_753_328, embedding: false },
  'nomic-embed-text': { family: 'nomic-bert', parameterSize: '137M', quantization: 'F16', size: 274_302_450, embedding: true },
};

function modelFacts(name: string): ModelFacts {
  const base = normaliseModelName(name).replace(/:[^:/]*$/, '');
  return (
    knownModels[base] ?? {
      family: 'llama',
      parameterSize: '7B',
      quantization: 'Q4_K_M',
      size: 4_109_865_159,
      embedding: /embed/.test(base),
    }
  );
}

/** "mistral" ≡ "Mistral" ≡ "library/mistral" ≡ "registry.ollama.ai/library/mistral:latest", as Ollama resolves them. */
export function normaliseModelName(name: string): string {
  return displayModelName(name).toLowerCase();
}

/** The name /api/tags shows: default registry and namespace dropped, ":latest" added, case kept as pulled. */
export function displayModelName(name: string): string {
  const short = name.trim().replace(/^(registry\.ollama\.ai\/)?library\//i, '');
  return /:[^/]*$/.test(short) ? short : `${short}:latest`;
}

function findModel(standIn: OllamaStandIn, name: string): string | undefined {
  const wanted = normaliseModelName(name);
  return (standIn.options.models ?? []).find((present) => normaliseModelName(present) === wanted);
}

function digestOf(name: string): string {
  return createHash('sha256').update(normaliseModelName(name)).digest('hex');
}

function modelDetails(name: string) {
  const facts = modelFacts(name);
  return {
    parent_model: '',
    format: 'gguf',
    family: facts.family,
    families: [facts.family],
    parameter_size: facts.parameterSize,
    quantization_level: facts.quantization,
  };
}

function describeModel(name: string) {
  const model = displayModelName(name);
  return { name: model, model, modified_at: MODIFIED_AT, size: modelFacts(name).size, digest: digestOf(name), details: modelDetails(name) };
}

function show(standIn: OllamaStandIn, body: Record<string, unknown>, response: ServerResponse): void {
  const model = requireModel(body);
  if (!findModel(standIn, model)) throw new HttpError(404, `model '${model}' not found`); // /api/show's own wording
  const facts = modelFacts(model);
  const digest = digestOf(model);
  sendJson(response, 200, {
    license: 'Apache License\nVersion 2.0, January 2004',
    modelfile: `# Modelfile generated by "ollama show"\n# To build a new Modelfile based on this, replace FROM with:\n# FROM ${normaliseModelName(model)}\n\nFROM /root/.ollama/models/blobs/sha256-${digest}\n`,
    parameters: facts.embedding
      ? 'num_ctx                        8192'
      : 'stop                           "[INST]"\nstop                           "[/INST]"',
    template: facts.embedding ? '{{ .Prompt }}' : '{{- range .Messages }}[INST] {{ .Content }}[/INST]{{ end }}',
    details: modelDetails(model),
    model_info: {
      'general.architecture': facts.family,
      'general.parameter_count': Math.round(Number.parseFloat(facts.parameterSize) * (facts.parameterSize.endsWith('M') ? 1e6 : 1e9)),
      [`${facts.family}.context_length`]: facts.embedding ? 2048 : 32768,
      [`${facts.family}.embedding_length`]: facts.embedding ? 768 : 4096,
    },
    capabilities: facts.embedding ? ['embedding'] : ['completion', 'tools'],
    modified_at: MODIFIED_AT,
  });
}

async function pull(standIn: OllamaStandIn, body: Record<string, unknown>, response: ServerResponse): Promise<void> {
  // ollama-js sends the name as `name`; the docs now say `model`. Ollama accepts both.
  const model = requireModel({ model: body.model ?? body.name });
  const add = () => {
    if (findModel(standIn, model)) return;
    standIn.options.models ??= [];
    standIn.options.models.push(displayModelName(model));
  };
  if (body.stream === false) {
    add();
    return sendJson(response, 200, { status: 'success' });
  }
  const digest = `sha256:${digestOf(model)}`;
  const total = modelFacts(model).size;
  response.writeHead(200, { 'Content-Type': NDJSON_TYPE });
  const steps: Record<string, unknown>[] = [
    { status: 'pulling manifest' },
    ...[0, 0.25, 0.5, 0.75, 1].map((share) => ({
      status: `pulling ${digest.slice(7, 19)}`, // Ollama's own progress wording
      digest,
      total,
      completed: Math.round(total * share),
    })),
    { status: 'verifying sha256 digest' },
    { status: 'writing manifest' },
  ];
  for (const step of steps) response.write(`${JSON.stringify(step)}\n`);
  add(); // before "success", so a list() right after sees the model
  response.end(`${JSON.stringify({ status: 'success' })}\n`);
}

// --- embeddings -----------------------------------------------------------------------

const stopWords = new Set('a an and are as at be by for from has in is it its of on or that the this to was with'.split(' '));

/** Hashed bag of words, L2-normalised: texts sharing words get a high cosine similarity. */
export function embedText(text: string, dimensions = EMBEDDING_DIMENSIONS): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !stopWords.has(word));
  for (const word of words.length > 0 ? words : ['<empty>']) {
    const hash = hashString(word.replace(/s$/, '')); // crude stemming: "habits" ≈ "habit"
    const slot = hash % dimensions;
    vector[slot] = (vector[slot] ?? 0) + (hash & 0x10000 ? 1 : -1);
  }
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

function embed(standIn: OllamaStandIn, body: Record<string, unknown>, response: ServerResponse): void {
  const model = requireModel(body);
  if (!findModel(standIn, model)) throw new HttpError(404, `model "${model}" not found, try pulling it first`);
  const inputs = typeof body.input === 'string' ? [body.input] : (body.input ?? []);
  if (!Array.isArray(inputs) || !inputs.every((input) => typeof input === 'string')) {
    throw new HttpError(400, 'invalid input type');
  }
  if (standIn.options.embedHang) return; // the client's abort or close() ends the socket
  const dimensions = typeof body.dimensions === 'number' && body.dimensions > 0 ? body.dimensions : EMBEDDING_DIMENSIONS;
  const promptEvalCount = inputs.reduce((sum, input) => sum + countWords(input), 0);
  sendJson(response, 200, {
    model,
    embeddings: inputs.map((input) => embedText(input, dimensions)),
    total_duration: 14_000_000 + 1_000_000 * inputs.length,
    load_duration: 2_500_000,
    prompt_eval_count: promptEvalCount,
  });
}

/** The older single-prompt endpoint, still served by Ollama. */
function embedLegacy(standIn: OllamaStandIn, body: Record<string, unknown>, response: ServerResponse): void {
  const model = requireModel(body);
  if (!findModel(standIn, model)) throw new HttpError(404, `model "${model}" not found, try pulling it first`);
  sendJson(response, 200, { embedding: embedText(typeof body.prompt === 'string' ? body.prompt : '') });
}

// --- HTTP plumbing --------------------------------------------------------------------

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  if (text.trim() === '') throw new HttpError(400, 'missing request body'); // Ollama's wording
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, `invalid JSON: ${errorText(error)}`);
  }
  if (!isRecord(body)) throw new HttpError(400, 'invalid request body: expected a JSON object');
  return body;
}

function requireModel(body: Record<string, unknown>): string {
  if (typeof body.model !== 'string' || body.model.trim() === '') throw new HttpError(400, 'model is required');
  return body.model;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': JSON_TYPE }).end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drop undefined fields, so `{ reply: undefined }` from chat() does not erase a default. */
function definedFields(behaviour: ChatBehaviour | undefined): ChatBehaviour {
  return Object.fromEntries(Object.entries(behaviour ?? {}).filter(([, value]) => value !== undefined));
}

function countWords(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
