// Starts the real server on an ephemeral port with a fresh database, in this process
// (startTestServer) or as its own process (spawnServer, for restarts and signals).
// The database is a SQLite file, or with TEST_DATABASE=postgres (the `postgres` test
// project) a PostgreSQL database of its own on TEST_POSTGRES_URL's server.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../server/config.js';
import { temporaryPostgresDatabase } from '../../server/db/postgres.js';
import { createLogger } from '../../server/logger.js';
import { type RunningServer, startServer } from '../../server/server.js';

export const repoRoot = resolve(import.meta.dirname, '../..');

/** For suites that create many campaigns from one address: the rate limits have their own tests. */
export const withoutRateLimits = { RATE_LIMIT_MUTATIONS_PER_MINUTE: '0', RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE: '0' };

/**
 * Suites create the same request many times and expect each to run; the result cache (on by
 * default in the product) has its own tests, which turn it on.
 */
const withoutResultCache = { RESULT_CACHE: 'false' };

/** A closed port on loopback: Ollama "down". */
export const unreachableOllama = 'http://127.0.0.1:9';

/** True in the test project that runs the suite on PostgreSQL. */
export const onPostgres = process.env.TEST_DATABASE === 'postgres';

/** A fresh, empty database for one server: a SQLite file, or a PostgreSQL database when onPostgres. */
export async function temporaryDatabase(): Promise<{ url: string; remove(): Promise<void> }> {
  if (onPostgres) return temporaryPostgresDatabase('test');
  return temporarySqliteDatabase();
}

/** A fresh SQLite file in its own folder, whatever database the run is on. */
export async function temporarySqliteDatabase(): Promise<{ url: string; remove(): Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'copilot-test-'));
  return { url: `file:${join(folder, 'copilot.db')}`, remove: () => rm(folder, { recursive: true, force: true }) };
}

export interface TestServer extends RunningServer {
  graphqlUrl: string;
  databaseUrl: string;
}

export async function startTestServer(environment: Record<string, string> = {}): Promise<TestServer> {
  // A database of its own unless the test brings one (to restart a server on it).
  const database = environment.DATABASE_URL ? null : await temporaryDatabase();
  const config = loadConfig({
    PORT: '0',
    OLLAMA_HOST: unreachableOllama,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...(database ? { DATABASE_URL: database.url } : {}),
    ...withoutResultCache,
    ...environment,
  });
  const server = await startServer(config, createLogger(config.LOG_LEVEL)).catch(async (error: unknown) => {
    await database?.remove();
    throw error;
  });
  return {
    ...server,
    graphqlUrl: `${server.url}/graphql`,
    databaseUrl: config.DATABASE_URL,
    async stop() {
      await server.stop();
      await database?.remove();
    },
  };
}

/** The tables in the server's database, on SQLite or PostgreSQL. */
export async function tableNames(server: TestServer): Promise<string[]> {
  const sql = server.databaseUrl.startsWith('file:')
    ? "SELECT name FROM sqlite_master WHERE type = 'table'"
    : 'SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()';
  const rows = await server.prisma.$queryRawUnsafe<{ name: string }[]>(sql);
  return rows.map((row) => row.name);
}

export interface SpawnedServer {
  url: string;
  graphqlUrl: string;
  process: ChildProcess;
  output(): string;
  /** Sends the signal and waits for the process to exit; returns its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Runs `server/main.ts` as `npm start` would; resolves once it is listening. */
export function spawnServer(environment: Record<string, string>): Promise<SpawnedServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...withoutResultCache, ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  return new Promise((resolveStart, rejectStart) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = output.match(/listening on (http:\/\/[\d.:]+)/);
      if (!listening?.[1]) return;
      child.stdout?.off('data', onData);
      child.stdout?.on('data', (more: Buffer) => (output += more.toString()));
      const url = listening[1];
      resolveStart({
        url,
        graphqlUrl: `${url}/graphql`,
        process: child,
        output: () => output,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => rejectStart(new Error(`server exited (${code}) before listening:\n${output}`)));
  });
}
