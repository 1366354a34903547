// A web page on another site can make the browser POST a form (urlencoded, multipart or
// text/plain) to this server without asking first, and Yoga would run it: on a keyless
// server on 127.0.0.1 that is a mutation anyone's browser can be tricked into sending.
// Such "simple" requests must carry a header no form can set, which makes the browser ask
// (CORS preflight) first. JSON requests, GETs (never mutations) and preflights pass.

const simpleContentTypes = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
/** Any of these marks a request that a plain form could not have sent. */
export const preflightHeaders = ['graphql-require-preflight', 'apollo-require-preflight', 'x-apollo-operation-name', 'authorization'];

/** Why a GraphQL request could be a forged form post, or null when it could not. */
export function csrfRefusal(method: string, header: (name: string) => string | undefined): string | null {
  if (method !== 'POST') return null;
  const contentType = header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (contentType && !simpleContentTypes.includes(contentType)) return null;
  if (preflightHeaders.some((name) => header(name) !== undefined)) return null;
  return `A ${contentType || 'body without a content type'} request must carry a "graphql-require-preflight: 1" header (or be sent as application/json): it protects against cross-site request forgery.`;
}
