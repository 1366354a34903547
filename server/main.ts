// Reads configuration, migrates the database, and serves the API.
import { Brands } from './brands/brands.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { openDatabase } from './db/client.js';
import { applyMigrations } from './db/migrations.js';
import { startApp } from './http.js';
import { createLogger } from './logger.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger(config.LOG_LEVEL);
const applied = await applyMigrations(config.DATABASE_URL);
if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
const prisma = await openDatabase(config.DATABASE_URL);
const app = await startApp({ config, logger, prisma, brands: new Brands(prisma) });

logger.info({ url: `${app.url}/graphql`, ollama: config.OLLAMA_HOST }, `Content Copilot listening on ${app.url} (GraphiQL at ${app.url}/graphql)`);
if (config.API_KEYS.length === 0) {
  logger.warn(`No API_KEYS configured: listening on ${config.HOST} only. Set API_KEYS to serve other machines.`);
}

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  await app.stop();
  await prisma.$disconnect();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
