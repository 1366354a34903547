// GraphQL over HTTP: the graphql-http package's server audits against the real server,
// open and with API keys (the audits' requests then carry a key).
import { type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/server.js';

// Every audit applies and passes, the MAYs too: none is skipped. (graphql-http leaves "SHOULD use 401 or 403
// when the request is not permitted" commented out; tests/security-auth.test.ts covers it.)
const skipped: Record<string, string> = {};

const describeFailure = (result: AuditResult) => (result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`);

describe.each([
  ['without API keys', {}, {}],
  ['with API keys', { API_KEYS: 'audit-key-0123456789abcdef', HOST: '127.0.0.1' }, { authorization: 'Bearer audit-key-0123456789abcdef' }],
])('graphql-http server audits %s', (_name, environment: Record<string, string>, headers: Record<string, string>) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(environment);
  });
  afterAll(() => server.stop());

  const audits = serverAudits({
    url: () => server.graphqlUrl,
    fetchFn: (input: RequestInfo | URL, init: RequestInit = {}) =>
      fetch(input, { ...init, headers: { ...(init.headers as Record<string, string>), ...headers } }),
  });

  it('has MUST and SHOULD audits to run (graphql-http 1.23: 13 MUST, 23 SHOULD, 25 MAY)', () => {
    expect(audits.filter((audit) => audit.name.startsWith('MUST')).length).toBeGreaterThanOrEqual(13);
    expect(audits.filter((audit) => audit.name.startsWith('SHOULD')).length).toBeGreaterThanOrEqual(23);
  });

  for (const audit of audits) {
    const run = skipped[audit.id] ? it.skip : it;
    run(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      expect(describeFailure(result)).toBe('ok');
    });
  }
});
