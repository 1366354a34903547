// prisma/schema.prisma is the one description of the models. PostgreSQL's schema is
// derived from it (Prisma ties a schema, and its generated client, to one provider);
// `npm run db:migration` rewrites it and a test fails when the checked-in copy differs.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

export const prismaDir = resolve(import.meta.dirname, '../../prisma');
export const sqliteSchemaPath = join(prismaDir, 'schema.prisma');
export const postgresSchemaPath = join(prismaDir, 'postgres', 'schema.prisma');

const header =
  '// GENERATED from prisma/schema.prisma by `npm run db:migration` (server/db/postgres-schema.ts):\n' +
  '// edit that file, not this one.\n\n';

/** The PostgreSQL schema for the models in `sqliteSchema`: same models, another provider and client folder. */
export function derivePostgresSchema(sqliteSchema: string): string {
  const replace = (text: string, pattern: RegExp, replacement: string) => {
    if (!pattern.test(text)) throw new Error(`prisma/schema.prisma no longer matches ${pattern}: update server/db/postgres-schema.ts`);
    return text.replace(pattern, replacement);
  };
  let schema = replace(sqliteSchema, /(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"');
  schema = replace(schema, /(output\s*=\s*)"\.\.\/server\/db\/generated"/, '$1"../../server/db/generated-postgres"');
  return header + schema;
}

export async function expectedPostgresSchema(): Promise<string> {
  return derivePostgresSchema(await readFile(sqliteSchemaPath, 'utf8'));
}

/** Rewrites prisma/postgres/schema.prisma; true when it changed. */
export async function writePostgresSchema(): Promise<boolean> {
  const expected = await expectedPostgresSchema();
  const current = await readFile(postgresSchemaPath, 'utf8').catch(() => '');
  if (current === expected) return false;
  await writeFile(postgresSchemaPath, expected);
  return true;
}
