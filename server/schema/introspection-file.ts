// client/src/graphql-env.d.ts: the schema as the type gql.tada types the web client's documents
// from, made by gql.tada's own generator (its CLI would read tsconfig.json through TypeScript's
// JavaScript API, which TypeScript 7 no longer has).
import { minifyIntrospection, outputIntrospectionFile } from 'gql.tada/internal';
import { introspectionFromSchema } from 'graphql';
import { schema } from './index.js';

export const introspectionFilePath = 'client/src/graphql-env.d.ts';

const preamble = `/** schema.graphql as gql.tada's introspection type, written by \`npm run schema\`: do not edit (a test fails when it is stale). */
`;

export function introspectionFile(): string {
  const introspection = minifyIntrospection({ ...introspectionFromSchema(schema), name: undefined });
  return outputIntrospectionFile(introspection, { fileType: '.d.ts', shouldPreprocess: true, preamble });
}
