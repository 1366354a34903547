// Everything the server is, started from a parsed configuration: used by main.ts and the tests.
import { Brands } from './brands/brands.js';
import type { Config } from './config.js';
import { openDatabase, type PrismaClient } from './db/client.js';
import { applyMigrations } from './db/migrations.js';
import { startApp } from './http.js';
import type { Logger } from './logger.js';

export interface RunningServer {
  url: string;
  prisma: PrismaClient;
  stop(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const applied = await applyMigrations(config.DATABASE_URL);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const prisma = await openDatabase(config.DATABASE_URL);
  const app = await startApp({ config, logger, prisma, brands: new Brands(prisma) });
  return {
    url: app.url,
    prisma,
    async stop() {
      await app.stop();
      await prisma.$disconnect();
    },
  };
}
