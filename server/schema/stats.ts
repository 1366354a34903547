import { canonicalModelName } from '../llm/ollama-names.js';
import { type CampaignStatus, campaignStatuses, type Scores } from '../pipeline/types.js';
import { builder } from './builder.js';
import { CampaignStatusEnum, ScoresRef } from './campaign.js';
import { ModelHealthRef, modelHealth, ollamaHealth } from './health.js';

interface Stats {
  total: number;
  byStatus: { status: CampaignStatus; count: number }[];
  averageScores: Scores | null;
  averageDurationMs: number | null;
  tokensPerSecond: number | null;
  cacheHits: number;
}

const StatsRef = builder.objectRef<Stats>('Stats').implement({
  description: 'Dashboard metrics over all campaigns (scores and durations over completed ones).',
  fields: (t) => ({
    total: t.exposeInt('total'),
    byStatus: t.field({
      type: [
        builder.objectRef<Stats['byStatus'][number]>('StatusCount').implement({
          fields: (f) => ({ status: f.field({ type: CampaignStatusEnum, resolve: (entry) => entry.status }), count: f.exposeInt('count') }),
        }),
      ],
      resolve: (stats) => stats.byStatus,
    }),
    averageScores: t.field({ type: ScoresRef, nullable: true, resolve: (stats) => stats.averageScores }),
    averageDurationMs: t.exposeFloat('averageDurationMs', { nullable: true }),
    tokensPerSecond: t.exposeFloat('tokensPerSecond', { nullable: true, description: 'Generated tokens per second of model time.' }),
    cacheHits: t.exposeInt('cacheHits', { description: 'Campaigns served from the result cache (an identical earlier request).' }),
  }),
});

interface OllamaModel {
  name: string;
  size: number;
  family: string | null;
  parameterSize: string | null;
  hosts: string[];
}

const ModelsRef = builder
  .objectRef<{ reachable: boolean; message: string | null; available: OllamaModel[]; configured: ReturnType<typeof modelHealth> }>('Models')
  .implement({
    fields: (t) => ({
      reachable: t.exposeBoolean('reachable', { description: 'At least one Ollama host answered.' }),
      message: t.exposeString('message', { nullable: true }),
      available: t.field({
        type: [
          builder.objectRef<OllamaModel>('OllamaModel').implement({
            fields: (f) => ({
              name: f.exposeString('name'),
              size: f.exposeFloat('size', { description: 'Bytes.' }),
              family: f.exposeString('family', { nullable: true }),
              parameterSize: f.exposeString('parameterSize', { nullable: true }),
              hosts: f.exposeStringList('hosts', { description: 'The healthy Ollama hosts that have it.' }),
            }),
          }),
        ],
        resolve: (models) => models.available,
      }),
      configured: t.field({ type: [ModelHealthRef], resolve: (models) => models.configured }),
      missing: t.stringList({
        description: 'Configured models Ollama does not have.',
        resolve: (models) => models.configured.filter((model) => !model.present).map((model) => model.name),
      }),
    }),
  });

builder.queryFields((t) => ({
  stats: t.field({
    type: StatsRef,
    resolve: async (_root, _args, { prisma }) => {
      // A cached copy repeats its source's scores and took no time: counted as a hit, not again.
      const completed = { status: 'COMPLETED', cachedFromId: null };
      const [groups, averages, timings, tokens, cacheHits] = await Promise.all([
        prisma.campaign.groupBy({ by: ['status'], _count: { _all: true } }),
        prisma.campaign.aggregate({
          where: completed,
          _avg: { brandAlignment: true, compliance: true, readability: true, overallQuality: true },
          _count: { _all: true },
        }),
        prisma.campaign.findMany({
          where: { ...completed, startedAt: { not: null }, finishedAt: { not: null } },
          select: { startedAt: true, finishedAt: true },
        }),
        prisma.agentStep.aggregate({
          where: { status: 'COMPLETED', campaign: { cachedFromId: null } },
          _sum: { completionTokens: true, durationMs: true },
        }),
        prisma.campaign.count({ where: { cachedFromId: { not: null } } }),
      ]);
      const counts = new Map(groups.map((group) => [group.status, group._count._all]));
      const average = (value: number | null) => Math.round(value ?? 0);
      const durations = timings.map((row) => (row.finishedAt?.getTime() ?? 0) - (row.startedAt?.getTime() ?? 0));
      const tokenCount = tokens._sum.completionTokens ?? 0;
      const modelMs = tokens._sum.durationMs ?? 0;
      return {
        total: [...counts.values()].reduce((sum, count) => sum + count, 0),
        byStatus: campaignStatuses.map((status) => ({ status, count: counts.get(status) ?? 0 })),
        averageScores:
          averages._count._all > 0
            ? {
                brandAlignment: average(averages._avg.brandAlignment),
                compliance: average(averages._avg.compliance),
                readability: average(averages._avg.readability),
                overallQuality: average(averages._avg.overallQuality),
              }
            : null,
        averageDurationMs: durations.length > 0 ? durations.reduce((sum, ms) => sum + ms, 0) / durations.length : null,
        tokensPerSecond: modelMs > 0 ? (tokenCount * 1000) / modelMs : null,
        cacheHits,
      };
    },
  }),
  models: t.field({
    type: ModelsRef,
    description: 'What the Ollama hosts have (a model on several hosts once), and which configured models are missing.',
    resolve: async (_root, _args, { config, ollamaHosts }) => {
      const hosts = await ollamaHosts.status();
      const ollama = ollamaHealth(hosts);
      const available = new Map<string, OllamaModel>();
      for (const { host, models } of hosts.filter((status) => status.ok)) {
        for (const model of models) {
          const key = canonicalModelName(model.name);
          const seen = available.get(key);
          if (seen) seen.hosts.push(host);
          else
            available.set(key, {
              name: model.name,
              size: model.size,
              family: model.details?.family ?? null,
              parameterSize: model.details?.parameter_size ?? null,
              hosts: [host],
            });
        }
      }
      return { reachable: ollama.ok, message: ollama.message, available: [...available.values()], configured: modelHealth(config, hosts) };
    },
  }),
}));
