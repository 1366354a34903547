// PostgreSQL as the database: migrations, several instances at once, and clear errors at start.
// The suites that also run on PostgreSQL are listed in vitest.config.ts (the `postgres` project).
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withDatabaseName } from '../server/db/database-url.js';
import { applyMigrations, listMigrations, migrationDrift, migrationsFolder } from '../server/db/migrations.js';
import { connectPostgres, temporaryPostgresDatabase } from '../server/db/postgres.js';
import { postgresSchemaPath } from '../server/db/postgres-schema.js';
import { graphqlData } from './support/graphql.js';
import { repoRoot, spawnServer, startTestServer, unreachableOllama } from './support/server.js';
import { requirePostgres, testPostgresUrl } from './support/services.js';

const available = await requirePostgres('tests/postgres.test.ts');

/** Runs `server/main.ts` until it exits by itself; what it printed and its exit code. */
function startExpectingExit(environment: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'server/main.ts'],
      { cwd: repoRoot, env: { ...process.env, PORT: '0', OLLAMA_HOST: unreachableOllama, ...environment }, timeout: 30_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

async function query<Row>(url: string, sql: string): Promise<Row[]> {
  const client = await connectPostgres(url);
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}

describe('a PostgreSQL that cannot be reached at start', () => {
  it('stops the server with one line naming the URL without its password, and what to check', async () => {
    // Port 9 on loopback is closed: the connection is refused.
    const { code, stdout, stderr } = await startExpectingExit({ DATABASE_URL: 'postgres://copilot:s3cret-pw@127.0.0.1:9/copilot' });
    expect(code).toBe(1);
    expect(stdout).not.toContain('listening');
    expect(stderr.trim().split('\n')).toEqual([
      'Cannot connect to PostgreSQL at postgres://copilot@127.0.0.1:9/copilot: connection refused: check that PostgreSQL is running and listening on 127.0.0.1:9.',
    ]);
    expect(stderr + stdout).not.toContain('s3cret-pw');
  }, 60_000);

  it.skipIf(!available)(
    'names a database that does not exist and how to create it',
    async () => {
      const url = withDatabaseName(testPostgresUrl, 'copilot_missing_database');
      const { code, stderr } = await startExpectingExit({ DATABASE_URL: url });
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toContain(
        'database "copilot_missing_database" does not exist: create it (createdb copilot_missing_database) or name another in DATABASE_URL',
      );
    },
    60_000,
  );
});

describe.skipIf(!available)('connecting', () => {
  it('names a user the server refuses, and what to check', async () => {
    const url = new URL(testPostgresUrl);
    url.username = 'copilot_no_such_user';
    url.password = 'hunter2';
    const refused = connectPostgres(url.toString());
    await expect(refused).rejects.toThrow(
      `Cannot connect to PostgreSQL at ${url.protocol}//copilot_no_such_user@${url.host}${url.pathname}: the server refused user "copilot_no_such_user": check the user and password in DATABASE_URL and pg_hba.conf.`,
    );
    await expect(refused).rejects.not.toThrow('hunter2');
  });
});

describe.skipIf(!available)('migrations (PostgreSQL)', () => {
  it('are in their own folder in Prisma layout, locked to postgresql', async () => {
    const migrations = await listMigrations('postgres');
    expect(migrations.baseDir).toMatch(/prisma\/postgres\/migrations$/);
    expect(migrations.lockfile.content).toContain('provider = "postgresql"');
    expect(migrations.migrationDirectories.length).toBeGreaterThan(0);
  });

  it('build exactly what prisma/postgres/schema.prisma describes (the schema engine sees no drift)', async () => {
    const scratch = await temporaryPostgresDatabase('drift');
    try {
      expect(await migrationDrift(scratch.url)).toBe('');
    } finally {
      await scratch.remove();
    }
  });

  it('would show a model the migrations do not build as drift', async () => {
    const scratch = await temporaryPostgresDatabase('drift');
    try {
      const schema = await readFile(postgresSchemaPath, 'utf8');
      expect(await migrationDrift(scratch.url, `${schema}\nmodel Extra {\n  id String @id\n}\n`)).toMatch(/CREATE TABLE "Extra"/);
    } finally {
      await scratch.remove();
    }
  });

  it('are applied once and recorded in _prisma_migrations as Prisma Migrate records them', async () => {
    const database = await temporaryPostgresDatabase('migrate');
    try {
      const names = (await listMigrations('postgres')).migrationDirectories.map((directory) => directory.path);
      expect(await applyMigrations(database.url)).toEqual(names);
      expect(await applyMigrations(database.url)).toEqual([]);
      const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
        database.url,
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
      );
      expect(rows.map((row) => row.migration_name)).toEqual(names);
      expect(rows.every((row) => row.finished_at !== null && row.rolled_back_at === null)).toBe(true);
      // Prisma Migrate's checksum is the SHA-256 of migration.sql: `prisma migrate deploy` sees them as applied.
      const files = await Promise.all(names.map((name) => readFile(join(migrationsFolder('postgres'), name, 'migration.sql'))));
      expect(rows.map((row) => row.checksum)).toEqual(files.map((sql) => createHash('sha256').update(sql).digest('hex')));
      const tables = await query<{ tablename: string }>(database.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
      expect(tables.map((row) => row.tablename)).toEqual(expect.arrayContaining(['Brand', 'Campaign', 'AgentStep', 'CampaignEventLog']));
    } finally {
      await database.remove();
    }
  });
});

describe.skipIf(!available)("Prisma's ?schema= parameter", () => {
  it('keeps the tables, the migration history and the data in that schema', async () => {
    const database = await temporaryPostgresDatabase('schema');
    const url = `${database.url}?schema=copilot_app`;
    try {
      expect(await migrationDrift(url)).toBe('');
      const server = await startTestServer({ DATABASE_URL: url });
      try {
        await graphqlData(server.graphqlUrl, 'mutation { createBrand(input: { name: "Schema Brand" }) { id } }');
      } finally {
        await server.stop();
      }
      const tables = await query<{ schemaname: string; tablename: string }>(
        database.url,
        "SELECT schemaname, tablename FROM pg_tables WHERE tablename IN ('Brand', '_prisma_migrations')",
      );
      expect(tables.map((row) => `${row.schemaname}.${row.tablename}`).sort()).toEqual([
        'copilot_app.Brand',
        'copilot_app._prisma_migrations',
      ]);
      expect(await query(database.url, 'SELECT name FROM copilot_app."Brand"')).toEqual([{ name: 'Schema Brand' }]);
    } finally {
      await database.remove();
    }
  });
});

describe.skipIf(!available)('several instances on one PostgreSQL database', () => {
  it('start at once; the migrations are applied once', async () => {
    const database = await temporaryPostgresDatabase('instances');
    const starts = [1, 2, 3].map(() => spawnServer({ DATABASE_URL: database.url, OLLAMA_HOST: unreachableOllama }));
    const results = await Promise.allSettled(starts);
    try {
      const failures = results.filter((result) => result.status === 'rejected').map((result) => String(result.reason));
      expect(failures).toEqual([]);
      const migrated = results.filter((result) => result.status === 'fulfilled' && /database migrated/.test(result.value.output()));
      expect(migrated).toHaveLength(1);
      const rows = await query<{ migration_name: string }>(database.url, 'SELECT migration_name FROM _prisma_migrations');
      expect(rows).toHaveLength((await listMigrations('postgres')).migrationDirectories.length);
      // Each serves from the shared database.
      for (const result of results) {
        if (result.status !== 'fulfilled') continue;
        const response = await fetch(result.value.graphqlUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ health { database { ok } } }' }),
        });
        expect(await response.json()).toEqual({ data: { health: { database: { ok: true } } } });
      }
    } finally {
      await Promise.all(results.map((result) => (result.status === 'fulfilled' ? result.value.stop() : null)));
      await database.remove();
    }
    // Three servers starting on a busy two-core machine.
  }, 120_000);
});
