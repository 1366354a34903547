// A full garbage collection of this thread's heap before a memory reading.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** How the collection was triggered, for the report. */
export let gcMethod = 'global.gc (node --expose-gc)';

export function collectGarbage(): void {
  if (!globalThis.gc) {
    // `npm run bench` has no --expose-gc: switch the flag on now and take gc() from a fresh context.
    setFlagsFromString('--expose-gc');
    globalThis.gc = runInNewContext('gc') as typeof globalThis.gc;
    gcMethod = 'gc() via v8.setFlagsFromString("--expose-gc")';
  }
  globalThis.gc?.();
  globalThis.gc?.();
}
