// Serves the metrics where the gate sends them: GET /metrics on the server's port (a Yoga plugin,
// behind the API key), and, when METRICS_PORT is set, a listener of its own that serves nothing else.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Plugin } from 'graphql-yoga';
import type { Registry } from 'prom-client';
import type { Logger } from '../logger.js';
import { createMetricsPortGate, routeFor } from '../security/gate.js';
import { securityHeaders } from '../security/headers.js';
import { refusalResponse } from '../security/refusals.js';
import { metricsContentType } from './metrics.js';

/** Answers the gate's `metrics` route; the gate has already checked the key, host and origin. */
export function useMetricsRoute(registry: Registry): Plugin {
  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      const route = routeFor(url.pathname, request.method);
      if (route === null || !('kind' in route) || route.kind !== 'metrics') return;
      endResponse(new fetchAPI.Response(await registry.metrics(), { headers: { 'content-type': metricsContentType } }));
    },
  };
}

export interface MetricsListener {
  url: string;
  stop(): Promise<void>;
}

/** The scraper's own port: no key (bind it where only the scraper reaches it), /metrics only. */
export async function startMetricsListener(
  registry: Registry,
  { port, host, allowedHosts, logger }: { port: number; host: string; allowedHosts: readonly string[]; logger: Logger },
): Promise<MetricsListener> {
  const gate = createMetricsPortGate({ allowedHosts });
  const headers = securityHeaders({ remoteImages: false })(null);
  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    const decision = gate(request);
    if ('refusal' in decision) {
      const { status, headers, body } = refusalResponse(decision.refusal, request.headers, []);
      response.writeHead(status, headers).end(body);
      return;
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metricsContentType }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        logger.error({ err: error }, 'metrics could not be collected');
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('The metrics could not be collected.\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
