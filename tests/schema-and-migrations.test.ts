import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { sqlitePath } from '../server/db/client.js';
import { applyMigrations, listMigrations, migrationDrift } from '../server/db/migrations.js';
import { derivePostgresSchema, expectedPostgresSchema, postgresSchemaPath } from '../server/db/postgres-schema.js';
import { printedSchema } from '../server/schema/index.js';
import { introspectionFile, introspectionFilePath } from '../server/schema/introspection-file.js';
import { repoRoot, temporarySqliteDatabase as temporaryDatabase } from './support/server.js';

describe('schema.graphql', () => {
  it('is the printed Pothos schema (run `npm run schema` when this fails)', async () => {
    const checkedIn = await readFile(join(repoRoot, 'schema.graphql'), 'utf8');
    expect(checkedIn).toBe(printedSchema());
  });
});

describe('client/src/graphql-env.d.ts', () => {
  it('is the schema as gql.tada types the client from it (run `npm run schema` when this fails)', async () => {
    expect(await readFile(join(repoRoot, introspectionFilePath), 'utf8')).toBe(introspectionFile());
  });
});

describe('prisma/postgres/schema.prisma', () => {
  it('is derived from prisma/schema.prisma, the one description of the models (run `npm run db:migration -- <name>`)', async () => {
    expect(await readFile(postgresSchemaPath, 'utf8')).toBe(await expectedPostgresSchema());
  });

  it('differs from it only in the provider and the client folder', async () => {
    const sqlite = await readFile(join(repoRoot, 'prisma/schema.prisma'), 'utf8');
    const postgres = derivePostgresSchema(sqlite);
    expect(postgres).toContain('provider = "postgresql"');
    expect(postgres).not.toContain('"sqlite"');
    const modelsOf = (schema: string) => schema.slice(schema.indexOf('\nmodel '));
    expect(modelsOf(postgres)).toBe(modelsOf(sqlite));
    // A model added to the source reaches the derived schema.
    expect(derivePostgresSchema(`${sqlite}\nmodel Extra {\n  id String @id\n}\n`)).toContain('model Extra {');
  });
});

describe('migrations (SQLite)', () => {
  it('build exactly what schema.prisma describes (the schema engine sees no drift)', async () => {
    const scratch = await temporaryDatabase();
    try {
      expect(await migrationDrift(scratch.url)).toBe('');
    } finally {
      await scratch.remove();
    }
  });

  it('would show a model the migrations do not build as drift', async () => {
    const scratch = await temporaryDatabase();
    try {
      const schema = await readFile(join(repoRoot, 'prisma/schema.prisma'), 'utf8');
      expect(await migrationDrift(scratch.url, `${schema}\nmodel Extra {\n  id String @id\n}\n`)).toMatch(/CREATE TABLE "Extra"/);
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
