// Real GraphQL clients: fetch over HTTP, graphql-ws over WebSocket.
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** What a test reads from a response: untyped JSON, whose shape each test asserts itself. */
// biome-ignore lint/suspicious/noExplicitAny: one alias for every helper, so tests can read nested fields without casts.
export type Json = Record<string, any>;

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export async function graphql<T = Json>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<T>;
}

/** Returns `data`, failing with the server's errors if there were any. */
export async function graphqlData<T = Json>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await graphql<T>(url, query, variables);
  if (result.errors?.length || !result.data) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
  return result.data;
}

/** Sends a file with the GraphQL multipart request protocol, as a browser upload does. */
export async function uploadFile<T = Json>(
  url: string,
  query: string,
  file: { name: string; type: string; content: string | Uint8Array<ArrayBuffer> },
): Promise<GraphQLResponse<T>> {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query, variables: { file: null } }));
  form.set('map', JSON.stringify({ 0: ['variables.file'] }));
  form.set('0', new File([file.content], file.name, { type: file.type }));
  const response = await fetch(url, { method: 'POST', body: form, headers: { 'graphql-require-preflight': '1' } });
  return (await response.json()) as GraphQLResponse<T>;
}

export function wsClient(httpUrl: string, connectionParams?: Record<string, unknown>): Client {
  return createClient({
    url: httpUrl.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
}

/** Runs one operation over graphql-ws and collects every result until it completes. */
export function wsCollect<T = Json>(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>[]> {
  return new Promise((resolve, reject) => {
    const results: GraphQLResponse<T>[] = [];
    client.subscribe<T>(
      { query, variables },
      {
        next: (result) => results.push(result as GraphQLResponse<T>),
        error: reject,
        complete: () => resolve(results),
      },
    );
  });
}

export interface CampaignUpdate {
  id: string;
  status: string;
  deleted: boolean;
}

/**
 * Follows `campaignUpdates` on a client, keeping every update in arrival order (one can arrive before the
 * answer of the mutation that caused it). Resolves once the subscription is live: graphql-ws answers a
 * socket's messages in order, so a query sent behind it completes only after it was set up.
 */
export async function followCampaignUpdates(client: Client) {
  const updates: CampaignUpdate[] = [];
  let problem: Error | undefined;
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const waiter of waiters) waiter();
  };
  await new Promise<void>((ready, reject) => {
    client.subscribe<{ campaignUpdates: CampaignUpdate }>(
      { query: 'subscription { campaignUpdates { id status deleted } }' },
      {
        next: (result) => {
          const update = result.data?.campaignUpdates;
          if (update) updates.push(update);
          else problem = new Error(JSON.stringify(result.errors));
          changed();
        },
        error: (error) => {
          problem = error instanceof Error ? error : new Error(JSON.stringify(error));
          reject(problem);
          changed();
        },
        complete: () => {},
      },
    );
    client.subscribe({ query: '{ __typename }' }, { next: () => {}, error: reject, complete: ready });
  });
  const statusesOf = (id: string) => updates.filter((update) => update.id === id && !update.deleted).map((update) => update.status);
  /** Resolves once `arrived()` holds; rejects if the subscription fails first. */
  const told = (arrived: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (problem) reject(problem);
        else if (arrived()) resolve();
        else return;
        waiters.delete(check);
      };
      waiters.add(check);
      check();
    });
  return {
    updates,
    statusesOf,
    /** Resolves when campaign `id` has reached `status`; rejects if the subscription fails first. */
    reached: (id: string, status: string) => told(() => statusesOf(id).includes(status)),
    /** Resolves when the update telling that campaign `id` was deleted has arrived. */
    deleted: (id: string) => told(() => updates.some((update) => update.id === id && update.deleted)),
  };
}
