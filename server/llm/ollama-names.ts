// OLLAMA_HOST and model names, read the way Ollama itself reads them (envconfig.Host and
// types/model.ParseName), so that whatever works with the `ollama` CLI works here too.
import { parseModelName } from './model-name-grammar.js';

const defaultPort = '11434';

/**
 * "127.0.0.1:11434", "0.0.0.0", ":11434", "ollama", "https://gpu.example.com/ollama" → a URL.
 * As in Ollama: no scheme means http on 11434; an explicit http or https without a port means 80 or 443.
 */
export function ollamaHostUrl(value: string): URL | null {
  const trimmed = value.trim();
  const [scheme, rest] = trimmed.includes('://') ? (trimmed.split('://', 2) as [string, string]) : ['http', trimmed];
  if (scheme !== 'http' && scheme !== 'https') return null;
  const explicitScheme = trimmed.includes('://');
  const slash = rest.indexOf('/');
  const hostPort = slash === -1 ? rest : rest.slice(0, slash);
  const path = slash === -1 ? '' : rest.slice(slash);
  const withHost = hostPort === '' || hostPort.startsWith(':') ? `127.0.0.1${hostPort}` : hostPort;
  const hasPort = /:\d+$/.test(withHost) && !/^\[[^\]]*\]$/.test(withHost);
  const port = explicitScheme ? '' : defaultPort;
  const candidate = `${scheme}://${withHost}${hasPort || port === '' ? '' : `:${port}`}${path}`;
  return URL.canParse(candidate) ? new URL(candidate) : null;
}

/** The host as a base URL for the client: no trailing slash. */
export function formatOllamaHost(url: URL): string {
  return url.href.replace(/\/$/, '');
}

/**
 * "mistral", "Mistral", "library/mistral", "registry.ollama.ai/library/mistral:latest" all name one
 * model: Ollama fills in the registry, the "library" namespace and the "latest" tag, and compares
 * names without regard to case. A name outside Ollama's grammar is compared as written.
 */
export function canonicalModelName(name: string): string {
  const [withoutDigest = ''] = name.trim().toLowerCase().split('@');
  const parsed = parseModelName(withoutDigest);
  if ('problem' in parsed) return withoutDigest;
  const { host, namespace, model, tag } = parsed.name;
  return `${host}/${namespace}/${model}:${tag}`;
}

export function sameModel(configured: string, listed: string): boolean {
  return canonicalModelName(configured) === canonicalModelName(listed);
}
