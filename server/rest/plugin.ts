// Serves the REST API inside Yoga, after the gate has admitted the request: each operation runs
// its GraphQL operation and answers JSON; failures answer the REST error shape with the request id.
import { randomUUID } from 'node:crypto';
import type { Plugin, YogaServerInstance } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import type { AppServices } from '../schema/builder.js';
import { routeFor } from '../security/gate.js';
import { RestFailure, restErrorBody, statusOf } from './errors.js';
import { graphqlCaller } from './graphql-call.js';
import { openApiDocument } from './openapi.js';
import { restOperations } from './operations.js';
import { referencePage } from './reference-page.js';

type Yoga = YogaServerInstance<Record<string, unknown>, Record<string, unknown>>;

const json = (body: unknown) => `${JSON.stringify(body, null, 2)}\n`;

function failureAnswer(failure: RestFailure, requestId: string): { status: number; body: string; headers: Record<string, string> } {
  const { retryAfter, problems } = failure.details;
  return {
    status: statusOf(failure.code),
    body: json(
      restErrorBody({
        code: failure.code,
        message: failure.message,
        requestId,
        ...(problems ? { problems } : {}),
        ...(retryAfter !== undefined ? { retryAfter } : {}),
      }),
    ),
    headers: retryAfter !== undefined ? { 'retry-after': String(retryAfter) } : {},
  };
}

/** `yoga`: the server this plugin is part of, given once it exists (operations run through it). */
export function useRestApi(services: AppServices, version: string, yoga: () => Yoga, logger: Logger): Plugin {
  let document: Record<string, unknown> | null = null;
  const described = () => (document ??= openApiDocument(version));
  return {
    async onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      const route = routeFor(url.pathname, request.method);
      if (route === null || !('kind' in route)) return;
      if (route.kind === 'rest-docs') {
        const page = route.document === 'page';
        endResponse(
          new fetchAPI.Response(page ? referencePage(described()) : json(described()), {
            // Its Content-Security-Policy is set with every other response's (server/security/headers.ts).
            headers: { 'content-type': page ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8' },
          }),
        );
        return;
      }
      // Preflights are Yoga's CORS handling's.
      if (route.kind !== 'rest' || request.method === 'OPTIONS') return;
      const requestId = request.headers.get('x-request-id') ?? randomUUID();
      let answer: { status: number; body: string; headers?: Record<string, string> };
      try {
        const graphql = graphqlCaller({ yoga: yoga(), request, serverContext: serverContext as Record<string, unknown>, fetchAPI });
        const result = await restOperations[route.operationId].handle({
          services,
          graphql,
          request,
          params: route.params,
          query: url.searchParams,
        });
        answer = { status: result.status, body: json(result.body), headers: result.headers ?? {} };
      } catch (error) {
        if (!(error instanceof RestFailure)) {
          logger.error({ err: error, requestId, operation: route.operationId }, 'unexpected error in a REST operation');
        }
        const failure =
          error instanceof RestFailure
            ? error
            : new RestFailure('INTERNAL_SERVER_ERROR', `Internal server error (request id ${requestId})`);
        answer = failureAnswer(failure, requestId);
      }
      endResponse(
        new fetchAPI.Response(answer.body, {
          status: answer.status,
          headers: { 'content-type': 'application/json; charset=utf-8', ...answer.headers },
        }),
      );
    },
  };
}
