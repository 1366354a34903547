// A real HTTP server that receives webhook deliveries, as a user's endpoint would.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status this receiver answered with. */
  answered: number;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** The status to answer the next deliveries with (default 204). */
  answerWith: number;
  /** Resolves when `count` deliveries in all have arrived. */
  waitFor(count: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = '/hooks/copilot'): Promise<WebhookReceiver> {
  const waiters: { count: number; resolve: (received: ReceivedDelivery[]) => void }[] = [];
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answerWith: 204,
    waitFor(count) {
      if (receiver.received.length >= count) return Promise.resolve(receiver.received.slice(0, count));
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const answered = receiver.answerWith;
      receiver.received.push({ headers: request.headers, body, answered, at: Date.now() });
      response.writeHead(answered, { 'content-type': 'text/plain' }).end(answered >= 400 ? 'receiver is down for maintenance' : '');
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
