import SchemaBuilder from '@pothos/core';
import ZodPlugin from '@pothos/plugin-zod';
import type { Redis } from 'ioredis';
import type { Brands } from '../brands/brands.js';
import type { CampaignStore } from '../campaigns/store.js';
import type { Config } from '../config.js';
import type { PrismaClient } from '../db/client.js';
import { badInput, zodProblems } from '../errors.js';
import type { HostPool } from '../llm/host-pool.js';
import type { Logger } from '../logger.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import type { Webhooks } from '../webhooks/webhooks.js';

/** Lives for the whole server; request-scoped values are added beside it. */
export interface AppServices {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  brands: Brands;
  campaigns: CampaignStore;
  pipeline: Pipeline;
  ollamaHosts: HostPool;
  webhooks: Webhooks;
  /** Shared state between instances (REDIS_URL): the fail-fast connection. */
  redis?: Redis;
}

export interface GraphQLContext extends AppServices {
  requestId: string;
}

export interface Upload {
  name: string;
  type: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  DefaultFieldNullability: false;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    File: { Input: Upload; Output: never };
  };
}>({
  plugins: [ZodPlugin],
  defaultFieldNullability: false,
  zod: {
    // Bad input names the field and the rule, with code BAD_USER_INPUT.
    validationError: (zodError) => badInput(zodProblems(zodError)),
  },
});

builder.scalarType('DateTime', {
  description: 'An ISO-8601 timestamp.',
  serialize: (value) => value.toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO-8601 timestamp');
    return date;
  },
});

builder.scalarType('File', {
  description: 'A file sent with the GraphQL multipart request protocol.',
  serialize: () => {
    throw new TypeError('File is an input-only scalar');
  },
  parseValue: (value) => value as Upload,
});

/** The builder's resolved type map, for helpers that build fields outside a callback. */
export type SchemaTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer Types> ? Types : never;

builder.queryType({});
builder.mutationType({});
