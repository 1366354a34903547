// Reads configuration and starts the server; stops it cleanly on SIGTERM/SIGINT.
import { type Config, ConfigError, loadConfig } from './config.js';
import { DatabaseStartError } from './db/database-url.js';
import { createLogger } from './logger.js';
import { RedisUnreachableError, redactRedisUrl } from './redis/connection.js';
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
const starting = startServer(config, logger).catch((error: unknown) => {
  // A start-up problem the operator can fix is one line, not a stack trace.
  if (!(error instanceof DatabaseStartError || error instanceof RedisUnreachableError)) throw error;
  console.error(error.message);
  process.exit(1);
});
// Listen for signals from the first moment: one that arrives while starting waits for the start, then stops.
let stopping = false;
process.on('SIGTERM', () => void shutdown('SIGTERM'));
// A promise nobody awaited must not take every campaign down with it: log it and keep serving.
process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled promise rejection; still serving'));
process.on('SIGINT', () => void shutdown('SIGINT'));
const server = await starting;

logger.info(
  { url: server.url, ollama: config.OLLAMA_HOSTS, redis: config.REDIS_URL ? redactRedisUrl(config.REDIS_URL) : undefined },
  `Content Copilot listening on ${server.url} (GraphiQL at ${server.url}/graphql)`,
);
const loopback = /^(127\.|::1$|localhost$)/.test(config.HOST);
if (config.API_KEYS.length === 0 && loopback) {
  logger.warn(`No API_KEYS configured: listening on ${config.HOST} only. Set API_KEYS to serve other machines.`);
} else if (config.API_KEYS.length === 0) {
  logger.warn(`No API_KEYS configured but HOST is ${config.HOST}: anyone who can reach this port can read and change everything.`);
} else if (config.API_KEYS.some((key) => key.length < 16)) {
  logger.warn('Some API_KEYS are shorter than 16 characters: use long random keys (e.g. `openssl rand -hex 32`).');
}

/**
 * Graceful: running steps are saved and their campaigns resume at the next start, graphql-ws
 * clients get 1001 "Going away", then the database closes. A second signal, or a stop that
 * takes longer than SHUTDOWN_TIMEOUT_MS, exits at once (interrupted steps still resume).
 */
async function shutdown(signal: string) {
  if (stopping) {
    logger.warn({ signal }, 'second signal: exiting without waiting');
    process.exit(1);
  }
  stopping = true;
  logger.info({ signal }, 'shutting down');
  const deadline = setTimeout(() => {
    logger.error({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, 'shutdown took too long: exiting');
    process.exit(1);
  }, config.SHUTDOWN_TIMEOUT_MS);
  deadline.unref();
  try {
    await (await starting).stop();
    logger.info('stopped');
    process.exit(0);
  } catch (error) {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  }
}
