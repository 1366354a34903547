// One gate for every request, HTTP or WebSocket upgrade, before anything else runs. It decides
// which route a request is for (by one table, on the normalised path) and whether it may reach
// it: the Host header (DNS rebinding), the Origin (cross-site pages), the API key and the CSRF
// header. A route added to the table is guarded by construction; everything else is a 404 or
// the web client's files, so GraphQL is served at its path and nowhere else.
import { isIP } from 'node:net';
import type { ExportFormat } from '../campaigns/exports.js';
import { matchRestRoute, openApiPath, type RestOperationId, referencePagePath } from '../rest/routes.js';
import { type ApiKeys, bearerToken, refusal as keyRefusal } from './api-keys.js';
import { csrfRefusal } from './csrf.js';

export const graphqlPath = '/graphql';
/** Yoga's liveness probe: says only that the process answers, so it needs no key (container health checks). */
export const livenessPath = '/health';
/**
 * Where the liveness route is handed to Yoga: its probe answers any URL that ends in its endpoint,
 * which /api/health (and a client path such as /x/health) also do; no other route's target ends so.
 */
export const livenessTarget = '/.liveness-probe';
/** Prometheus metrics: counts of campaigns, models and operations, so keyed like the API. */
export const metricsPath = '/metrics';

export type Route =
  /** GraphQL over HTTP and SSE, and the graphql-ws upgrade. */
  | { kind: 'graphql' }
  /** The GraphiQL page: a browser navigation, which cannot carry a key, and which runs nothing. */
  | { kind: 'graphiql' }
  | { kind: 'export'; campaignId: string; format: ExportFormat }
  | { kind: 'liveness' }
  | { kind: 'metrics' }
  /** The REST API (server/rest/routes.ts): guarded as GraphQL is, since it runs GraphQL operations. */
  | { kind: 'rest'; operationId: RestOperationId; params: Record<string, string> }
  /** The REST API's OpenAPI document and reference page. */
  | { kind: 'rest-docs'; document: 'openapi' | 'page' }
  /** The built web client's files, GET and HEAD only. */
  | { kind: 'client' };

export interface Refusal {
  status: number;
  code: string;
  message: string;
  headers?: Record<string, string>;
}

export type Decision = { route: Route; target: string } | { refusal: Refusal };

