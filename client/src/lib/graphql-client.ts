// The one urql Client: queries and mutations over HTTP, subscriptions over graphql-ws.
import { Client, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { announceKeyWanted, authHeaders, authorization } from './api-key.js';

export interface CopilotClient {
  client: Client;
  /** Drops the WebSocket so the next subscription connects with the current API key. */
  reconnect(): void;
}

export function createCopilotClient(origin: string = location.origin): CopilotClient {
  const httpUrl = new URL('/graphql', origin).href;
  const sockets: WsClient = createWsClient({
    url: httpUrl.replace(/^http/, 'ws'),
    lazy: true,
    // No silent retries: a dropped connection ends each subscription with a network
    // error and its owner resubscribes, a campaign stream from its last seq.
    retryAttempts: 0,
    keepAlive: 15_000,
    connectionParams: () => {
      const value = authorization();
      return value ? { authorization: value } : {};
    },
  });
  const client = new Client({
    url: httpUrl,
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: () => ({ headers: authHeaders() }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((graphQLError) => graphQLError.extensions?.code === 'UNAUTHENTICATED')) announceKeyWanted();
        },
      }),
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: sockets.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
      fetchExchange,
    ],
  });
  return { client, reconnect: () => sockets.terminate() };
}
