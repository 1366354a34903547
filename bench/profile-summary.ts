// Summarises a V8 CPU profile (node --cpu-prof) by self time: per code area (a package
// under node_modules, our server/ folders, Node internals) and the hottest functions; and by
// component, counting what a component calls (Node internals, native code) as its own.
// Usage: tsx bench/profile-summary.ts CPU.….cpuprofile [how many functions, default 25]
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, top = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: tsx bench/profile-summary.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id] as const)));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function area(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:'))
    return `node:${url.slice(5).split('/')[0] === 'internal' ? url.slice(5).split('/').slice(0, 2).join('/') : url.slice(5)}`;
  const path = url.startsWith('file://') ? relative(repoRoot, fileURLToPath(url)) : url;
  const inPackage = path.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (inPackage?.[1]) return inPackage[1];
  return path.split('/').slice(0, 2).join('/');
}

/** Components of the server, by the code on the stack; a sample counts for the innermost one. */
const components: [string, RegExp][] = [
  ['the profiler itself', /^node:inspector/],
  ['Prisma and SQLite', /@prisma|better-sqlite3|node_modules\/pg/],
  ['scoring', /server\/scoring/],
  ['the model stream: ollama-js', /node_modules\/ollama/],
  ['the model stream: undici (fetch)', /undici/],
  ['our chat client', /server\/llm/],
  ['socket writes to subscribers (ws, graphql-ws)', /ws\/lib\/sender|graphql-ws/],
  ['GraphQL (Yoga, graphql-jit, graphql-js)', /graphql-jit|@graphql-tools|node_modules\/graphql\/|graphql-yoga|envelop/],
  ['the pipeline (events, runner)', /server\/pipeline/],
  ['observability (metrics, traces)', /server\/observability/],
];

function componentOf(id: number): string {
  for (let at: number | undefined = id; at !== undefined; at = parents.get(at)) {
    const { url, functionName } = nodes.get(at)?.callFrame ?? { url: '', functionName: '' };
    if (at === id && (functionName === '(idle)' || functionName === '(garbage collector)')) return functionName;
    const path = url.startsWith('file://') ? fileURLToPath(url) : url;
    const found = components.find(([, pattern]) => pattern.test(path));
    if (found) return found[0];
  }
  return 'other (Node internals, microtasks, HTTP)';
}

const byComponent = new Map<string, number>();
const byArea = new Map<string, number>();
const byFunction = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const node = nodes.get(id);
  const micros = profile.timeDeltas[index] ?? 0;
  if (!node) return;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = area(url, functionName);
  total += micros;
  const component = componentOf(id);
  byComponent.set(component, (byComponent.get(component) ?? 0) + micros);
  byArea.set(where, (byArea.get(where) ?? 0) + micros);
  const name = `${functionName || '(anonymous)'} ${where}${url ? `:${lineNumber + 1}` : ''}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + micros);
});

const table = (title: string, entries: Map<string, number>, rows: number) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, rows)) {
    console.log(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
  }
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
table('Self time by area', byArea, 20);
table('By component (what it called counted as its own)', byComponent, components.length + 3);
table('Self time by function', byFunction, Number(top));
