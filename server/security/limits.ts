// How much one request may ask of the server: GraphQL Armor's document limits, the request
// body and upload sizes, and operations at once on one graphql-ws connection.
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { createFetch } from '@whatwg-node/fetch';
import { GraphQLError, type ValidationContext } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from '../config.js';

/**
 * Armor's validation rules would throw out of `validate`; reported instead, they come back as
 * ordinary validation errors (code GRAPHQL_VALIDATION_FAILED, HTTP 400) without its "Syntax Error:" prefix.
 */
const reportAsValidationError = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) => {
      const message = error.message.replace(/^Syntax Error: /, '');
      context?.reportError(new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    },
  ],
};

export function useDocumentLimits(config: Config): Plugin {
  return EnvelopArmorPlugin({
    // Counted while parsing, so an oversized document is refused before it is built (GRAPHQL_PARSE_FAILED).
    maxTokens: { n: config.GRAPHQL_MAX_TOKENS },
    // A fragment is measured as if its fields were written inline: Armor's default counts each spread as two
    // more levels, which refused the web client's campaign list (written with fragments) at a real depth of 5.
    maxDepth: { n: config.GRAPHQL_MAX_DEPTH, flattenFragments: true, ...reportAsValidationError },
    maxAliases: { n: config.GRAPHQL_MAX_ALIASES, ...reportAsValidationError },
    costLimit: { maxCost: config.GRAPHQL_MAX_COST, flattenFragments: true, ...reportAsValidationError },
    maxDirectives: { n: config.GRAPHQL_MAX_DIRECTIVES, ...reportAsValidationError },
    // "Did you mean ...?" maps the schema for a stranger; with keys the server faces strangers.
    blockFieldSuggestion: { enabled: config.API_KEYS.length > 0 },
  }) as Plugin;
}

/**
 * Yoga's fetch API with multipart limits: one file of at most MAX_UPLOAD_BYTES (413,
 * REQUEST_ENTITY_TOO_LARGE), and few form fields. The guidelines reader has its own, smaller
 * limit with a message naming the file; this one stops a huge upload before it is buffered.
 */
export function limitedFetchAPI(config: Config) {
  return createFetch({
    formDataLimits: { fileSize: config.MAX_UPLOAD_BYTES, files: 1, fields: 8, parts: 9, fieldSize: config.MAX_REQUEST_BODY_BYTES },
  });
}

const sizeUnits: [number, string][] = [
  [1024 ** 3, 'GiB'],
  [1024 ** 2, 'MiB'],
  [1024, 'KiB'],
];

/** A byte count as people say it in limits and error messages: "1 MiB", "4 KiB", "1.5 MiB", "900 bytes". */
export function sizeInWords(bytes: number): string {
  const [unit, name] = sizeUnits.find(([size]) => bytes >= size) ?? [1, bytes === 1 ? 'byte' : 'bytes'];
  return `${Number((bytes / unit).toFixed(1))} ${name}`;
}

/** graphql-ws: operations running at once on one connection; null when another may start. */
export function tooManyOperations(running: number, limit: number): GraphQLError | null {
  if (running <= limit) return null;
  return new GraphQLError(
    `Too many subscriptions on this connection: the limit is ${limit} at once; complete one or open another connection.`,
    { extensions: { code: 'TOO_MANY_SUBSCRIPTIONS', limit } },
  );
}
