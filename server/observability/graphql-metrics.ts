// GraphQL metrics, as one envelop plugin that HTTP, SSE and graphql-ws all pass through (http.ts
// bridges graphql-ws through yoga.getEnveloped): operation latency and errors, open subscriptions
// and the results delivered on them, by transport.
import { type DocumentNode, type ExecutionResult, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Metrics } from './metrics.js';

type Transport = 'graphql-ws' | 'sse' | 'http';

/** graphql-ws operations carry the socket's context (`extra`); HTTP ones carry the request. */
function transportOf(context: unknown): Transport {
  const value = context as { extra?: unknown; request?: Request };
  if (value.extra !== undefined) return 'graphql-ws';
  return value.request?.headers.get('accept')?.includes('text/event-stream') ? 'sse' : 'http';
}

function operationOf(document: DocumentNode): OperationDefinitionNode | undefined {
  return document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
}

/** Label values from the schema, never from the caller's names: operation names and aliases are unbounded. */
function labelsOf(document: DocumentNode): { type: string; field: string } {
  const operation = operationOf(document);
  const root = operation?.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
  return { type: operation?.operation ?? 'unknown', field: root?.kind === Kind.FIELD ? root.name.value : 'unknown' };
}

/** Codes are the server's own words; anything else is one bucket, so a label cannot grow without bound. */
const codeOf = (error: { extensions?: Record<string, unknown> }): string => {
  const code = error.extensions?.code;
  if (code === undefined) return 'INTERNAL_SERVER_ERROR';
  return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? code : 'OTHER';
};

export function useGraphQLMetrics(metrics: Metrics): Plugin {
  const countErrors = (type: string, result: ExecutionResult) => {
    for (const error of result.errors ?? []) metrics.operationErrors.inc({ type, code: codeOf(error) });
  };
  return {
    onParse() {
      return ({ result }) => {
        if (result instanceof Error) metrics.operationErrors.inc({ type: 'unknown', code: 'GRAPHQL_PARSE_FAILED' });
      };
    },
    onValidate({ params }) {
      return ({ valid, result }) => {
        if (valid) return;
        const type = operationOf(params.documentAST)?.operation ?? 'unknown';
        metrics.operationErrors.inc({ type, code: 'GRAPHQL_VALIDATION_FAILED' }, result.length);
      };
    },
    onExecute({ args }) {
      const labels = labelsOf(args.document);
      const started = performance.now();
      return {
        onExecuteDone({ result }) {
          metrics.operationDuration.observe(labels, (performance.now() - started) / 1000);
          if (!(Symbol.asyncIterator in result)) countErrors(labels.type, result);
        },
      };
    },
    onSubscribe({ args }) {
      const transport = transportOf(args.contextValue);
      return {
        onSubscribeResult({ result }) {
          if (!(Symbol.asyncIterator in result)) {
            countErrors('subscription', result);
            return undefined;
          }
          metrics.subscribers.inc({ transport });
          return {
            onNext({ result: next }) {
              metrics.eventsDelivered.inc({ transport });
              countErrors('subscription', next);
            },
            onEnd() {
              metrics.subscribers.dec({ transport });
            },
          };
        },
      };
    },
  };
}
