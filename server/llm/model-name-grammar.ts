// Ollama's model name grammar (ollama/ollama types/model/name.go, ParseNameBare and isValidPart):
// [scheme "://"] [[host "/"] namespace "/"] model [":" tag], where
//   host       starts with a letter, digit or "_", then those or "-", "_", ".", ":"   1-350 characters
//   namespace  starts with a letter, digit or "_", then those or "-", "_"             1-80
//   model      starts with a letter, digit or "_", then those or "-", "_", "."        1-80
//   tag        likewise                                                               1-80
// Parts left out take Ollama's defaults (registry.ollama.ai, library, latest). A part promised by its
// separator but empty ("mistral:", "/mistral") is wrong, as in Ollama. Two things are stricter here:
// a digest ("@sha256:...") is refused (Ollama's parser no longer reads one), and so is a scheme other
// than http or https (Ollama keeps whatever precedes "://").

export type ModelNamePart = 'host' | 'namespace' | 'model' | 'tag';

export interface ModelName {
  host: string;
  namespace: string;
  model: string;
  tag: string;
}

interface PartRule {
  /** How a message names the part: "the model name's tag". */
  label: string;
  max: number;
  /** Characters allowed after the first, besides letters, digits and "_". */
  more: string;
  moreInWords: string;
  /** What to write instead of an empty part. */
  whenEmpty: string;
}

const partRules: Record<ModelNamePart, PartRule> = {
  host: {
    label: 'host',
    max: 350,
    more: '-_.:',
    moreInWords: '"_", "-", "." and ":"',
    whenEmpty: 'write "registry.ollama.ai/library/mistral" or just "mistral"',
  },
  namespace: {
    label: 'namespace',
    max: 80,
    more: '-_',
    moreInWords: '"_" and "-"',
    whenEmpty: 'write "library/mistral" or just "mistral"',
  },
  model: {
    label: 'model part',
    max: 80,
    more: '-_.',
    moreInWords: '"_", "-" and "."',
    whenEmpty: 'name the model, e.g. "mistral" or "library/mistral"',
  },
  tag: {
    label: 'tag',
    max: 80,
    more: '-_.',
    moreInWords: '"_", "-" and "."',
    whenEmpty: 'give one after ":", e.g. "mistral:7b", or leave out the ":"',
  },
};

export const ollamaDefaults = { host: 'registry.ollama.ai', namespace: 'library', tag: 'latest' } as const;

/** The parts as written: undefined where the name leaves one out, "" where a separator promises one that is not there. */
interface WrittenName {
  scheme?: string;
  host?: string;
  namespace?: string;
  model: string;
  tag?: string;
}

/** Splits at the last `separator`, as Ollama's cutLast. */
function cutLast(value: string, separator: string): [string, string] | null {
  const at = value.lastIndexOf(separator);
  return at === -1 ? null : [value.slice(0, at), value.slice(at + separator.length)];
}

/** Ollama's ParseNameBare: the tag after a ":" that follows the last "/", then model, namespace and host from the right. */
function writtenName(name: string): WrittenName {
  let rest = name;
  let tag: string | undefined;
  if (rest.lastIndexOf(':') > rest.lastIndexOf('/')) [rest, tag] = cutLast(rest, ':') ?? [rest, ''];
  const withTag = (parts: Omit<WrittenName, 'tag'>): WrittenName => (tag === undefined ? parts : { ...parts, tag });
  const afterNamespace = cutLast(rest, '/');
  if (!afterNamespace) return withTag({ model: rest });
  const [beforeModel, model] = afterNamespace;
  const afterHost = cutLast(beforeModel, '/');
  if (!afterHost) return withTag({ namespace: beforeModel, model });
  const [host, namespace] = afterHost;
  const schemeAt = host.indexOf('://');
  if (schemeAt === -1) return withTag({ host, namespace, model });
  return withTag({ scheme: host.slice(0, schemeAt), host: host.slice(schemeAt + 3), namespace, model });
}

const quoted = (value: string) => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
const firstAllowed = /^[A-Za-z0-9_]/;

/** What is wrong with one part, or null (Ollama's isValidPart, in words). */
function partProblem(part: ModelNamePart, value: string): string | null {
  const rule = partRules[part];
  const name = `the model name's ${rule.label}`;
  if (value === '') return `${name} is empty (${rule.whenEmpty})`;
  if (value.length > rule.max) return `${name} must be at most ${rule.max} characters (it has ${value.length})`;
  if (!firstAllowed.test(value)) return `${name} (${quoted(value)}) must start with a letter, a digit or "_"`;
  const wrong = [...value.slice(1)].find((character) => !/[A-Za-z0-9_]/.test(character) && !rule.more.includes(character));
  if (wrong) return `${name} (${quoted(value)}) may hold only letters, digits, ${rule.moreInWords} (found ${quoted(wrong)})`;
  return null;
}

/** The name's parts with Ollama's defaults filled in, or what is wrong with it, in words that say which part. */
export function parseModelName(name: string): { name: ModelName } | { problem: string } {
  if (name.includes('@')) return { problem: 'a digest ("@...") is not read here (name the model and its tag, e.g. "mistral:7b")' };
  const written = writtenName(name);
  if (written.host?.includes('/')) {
    return {
      problem: 'the model name has too many parts (at most host/namespace/model:tag, e.g. "registry.ollama.ai/library/mistral:latest")',
    };
  }
  if (written.scheme !== undefined && written.scheme !== 'http' && written.scheme !== 'https') {
    return { problem: `the model name's protocol (${quoted(written.scheme)}) must be http or https` };
  }
  for (const part of ['host', 'namespace', 'model', 'tag'] as const) {
    const value = written[part];
    const problem = value === undefined ? null : partProblem(part, value);
    if (problem) return { problem };
  }
  return {
    name: {
      host: written.host ?? ollamaDefaults.host,
      namespace: written.namespace ?? ollamaDefaults.namespace,
      model: written.model,
      tag: written.tag ?? ollamaDefaults.tag,
    },
  };
}

/** The rule a model name breaks ("must be an Ollama model name: the model name's tag ..."), or null when Ollama would accept it. */
export function modelNameProblem(name: string): string | null {
  if (name.trim() === '') return 'must not be blank';
  const parsed = parseModelName(name);
  return 'problem' in parsed ? `must be an Ollama model name: ${parsed.problem}` : null;
}
