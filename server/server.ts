// Everything the server is, started from a parsed configuration: used by main.ts and the tests.
import { Brands } from './brands/brands.js';
import { CampaignStore } from './campaigns/store.js';
import type { Config } from './config.js';
import { openDatabase, type PrismaClient } from './db/client.js';
import { databaseKind } from './db/database-url.js';
import { applyMigrations } from './db/migrations.js';
import { startApp } from './http.js';
import { OllamaHostPool } from './llm/host-pool.js';
import type { Logger } from './logger.js';
import { startObservability } from './observability/index.js';
import { Pipeline, type PipelineRedis } from './pipeline/pipeline.js';
import { openRedis } from './redis/connection.js';
import { type SharedEvents, startSharedEvents } from './redis/shared-events.js';
import { Webhooks } from './webhooks/webhooks.js';

export interface RunningServer {
  url: string;
  prisma: PrismaClient;
  pipeline: Pipeline;
  /** The live events shared through Redis (REDIS_URL), when they are. */
  sharedEvents: SharedEvents | null;
  /** The metrics-only listener (METRICS_PORT), when there is one. */
  metricsUrl: string | null;
  /** Graceful: running steps are saved and resume at the next start. */
  stop(): Promise<void>;
}

/** With REDIS_URL: the connections shared state goes through; a Redis that does not answer stops the start here. */
async function openSharedState(config: Config): Promise<PipelineRedis | undefined> {
  if (!config.REDIS_URL) return undefined;
  const commands = await openRedis(config.REDIS_URL, {
    failFast: true,
    commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS,
    name: 'copilot-commands',
  });
  const worker = await openRedis(config.REDIS_URL, { failFast: false, name: 'copilot-queue' });
  const subscriber = await openRedis(config.REDIS_URL, { failFast: false, name: 'copilot-cancels' });
  return { commands, worker, subscriber };
}

async function closeSharedState(redis: PipelineRedis | undefined): Promise<void> {
  if (!redis) return;
  await Promise.all(Object.values(redis).map((connection) => connection.quit().catch(() => connection.disconnect())));
}

export async function startServer(config: Config, logger: Logger): Promise<RunningServer> {
  const redis = await openSharedState(config);
  const applied = await applyMigrations(config.DATABASE_URL);
  if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
  const prisma = await openDatabase(config.DATABASE_URL);
  const brands = new Brands(prisma);
  const campaigns = new CampaignStore(prisma, databaseKind(config.DATABASE_URL));
  // Probed on first use and re-probed as requests need it: nothing to start or stop.
  const ollamaHosts = new OllamaHostPool(config.OLLAMA_HOSTS);
  const { REDIS_URL } = config;
  const sharedEvents = REDIS_URL ? await startSharedEvents({ ...config, REDIS_URL }, logger) : null;
  const pipeline = new Pipeline({
    config,
    logger,
    store: campaigns,
    brands,
    ollamaHosts,
    redis,
    liveEvents: sharedEvents?.liveEvents,
    campaignUpdates: sharedEvents?.campaignUpdates,
  });
  const observability = await startObservability({ config, logger, prisma, pipeline });
  const webhooks = new Webhooks({ config, logger, prisma, campaigns });
  const app = await startApp(
    { config, logger, prisma, brands, campaigns, pipeline, ollamaHosts, webhooks, redis: redis?.commands },
    observability.plugins,
  ).catch(async (error: unknown) => {
    await observability.stop();
    await sharedEvents?.close();
    throw error;
  });
  // Before the resumed runs, so their endings are delivered too.
  webhooks.start(pipeline);
  const resumed = await pipeline.start();
  if (resumed > 0) logger.info({ campaigns: resumed }, redis ? 'campaigns in the shared queue' : 'resuming interrupted campaigns');
  return {
    url: app.url,
    metricsUrl: observability.metricsUrl,
    sharedEvents,
    prisma,
    pipeline,
    async stop() {
      await pipeline.stop();
      await webhooks.stop();
      await sharedEvents?.close();
      await app.stop();
      // After the runs have stopped, so their last spans go out.
      await observability.stop();
      await prisma.$disconnect();
      await closeSharedState(redis);
    },
  };
}
