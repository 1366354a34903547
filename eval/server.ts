// Where the evaluation runs: the real server started in this process against the configured
// Ollama (with a throwaway SQLite file, so the user's data is untouched), or an existing
// server named by EVAL_SERVER_URL. Either way, checked before any campaign starts.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../server/config.js';
import { startServer } from '../server/server.js';
import { request, type ServerConnection } from './api.js';

export interface EvalServer extends ServerConnection {
  /** For the report: what ran the campaigns. */
  description: string;
  stop(): Promise<void>;
}

/** The server's GraphQL endpoint from a base URL or the endpoint itself. */
export const graphqlEndpoint = (url: string): string => (/\/graphql\/?$/.test(url) ? url : `${url.replace(/\/+$/, '')}/graphql`);

export async function connectToServer(environment: NodeJS.ProcessEnv, concurrency: number): Promise<EvalServer> {
  const external = environment.EVAL_SERVER_URL;
  const server = external
    ? { graphqlUrl: graphqlEndpoint(external), apiKey: environment.EVAL_API_KEY, description: external, stop: async () => {} }
    : await startInProcess(environment, concurrency);
  try {
    await preflight(server);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function startInProcess(environment: NodeJS.ProcessEnv, concurrency: number): Promise<EvalServer> {
  const folder = await mkdtemp(join(tmpdir(), 'copilot-eval-'));
  const config = loadConfig({
    ...environment,
    DATABASE_URL: `file:${join(folder, 'eval.db')}`,
    PORT: '0',
    HOST: '127.0.0.1',
    // The harness is this server's only client: no keys, no rate limits, and as many
    // campaigns running at once as the harness sends.
    API_KEYS: '',
    RATE_LIMIT_MUTATIONS_PER_MINUTE: '0',
    RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '0',
    PIPELINE_CONCURRENCY: String(concurrency),
  });
  // Logs go to stderr: stdout is the report.
  const logger = pino({ level: environment.EVAL_LOG_LEVEL ?? 'warn', base: { service: 'content-copilot-eval' } }, pino.destination(2));
  const running = await startServer(config, logger);
  return {
    graphqlUrl: `${running.url}/graphql`,
    description: `in-process (Ollama ${config.OLLAMA_HOSTS.join(', ')}, throwaway SQLite database)`,
    async stop() {
      await running.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}

interface Health {
  ollama: { ok: boolean; host: string; message: string | null };
  models: { name: string; present: boolean; pullCommand: string; usedBy: string[] }[];
}

/** Fails early, with the server's own advice, when every campaign would fail: Ollama down or an agent's model missing. */
async function preflight(server: ServerConnection): Promise<void> {
  const { health } = await request<{ health: Health }>(
    server,
    'query { health { ollama { ok host message } models { name present pullCommand usedBy } } }',
  );
  if (!health.ollama.ok) throw new Error(`Ollama at ${health.ollama.host} does not answer: ${health.ollama.message ?? 'no details'}`);
  // The embedding model is optional: similarity falls back to word overlap without it.
  const missing = health.models.filter((model) => !model.present && model.usedBy.some((user) => !user.startsWith('embeddings')));
  if (missing.length > 0) {
    throw new Error(
      `Models missing in Ollama: ${missing.map((model) => `${model.name} (used by ${model.usedBy.join(', ')}; ${model.pullCommand})`).join('; ')}`,
    );
  }
}
