// Checked-in migrations in Prisma's standard layout, one folder per database
// (prisma/migrations for SQLite, prisma/postgres/migrations for PostgreSQL), applied with
// the wasm schema engine so that `prisma migrate deploy` elsewhere sees the same history.
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm';
import { ensureDatabaseFolder, sqlitePath } from './client.js';
import { type DatabaseKind, DatabaseStartError, databaseKind } from './database-url.js';
import { connectPostgres, withMigrationLock } from './postgres.js';
import { postgresSchemaPath, prismaDir, sqliteSchemaPath } from './postgres-schema.js';
import { openSchemaEngine } from './schema-engine.js';

export { prismaDir };

interface Flavour {
  schemaPath: string;
  migrationsDir: string;
  /** As Prisma writes it in migration_lock.toml. */
  provider: string;
}

const flavours: Record<DatabaseKind, Flavour> = {
  sqlite: { schemaPath: sqliteSchemaPath, migrationsDir: join(prismaDir, 'migrations'), provider: 'sqlite' },
  postgres: { schemaPath: postgresSchemaPath, migrationsDir: join(prismaDir, 'postgres', 'migrations'), provider: 'postgresql' },
};

const noFilters = { externalTables: [], externalEnums: [] };

async function readSchema(kind: DatabaseKind) {
  const path = flavours[kind].schemaPath;
  return { path, content: await readFile(path, 'utf8') };
}

export function migrationsFolder(kind: DatabaseKind): string {
  return flavours[kind].migrationsDir;
}

export async function listMigrations(kind: DatabaseKind = 'sqlite'): Promise<MigrationList> {
  const migrationsDir = flavours[kind].migrationsDir;
  const entries = await readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockPath = join(migrationsDir, 'migration_lock.toml');
  return {
    baseDir: migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch(() => null) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(join(migrationsDir, name, 'migration.sql'), 'utf8').then(
            (sql) => ({ tag: 'ok' as const, value: sql }),
            (error: Error) => ({ tag: 'error' as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}

async function withEngine<T>(
  databaseUrl: string,
  work: (engine: SchemaEngine) => Promise<T>,
  schema?: { path: string; content: string },
): Promise<T> {
  const { engine, close } = await openSchemaEngine(databaseUrl, schema ?? (await readSchema(databaseKind(databaseUrl))));
  try {
    return await work(engine);
  } finally {
    await close();
  }
}

/** Another process holds the SQLite file: this one would run campaigns twice, so it does not start. */
export class DatabaseInUseError extends DatabaseStartError {}

/** SQLite's busy timeout ran out; the wasm engine reports it as an unknown `SocketTimeout` variant. */
const isLockTimeout = (error: unknown) => error instanceof Error && /SocketTimeout|SQLITE_BUSY|database is locked/.test(error.message);

async function applyWithEngine(databaseUrl: string): Promise<string[]> {
  const migrationsList = await listMigrations(databaseKind(databaseUrl));
  const { appliedMigrationNames } = await withEngine(databaseUrl, (engine) =>
    engine.applyMigrations({ migrationsList, filters: noFilters }),
  );
  return appliedMigrationNames;
}

/** Applies every migration the database has not seen; returns their names. */
export async function applyMigrations(databaseUrl: string): Promise<string[]> {
  if (databaseKind(databaseUrl) === 'postgres') {
    // Several instances may start at once on one database: one applies, the others then find nothing to do.
    return withMigrationLock(databaseUrl, () => applyWithEngine(databaseUrl));
  }
  ensureDatabaseFolder(databaseUrl);
  try {
    return await applyWithEngine(databaseUrl);
  } catch (error) {
    if (!isLockTimeout(error)) throw error;
    throw new DatabaseInUseError(
      `Another process is using the database ${sqlitePath(databaseUrl)}: stop it, or set DATABASE_URL to another file.`,
    );
  }
}

/**
 * The SQL that would turn what the migrations build into the schema ('' when they
 * agree), for the database kind of `scratchUrl`, which must name an empty, throwaway
 * database: the migrations are applied there and the result is compared with the schema
 * (the checked-in one, or `schemaContent`).
 */
export async function migrationDrift(scratchUrl: string, schemaContent?: string): Promise<string> {
  const kind = databaseKind(scratchUrl);
  // A clear one-line error when the scratch server is not there.
  if (kind === 'postgres') await (await connectPostgres(scratchUrl)).end();
  const migrationsList = await listMigrations(kind);
  const schema = await readSchema(kind);
  if (schemaContent !== undefined) schema.content = schemaContent;
  return withEngine(
    scratchUrl,
    async (engine) => {
      await engine.applyMigrations({ migrationsList, filters: noFilters });
      // The wasm engine has no shadow database here, so the database that the
      // migrations just built stands in for the migration history.
      const diff = await engine.diff({
        from: { tag: 'schemaDatasource', files: [schema], configDir: prismaDir },
        to: { tag: 'schemaDatamodel', files: [schema] },
        script: true,
        exitCode: true,
        filters: noFilters,
      });
      return diff.exitCode === 2 ? (diff.stdout ?? '') : '';
    },
    schema,
  );
}

/** A migration folder name: `<UTC timestamp>_<name>`, as Prisma Migrate names them. */
export function migrationFolderName(name: string, now = new Date()): string {
  const timestamp = now.toISOString().replace(/\D/g, '').slice(0, 14);
  return `${timestamp}_${name.replace(/\W+/g, '_')}`;
}

/** Writes <migrations>/<folder>/migration.sql for any drift on the scratch database's kind; returns the folder or null. */
export async function createMigration(scratchUrl: string, folder: string): Promise<string | null> {
  const sql = await migrationDrift(scratchUrl);
  if (sql === '') return null;
  const { migrationsDir, provider } = flavours[databaseKind(scratchUrl)];
  await mkdir(join(migrationsDir, folder), { recursive: true });
  await writeFile(join(migrationsDir, folder, 'migration.sql'), sql);
  await writeFile(
    join(migrationsDir, 'migration_lock.toml'),
    `# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\nprovider = "${provider}"\n`,
  );
  return folder;
}
