import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { databaseKind, postgresConnection } from './database-url.js';
import { PrismaClient } from './generated/client.js';
import { connectPostgres } from './postgres.js';

// The SQLite client's types stand for both: the two clients are generated from the same
// models (prisma/postgres/schema.prisma is derived from prisma/schema.prisma).
export type { PrismaClient };

/** The path of a `file:` SQLite URL, relative to the working directory. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '').replace(/\?.*$/, '');
}

/** SQLite creates the file but not its folder. */
export function ensureDatabaseFolder(databaseUrl: string): void {
  mkdirSync(dirname(sqlitePath(databaseUrl)), { recursive: true });
}

async function openPostgres(databaseUrl: string): Promise<PrismaClient> {
  // A clear one-line error now rather than a driver error at the first query.
  await (await connectPostgres(databaseUrl)).end();
  // Loaded only when used: a SQLite deployment never needs it.
  const [{ PrismaPg }, { PrismaClient: PostgresClient }] = await Promise.all([
    import('@prisma/adapter-pg'),
    import('./generated-postgres/client.js'),
  ]);
  const { connectionString, schema } = postgresConnection(databaseUrl);
  const prisma = new PostgresClient({ adapter: new PrismaPg({ connectionString }, { schema }) });
  return prisma as unknown as PrismaClient;
}

export async function openDatabase(databaseUrl: string): Promise<PrismaClient> {
  if (databaseKind(databaseUrl) === 'postgres') return openPostgres(databaseUrl);
  ensureDatabaseFolder(databaseUrl);
  // `timeout` is SQLite's busy timeout: concurrent writers wait instead of failing.
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: databaseUrl, timeout: 10_000 }) });
  // WAL lets readers proceed while a campaign step is being written.
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  return prisma;
}
