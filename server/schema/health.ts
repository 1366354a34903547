import type { Config } from '../config.js';
import type { HostStatus } from '../llm/host-pool.js';
import { sameModel } from '../llm/ollama.js';
import { configuredModels } from '../pipeline/configured-models.js';
import { builder } from './builder.js';

interface ComponentHealth {
  ok: boolean;
  message: string | null;
}

interface OllamaHealth extends ComponentHealth {
  host: string;
  version: string | null;
  hosts: HostStatus[];
}

interface ModelHealth {
  name: string;
  usedBy: string[];
  present: boolean;
  /** The healthy hosts that have it. */
  hosts: string[];
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
export const serverVersion = process.env.npm_package_version ?? '0.1.0';

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

const OllamaHostHealthRef = builder.objectRef<HostStatus>('OllamaHostHealth').implement({
  description: 'One Ollama host of OLLAMA_HOST, probed now.',
  fields: (t) => ({
    host: t.exposeString('host'),
    ok: t.exposeBoolean('ok', { description: 'The host answered.' }),
    version: t.exposeString('version', { nullable: true }),
    models: t.stringList({
      description: 'The models it has, as it names them.',
      resolve: (host) => host.models.map((model) => model.name),
    }),
    message: t.exposeString('message', { nullable: true, description: 'What is wrong and how to fix it, when not ok.' }),
    inFlight: t.exposeInt('inFlight', { description: 'Requests from this server running there now.' }),
  }),
});

const OllamaHealthRef = builder.objectRef<OllamaHealth>('OllamaHealth').implement({
  fields: (t) => ({
    ok: t.exposeBoolean('ok', { description: 'At least one Ollama host answered.' }),
    message: t.exposeString('message', { nullable: true, description: "Why no host answered (the first host's reason)." }),
    host: t.exposeString('host', { description: 'The configured hosts, comma-separated.' }),
    version: t.exposeString('version', { nullable: true, description: 'The version of the first host that answered.' }),
    hosts: t.field({ type: [OllamaHostHealthRef], resolve: (ollama) => ollama.hosts }),
  }),
});

export const ModelHealthRef = builder.objectRef<ModelHealth>('ConfiguredModel').implement({
  description: 'A model the configuration names, and whether Ollama has it.',
  fields: (t) => ({
    name: t.exposeString('name'),
    usedBy: t.exposeStringList('usedBy', { description: 'The agents (or embeddings) that use it.' }),
    present: t.exposeBoolean('present', { description: 'At least one healthy Ollama host has it.' }),
    hosts: t.exposeStringList('hosts', { description: 'The healthy Ollama hosts that have it.' }),
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

/** Configured models against what the healthy hosts list. */
export function modelHealth(config: Config, hosts: HostStatus[]): ModelHealth[] {
  return configuredModels(config).map(({ name, usedBy }) => {
    const having = hosts.filter((host) => host.ok && host.models.some((model) => sameModel(name, model.name))).map((host) => host.host);
    return { name, usedBy, present: having.length > 0, hosts: having, pullCommand: `${config.OLLAMA_PULL_COMMAND} ${name}` };
  });
}

/** All hosts as one: up when any host is; otherwise the first host's reason. */
export function ollamaHealth(hosts: HostStatus[]): OllamaHealth {
  const up = hosts.find((host) => host.ok);
  return {
    ok: up !== undefined,
    message: up ? null : (hosts[0]?.message ?? null),
    host: hosts.map((host) => host.host).join(', '),
    version: up?.version ?? null,
    hosts,
  };
}

builder.queryFields((t) => ({
  health: t.field({
    type: HealthRef,
    description: 'Server, database and Ollama status, and which configured models are missing.',
    resolve: async (_root, _args, { prisma, config, logger, ollamaHosts }) => {
      const [database, hosts] = await Promise.all([
        prisma.$queryRawUnsafe('SELECT 1').then(
          () => ({ ok: true, message: null }),
          (error: Error) => {
            logger.error({ err: error }, 'health: database check failed');
            return { ok: false, message: 'The database cannot be read; the server log has the details.' };
          },
        ),
        ollamaHosts.status(),
      ]);
      const ollama = ollamaHealth(hosts);
      const models = modelHealth(config, hosts);
      return {
        ok: database.ok && ollama.ok && models.every((model) => model.present),
        server: { ok: true, message: null, version: serverVersion, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
        database,
        ollama,
        models,
      };
    },
  }),
}));
