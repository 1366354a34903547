// Every operation the web client sends passes the server's validation, document limits included:
// the schema alone does not say whether GraphQL Armor's depth or cost estimate lets a document through.
import { stringifyDocument } from '@urql/core';
import { type DocumentNode, Kind } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as approvalDocuments from '../client/src/lib/approval-documents.js';
import * as documents from '../client/src/lib/documents.js';
import type { GraphQLResponse } from './support/graphql.js';
import { startTestServer, type TestServer } from './support/server.js';

const isOperation = (value: unknown): value is DocumentNode =>
  (value as DocumentNode | null)?.kind === Kind.DOCUMENT &&
  (value as DocumentNode).definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION);

const operations = Object.entries({ ...documents, ...approvalDocuments }).filter((entry): entry is [string, DocumentNode] =>
  isOperation(entry[1]),
);

describe("the web client's documents", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  /** The errors that refuse the document itself. Sent without variables: one that needs them is refused after validation, and nothing runs. */
  async function refusals(query: string) {
    const response = await fetch(server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
      body: JSON.stringify({ query }),
    });
    // A valid subscription streams (SSE or WebSocket), so plain JSON is not acceptable for it: it passed validation.
    if (response.status === 406) return [];
    const body = (await response.json()) as GraphQLResponse;
    return (body.errors ?? []).filter((error) => /^GRAPHQL_(VALIDATION|PARSE)_FAILED$/.test(String(error.extensions?.code)));
  }

  it('are all checked, and a refused one would show', async () => {
    expect(operations.length).toBeGreaterThan(25);
    expect(await refusals('subscription { campaignUpdates { nope } }')).toHaveLength(1);
  });

  it.each(operations)('%s passes validation and the document limits', async (_name, document) => {
    expect(await refusals(stringifyDocument(document))).toEqual([]);
  });
});
