// The headers every response carries, whatever answers it (the web client, GraphQL, REST, a
// download, metrics, a refusal): a Content-Security-Policy for what it is, no framing
// (clickjacking), no content sniffing (a download read as HTML), no referrer to other sites.
import type { Route } from './gate.js';

export interface PagePolicySettings {
  /** ALLOW_REMOTE_IMAGES: content may show images from other sites (over https), which also lets them see who reads it. */
  remoteImages: boolean;
}

type Directives = Record<string, string[]>;

const policy = (directives: Directives) =>
  Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');

/** Whatever a response is: no page may frame it, move its base URL or embed plugins. */
const everywhere: Directives = { 'object-src': ["'none'"], 'base-uri': ["'none'"], 'frame-ancestors': ["'none'"] };

/** The web client: its own scripts and styles only (no inline script), images from itself or data:. */
function appPolicy({ remoteImages }: PagePolicySettings): string {
  return policy({
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:', ...(remoteImages ? ['https:'] : [])],
    'font-src': ["'self'"],
    // 'self' covers the page's own WebSocket (ws: and wss: of the same host).
    'connect-src': ["'self'"],
    'form-action': ["'self'"],
    ...everywhere,
  });
}

/**
 * Yoga's GraphiQL page is the one exception: it loads GraphiQL from unpkg.com and starts it with
 * an inline script, so this page alone may run inline script and load from that CDN. It is a
 * developer's tool that renders no content of ours, and it still may not be framed.
 */
const graphiqlCdn = 'https://unpkg.com';
const graphiqlPolicy = policy({
  'default-src': ["'self'"],
  'script-src': ["'self'", "'unsafe-inline'", graphiqlCdn],
  'style-src': ["'self'", "'unsafe-inline'", graphiqlCdn],
  'font-src': ["'self'", 'data:', graphiqlCdn],
  'img-src': ["'self'", 'data:', graphiqlCdn, 'https://raw.githubusercontent.com'],
  // The editor's workers are fetched from the CDN and started from blob: URLs.
  'connect-src': ["'self'", graphiqlCdn],
  'worker-src': ["'self'", 'blob:'],
  'form-action': ["'self'"],
  ...everywhere,
});

/** The REST reference page: the server's own HTML with one inline stylesheet, and no script at all. */
const referencePagePolicy = policy({
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'form-action': ["'none'"],
  ...everywhere,
});

/** Everything that is no page (JSON, downloads, metrics, refusals): opened in a browser, it may load and run nothing. */
const nothingPolicy = policy({ 'default-src': ["'none'"], 'form-action': ["'none'"], ...everywhere });

const alwaysSent = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  // "same-origin" rather than "no-referrer": with no-referrer a browser sends "Origin: null" on the page's
  // own POSTs, which the gate would refuse; other sites (links in content) still learn nothing.
  'referrer-policy': 'same-origin',
};

/** The headers for a response to a request for `route`; null: refused before any route. */
export function securityHeaders(settings: PagePolicySettings): (route: Route | null) => Record<string, string> {
  const app = { ...alwaysSent, 'content-security-policy': appPolicy(settings) };
  const graphiql = { ...alwaysSent, 'content-security-policy': graphiqlPolicy };
  const referencePage = { ...alwaysSent, 'content-security-policy': referencePagePolicy };
  const nothing = { ...alwaysSent, 'content-security-policy': nothingPolicy };
  return (route) => {
    if (route?.kind === 'client') return app;
    if (route?.kind === 'graphiql') return graphiql;
    if (route?.kind === 'rest-docs' && route.document === 'page') return referencePage;
    return nothing;
  };
}
