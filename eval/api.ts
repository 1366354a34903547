// The harness's GraphQL client: HTTP for queries and mutations, graphql-ws (over `ws`) for
// campaignEvents. Only the public API, as any integrator would use it.
import { setTimeout as sleep } from 'node:timers/promises';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface ServerConnection {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:8000/graphql. */
  graphqlUrl: string;
  apiKey?: string | undefined;
  /** Told when the server asks to wait (rate limit, full queue), so a long pause is explained. */
  onBusy?: (message: string) => void;
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string; retryAfter?: number };
}

export class ApiError extends Error {}

/** How often a rate-limited or queue-full request is tried again before giving up. */
const busyRetries = 20;

/** Runs one operation; waits and tries again when the server says it is busy (rate limit, full queue). */
export async function request<T>(server: ServerConnection, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(server.apiKey ? { authorization: `Bearer ${server.apiKey}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    let body: { data?: T | null; errors?: GraphQLError[] };
    try {
      body = JSON.parse(text);
    } catch {
      throw new ApiError(`${server.graphqlUrl} answered HTTP ${response.status} with something other than GraphQL: ${text.slice(0, 200)}`);
    }
    const busy = body.errors?.find((error) => error.extensions?.code === 'RATE_LIMITED' || error.extensions?.code === 'QUEUE_FULL');
    if (busy && attempt < busyRetries) {
      const waitSeconds = Math.max(1, busy.extensions?.retryAfter ?? 5);
      server.onBusy?.(`${busy.message} Waiting ${waitSeconds} s.`);
      await sleep(waitSeconds * 1000);
      continue;
    }
    if (body.errors?.length || !body.data) {
      throw new ApiError(body.errors?.map((error) => error.message).join('; ') || `HTTP ${response.status} without data`);
    }
    return body.data;
  }
}

/** A graphql-ws client that does not reconnect by itself: the caller resumes with afterSeq. */
export function subscriptionClient(server: ServerConnection): Client {
  return createClient({
    url: server.graphqlUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: server.apiKey ? { authorization: `Bearer ${server.apiKey}` } : undefined,
    retryAttempts: 0,
    lazy: true,
  });
}
