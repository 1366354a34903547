// The Ollama stand-in on a worker thread of its own, as Ollama is a process of its own: a test
// that blocks its own event loop (where startTestServer runs the server) leaves the stand-in
// streaming on time. Behaviour crosses threads as data, so only `defaults` can be scripted.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { ChatBehaviour, StandInOptions } from './ollama-standin.js';

/** What can cross to the thread: the stand-in's options without the `chat` callback. */
export type ThreadStandInOptions = Omit<StandInOptions, 'chat'> & {
  /**
   * The first request sent on a kept-alive connection finds it closed, unanswered: as when the
   * host's idle timeout ran out while the server, too busy to read, still counted it as open.
   */
  closesKeptAliveOnce?: boolean;
};

export interface OllamaStandInThread {
  url: string;
  /** Every chat call from now on behaves so. */
  setDefaults(defaults: ChatBehaviour): Promise<void>;
  /** Whether `closesKeptAliveOnce` has closed its connection yet. */
  closedKeptAlive(): Promise<boolean>;
  close(): Promise<void>;
}

type Call = { id: number; method: 'setDefaults' | 'closedKeptAlive' | 'close'; arg?: ChatBehaviour };
type Answer = { id: number; value: unknown };

export async function startOllamaStandInThread(options: ThreadStandInOptions = {}): Promise<OllamaStandInThread> {
  // The thread loads this file as TypeScript: tsx is registered there first.
  const tsx = import.meta.resolve('tsx/esm/api');
  const self = import.meta.url;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(self)}); })`;
  const worker = new Worker(bootstrap, { eval: true, workerData: { ollamaStandIn: options } });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  worker.on('message', (answer: Answer) => {
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    waiting?.resolve(answer.value);
  });
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the stand-in thread exited (${code})`)));
  const call = (method: Call['method'], arg?: ChatBehaviour) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, arg } satisfies Call);
    });
  // The thread's first message is its URL, once it listens.
  const url = await new Promise<string>((resolve, reject) => {
    pending.set(nextId++, { resolve: (value) => resolve(String(value)), reject });
  });
  return {
    url,
    setDefaults: async (defaults) => void (await call('setDefaults', defaults)),
    closedKeptAlive: async () => Boolean(await call('closedKeptAlive')),
    async close() {
      await call('close');
      await worker.terminate();
    },
  };
}

/** Inside the thread: the stand-in, answering the test's calls. */
async function serveInThread(options: ThreadStandInOptions): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const { closesKeptAliveOnce, ...standInOptions } = options;
  let closed = false;
  if (closesKeptAliveOnce) {
    // The stand-in makes its own server: in this thread alone, servers get a hook before its handler.
    const { Server } = await import('node:http');
    const listen = Server.prototype.listen;
    const served = new WeakSet<object>();
    Server.prototype.listen = function (this: InstanceType<typeof Server>, ...args: Parameters<typeof listen>) {
      this.prependListener('request', ({ socket }) => {
        if (!closed && served.has(socket)) {
          closed = true;
          socket.destroy();
        }
        served.add(socket);
      });
      return listen.apply(this, args);
    } as typeof listen;
  }
  const { startOllamaStandIn } = await import('./ollama-standin.js');
  const standIn = await startOllamaStandIn(standInOptions);
  port.postMessage({ id: 0, value: standIn.url } satisfies Answer);
  port.on('message', async ({ id, method, arg }: Call) => {
    if (method === 'setDefaults') standIn.options.defaults = arg;
    if (method === 'close') await standIn.close();
    port.postMessage({ id, value: method === 'closedKeptAlive' ? closed : null } satisfies Answer);
  });
}

if (!isMainThread && workerData?.ollamaStandIn) await serveInThread(workerData.ollamaStandIn as ThreadStandInOptions);
