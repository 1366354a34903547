// Worker threads written in TypeScript, and a small typed request/answer protocol to call
// the functions a worker exposes. The bench keeps the server alone on the main thread; the
// stand-in Ollama and the subscribers each get a thread, as they would be other processes.
import { parentPort, Worker } from 'node:worker_threads';

// biome-ignore lint/suspicious/noExplicitAny: any function shape may be exposed
type Api = Record<string, (...args: any[]) => unknown>;

interface Call {
  id: number;
  method: string;
  args: unknown[];
}

type Answer = { id: number; value: unknown } | { id: number; error: string };

export interface Thread<Exposed extends Api> {
  call<Method extends keyof Exposed & string>(
    method: Method,
    ...args: Parameters<Exposed[Method]>
  ): Promise<Awaited<ReturnType<Exposed[Method]>>>;
  stop(): Promise<void>;
}

/** Starts `module` (a .ts file) in a worker; tsx is registered there first. */
export function startThread<Exposed extends Api>(module: URL): Thread<Exposed> {
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(module.href)}); })`;
  const worker = new Worker(bootstrap, { eval: true });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
  };
  worker.on('message', (answer: Answer) => {
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if ('error' in answer) waiting?.reject(new Error(answer.error));
    else waiting?.resolve(answer.value);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`thread ${module.pathname} exited (${code})`)));
  return {
    call: (method, ...args) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        worker.postMessage({ id, method, args } satisfies Call);
      }),
    async stop() {
      await worker.terminate();
    },
  };
}

/** Inside a worker: answers calls with the exposed functions. */
export function exposeToMainThread(exposed: Api): void {
  if (!parentPort) throw new Error('exposeToMainThread() runs inside a worker thread');
  const port = parentPort;
  port.on('message', async ({ id, method, args }: Call) => {
    try {
      const run = exposed[method];
      if (!run) throw new Error(`no method ${method}`);
      port.postMessage({ id, value: await run(...args) } satisfies Answer);
    } catch (error) {
      port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Answer);
    }
  });
}
