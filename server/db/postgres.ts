// Plain connections to PostgreSQL (node-postgres) for what Prisma's client does not do:
// checking that the server answers, the migration lock, and creating throwaway databases.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DatabaseStartError, postgresConnection, redactedUrl, withDatabaseName } from './database-url.js';

/** PostgreSQL cannot be reached or refuses us at start. */
export class DatabaseUnreachableError extends DatabaseStartError {}

const connectTimeoutMs = 5_000;

/** What to check, in words, for the errors node-postgres reports while connecting. */
function advice(error: unknown, url: URL): string {
  const { code, message } = error as { code?: string; message?: string };
  const database = decodeURIComponent(url.pathname.slice(1)) || url.username || 'postgres';
  const where = `${url.hostname}:${url.port || 5432}`;
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused: check that PostgreSQL is running and listening on ${where}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host "${url.hostname}" not found: check the host name in DATABASE_URL`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `no answer from ${where}: check the host, the port and any firewall between`;
    case '28P01':
    case '28000':
      return `the server refused user "${decodeURIComponent(url.username)}": check the user and password in DATABASE_URL and pg_hba.conf`;
    case '3D000':
      return `database "${database}" does not exist: create it (createdb ${database}) or name another in DATABASE_URL`;
    default:
      if (/timeout/i.test(message ?? ''))
        return `no answer within ${connectTimeoutMs / 1000} s from ${where}: check the host, the port and any firewall between`;
      return `${message ?? String(error)}: check DATABASE_URL`;
  }
}

/** A connected client, or a one-line DatabaseUnreachableError naming the URL without its password. */
export async function connectPostgres(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: postgresConnection(url).connectionString, connectionTimeoutMillis: connectTimeoutMs });
  // A connection lost later must not crash the process through an unhandled 'error' event.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => {});
    let reason: string;
    try {
      reason = advice(error, new URL(url));
    } catch {
      reason = `${(error as Error).message}: check DATABASE_URL (it does not read as a URL)`;
    }
    throw new DatabaseUnreachableError(`Cannot connect to PostgreSQL at ${redactedUrl(url)}: ${reason}.`);
  }
}

/** Ours, not Prisma Migrate's (72707369): it holds its own lock inside. */
const migrationLockKey = 4_626_180_116;

/**
 * Runs `work` while holding a session-level advisory lock, so that several instances
 * starting at once on one database apply the migrations once, one after another.
 */
export async function withMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = await connectPostgres(url);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    // Prisma's `?schema=`: the migrations create their tables there.
    const { schema } = postgresConnection(url);
    if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
    return await work();
  } finally {
    // Closing the session releases the lock even if the unlock fails.
    await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]).catch(() => {});
    await client.end().catch(() => {});
  }
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the database `name` on the server of `url` (connecting to the database `url` names). */
export async function createDatabase(url: string, name: string): Promise<void> {
  const client = await connectPostgres(url);
  try {
    await client.query(`CREATE DATABASE ${quoteIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

/** Drops the database `name`, closing any connections still open to it. */
export async function dropDatabase(url: string, name: string): Promise<void> {
  const client = await connectPostgres(url);
  try {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Where throwaway databases are made (migration drift, `npm run db:migration`, tests). */
export const scratchPostgresUrl = () => process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty database on the server of `serverUrl`, and a way to drop it. */
export async function temporaryPostgresDatabase(
  purpose: string,
  serverUrl = scratchPostgresUrl(),
): Promise<{ url: string; remove(): Promise<void> }> {
  const name = `copilot_${purpose}_${randomBytes(6).toString('hex')}`;
  await createDatabase(serverUrl, name);
  return { url: withDatabaseName(serverUrl, name), remove: () => dropDatabase(serverUrl, name) };
}
