// Runs a GraphQL operation for a REST request, SOFA-style: through Yoga itself, with the caller's
// key and address, so the API keys, rate limits, text rules, argument validation and error masking
// are the ones GraphQL has, not a second copy. Errors come back as REST failures.
import type { YogaServerInstance } from 'graphql-yoga';
import { failureFromGraphQL, RestFailure } from './errors.js';

type Yoga = YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;

/** Every operation runs at GraphQL's own path; the gate already admitted the REST request. */
const internalUrl = 'http://copilot.internal/graphql';

export interface GraphQLCaller {
  /** `fieldNames`: GraphQL argument paths (e.g. `input.targetAudience`) → the REST request's names. */
  run<T>(query: string, variables: Record<string, unknown>, fieldNames?: Record<string, string>): Promise<T>;
  /** The GraphQL multipart request protocol, with `file` as the operation's `$file`. */
  upload<T>(query: string, file: Blob & { name?: string }, fieldNames?: Record<string, string>): Promise<T>;
}

interface CallerOptions {
  yoga: Yoga;
  request: Request;
  /** The Node request: the rate limits tell clients apart by its address when there are no keys. */
  serverContext: Record<string, unknown>;
  fetchAPI: { Request: typeof Request; FormData: typeof FormData };
}

const statusCodes: Record<number, string> = { 400: 'BAD_REQUEST', 413: 'REQUEST_ENTITY_TOO_LARGE' };

export function graphqlCaller({ yoga, request, serverContext, fetchAPI }: CallerOptions): GraphQLCaller {
  const headers: Record<string, string> = { accept: 'application/graphql-response+json' };
  for (const name of ['authorization', 'x-request-id']) {
    const value = request.headers.get(name);
    if (value) headers[name] = value;
  }
  const send = async <T>(body: string | FormData, fieldNames: Record<string, string>): Promise<T> => {
    const internal = new fetchAPI.Request(internalUrl, {
      method: 'POST',
      headers: typeof body === 'string' ? { ...headers, 'content-type': 'application/json' } : headers,
      body,
    });
    const response = await yoga.fetch(internal, { req: serverContext.req });
    const result = (await response.json().catch(() => ({}))) as { data?: T | null; errors?: Parameters<typeof failureFromGraphQL>[0][] };
    const [error] = result.errors ?? [];
    if (error) {
      const code = error.extensions?.code ?? statusCodes[response.status];
      throw failureFromGraphQL({ ...error, extensions: { ...error.extensions, ...(code ? { code } : {}) } }, fieldNames);
    }
    if (!result.data)
      throw new RestFailure('INTERNAL_SERVER_ERROR', `The GraphQL operation answered HTTP ${response.status} without data.`);
    return result.data;
  };
  return {
    run: (query, variables, fieldNames = {}) => send(JSON.stringify({ query, variables }), fieldNames),
    upload: (query, file, fieldNames = {}) => {
      const form = new fetchAPI.FormData();
      form.set('operations', JSON.stringify({ query, variables: { file: null } }));
      form.set('map', JSON.stringify({ 0: ['variables.file'] }));
      form.set('0', file, file.name ?? 'guidelines');
      return send(form, fieldNames);
    },
  };
}
