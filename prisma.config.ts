import { defineConfig } from 'prisma/config';

// The Prisma CLI (e.g. `prisma migrate deploy` elsewhere) works on the database DATABASE_URL names:
// PostgreSQL has its own schema, derived from prisma/schema.prisma, and its own migrations.
const url = process.env.DATABASE_URL ?? 'file:./data/copilot.db';
const postgres = /^postgres(ql)?:\/\//i.test(url);

export default defineConfig({
  schema: postgres ? 'prisma/postgres/schema.prisma' : 'prisma/schema.prisma',
  migrations: { path: postgres ? 'prisma/postgres/migrations' : 'prisma/migrations' },
  datasource: { url },
});
