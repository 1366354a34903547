// One port for everything: Yoga (HTTP, SSE, GraphiQL) and graphql-ws on the same path.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga, type Plugin } from 'graphql-yoga';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { useUnexpectedErrorMasking } from './errors-plugin.js';
import { useCampaignExports } from './export-route.js';
import type { AppServices, GraphQLContext } from './schema/builder.js';
import { schema } from './schema/index.js';

export interface App {
  url: string;
  stop(): Promise<void>;
}

/** Gives each HTTP request an id (or keeps the caller's) and echoes it in the response. */
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

export async function startApp(services: AppServices): Promise<App> {
  const { config, logger } = services;
  const requestIds = new WeakMap<Request, string>();
  const yoga = createYoga<{ req?: unknown }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: { subscriptionsProtocol: 'WS', title: 'Content Copilot' },
    logging: logger.child({ component: 'yoga' }),
    plugins: [useRequestIds(services, requestIds), useCampaignExports(services), useUnexpectedErrorMasking(logger)],
    context: ({ request }) => ({
      ...services,
      requestId: (request && requestIds.get(request)) ?? randomUUID(),
    }),
  });

  const server: Server = createServer(yoga);
  const sockets = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  // graphql-ws runs through Yoga's envelop so both transports share plugins and context.
  const wsServer = useServer(
    {
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (context, _id, params) => {
        const enveloped = yoga.getEnveloped({ ...context, req: context.extra.request, socket: context.extra.socket, params });
        const args = {
          schema: enveloped.schema,
          operationName: params.operationName,
          document: enveloped.parse(params.query),
          variableValues: params.variables,
          contextValue: await enveloped.contextFactory(),
          rootValue: { execute: enveloped.execute, subscribe: enveloped.subscribe },
        };
        const errors = enveloped.validate(args.schema, args.document);
        return errors.length > 0 ? errors : args;
      },
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
      await wsServer.dispose();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

interface EnvelopedRoot {
  execute: (args: unknown) => ReturnType<typeof import('graphql').execute>;
  subscribe: (args: unknown) => ReturnType<typeof import('graphql').subscribe>;
}
