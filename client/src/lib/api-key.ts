// The optional API key: kept in localStorage, sent as a Bearer token on HTTP and in
// graphql-ws connectionParams.
const storageKey = 'content-copilot.apiKey';

export function getApiKey(): string {
  try {
    return localStorage.getItem(storageKey) ?? '';
  } catch {
    return ''; // storage disabled (private mode, sandboxed frame)
  }
}

export function setApiKey(key: string): void {
  try {
    if (key.trim()) localStorage.setItem(storageKey, key.trim());
    else localStorage.removeItem(storageKey);
  } catch {
    // Without storage the key lasts until the page closes: nothing to do.
  }
}

/** Announced when the server refused a request for want of a key: only then (or with a key saved) is the key field shown. */
export const keyWantedEvent = 'content-copilot:key-wanted';

export function announceKeyWanted(): void {
  if (typeof window !== 'undefined') window.dispatchEvent(new Event(keyWantedEvent));
}

export function authorization(): string | null {
  const key = getApiKey();
  return key ? `Bearer ${key}` : null;
}

export function authHeaders(): Record<string, string> {
  const value = authorization();
  return value ? { authorization: value } : {};
}
