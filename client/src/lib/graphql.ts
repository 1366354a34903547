// The one `graphql` every document of the client is written with, typed from the schema
// (graphql-env.d.ts, which `npm run schema` writes) with its scalars as they travel in JSON.
import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-env.js';

export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; File: File };
  // Components read a document's fields directly; fragments only share field lists.
  disableMasking: true;
}>();

export type { ResultOf } from 'gql.tada';
