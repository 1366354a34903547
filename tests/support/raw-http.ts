// Requests sent exactly as written: fetch would normalise "/graphql/../graphql" or "//graphql"
// before sending, and an attacker's client does not.
import { request } from 'node:http';
import WebSocket from 'ws';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function rawRequest(
  baseUrl: string,
  { method = 'GET', path, headers = {}, body }: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: hostname, port, method, path, headers, setHost: !('host' in headers) }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** Opens a graphql-transport-ws socket; resolves with the handshake's outcome, closing an opened one. */
export function tryUpgrade(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ opened: boolean; status?: number }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, 'graphql-transport-ws', { headers });
    socket.on('open', () => {
      socket.close(1000);
      resolve({ opened: true });
    });
    socket.on('unexpected-response', (_request, response) => {
      resolve({ opened: false, status: response.statusCode });
      response.resume();
      socket.terminate();
    });
    socket.on('error', (error) => {
      if (socket.readyState !== WebSocket.CLOSED) reject(error);
    });
  });
}
