// Reads configuration and starts the server; stops it cleanly on SIGTERM/SIGINT.
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const logger = createLogger(config.LOG_LEVEL);
const server = await startServer(config, logger);

logger.info({ url: server.url, ollama: config.OLLAMA_HOST }, `Content Copilot listening on ${server.url} (GraphiQL at ${server.url}/graphql)`);
if (config.API_KEYS.length === 0) {
  logger.warn(`No API_KEYS configured: listening on ${config.HOST} only. Set API_KEYS to serve other machines.`);
}

async function shutdown(signal: string) {
  logger.info({ signal }, 'shutting down');
  await server.stop();
  process.exit(0);
}
process.once('SIGTERM', () => void shutdown('SIGTERM'));
process.once('SIGINT', () => void shutdown('SIGINT'));
