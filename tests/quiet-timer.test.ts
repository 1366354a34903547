import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuietTimer, serverTimeout } from '../server/llm/quiet-timer.js';

/** The event loop held for `ms`, as by a server too busy to read its sockets. */
function busyFor(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spinning on purpose
  }
}

describe('QuietTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'performance'],
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays quiet while chunks keep coming, and speaks once they stop for the time allowed', () => {
    const quiet: string[] = [];
    const timer = new QuietTimer((ms, what) => quiet.push(`no ${what} for ${ms} ms`));
    timer.waitAtMost(300, 'answer');
    for (let chunk = 0; chunk < 10; chunk++) {
      vi.advanceTimersByTime(200);
      timer.waitAtMost(300, 'answer');
    }
    expect(quiet).toEqual([]);
    vi.advanceTimersByTime(299);
    expect(quiet).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(quiet).toEqual([]); // due: it lets the event loop read once more first
    vi.advanceTimersByTime(1);
    expect(quiet).toEqual(['no answer for 300 ms']);
  });

  it('holds to a shorter wait set after a longer one (the first token, then the next chunks)', () => {
    const quiet: string[] = [];
    const timer = new QuietTimer((ms, what) => quiet.push(`no ${what} for ${ms} ms`));
    timer.waitAtMost(60_000, 'first token');
    vi.advanceTimersByTime(1_000);
    timer.waitAtMost(300, 'answer');
    vi.advanceTimersByTime(301);
    expect(quiet).toEqual(['no answer for 300 ms']);
  });

  it('takes a chunk read in that last look as a chunk', () => {
    const quiet: string[] = [];
    const timer = new QuietTimer((ms, what) => quiet.push(`no ${what} for ${ms} ms`));
    timer.waitAtMost(300, 'answer');
    vi.advanceTimersByTime(300);
    timer.waitAtMost(300, 'answer'); // read from the socket before the timer speaks
    vi.advanceTimersByTime(299);
    expect(quiet).toEqual([]);
    vi.advanceTimersByTime(2);
    expect(quiet).toEqual(['no answer for 300 ms']);
  });

  it('says nothing once stopped', () => {
    const quiet: string[] = [];
    const timer = new QuietTimer((ms, what) => quiet.push(`no ${what} for ${ms} ms`));
    timer.waitAtMost(300, 'answer');
    timer.stop();
    vi.advanceTimersByTime(10_000);
    expect(quiet).toEqual([]);
  });
});

describe('QuietTimer on the real clock, when the event loop stalls', () => {
  it('does not count the stall: it speaks only once the time allowed has passed with the loop free', async () => {
    let quietAt = Number.NaN;
    const quiet = new Promise<void>((resolve) => {
      const timer = new QuietTimer(() => {
        quietAt = performance.now();
        resolve();
      });
      timer.waitAtMost(200, 'answer');
    });
    busyFor(600);
    const freeFrom = performance.now();
    await quiet;
    // At most one tick of the server's clock (50 ms) of the stall is counted.
    expect(quietAt - freeFrom).toBeGreaterThanOrEqual(140);
  });

  it('gives a timeout (AbortSignal.timeout on the server clock) the same allowance', async () => {
    const { signal, stop } = serverTimeout(200);
    try {
      busyFor(600);
      const freeFrom = performance.now();
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      expect(performance.now() - freeFrom).toBeGreaterThanOrEqual(140);
      expect(signal.reason).toMatchObject({ name: 'TimeoutError' });
    } finally {
      stop();
    }
  });

  it('still speaks on time while the loop is free', async () => {
    const started = performance.now();
    await new Promise<void>((resolve) => new QuietTimer(() => resolve()).waitAtMost(200, 'answer'));
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(199);
    expect(waited).toBeLessThan(400);
  });
});
