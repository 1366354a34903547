// A web page on another site can make the browser POST a form (urlencoded, multipart or
// text/plain) to this server without asking first, and Yoga would run it: on a keyless
// server on 127.0.0.1 that is a mutation anyone's browser can be tricked into sending.
// Such "simple" requests must carry a header no form can set, which makes the browser ask
// (CORS preflight) first. JSON requests, GETs (never mutations) and preflights pass.
import type { Plugin } from 'graphql-yoga';

const simpleContentTypes = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Any of these marks a request that a plain form could not have sent. */
export const preflightHeaders = ['graphql-require-preflight', 'apollo-require-preflight', 'x-apollo-operation-name', 'authorization'];

export function useCsrfPrevention(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (request.method !== 'POST' || url.pathname !== graphqlEndpoint) return;
      const contentType = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
      if (contentType && !simpleContentTypes.includes(contentType)) return;
      if (preflightHeaders.some((name) => request.headers.has(name))) return;
      const message = `A ${contentType || 'body without a content type'} request must carry a "graphql-require-preflight: 1" header (or be sent as application/json): it protects against cross-site request forgery.`;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code: 'FORBIDDEN' } }] }), {
          status: 403,
          headers: { 'content-type': 'application/json; charset=utf-8' },
        }),
      );
    },
  };
}
