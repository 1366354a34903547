// Optional API keys. With none configured the server is open (and listens on loopback only);
// with some, every GraphQL operation and export download must present one of them (see gate.ts).
import { createHash, timingSafeEqual } from 'node:crypto';

export const unauthenticatedCloseCode = 4401;

const digest = (key: string) => createHash('sha256').update(key, 'utf8').digest();

export class ApiKeys {
  readonly #digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.#digests = keys.map(digest);
  }

  get enabled(): boolean {
    return this.#digests.length > 0;
  }

  /**
   * The index of the configured key that `presented` is, or -1. Digests have one length, so
   * timingSafeEqual applies, and every key is compared: the time says nothing about which matched.
   */
  match(presented: string | null | undefined): number {
    if (!presented) return -1;
    const candidate = digest(presented);
    let found = -1;
    this.#digests.forEach((known, index) => {
      if (timingSafeEqual(known, candidate) && found === -1) found = index;
    });
    return found;
  }
}

/** The token of an `Authorization: Bearer <token>` header (the scheme is case-insensitive). */
export function bearerToken(header: string | null | undefined): string | null {
  const match = header?.match(/^\s*Bearer\s+(\S+)\s*$/i);
  return match?.[1] ?? null;
}

/** graphql-ws connection_init payload: `{ authorization: 'Bearer <key>' }` or `{ apiKey: '<key>' }`. */
export function connectionKey(params: Readonly<Record<string, unknown>> | undefined): string | null {
  if (!params) return null;
  const authorization = params.authorization ?? params.Authorization;
  if (typeof authorization === 'string') return bearerToken(authorization);
  return typeof params.apiKey === 'string' && params.apiKey ? params.apiKey : null;
}

/** Why a key was refused, in words a user can act on. */
export function refusal(presented: string | null): string {
  return presented
    ? 'Invalid API key: it is not one of the configured API_KEYS.'
    : 'Missing API key: send "Authorization: Bearer <key>" (graphql-ws: connection_init payload { authorization: "Bearer <key>" }).';
}
