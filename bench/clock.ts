// One clock for every thread: process.hrtime is the process-wide monotonic clock, so a
// time taken in the stand-in's thread compares with one taken in the subscribers' thread
// (performance.now() does not: each worker has its own time origin).
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Polls `check` every `everyMs` until it holds; fails after `timeoutMs`. */
export async function waitUntil(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 10): Promise<void> {
  const deadline = nowMs() + timeoutMs;
  while (!(await check())) {
    if (nowMs() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
