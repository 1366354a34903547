// CPU time of the main thread alone, which runs the server: the whole-process figure would
// also count the stand-in and subscriber threads. Linux's schedstat gives nanoseconds on a
// core and nanoseconds spent runnable but waiting for one (other processes on the machine).
import { readFileSync } from 'node:fs';

export interface ThreadTime {
  onCpuMs: number;
  waitingMs: number;
}

export function serverThreadTime(): ThreadTime {
  try {
    // On Linux the main thread's id is the process id.
    const [onCpu = 'NaN', waiting = 'NaN'] = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return { onCpuMs: Number(onCpu) / 1e6, waitingMs: Number(waiting) / 1e6 };
  } catch {
    return { onCpuMs: Number.NaN, waitingMs: Number.NaN };
  }
}

export function threadTimeSince(start: ThreadTime): ThreadTime {
  const now = serverThreadTime();
  return { onCpuMs: now.onCpuMs - start.onCpuMs, waitingMs: now.waitingMs - start.waitingMs };
}
