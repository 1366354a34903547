// `npm run db:migrate` applies the checked-in migrations to DATABASE_URL;
// `npm run db:migration -- <name>` writes a new one for changes to schema.prisma.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config.js';
import { applyMigrations, createMigration } from './migrations.js';

const [command, name] = process.argv.slice(2);

if (command === 'apply') {
  const { DATABASE_URL } = loadConfig();
  const applied = await applyMigrations(DATABASE_URL);
  console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database is up to date');
} else if (command === 'create' && name) {
  const scratch = await mkdtemp(join(tmpdir(), 'copilot-migration-'));
  try {
    const folder = await createMigration(`file:${join(scratch, 'scratch.db')}`, name);
    console.log(folder ? `wrote prisma/migrations/${folder}/migration.sql` : 'schema.prisma matches the migrations; nothing to write');
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
} else {
  console.error('usage: migrate.ts apply | create <name>');
  process.exit(2);
}
