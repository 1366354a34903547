// A urql Client whose subscriptions come from a scripted stand-in for graphql-ws, and
// whose HTTP answers are canned GraphQL responses: the client code runs unchanged.
import { Client, fetchExchange, type SubscriptionForwarder, subscriptionExchange } from '@urql/core';

export interface SubscriptionCall {
  query: string;
  variables: Record<string, unknown>;
  sink: { next(value: unknown): void; error(error: unknown): void; complete(): void };
  closed: boolean;
}

export function scriptedClient(answer: (body: { query: string; variables: Record<string, unknown> }) => unknown = () => ({ data: null })) {
  const subscriptions: SubscriptionCall[] = [];
  const forwardSubscription: SubscriptionForwarder = (request) => ({
    subscribe(sink) {
      const call: SubscriptionCall = {
        query: request.query ?? '',
        variables: (request.variables ?? {}) as Record<string, unknown>,
        sink,
        closed: false,
      };
      subscriptions.push(call);
      return {
        unsubscribe: () => {
          call.closed = true;
        },
      };
    },
  });
  const requests: { query: string; variables: Record<string, unknown> }[] = [];
  const client = new Client({
    url: 'http://copilot.test/graphql',
    exchanges: [subscriptionExchange({ forwardSubscription }), fetchExchange],
    fetch: async (url, init) => {
      const body = init?.body ? JSON.parse(String(init.body)) : requestInUrl(String(url));
      requests.push(body);
      return new Response(JSON.stringify(answer(body)), { headers: { 'content-type': 'application/json' } });
    },
  });
  return { client, subscriptions, requests };
}

/** A query urql sent as GET (its default for queries): query and variables in the URL. */
function requestInUrl(url: string): { query: string; variables: Record<string, unknown> } {
  const params = new URL(url).searchParams;
  return { query: params.get('query') ?? '', variables: JSON.parse(params.get('variables') ?? '{}') };
}

/** What graphql-ws hands a sink when the socket closes abnormally. */
export const droppedConnection = { code: 1006, reason: 'connection lost', type: 'close' };

export const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await tick(5);
  }
}

/** The index-th subscription the client opened; fails the test if there is none. */
export function opened(subscriptions: SubscriptionCall[], index: number): SubscriptionCall {
  const call = subscriptions[index];
  if (!call) throw new Error(`subscription #${index} was never opened`);
  return call;
}
