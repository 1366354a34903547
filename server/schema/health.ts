import type { Config } from '../config.js';
import { probeOllama, sameModel } from '../llm/ollama.js';
import { configuredModels } from '../pipeline/configured-models.js';
import { builder } from './builder.js';

interface ComponentHealth {
  ok: boolean;
  message: string | null;
}

interface OllamaHealth extends ComponentHealth {
  host: string;
  version: string | null;
}

interface ModelHealth {
  name: string;
  usedBy: string[];
  present: boolean;
  pullCommand: string;
}

interface Health {
  ok: boolean;
  server: ComponentHealth & { version: string; uptimeSeconds: number };
  database: ComponentHealth;
  ollama: OllamaHealth;
  models: ModelHealth[];
}

const startedAt = Date.now();
const serverVersion = process.env.npm_package_version ?? '0.1.0';

const ComponentHealthRef = builder.objectRef<ComponentHealth>('ComponentHealth').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    message: t.exposeString('message', { nullable: true, description: 'What is wrong and how to fix it, when not ok.' }),
  }),
});

const ServerHealthRef = builder.objectRef<Health['server']>('ServerHealth').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok'),
    message: t.exposeString('message', { nullable: true }),
    version: t.exposeString('version'),
    uptimeSeconds: t.exposeInt('uptimeSeconds'),
  }),
});

const OllamaHealthRef = builder.objectRef<OllamaHealth>('OllamaHealth').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'Ollama answered.' }),
    message: t.exposeString('message', { nullable: true }),
    host: t.exposeString('host'),
    version: t.exposeString('version', { nullable: true }),
  }),
});

export const ModelHealthRef = builder.objectRef<ModelHealth>('ConfiguredModel').implement({
  description: 'A model the configuration names, and whether Ollama has it.',
  fields: (t) => ({
    name: t.exposeString('name'),
    usedBy: t.exposeStringList('usedBy', { description: 'The agents (or embeddings) that use it.' }),
    present: t.exposeBoolean('present'),
    pullCommand: t.exposeString('pullCommand'),
  }),
});

const HealthRef = builder.objectRef<Health>('Health').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'Everything is up and every configured model is present.' }),
    server: t.field({ type: ServerHealthRef, resolve: (health) => health.server }),
    database: t.field({ type: ComponentHealthRef, resolve: (health) => health.database }),
    ollama: t.field({ type: OllamaHealthRef, resolve: (health) => health.ollama }),
    models: t.field({ type: [ModelHealthRef], resolve: (health) => health.models }),
  }),
});

/** Configured models against what Ollama lists. */
export function modelHealth(config: Config, listed: string[]): ModelHealth[] {
  return configuredModels(config).map(({ name, usedBy }) => ({
    name,
    usedBy,
    present: listed.some((model) => sameModel(name, model)),
    pullCommand: `${config.OLLAMA_PULL_COMMAND} ${name}`,
  }));
}

builder.queryFields((t) => ({
  health: t.field({
    type: HealthRef,
    description: 'Server, database and Ollama status, and which configured models are missing.',
    resolve: async (_root, _args, { prisma, config, logger }) => {
      const [database, probe] = await Promise.all([
        prisma.$queryRawUnsafe('SELECT 1').then(
          () => ({ ok: true, message: null }),
          (error: Error) => {
            logger.error({ err: error }, 'health: database check failed');
            return { ok: false, message: 'The database cannot be read; the server log has the details.' };
          },
        ),
        probeOllama(config.OLLAMA_HOST),
      ]);
      const models = modelHealth(config, probe.models);
      return {
        ok: database.ok && probe.reachable && models.every((model) => model.present),
        server: { ok: true, message: null, version: serverVersion, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
        database,
        ollama: { ok: probe.reachable, message: probe.message, host: config.OLLAMA_HOST, version: probe.version },
        models,
      };
    },
  }),
}));
