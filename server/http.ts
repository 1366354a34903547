// One port for everything: Yoga (HTTP, SSE, GraphiQL) and graphql-ws on the same path.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { GraphQLError, getOperationAST } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createYoga, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { WebSocketServer } from 'ws';
import { useCompiledSubscriptions } from './compiled-subscriptions.js';
import {
  guardRequestHooks,
  maskUnexpectedSubscriptionErrors,
  useMalformedRequestErrors,
  useUnexpectedErrorMasking,
  withoutHttpExtensions,
} from './errors-plugin.js';
import { useCampaignExports } from './export-route.js';
import { useRestApi } from './rest/plugin.js';
import type { AppServices, GraphQLContext } from './schema/builder.js';
import { serverVersion } from './schema/health.js';
import { schema } from './schema/index.js';
import { ApiKeys, bearerToken, connectionKey, refusal, unauthenticatedCloseCode } from './security/api-keys.js';
import { trustedProxies } from './security/client-address.js';
import { createGate, type Decision, graphqlPath, livenessTarget } from './security/gate.js';
import { securityHeaders } from './security/headers.js';
import { useInputTextRules } from './security/input-text.js';
import { limitedFetchAPI, tooManyOperations, useDocumentLimits } from './security/limits.js';
import { useMutationRateLimit } from './security/rate-limit.js';
import { rawHttpResponse, refusalResponse } from './security/refusals.js';
import { useStaticClient } from './static-client.js';
import { keepSocketsAlive } from './ws-keep-alive.js';

export interface App {
  url: string;
  stop(): Promise<void>;
}

/** A caller's request id is kept only if it is a short token: it goes into logs and error messages. */
const acceptableRequestId = /^[\w.:-]{1,128}$/;

/** Gives the request an id (or keeps the caller's) in its x-request-id header, before the gate. */
function assignRequestId(request: IncomingMessage): string {
  const callerId = request.headers['x-request-id'];
  const requestId = typeof callerId === 'string' && acceptableRequestId.test(callerId) ? callerId : randomUUID();
  request.headers['x-request-id'] = requestId;
  return requestId;
}

/** Logs each request that passed the gate under its id, and echoes the id in the response. */
function useRequestIds(services: AppServices, ids: WeakMap<Request, string>): Plugin {
  return {
    onRequest({ request, url }) {
      const requestId = request.headers.get('x-request-id') ?? randomUUID();
      ids.set(request, requestId);
      services.logger.info({ requestId, method: request.method, path: url.pathname }, 'request received');
    },
    onResponse({ request, response }) {
      const requestId = ids.get(request);
      if (requestId) response.headers.set('x-request-id', requestId);
    },
  };
}

