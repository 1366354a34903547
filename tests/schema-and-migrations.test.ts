import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqlitePath } from '../server/db/client.js';
import { applyMigrations, listMigrations, migrationDrift } from '../server/db/migrations.js';
import { printedSchema } from '../server/schema/index.js';
import { repoRoot, temporaryDatabase } from './support/server.js';

describe('schema.graphql', () => {
  it('is the printed Pothos schema (run `npm run schema` when this fails)', async () => {
    const checkedIn = await readFile(join(repoRoot, 'schema.graphql'), 'utf8');
    expect(checkedIn).toBe(printedSchema());
  });
});

describe('migrations', () => {
  it('build exactly what schema.prisma describes (the schema engine sees no drift)', async () => {
    const scratch = await temporaryDatabase();
    try {
      expect(await migrationDrift(scratch.url)).toBe('');
    } finally {
      await scratch.remove();
    }
  });

  it('are applied once and recorded in _prisma_migrations as Prisma Migrate records them', async () => {
    const database = await temporaryDatabase();
    try {
      const names = (await listMigrations()).migrationDirectories.map((directory) => directory.path);
      expect(names.length).toBeGreaterThan(0);
      expect(await applyMigrations(database.url)).toEqual(names);
      expect(await applyMigrations(database.url)).toEqual([]);

      const sqlite = new Database(sqlitePath(database.url), { readonly: true });
      const rows = sqlite
        .prepare('SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name')
        .all() as {
        migration_name: string;
        checksum: string;
        finished_at: string | null;
        rolled_back_at: string | null;
      }[];
      const tables = sqlite
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((row) => (row as { name: string }).name);
      sqlite.close();
      expect(rows.map((row) => row.migration_name)).toEqual(names);
      expect(rows.every((row) => /^[0-9a-f]{64}$/.test(row.checksum) && row.finished_at !== null && row.rolled_back_at === null)).toBe(
        true,
      );
      expect(tables).toEqual(expect.arrayContaining(['Brand', 'Campaign', 'AgentStep']));
    } finally {
      await database.remove();
    }
  });
});
