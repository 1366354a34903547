// A refused request's answer: a GraphQL-shaped error body with its code, for HTTP and for a
// WebSocket upgrade (written on the raw socket, since no WebSocket was opened).
import { type IncomingHttpHeaders, STATUS_CODES } from 'node:http';
import { restErrorBody } from '../rest/errors.js';
import type { Refusal } from './gate.js';

export interface RefusalResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** `rest`: the request was for the REST API (/api/…), whose errors have their own shape (server/rest/errors.ts). */
export function refusalResponse(
  refusal: Refusal,
  requestHeaders: IncomingHttpHeaders,
  corsOrigins: readonly string[],
  rest = false,
): RefusalResponse {
  const requestId = String(requestHeaders['x-request-id'] ?? '');
  const body = rest
    ? JSON.stringify(restErrorBody({ code: refusal.code, message: refusal.message, requestId }))
    : JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: refusal.code } }] });
  const origin = requestHeaders.origin;
  // A page on an allowed origin may read why it was refused (a missing key, say).
  const cors: Record<string, string> =
    origin && corsOrigins.includes(origin)
      ? {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          'access-control-expose-headers': 'x-request-id',
          vary: 'Origin',
        }
      : {};
  return {
    status: refusal.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
      'x-request-id': requestId,
      ...cors,
      ...refusal.headers,
    },
    body,
  };
}

/** The refusal as raw HTTP/1.1, for a socket that asked to upgrade. */
export function rawHttpResponse({ status, headers, body }: RefusalResponse): string {
  const lines = Object.entries({ ...headers, connection: 'close' }).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}
