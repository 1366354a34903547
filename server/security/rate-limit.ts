// Per-client rate limits on mutations, createCampaign stricter (each one queues model work).
// The client is its API key when keys are configured, else its IP address. Applies to HTTP
// and graphql-ws alike: it runs in execute, which both transports share. With Redis the counts are
// shared by every instance, so a client gets the same limit however its requests are balanced.
import {
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  getOperationAST,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { sharedStoreUnavailable } from '../errors.js';
import { type ApiKeys, bearerToken, connectionKey } from './api-keys.js';
import { clientAddress, type TrustedProxies } from './client-address.js';

export interface RateLimits {
  mutationsPerMinute: number;
  createCampaignPerMinute: number;
}

/** Where the counts are kept when several instances share them. */
export interface SharedRateLimitStore {
  redis: Redis;
  keyPrefix: string;
}

/** What the plugin reads from Yoga's context on either transport. */
interface TransportContext {
  request?: Request;
  connectionParams?: Record<string, unknown>;
  req?: { headers?: Record<string, string | string[] | undefined>; socket?: { remoteAddress?: string } };
}

/** A request header on either transport (Yoga's Request over HTTP, the upgrade request over graphql-ws). */
function headerOf(context: TransportContext, name: string): string | null {
  const value = context.request?.headers.get(name) ?? context.req?.headers?.[name];
  return typeof value === 'string' ? value : null;
}

/** The API key's position when keys are on (so the key itself is never a map key), else the address. */
export function clientOf(context: TransportContext, keys: ApiKeys, proxies: TrustedProxies): string {
  if (keys.enabled) {
    const presented = connectionKey(context.connectionParams) ?? bearerToken(headerOf(context, 'authorization'));
    const index = keys.match(presented);
    if (index >= 0) return `key#${index}`;
  }
  return `ip:${clientAddress(context.req?.socket?.remoteAddress, headerOf(context, 'x-forwarded-for'), proxies)}`;
}

/** The root fields a mutation runs (aliases and fragments included), by field name. */
function rootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return selectionSet.selections.flatMap((selection): string[] => {
    if (selection.kind === Kind.FIELD) return selection.name.value === '__typename' ? [] : [(selection as FieldNode).name.value];
    if (selection.kind === Kind.INLINE_FRAGMENT) return rootFields(selection.selectionSet, fragments, seen);
    const fragment = fragments.get(selection.name.value);
    if (!fragment || seen.has(fragment.name.value)) return [];
    seen.add(fragment.name.value);
    return rootFields(fragment.selectionSet, fragments, seen);
  });
}

function rateLimited(what: string, perMinute: number, rejection: RateLimiterRes, overHttp: boolean): GraphQLError {
  const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  return new GraphQLError(`Too many ${what}: the limit is ${perMinute} a minute for each client; try again in ${retryAfter} s.`, {
    extensions: {
      code: 'RATE_LIMITED',
      retryAfter,
      limit: perMinute,
      // Yoga turns this into the HTTP status and headers, and leaves it out of the body.
      ...(overHttp ? { http: { status: 429, headers: { 'Retry-After': String(retryAfter) } } } : {}),
    },
  });
}

export function useMutationRateLimit(limits: RateLimits, keys: ApiKeys, proxies: TrustedProxies, shared?: SharedRateLimitStore): Plugin {
  const limiter = (points: number, name: string): RateLimiterAbstract | null => {
    if (points <= 0) return null;
    if (!shared) return new RateLimiterMemory({ points, duration: 60 });
    return new RateLimiterRedis({
      storeClient: shared.redis,
      keyPrefix: `${shared.keyPrefix}ratelimit:${name}`,
      points,
      duration: 60,
      rejectIfRedisNotReady: true,
    });
  };
  const mutations = limiter(limits.mutationsPerMinute, 'mutations');
  const campaigns = limiter(limits.createCampaignPerMinute, 'create-campaign');
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const document = args.document as DocumentNode;
      const operation = getOperationAST(document, args.operationName);
      if (operation?.operation !== 'mutation') return;
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const fields = rootFields(operation.selectionSet, fragments);
      const created = fields.filter((name) => name === 'createCampaign').length;
      const context = args.contextValue as TransportContext;
      const client = clientOf(context, keys, proxies);
      const checks: [RateLimiterAbstract | null, number, string, number][] = [
        [campaigns, created, 'campaigns created', limits.createCampaignPerMinute],
        [mutations, fields.length, 'mutations', limits.mutationsPerMinute],
      ];
      for (const [bucket, points, what, perMinute] of checks) {
        if (!bucket || points === 0) continue;
        try {
          await bucket.consume(client, points);
        } catch (rejection) {
          // The shared store did not answer: the change is refused rather than let through unlimited.
          const error =
            rejection instanceof RateLimiterRes
              ? rateLimited(what, perMinute, rejection, context.request !== undefined)
              : sharedStoreUnavailable('This change');
          setResultAndStopExecution({ errors: [error] });
          return;
        }
      }
    },
  };
}
