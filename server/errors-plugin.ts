// Unexpected failures reach clients as one masked error with the request id;
// the full detail goes to the log under that id.
import { GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import type { Logger } from './logger.js';
import type { GraphQLContext } from './schema/builder.js';

function isUnexpected(error: GraphQLError): boolean {
  return error.originalError !== undefined && !(error.originalError instanceof GraphQLError);
}

export function useUnexpectedErrorMasking(logger: Logger): Plugin<GraphQLContext> {
  const mask = (errors: readonly GraphQLError[], requestId: string) =>
    errors.map((error) => {
      if (!isUnexpected(error)) return error;
      logger.error({ err: error.originalError, requestId, path: error.path }, 'unexpected error while resolving');
      return new GraphQLError(`Internal server error (request id ${requestId})`, {
        path: error.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId },
      });
    });
  const onResult =
    (requestId: string) =>
    (payload: Parameters<Parameters<typeof handleStreamOrSingleExecutionResult>[1]>[0]) => {
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
