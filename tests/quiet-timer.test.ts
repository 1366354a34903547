import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QuietTimer } from '../server/llm/quiet-timer.js';

describe('QuietTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
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
    expect(quiet).toEqual(['no answer for 300 ms']);
  });

  it('holds to a shorter wait set after a longer one (the first token, then the next chunks)', () => {
    const quiet: string[] = [];
    const timer = new QuietTimer((ms, what) => quiet.push(`no ${what} for ${ms} ms`));
    timer.waitAtMost(60_000, 'first token');
    vi.advanceTimersByTime(1_000);
    timer.waitAtMost(300, 'answer');
    vi.advanceTimersByTime(300);
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
