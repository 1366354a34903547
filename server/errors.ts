// The one place where failures become GraphQL errors with a code and words a user can act on.
import { GraphQLError } from 'graphql';
import type { ZodError } from 'zod';

export interface FieldProblem {
  field: string;
  rule: string;
}

export function badInput(problems: FieldProblem[]): GraphQLError {
  const message = problems.map(({ field, rule }) => `${field}: ${rule}`).join('; ');
  return new GraphQLError(message, {
    extensions: { code: 'BAD_USER_INPUT', field: problems[0]?.field, problems },
  });
}

/** The server has no room now: not the caller's fault, so not bad input. Over HTTP: 503 with Retry-After. */
export function queueFull(limit: number, retryAfter: number): GraphQLError {
  return new GraphQLError(`The campaign queue is full (${limit} campaigns waiting). Nothing was created; try again in ${retryAfter} s.`, {
    extensions: { code: 'QUEUE_FULL', limit, retryAfter, http: { status: 503, headers: { 'Retry-After': String(retryAfter) } } },
  });
}

/** Redis, which instances share, did not answer (a command that timed out may still take effect when it does). Over HTTP: 503 with Retry-After. */
export function sharedStoreUnavailable(what: string, retryAfter = 5): GraphQLError {
  return new GraphQLError(
    `${what} could not be done: the store the servers share (Redis) is not answering; try again in ${retryAfter} s.`,
    { extensions: { code: 'SERVICE_UNAVAILABLE', retryAfter, http: { status: 503, headers: { 'Retry-After': String(retryAfter) } } } },
  );
}

/** An id as shown back to the caller: a 100 KB "id" is not echoed in full. */
const shortenedId = (id: string) => (id.length > 64 ? `${id.slice(0, 64)}…` : id);

export const quotedId = (id: string) => JSON.stringify(shortenedId(id));

/** `field` names the argument that held the unknown id, when it was not `id` itself. */
export function notFound(kind: string, id: string, field?: string): GraphQLError {
  const message = `${field ? `${field}: ` : ''}${kind} ${quotedId(id)} was not found`;
  return new GraphQLError(message, { extensions: { code: 'NOT_FOUND', kind, id: shortenedId(id), ...(field ? { field } : {}) } });
}

/** Zod issues as field problems; `prefix` is where the validated value sits (e.g. ['input']). */
export function zodProblems(error: ZodError, prefix: (string | number)[] = []): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [...prefix, ...issue.path].map(String).join('.') || prefix.join('.') || 'input',
    rule: issue.message,
  }));
}

/** Prisma's unique-constraint violation, whichever way the driver adapter reports it. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, meta } = error as { code?: string; meta?: { driverAdapterError?: { cause?: { kind?: string } } } };
  return code === 'P2002' || meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation';
}

/** Redis, which holds the live events when instances share them, is not answering. */
export function liveEventsUnavailable(what: 'events' | 'updates'): GraphQLError {
  const message =
    what === 'events'
      ? 'Live events are unavailable: the shared event store (Redis) is not answering. The campaign goes on and nothing is lost; subscribe again with afterSeq and run to continue once it is back.'
      : 'Live campaign updates are unavailable: the shared event store (Redis) is not answering. Reload the list once it is back.';
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE' } });
}

/** A subscriber asked for events the bounded live stream no longer keeps. */
export function liveEventsTrimmed(seq: number, maxEvents: number): GraphQLError {
  return new GraphQLError(
    `afterSeq: event ${seq} of this run is no longer kept (a live run keeps its last ${maxEvents} events, LIVE_EVENTS_MAX_PER_RUN); subscribe with a later afterSeq, or wait for the campaign to finish to replay it whole.`,
    { extensions: { code: 'BAD_USER_INPUT', field: 'afterSeq' } },
  );
}
