// Unexpected failures reach clients as one masked error with the request id;
// the full detail goes to the log under that id.
import { randomUUID } from 'node:crypto';
import { type ExecutionResult, type FormattedExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';
import type { GraphQLContext } from './schema/builder.js';

function isUnexpected(error: GraphQLError): boolean {
  return error.originalError !== undefined && !(error.originalError instanceof GraphQLError);
}

/** Keeps where the error happened in the document (path, locations); drops what happened. */
function maskedError(requestId: string, error?: GraphQLError): GraphQLError {
  return new GraphQLError(`Internal server error (request id ${requestId})`, {
    nodes: error?.nodes,
    source: error?.source,
    positions: error?.positions,
    path: error?.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
  });
}

/** `Variable "$input" got invalid value 123 at "input.name"; ...`: the field it names, if any. */
const coercionFailure =
  /^Variable "\$([^"]+)" (?:got invalid value .* at "([^"]+)"; |got invalid value|of required type|of non-null type)/s;

/** After 50 bad values graphql-js stops with this, naming no variable. */
const tooManyCoercionFailures = /^Too many errors processing variables/;

/** graphql-js reports bad variable values without a code; they are bad input like any other. */
function withInputCode(error: GraphQLError): GraphQLError {
  if (error.path !== undefined || error.extensions.code !== undefined) return error;
  const match = error.message.match(coercionFailure);
  if (!match && !tooManyCoercionFailures.test(error.message)) return error;
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code: 'BAD_USER_INPUT', ...(match ? { field: match[2] ?? match[1] } : {}) },
  });
}

export function useUnexpectedErrorMasking(logger: Logger): Plugin<GraphQLContext> {
  const mask = (errors: readonly GraphQLError[], requestId: string) =>
    errors.map((error) => {
      if (!isUnexpected(error)) return withInputCode(error);
      logger.error({ err: error.originalError, requestId, path: error.path }, 'unexpected error while resolving');
      return maskedError(requestId, error);
    });
  const onResult = (requestId: string) => (payload: Parameters<Parameters<typeof handleStreamOrSingleExecutionResult>[1]>[0]) => {
    const { result, setResult } = payload;
    if (result.errors?.length) setResult({ ...result, errors: mask(result.errors, requestId) });
  };
  return {
    onExecute: ({ args }) => ({
      onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, onResult(args.contextValue.requestId)),
    }),
    onSubscribe: ({ args }) => ({
      onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, onResult(args.contextValue.requestId)),
    }),
  };
}

/**
 * graphql-ws sends a subscription's thrown error as its message; anything without a code
 * (a failure inside an event stream, not a refusal we wrote) is masked the same way. The
 * `http` extension Yoga adds for HTTP responses means nothing on a socket and is dropped.
 */
export function maskUnexpectedSubscriptionErrors(logger: Logger) {
  return (_context: unknown, id: string, _payload: unknown, errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
    errors.map((error) => {
      if (error.extensions.code !== undefined) {
        const { http: _http, ...extensions } = error.extensions;
        return { ...error.toJSON(), extensions };
      }
      const requestId = randomUUID();
      logger.error({ err: error.originalError ?? error, requestId, subscription: id }, 'unexpected error in a subscription');
      return maskedError(requestId, error).toJSON();
    });
}

/** An error's `http` extension (status, Retry-After) is for HTTP responses; a socket result drops it (void: unchanged). */
export function withoutHttpExtensions(result: ExecutionResult): FormattedExecutionResult | undefined {
  if (!result.errors?.some((error) => error.extensions.http)) return undefined;
  const errors = result.errors.map((error) => {
    const { http: _http, ...extensions } = error.extensions;
    return { ...error.toJSON(), extensions };
  });
  return { ...result, errors };
}

/**
 * Yoga's request parsers report some malformed requests (a multipart "operations" or "map" that is
 * not JSON) without a code or status, so they answered 200: they are the caller's, 400 BAD_REQUEST.
 */
export function useMalformedRequestErrors(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          if (!(error instanceof GraphQLError) || error.extensions.code !== undefined || error.extensions.http !== undefined) throw error;
          throw new GraphQLError(error.message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
        }
      });
    },
  };
}

type RequestHook = NonNullable<Plugin['onRequest']>;

/**
 * A route plugin (export downloads, static files) that throws would otherwise answer with the
 * error's stack as plain text: the HTTP server's last-resort handler. This answers 500 with the
 * masked message instead, and logs the error under the request's id.
 */
export function guardRequestHooks<AnyPlugin extends object>(
  plugins: AnyPlugin[],
  logger: Logger,
  requestIdOf: (request: Request) => string | undefined,
): AnyPlugin[] {
  return plugins.map((plugin) => {
    const onRequest = (plugin as Plugin).onRequest as RequestHook | undefined;
    if (!onRequest) return plugin;
    const guarded: RequestHook = async (payload) => {
      try {
        await onRequest(payload);
      } catch (error) {
        const requestId = requestIdOf(payload.request) ?? randomUUID();
        logger.error({ err: error, requestId, path: payload.url.pathname }, 'unexpected error while handling a request');
        payload.endResponse(
          new payload.fetchAPI.Response(JSON.stringify({ errors: [maskedError(requestId).toJSON()] }), {
            status: 500,
            headers: { 'content-type': 'application/json; charset=utf-8' },
          }),
        );
      }
    };
    return { ...plugin, onRequest: guarded } as AnyPlugin;
  });
}
