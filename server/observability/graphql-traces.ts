// Spans for the API: one per HTTP request to GraphQL (so every log line of that request carries its
// trace id), and one per GraphQL operation, over HTTP, SSE and graphql-ws alike (envelop's execute
// and subscribe, which http.ts bridges graphql-ws through).
import { context, type Span, SpanKind, SpanStatusCode, type TextMapGetter, type Tracer, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { type DocumentNode, getOperationAST, Kind } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { graphqlPath } from '../security/gate.js';

/** Runs `wrapped` with `span` active and ends the span when it is done, sync or async. */
function within(span: Span, wrapped: () => unknown): unknown {
  const end = () => span.end();
  try {
    const result = context.with(trace.setSpan(context.active(), span), wrapped);
    if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') return Promise.resolve(result).finally(end);
    end();
    return result;
  } catch (error) {
    end();
    throw error;
  }
}

/** Semantic conventions for GraphQL: "mutation createCampaign"; unnamed operations by their first root field. */
function describeOperation(document: DocumentNode, operationName: string | null | undefined) {
  const operation = getOperationAST(document, operationName);
  const root = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  const type = operation?.operation ?? 'unknown';
  const name = operation?.name?.value.slice(0, 100);
  return { type, name, title: `${type} ${name ?? (root?.kind === Kind.FIELD ? root.name.value : '')}`.trim() };
}

/** A caller's `traceparent` header: its trace goes on through this request. */
const callerTrace = new W3CTraceContextPropagator();
const fromHeaders: TextMapGetter<Headers> = {
  get: (headers, key) => headers.get(key) ?? undefined,
  keys: (headers) => [...headers.keys()],
};

export function useGraphQLTraces(tracer: Tracer): Plugin {
  const requestSpans = new WeakMap<Request, Span>();
  const operation = (_payload: unknown, wrapped: () => unknown) =>
    within(tracer.startSpan('graphql', { kind: SpanKind.INTERNAL }), wrapped) as Promise<void>;
  return {
    instrumentation: {
      request({ request }, wrapped) {
        const path = new URL(request.url).pathname;
        if (path !== graphqlPath) return wrapped();
        const span = tracer.startSpan(
          `${request.method} ${graphqlPath}`,
          { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: request.method, [ATTR_HTTP_ROUTE]: graphqlPath } },
          callerTrace.extract(context.active(), request.headers, fromHeaders),
        );
        requestSpans.set(request, span);
        return within(span, wrapped) as Promise<void>;
      },
      execute: operation,
      subscribe: operation,
    },
    onResponse({ request, response }) {
      const span = requestSpans.get(request);
      if (!span) return;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    },
    onExecute({ args }) {
      const span = named(args.document, args.operationName);
      return {
        onExecuteDone({ result }) {
          if (!(Symbol.asyncIterator in result) && result.errors?.length) markFailed(span, result.errors);
        },
      };
    },
    onSubscribe({ args }) {
      named(args.document, args.operationName);
    },
  };
}

/** The operation span was opened before the document was known: name it now. */
function named(document: DocumentNode, operationName: string | null | undefined): Span | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { type, name, title } = describeOperation(document, operationName);
  span.updateName(title);
  span.setAttribute('graphql.operation.type', type);
  if (name) span.setAttribute('graphql.operation.name', name);
  return span;
}

function markFailed(span: Span | undefined, errors: readonly { message: string; extensions?: Record<string, unknown> }[]): void {
  const codes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
  span?.setAttribute('error.type', codes.join(','));
  span?.setStatus({ code: SpanStatusCode.ERROR, message: errors[0]?.message.slice(0, 200) });
}
