import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaClient } from './generated/client.js';

export type { PrismaClient };

/** The path of a `file:` SQLite URL, relative to the working directory. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, '').replace(/\?.*$/, '');
}

/** SQLite creates the file but not its folder. */
export function ensureDatabaseFolder(databaseUrl: string): void {
  mkdirSync(dirname(sqlitePath(databaseUrl)), { recursive: true });
}

export async function openDatabase(databaseUrl: string): Promise<PrismaClient> {
  ensureDatabaseFolder(databaseUrl);
  // `timeout` is SQLite's busy timeout: concurrent writers wait instead of failing.
  const prisma = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: databaseUrl, timeout: 10_000 }) });
  // WAL lets readers proceed while a campaign step is being written.
  await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
  return prisma;
}
