// The REST API's errors: JSON with a code, a message that names the field and the rule, and the
// request id, under the right HTTP status. GraphQL errors (the operations run underneath) are
// translated here, with GraphQL's field paths turned back into the REST request's field names.
import type { FieldProblem } from '../errors.js';

export interface RestError {
  code: string;
  message: string;
  requestId: string;
  field?: string;
  problems?: FieldProblem[];
  retryAfter?: number;
}

export function restErrorBody(error: RestError): object {
  const field = error.field ?? error.problems?.[0]?.field;
  return {
    error: {
      code: error.code,
      message: error.message,
      ...(field ? { field } : {}),
      ...(error.problems ? { problems: error.problems } : {}),
      ...(error.retryAfter !== undefined ? { retry_after: error.retryAfter } : {}),
      request_id: error.requestId,
    },
  };
}

/** The HTTP status of each code the GraphQL layer and the REST layer use. */
const statusOfCode: Record<string, number> = {
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_ENTITY_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  QUEUE_FULL: 503,
};

export const statusOf = (code: string): number => statusOfCode[code] ?? 500;

export class RestFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details: { problems?: FieldProblem[]; retryAfter?: number } = {},
  ) {
    super(message);
  }
}

export const badRequestFields = (problems: FieldProblem[]): RestFailure =>
  new RestFailure('BAD_USER_INPUT', problems.map(({ field, rule }) => `${field}: ${rule}`).join('; '), { problems });

/** A GraphQL field path such as `input.targetAudience` in the REST request's words, by the operation's table. */
export function restFieldName(path: string, names: Record<string, string>): string {
  for (const [graphqlPrefix, restName] of Object.entries(names).sort(([a], [b]) => b.length - a.length)) {
    if (path === graphqlPrefix) return restName;
    if (path.startsWith(`${graphqlPrefix}.`)) return `${restName}${path.slice(graphqlPrefix.length)}`;
  }
  return path;
}

interface GraphQLErrorJson {
  message: string;
  extensions?: { code?: string; field?: string; problems?: FieldProblem[]; retryAfter?: number };
}

/** The first error of a GraphQL result as a REST failure, field names translated. */
export function failureFromGraphQL(error: GraphQLErrorJson, names: Record<string, string>): RestFailure {
  const code = error.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
  const rename = (path: string) => restFieldName(path, names);
  const problems = error.extensions?.problems?.map((problem) => ({ field: rename(problem.field), rule: problem.rule }));
  if (problems?.length) return new RestFailure(code, problems.map(({ field, rule }) => `${field}: ${rule}`).join('; '), { problems });
  const field = error.extensions?.field;
  const message = field ? error.message.replace(`${field}:`, `${rename(field)}:`) : error.message;
  return new RestFailure(code, message, {
    ...(field ? { problems: [{ field: rename(field), rule: message }] } : {}),
    ...(error.extensions?.retryAfter !== undefined ? { retryAfter: error.extensions.retryAfter } : {}),
  });
}
