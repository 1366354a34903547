// Instance B of the cluster phase, on a thread of its own as it would be a process of its own:
// the real server on the same Redis (and, read-only here, the same database) as instance A.
import { startTestServer, type TestServer } from '../tests/support/server.js';
import { exposeToMainThread } from './threads.js';

let server: TestServer | undefined;

const api = {
  /** Starts the server with `environment`; its GraphQL URL. */
  async start(environment: Record<string, string>): Promise<string> {
    server = await startTestServer(environment);
    return server.graphqlUrl;
  },
  async stop(): Promise<void> {
    await server?.stop();
    server = undefined;
  },
};
export type InstanceThreadApi = typeof api;
exposeToMainThread(api);
