// Serves the built web client (client/dist) for GET and HEAD requests outside the API:
// files by path, index.html at / and for any path that does not name a file (the
// client routes by hash). Every other route of the gate's table is left to its handler.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { routeFor } from './security/gate.js';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  contentType: string;
  etag: string;
  immutable: boolean;
}

export interface StaticClientSettings {
  /** ALLOW_REMOTE_IMAGES: said to the client in a meta tag, so its sanitiser keeps what the CSP lets load. */
  remoteImages?: boolean;
}

/** How the page learns that remote images are allowed (client/src/lib/markdown.ts reads it). */
const remoteImagesMeta = '<meta name="copilot-remote-images" content="allowed">';

function withRemoteImagesMeta(page: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  return Buffer.from(new TextDecoder().decode(page).replace('</head>', `${remoteImagesMeta}</head>`));
}

export function useStaticClient(distDir: string, { remoteImages = false }: StaticClientSettings = {}): Plugin {
  const root = resolve(distDir);
  const indexPath = resolve(root, 'index.html');

  /** The file a URL path names inside root, or null: outside root, hidden, or not a file. */
  async function find(pathname: string): Promise<StaticFile | null> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return null; // malformed %-escape
    }
    if (decoded.includes('\0') || decoded.split(/[\\/]/).some((segment) => segment.startsWith('.') && segment !== '')) return null;
    const path = resolve(root, `.${decoded}`);
    if (path !== root && !path.startsWith(root + sep)) return null;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const bytes = (await readFile(path)) as Uint8Array<ArrayBuffer>; // a Buffer, never over shared memory
    const body = remoteImages && path === indexPath ? withRemoteImagesMeta(bytes) : bytes;
    return {
      body,
      contentType: contentTypes[extname(path).toLowerCase()] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      // Vite names built assets by their content hash.
      immutable: path.startsWith(resolve(root, 'assets') + sep),
    };
  }

  return {
    async onRequest({ url, request, endResponse, fetchAPI }) {
      const route = routeFor(url.pathname, request.method);
      if (route === null || !('kind' in route) || route.kind !== 'client') return;
      const wantsFile = extname(url.pathname) !== '';
      let file = url.pathname === '/' ? null : await find(url.pathname);
      if (!file && !wantsFile) file = await find('/index.html');
      if (!file) {
        const status = wantsFile ? 404 : 503;
        const message = wantsFile
          ? `Not found: ${url.pathname}\n`
          : 'The web client is not built. Run `npm run build:client`, then reload.\n';
        endResponse(new fetchAPI.Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } }));
        return;
      }
      const headers = {
        'content-type': file.contentType,
        etag: file.etag,
        'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      };
      if (request.headers.get('if-none-match') === file.etag) {
        endResponse(new fetchAPI.Response(null, { status: 304, headers }));
        return;
      }
      const body = request.method === 'HEAD' ? null : file.body;
      endResponse(new fetchAPI.Response(body, { status: 200, headers: { ...headers, 'content-length': String(file.body.byteLength) } }));
    },
  };
}
