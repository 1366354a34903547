// A real HTTP server that receives webhook deliveries, as a user's endpoint would; or, with `drip`,
// as a slow one would: it answers at once and then sends its body a byte at a time.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this receiver answered with. */
  answered: number;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** Resolves when the exchange is over, by either side, with the time (ms since the epoch). */
  closed: Promise<number>;
  /** Whether this receiver sent its whole answer (false: the sender hung up first). */
  finished: boolean;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** The status to answer the next deliveries with (default 204). */
  answerWith: number;
  /** When set, the status line and headers go at once, then one byte of body every `everyMs`, for `forMs`. */
  drip: { everyMs: number; forMs: number } | null;
  /** The most exchanges open at one time for each delivery id (x-copilot-delivery). */
  mostAtOnce: Map<string, number>;
  /** Resolves when `count` deliveries in all have arrived. */
  waitFor(count: number): Promise<ReceivedDelivery[]>;
  /** Resolves with a delivery id as soon as two exchanges for it are open at once. */
  overlapping(): Promise<string>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hooks/copilot'): Promise<WebhookReceiver> {
  const waiters: { count: number; resolve: (received: ReceivedDelivery[]) => void }[] = [];
  const open = new Map<string, number>();
  let markOverlap: (id: string) => void = () => {};
  const overlap = new Promise<string>((resolve) => (markOverlap = resolve));
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answerWith: 204,
    drip: null,
    mostAtOnce: new Map(),
    waitFor(count) {
      if (receiver.received.length >= count) return Promise.resolve(receiver.received.slice(0, count));
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    overlapping: () => overlap,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A dripping answer would hold the server open for as long as it drips.
        server.closeAllConnections();
      }),
  };
  const server = createServer((request, response) => {
    const id = String(request.headers['x-copilot-delivery'] ?? '');
    open.set(id, (open.get(id) ?? 0) + 1);
    receiver.mostAtOnce.set(id, Math.max(receiver.mostAtOnce.get(id) ?? 0, open.get(id) ?? 0));
    if ((open.get(id) ?? 0) > 1) markOverlap(id);
    let markClosed: (at: number) => void = () => {};
    const closed = new Promise<number>((resolve) => (markClosed = resolve));
    let drip: NodeJS.Timeout | undefined;
    response.on('close', () => {
      clearInterval(drip);
      open.set(id, (open.get(id) ?? 1) - 1);
      markClosed(Date.now());
    });
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const answered = receiver.answerWith;
      const delivery: ReceivedDelivery = { headers: request.headers, body, answered, at: Date.now(), closed, finished: false };
      receiver.received.push(delivery);
      response.on('finish', () => (delivery.finished = true));
      const dripping = receiver.drip;
      if (dripping) {
        response.writeHead(answered, { 'content-type': 'text/plain' });
        response.flushHeaders();
        const until = Date.now() + dripping.forMs;
        drip = setInterval(() => {
          if (Date.now() >= until) {
            clearInterval(drip);
            response.end('.');
          } else response.write('.');
        }, dripping.everyMs);
      } else response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered >= 400 ? 'receiver is down for maintenance' : '');
      for (const waiter of waiters.filter((entry) => receiver.received.length >= entry.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(receiver.received.slice(0, waiter.count));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
