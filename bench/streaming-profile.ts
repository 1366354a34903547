// `BENCH_PROFILE=<folder>`: a V8 CPU profile of the server thread over each throughput row's
// streaming window only (from the gate's release to the last subscriber's end), where a
// `--cpu-prof` of the whole run mixes in start-up, migrations and the other phases.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

export async function profileStreaming<T>(name: string, run: () => Promise<T>): Promise<T> {
  const folder = process.env.BENCH_PROFILE;
  if (!folder) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await run();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    session.disconnect();
  }
}
