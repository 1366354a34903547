// Pings every WebSocket and drops one whose pong does not come, on the server's own clock.
// graphql-ws's keep-alive waits with a plain timer, so a server busy for longer than the wait
// dropped every connection at once: after a stall Node runs the expired timers before it reads
// the pongs that arrived meanwhile.
import type { WebSocketServer } from 'ws';
import { serverTimeout } from './llm/quiet-timer.js';

export function keepSocketsAlive(sockets: WebSocketServer, intervalMs: number): void {
  sockets.on('connection', (socket) => {
    let pongWait: ReturnType<typeof serverTimeout> | null = null;
    const pings = setInterval(() => {
      if (pongWait) return;
      const wait = serverTimeout(intervalMs);
      pongWait = wait;
      wait.signal.addEventListener('abort', () => socket.terminate(), { once: true });
      socket.once('pong', () => {
        wait.stop();
        pongWait = null;
      });
      socket.ping();
    }, intervalMs);
    socket.once('close', () => {
      clearInterval(pings);
      pongWait?.stop();
    });
  });
}