/** `plugins`: observability's Yoga plugins (the /metrics route, GraphQL metrics and spans), run after the request id. */
export async function startApp(services: AppServices, plugins: Plugin[] = []): Promise<App> {
  const { config, logger } = services;
  const keys = new ApiKeys(config.API_KEYS);
  const requestIds = new WeakMap<Request, string>();
  // The REST plugin runs its operations through this server, so it reaches it through a variable set below.
  let restTarget: YogaServerInstance<{ req?: unknown }, GraphQLContext> | null = null;
  const yoga = createYoga<{ req?: unknown }, GraphQLContext>({
    schema,
    graphqlEndpoint: graphqlPath,
    healthCheckEndpoint: livenessTarget,
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
        ...plugins,
        useStaticClient(resolve(import.meta.dirname, '../client/dist'), { remoteImages: config.ALLOW_REMOTE_IMAGES }),
        useCampaignExports(services),
        // REST operations run through this same Yoga, so its plugins below apply to them as to GraphQL.
        useRestApi(services, serverVersion, () => restTarget as never, logger),
        useMalformedRequestErrors(),
        useDocumentLimits(config),
        useInputTextRules(),
        useMutationRateLimit(
          {
            mutationsPerMinute: config.RATE_LIMIT_MUTATIONS_PER_MINUTE,
            createCampaignPerMinute: config.RATE_LIMIT_CREATE_CAMPAIGN_PER_MINUTE,
          },
          keys,
          trustedProxies(config.TRUSTED_PROXIES),
          services.redis ? { redis: services.redis, keyPrefix: config.REDIS_KEY_PREFIX } : undefined,
        ),
        useUnexpectedErrorMasking(logger),
        ...(config.GRAPHQL_JIT ? [useCompiledSubscriptions(logger)] : []),
      ],
      logger,
      (request) => requestIds.get(request),
    ),
    context: ({ request }) => ({
      ...services,
      requestId: (request && requestIds.get(request)) ?? randomUUID(),
    }),
  });

  restTarget = yoga;

  const gate = createGate({ keys, allowedHosts: config.ALLOWED_HOSTS, corsOrigins: config.CORS_ORIGINS });
  const headersFor = securityHeaders({ remoteImages: config.ALLOW_REMOTE_IMAGES });
  /** Every request and upgrade passes here first; what passes goes on with its route's one spelling of the path. */
  const admit = (request: IncomingMessage, upgrade: boolean): Decision => {
    const requestId = assignRequestId(request);
    const decision = gate(request, upgrade);
    if ('refusal' in decision) {
      const { status, code } = decision.refusal;
      logger.info({ requestId, method: request.method, path: request.url?.slice(0, 200), upgrade, status, code }, 'request refused');
    } else {
      request.url = decision.target;
    }
    return decision;
  };

  const server: Server = createServer(
    {
      // Node refuses a headers timeout longer than the whole request's.
      headersTimeout: Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS),
      requestTimeout: config.HTTP_REQUEST_TIMEOUT_MS,
      // Node checks those timeouts on this interval (30 s by default): often enough to keep them.
      connectionsCheckingInterval: Math.max(50, Math.min(config.HTTP_HEADERS_TIMEOUT_MS, config.HTTP_REQUEST_TIMEOUT_MS) / 4),
    },
    (request, response) => {
      const decision = admit(request, false);
      // Every HTTP response passes here, so its security headers are set here, once, by its route:
      // whatever answers (Yoga, a plugin, the refusal below) writes its own headers on top of these.
      for (const [name, value] of Object.entries(headersFor('refusal' in decision ? null : decision.route))) {
        response.setHeader(name, value);
      }
      if (!('refusal' in decision)) return void yoga(request, response);
      const rest = /^\/api(\/|$|\?)/.test(request.url ?? '');
      const { status, headers, body } = refusalResponse(decision.refusal, request.headers, config.CORS_ORIGINS, rest);
      response.writeHead(status, headers).end(body);
    },
  );
  const sockets = new WebSocketServer({ noServer: true, maxPayload: config.MAX_REQUEST_BODY_BYTES });
  server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const decision = admit(request, true);
    if ('refusal' in decision) {
      // Refused before the handshake: the page never gets a socket to send connection_init on.
      const refused = refusalResponse(decision.refusal, request.headers, config.CORS_ORIGINS);
      socket.end(rawHttpResponse({ ...refused, headers: { ...headersFor(null), ...refused.headers } }));
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => sockets.emit('connection', webSocket, request));
  });
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
        if (errors.length > 0) return errors;
        // As over HTTP: an operationName that names no operation (or none for several) is the caller's mistake.
        if (!getOperationAST(document, params.operationName)) return [unidentifiedOperation(params.operationName)];
        return args;
      },
      onError: maskUnexpectedSubscriptionErrors(logger),
      jsonMessageReviver: refuseServerMessages,
      onNext: (_context, _id, _payload, _args, result) => withoutHttpExtensions(result),
    },
    sockets,
    0, // graphql-ws's own keep-alive counts the server's busy time: keepSocketsAlive instead
  );
  keepSocketsAlive(sockets, config.WS_KEEPALIVE_MS);

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

/** Messages only a server sends; graphql-ws would answer a client that sends one with 4500 (internal error). */
const serverOnlyMessageTypes = new Set(['connection_ack', 'next', 'error']);

/** Read as no message at all, such a message closes the socket with 4400 (bad request) instead. */
function refuseServerMessages(this: unknown, key: string, value: unknown): unknown {
  const type = key === '' && typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return typeof type === 'string' && serverOnlyMessageTypes.has(type) ? undefined : value;
}

function unidentifiedOperation(operationName: string | null | undefined): GraphQLError {
  const message = operationName
    ? `The document has no operation named "${operationName.slice(0, 100)}".`
    : 'The document has several operations: name the one to run with operationName.';
  return new GraphQLError(message, { extensions: { code: 'OPERATION_RESOLUTION_FAILURE' } });
}

interface EnvelopedRoot {
  execute: (args: unknown) => ReturnType<typeof import('graphql').execute>;
  subscribe: (args: unknown) => ReturnType<typeof import('graphql').subscribe>;
}
