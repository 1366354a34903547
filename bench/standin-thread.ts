// The Ollama stand-in in its own thread, as Ollama is its own process. Scripted per phase
// (token delay, prose length), it hangs the chat calls of gate campaigns (queue-gate.ts)
// and can record the moment it writes each streamed chunk, for the latency phase.
import { ServerResponse } from 'node:http';
import { type ChatRequestSeen, type OllamaStandIn, splitIntoChunks, startOllamaStandIn } from '../tests/support/ollama-standin.js';
import { sampleContent } from '../tests/support/sample-content.js';
import { nowMs } from './clock.js';
import { gateBrief } from './queue-gate.js';
import { exposeToMainThread } from './threads.js';

export interface StandInScript {
  tokenDelayMs: number;
  /** Cut prose replies to this many chunks (words); the full ~800-word blog sample when absent. */
  proseChunks?: number;
  /** Record the time of every chunk written (costs a little; the latency phase only). */
  recordWrites?: boolean;
}

let standIn: OllamaStandIn | undefined;
let script: StandInScript = { tokenDelayMs: 0 };
let writes: number[] = [];
let hungGateCalls = 0;
let requestsTaken = 0;

const isGateCall = (request: ChatRequestSeen) => request.messages.some((message) => message.content.includes(gateBrief));

// The stand-in has no per-chunk hook, so wrap write() in this thread only (the server runs
// on the main thread with its own http module): a streamed chat chunk is the only write
// carrying `"done":false`, and the time is taken just before the stand-in hands it to the socket.
const write = ServerResponse.prototype.write as (this: ServerResponse, ...args: unknown[]) => boolean;
ServerResponse.prototype.write = function (this: ServerResponse, ...args: unknown[]): boolean {
  const chunk = args[0];
  if (script.recordWrites && typeof chunk === 'string' && chunk.includes('"done":false')) writes.push(nowMs());
  return write.apply(this, args);
} as typeof ServerResponse.prototype.write;

function proseReply(chunks: number | undefined): string | undefined {
  return chunks === undefined ? undefined : splitIntoChunks(sampleContent.BLOG_POST).slice(0, chunks).join('');
}

const api = {
  async start(): Promise<string> {
    standIn = await startOllamaStandIn({
      chat: (request) => {
        if (isGateCall(request)) {
          hungGateCalls += 1;
          return { hang: true };
        }
        // Verdicts (requests with `format`) keep the stand-in's schema-shaped JSON replies.
        return { tokenDelayMs: script.tokenDelayMs, reply: request.format === undefined ? proseReply(script.proseChunks) : undefined };
      },
    });
    return standIn.url;
  },
  setScript(next: StandInScript): void {
    script = next;
    writes = [];
  },
  hungGateCalls: (): number => hungGateCalls,
  /** Chunk write times since the last call. */
  takeWrites(): number[] {
    const taken = writes;
    writes = [];
    return taken;
  },
  /** Chat requests (gate calls left out) since the last call. */
  takeRequests(): ChatRequestSeen[] {
    const all = standIn?.chatRequests ?? [];
    const taken = all.slice(requestsTaken).filter((request) => !isGateCall(request));
    requestsTaken = all.length;
    return taken;
  },
  async stop(): Promise<void> {
    await standIn?.close();
  },
};
export type StandInThreadApi = typeof api;
exposeToMainThread(api);