/** What the gate reads of a request: Node's IncomingMessage fits. */
export interface GateRequest {
  method?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface GateSettings {
  keys: ApiKeys;
  /** ALLOWED_HOSTS: names this server may be called by, besides IP addresses and localhost. */
  allowedHosts: readonly string[];
  /** CORS_ORIGINS: other sites whose pages may call the API. */
  corsOrigins: readonly string[];
}

const exportPath = /^\/campaigns\/([^/]+)\/export\.(md|txt|json)$/;

const header = (request: GateRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const refuse = (status: number, code: string, message: string, headers?: Record<string, string>): Decision => ({
  refusal: { status, code, message, ...(headers ? { headers } : {}) },
});

/** A Host header's shape: a name or IPv4 address, or a bracketed IPv6 address, and an optional port. */
const hostHeader = /^(?:\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/i;

/** The hostname of a Host header ("Example.com:8000" → "example.com"); null if it is not one. */
function hostnameOf(host: string): string | null {
  if (!hostHeader.test(host) || !URL.canParse(`http://${host}`)) return null;
  return new URL(`http://${host}`).hostname;
}

/**
 * A DNS-rebinding page reaches this server under the attacker's own name, so a name is served only
 * when it is known: IP addresses (a page at an IP address is that address's origin), localhost, and
 * ALLOWED_HOSTS (".example.com" also allows its subdomains, "*" allows any name).
 */
export function isAllowedHost(host: string | undefined, allowedHosts: readonly string[]): boolean {
  // HTTP/1.0 requests may lack Host; a browser always sends it.
  if (host === undefined) return true;
  const hostname = hostnameOf(host);
  if (!hostname) return false;
  if (isIP(hostname.replace(/^\[|\]$/g, '')) !== 0) return true;
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  return allowedHosts.some(
    (allowed) =>
      allowed === '*' || allowed === hostname || (allowed.startsWith('.') && (hostname.endsWith(allowed) || `.${hostname}` === allowed)),
  );
}

/** A page on this server itself, or on one of CORS_ORIGINS. No Origin: not a browser page (curl, scripts, servers). */
function isAllowedOrigin(origin: string | undefined, host: string | undefined, corsOrigins: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (corsOrigins.includes(origin)) return true;
  if (!host || !URL.canParse(origin)) return false;
  const page = new URL(origin);
  return /^https?:$/.test(page.protocol) && page.host === new URL(`http://${host}`).host;
}

/**
 * Which route a path is, by the one table: a route, a refusal, or null when nothing is served there
 * for this method. `wantsPage`: the request asks for HTML (a browser navigation).
 */
export function routeFor(pathname: string, method: string, { upgrade = false, wantsPage = false } = {}): Route | Refusal | null {
  if (pathname === graphqlPath || pathname === `${graphqlPath}/`) {
    return method === 'GET' && wantsPage && !upgrade ? { kind: 'graphiql' } : { kind: 'graphql' };
  }
  if (upgrade) return null;
  const download = pathname.match(exportPath);
  if (download) {
    if (method !== 'GET' && method !== 'HEAD') return { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Downloads answer GET only.' };
    try {
      return { kind: 'export', campaignId: decodeURIComponent(download[1] ?? ''), format: download[2] as ExportFormat };
    } catch {
      return { status: 400, code: 'BAD_REQUEST', message: 'The campaign id in this download address is not valid percent-encoding.' };
    }
  }
  if (pathname === metricsPath) {
    if (method !== 'GET' && method !== 'HEAD') {
      return { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'Metrics answer GET only.', headers: { allow: 'GET, HEAD' } };
    }
    return { kind: 'metrics' };
  }
  if (pathname === '/api' || pathname.startsWith('/api/')) return restRouteFor(pathname, method);
  if (method !== 'GET' && method !== 'HEAD') return null;
  return pathname === livenessPath ? { kind: 'liveness' } : { kind: 'client' };
}

/** Under /api/: an operation, the API's description, a 405 or 400, or null (404: nothing is served there). */
function restRouteFor(pathname: string, method: string): Route | Refusal | null {
  if (pathname === openApiPath || pathname === referencePagePath) {
    if (method !== 'GET' && method !== 'HEAD') {
      return { status: 405, code: 'METHOD_NOT_ALLOWED', message: 'This page answers GET only.', headers: { allow: 'GET, HEAD' } };
    }
    return { kind: 'rest-docs', document: pathname === openApiPath ? 'openapi' : 'page' };
  }
  // A preflight is answered (by Yoga's CORS handling) wherever an operation is, whatever its method.
  const candidates = method === 'OPTIONS' ? ['GET', 'POST', 'DELETE'].map((each) => matchRestRoute(pathname, each)) : [];
  const match = candidates.find((candidate) => candidate && 'operationId' in candidate) ?? matchRestRoute(pathname, method);
  if (match === null) return null;
  if ('badPath' in match) return { status: 400, code: 'BAD_REQUEST', message: match.badPath };
  if ('methodNotAllowed' in match) {
    return {
      status: 405,
      code: 'METHOD_NOT_ALLOWED',
      message: `This address answers ${match.allow} only.`,
      headers: { allow: match.allow },
    };
  }
  return { kind: 'rest', operationId: match.operationId, params: match.params };
}

/** The target handed on: one spelling per route, so nothing downstream sees another path for it. */
function canonicalTarget(route: Route, url: URL): string {
  switch (route.kind) {
    case 'graphql':
      return `${graphqlPath}${url.search}`;
    case 'graphiql':
      return graphqlPath;
    case 'rest':
      return `${url.pathname}${url.search}`;
    case 'liveness':
      return livenessTarget;
    default:
      return url.pathname;
  }
}

export function createGate({ keys, allowedHosts, corsOrigins }: GateSettings) {
  return function decide(request: GateRequest, upgrade = false): Decision {
    const method = (request.method ?? 'GET').toUpperCase();
    const target = request.url ?? '/';
    // Only origin-form targets ("/path?query"); "http://other/…" and "*" are for proxies.
    if (!target.startsWith('/')) return refuse(400, 'BAD_REQUEST', 'The request target must be a path such as /graphql.');
    const url = URL.canParse(`http://gate.invalid${target}`) ? new URL(`http://gate.invalid${target}`) : null;
    if (!url) return refuse(400, 'BAD_REQUEST', 'The request target is not a valid path.');

    const host = header(request, 'host');
    if (!isAllowedHost(host, allowedHosts)) {
      const shown = (host ?? '').slice(0, 100);
      return refuse(
        421,
        'MISDIRECTED_REQUEST',
        `This server does not answer to the host name "${shown}". Add it to ALLOWED_HOSTS to serve it.`,
      );
    }

    const wantsPage = header(request, 'accept')?.includes('text/html') ?? false;
    const route = routeFor(url.pathname, method, { upgrade, wantsPage });
    if (route === null)
      return refuse(
        404,
        'NOT_FOUND',
        `Nothing is served at ${url.pathname.slice(0, 200)}; the API is at ${graphqlPath}${url.pathname.startsWith('/api') ? `, the REST API is described at ${openApiPath}` : ''}.`,
      );
    if ('status' in route) return { refusal: route };
    if (route.kind === 'graphql' || route.kind === 'rest' || route.kind === 'export' || route.kind === 'metrics') {
      // Preflights carry no credentials; graphql-ws sends its key in connection_init.
      if (keys.enabled && method !== 'OPTIONS' && !upgrade) {
        const presented = bearerToken(header(request, 'authorization'));
        if (keys.match(presented) < 0) {
          return refuse(401, 'UNAUTHENTICATED', keyRefusal(presented), {
            'www-authenticate': presented ? 'Bearer realm="Content Copilot", error="invalid_token"' : 'Bearer realm="Content Copilot"',
          });
        }
      }
      const origin = header(request, 'origin');
      if (!isAllowedOrigin(origin, host, corsOrigins)) {
        const shown = origin?.slice(0, 100);
        return refuse(403, 'FORBIDDEN', `Pages on ${shown} may not use this API. Add the origin to CORS_ORIGINS to allow it.`);
      }
      // REST takes JSON and multipart as GraphQL does, so the same rule: a form type needs a header no form can set.
      const forgery = route.kind === 'graphql' || route.kind === 'rest' ? csrfRefusal(method, (name) => header(request, name)) : null;
      if (forgery) return refuse(403, 'FORBIDDEN', forgery);
    }
    return { route, target: canonicalTarget(route, url) };
  };
}

export type Gate = ReturnType<typeof createGate>;

/**
 * The gate of the metrics-only listener (METRICS_PORT): /metrics and nothing else, without a key,
 * since it is bound where only the scraper reaches it; the Host check still stops DNS rebinding.
 */
export function createMetricsPortGate({ allowedHosts }: Pick<GateSettings, 'allowedHosts'>) {
  return function decide(request: GateRequest): Decision {
    const host = header(request, 'host');
    if (!isAllowedHost(host, allowedHosts)) return refuse(421, 'MISDIRECTED_REQUEST', 'This server does not answer to that host name.');
    const target = request.url ?? '/';
    const url = target.startsWith('/') && URL.canParse(`http://gate.invalid${target}`) ? new URL(`http://gate.invalid${target}`) : null;
    if (url?.pathname !== metricsPath) return refuse(404, 'NOT_FOUND', `Only ${metricsPath} is served on this port.`);
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'METHOD_NOT_ALLOWED', 'Metrics answer GET only.', { allow: 'GET, HEAD' });
    return { route: { kind: 'metrics' }, target: metricsPath };
  };
}
