// `npm run db:migrate` applies the checked-in migrations to DATABASE_URL;
// `npm run db:migration -- <name>` writes a new one for changes to prisma/schema.prisma,
// for both databases: SQLite (prisma/migrations) and PostgreSQL (prisma/postgres/migrations).
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { DatabaseStartError } from './database-url.js';
import { applyMigrations, createMigration, migrationFolderName } from './migrations.js';
import { temporaryPostgresDatabase } from './postgres.js';
import { writePostgresSchema } from './postgres-schema.js';

const [command, name] = process.argv.slice(2);

async function create(migrationName: string) {
  if (await writePostgresSchema()) console.log('rewrote prisma/postgres/schema.prisma from prisma/schema.prisma');
  const folder = migrationFolderName(migrationName);
  // PostgreSQL first: when its scratch database cannot be made, nothing is written for either.
  const postgres = await temporaryPostgresDatabase('migration');
  const sqliteFolder = await mkdtemp(join(tmpdir(), 'copilot-migration-'));
  try {
    const wrotePostgres = await createMigration(postgres.url, folder);
    const wroteSqlite = await createMigration(`file:${join(sqliteFolder, 'scratch.db')}`, folder);
    if (wroteSqlite) console.log(`wrote prisma/migrations/${folder}/migration.sql`);
    if (wrotePostgres) console.log(`wrote prisma/postgres/migrations/${folder}/migration.sql`);
    if (!wroteSqlite && !wrotePostgres) console.log('prisma/schema.prisma matches the migrations; nothing to write');
  } finally {
    await postgres.remove();
    await rm(sqliteFolder, { recursive: true, force: true });
  }
  // Both clients follow the schema, so that neither database runs on stale models.
  execFileSync('npm', ['run', '--silent', 'db:generate'], { stdio: 'inherit' });
}

try {
  if (command === 'apply') {
    const { DATABASE_URL } = loadConfig();
    const applied = await applyMigrations(DATABASE_URL);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
  } else if (command === 'create' && name) {
    await create(name);
  } else {
    console.error('usage: migrate.ts apply | create <name>');
    process.exit(2);
  }
} catch (error) {
  if (!(error instanceof DatabaseStartError)) throw error;
  const scratchHint =
    command === 'create' ? ' (a migration is built on a throwaway PostgreSQL database there: set TEST_POSTGRES_URL to another server)' : '';
  console.error(error.message + scratchHint);
  process.exit(1);
}
