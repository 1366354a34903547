// The server's own clock: wall time less the time its event loop was held up. While the
// loop is busy (a saturated server, a long synchronous task) nothing is read from the
// sockets, so what Ollama sent meanwhile waits unread; a timeout on this clock does not
// blame the model for that time.

/** How often the clock checks that the event loop keeps up. */
const tickMs = 50;
/** The ticks' lateness so far: time the event loop could run nothing. */
let stalledMs = 0;
let lastTick = 0;
let ticker: NodeJS.Timeout | undefined;
/** Timeouts on the clock: it ticks only while there are some. */
let users = 0;

function tick(): void {
  const now = performance.now();
  stalledMs += Math.max(0, now - lastTick - tickMs);
  lastTick = now;
}

/** Milliseconds on the server's clock; the stall under way, if any, is already left out. */
export function serverNow(): number {
  const now = performance.now();
  const overdue = ticker ? Math.max(0, now - lastTick - tickMs) : 0;
  return now - stalledMs - overdue;
}

/** A timeout starts using the clock: it counts stalls from now on. */
export function holdServerClock(): void {
  if (users++ > 0) return;
  lastTick = performance.now();
  ticker = setInterval(tick, tickMs);
  ticker.unref();
}

/** A timeout is done with the clock (each hold is released once). */
export function releaseServerClock(): void {
  if (--users > 0) return;
  tick();
  clearInterval(ticker);
  ticker = undefined;
}
