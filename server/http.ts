// One port for everything: Yoga (HTTP, SSE, GraphiQL) and graphql-ws on the same path.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { GraphQLError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { guardRequestHooks, maskUnexpectedSubscriptionErrors, useUnexpectedErrorMasking } from './errors-plugin.js';
import { useCampaignExports } from './export-route.js';
import type { AppServices, GraphQLContext } from './schema/builder.js';
import { schema } from './schema/index.js';
import { ApiKeys, bearerToken, connectionKey, refusal, unauthenticatedCloseCode, useApiKeyAuth } from './security/api-keys.js';
import { useCsrfPrevention } from './security/csrf.js';
import { useInputTextRules } from './security/input-text.js';
import { limitedFetchAPI, tooManyOperations, useDocumentLimits } from './security/limits.js';
import { useMutationRateLimit } from './security/rate-limit.js';
import { useStaticClient } from './static-client.js';

export interface App {
  url: string;
  stop(): Promise<void>;
}

const graphqlEndpoint = '/graphql';
/** What an API key guards: GraphQL operations and the campaign downloads. */
const isProtectedPath = (path: string) => path === graphqlEndpoint || /^\/campaigns\/[^/]+\/export\.[^/]+$/.test(path);

/** A caller's request id is kept only if it is a short token: it goes into logs and error messages. */
const acceptableRequestId = /^[\w.:-]{1,128}$/;

/** Gives each HTTP request an id (or keeps the caller's) and echoes it in the response. */
function useRequestIds(services: AppServices, ids: WeakMap<Request, string>): Plugin {
  return {
    onRequest({ request, url }) {
      const callerId = request.headers.get('x-request-id');
      const requestId = callerId && acceptableRequestId.test(callerId) ? callerId : randomUUID();
      ids.set(request, requestId);
      services.logger.info({ requestId, method: request.method, path: url.pathname }, 'request received');
    },
    onResponse({ request, response }) {
      const requestId = ids.get(request);
      if (requestId) response.headers.set('x-request-id', requestId);
    },
  };
}

export async function startApp(services: AppServices): Promise<App> {
  const { config, logger } = services;
  const keys = new ApiKeys(config.API_KEYS);
  const requestIds = new WeakMap<Request, string>();
  const yoga = createYoga<{ req?: unknown }, GraphQLContext>({
    schema,
    graphqlEndpoint,
    // GraphiQL's header editor sends the key over HTTP and SSE; it cannot put it in a WebSocket's connection_init.
    graphiql: { subscriptionsProtocol: keys.enabled ? 'SSE' : 'WS', title: 'Content Copilot' },
    logging: logger.child({ component: 'yoga' }),
    // Same origin only, unless origins are configured.
    cors:
      config.CORS_ORIGINS.length > 0
        ? { origin: config.CORS_ORIGINS, credentials: true, exposedHeaders: ['x-request-id', 'retry-after'] }
        : false,
    maxRequestBodySize: config.MAX_REQUEST_BODY_BYTES,
    fetchAPI: limitedFetchAPI(config),
    // Stack traces stay in the log even when NODE_ENV=development.
    maskedErrors: { isDev: false },
    plugins: guardRequestHooks(
      [
        useRequestIds(services, requestIds),
        useApiKeyAuth(keys, isProtectedPath),
        useCsrfPrevention(graphqlEndpoint),
        useStaticClient(resolve(import.meta.dirname, '../client/dist')),
        useCampaignExports(services),
        useDocumentLimits(config),
        useInputTextRules(),
        useMutationRateLimit(
          {
            mutationsPerMinute: config.RATE_LIMIT_MUTATIONS_PER_MINUTE,
            createCampaignPerMinute: config.RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE,
          },
          keys,
        ),
        useUnexpectedErrorMasking(logger),
      ],
      logger,
      (request) => requestIds.get(request),
    ),
    context: ({ request }) => ({
      ...services,
      requestId: (request && requestIds.get(request)) ?? randomUUID(),
    }),
  });

  const server: Server = createServer(yoga);
  const sockets = new WebSocketServer({ server, path: yoga.graphqlEndpoint, maxPayload: config.MAX_REQUEST_BODY_BYTES });
  // graphql-ws runs through Yoga's envelop so both transports share plugins and context.
  const wsServer = useServer(
    {
      onConnect: (context) => {
        if (!keys.enabled) return true;
        const header = context.extra.request.headers.authorization;
        const presented = connectionKey(context.connectionParams) ?? bearerToken(header);
        if (keys.match(presented) >= 0) return true;
        // 4401 rather than graphql-ws' 4403 for `false`: the client should ask for a key, not give up.
        context.extra.socket.close(unauthenticatedCloseCode, presented ? 'Unauthorized: invalid API key' : 'Unauthorized: missing API key');
        logger.info({ reason: refusal(presented) }, 'graphql-ws connection refused');
        return false;
      },
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (context, _id, params) => {
        // The new operation is already counted in `subscriptions`.
        const crowded = tooManyOperations(Object.keys(context.subscriptions).length, config.MAX_SUBSCRIPTIONS_PER_CONNECTION);
        if (crowded) return [crowded];
        const enveloped = yoga.getEnveloped({ ...context, req: context.extra.request, socket: context.extra.socket, params });
        let document: ReturnType<typeof enveloped.parse>;
        try {
          document = enveloped.parse(params.query);
        } catch (error) {
          // Thrown out of onSubscribe, a syntax error would close the whole socket (4500).
          if (!(error instanceof GraphQLError)) throw error;
          return [
            new GraphQLError(error.message, {
              nodes: error.nodes,
              source: error.source,
              positions: error.positions,
              extensions: { ...error.extensions, code: 'GRAPHQL_PARSE_FAILED' },
            }),
          ];
        }
        const args = {
          schema: enveloped.schema,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
        const errors = enveloped.validate(args.schema, args.document);
        return errors.length > 0 ? errors : args;
      },
      onError: maskUnexpectedSubscriptionErrors(logger),
    },
    sockets,
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.PORT, config.HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST}:${port}`;

  return {
    url,
    async stop() {
      // graphql-ws closes every socket with 1001 "Going away": clients reconnect (with afterSeq) elsewhere or later.
      await wsServer.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      // SSE streams and idle keep-alive connections end here; a server that waited for them would never stop.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface EnvelopedRoot {
  execute: (args: unknown) => ReturnType<typeof import('graphql').execute>;
  subscribe: (args: unknown) => ReturnType<typeof import('graphql').subscribe>;
}
