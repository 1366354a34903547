// Builds the web client into client/dist with Vite's JS API, only when its sources
// changed since the last build: a hash of client/src, index.html and the Vite config is
// kept in dist/.build-stamp. `tsx client/build.ts [--force]`, or import buildClient.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'vite';
import viteConfig from './vite.config.js';

export const clientDir = import.meta.dirname;
export const distDir = join(clientDir, 'dist');
/** Staging builds and the lock live here: git-ignored, and on the same disk as dist for rename(). */
const workDir = join(clientDir, '..', 'node_modules', '.cache', 'client-build');
const stampName = '.build-stamp';
const inputs = ['src', 'index.html', 'vite.config.ts'];

export interface ClientBuild {
  built: boolean;
  hash: string;
  distDir: string;
}

/** One hash over the client's sources: their paths and contents. */
export async function clientSourceHash(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await Promise.all(inputs.map((input) => filesUnder(join(clientDir, input))))).flat().sort()) {
    hash
      .update(relative(clientDir, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0');
  }
  return hash.digest('hex');
}

let running: Promise<ClientBuild> | null = null;

/**
 * Builds unless dist already holds a build of these sources. Concurrent calls share one
 * build; other processes (test workers, `npm start`) wait for the one holding the lock.
 */
export function buildClient(options: { force?: boolean; quiet?: boolean } = {}): Promise<ClientBuild> {
  running ??= withBuildLock(() => buildIfChanged(options)).finally(() => {
    running = null;
  });
  return running;
}

const lockDir = join(workDir, 'lock');
const staleLockMs = 5 * 60_000;

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      await mkdir(workDir, { recursive: true });
      await mkdir(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - ((await stat(lockDir).catch(() => null))?.mtimeMs ?? Date.now());
      if (age > staleLockMs)
        await rm(lockDir, { recursive: true, force: true }); // left by a crashed build
      else await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lockDir, { recursive: true, force: true });
  }
}

async function buildIfChanged({ force = false, quiet = false }: { force?: boolean; quiet?: boolean }): Promise<ClientBuild> {
  const hash = await clientSourceHash();
  const stamp = await readFile(join(distDir, stampName), 'utf8').catch(() => '');
  if (!force && stamp.trim() === hash && existsSync(join(distDir, 'index.html'))) return { built: false, hash, distDir };

  // Built beside dist and swapped in, so a server serving dist never sees half a build.
  const staging = join(workDir, `staging-${process.pid}-${Date.now()}`);
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production'; // under vitest it is "test", which would build Svelte in dev mode
  try {
    await build({
      ...viteConfig,
      configFile: false,
      mode: 'production',
      logLevel: quiet ? 'warn' : 'info',
      build: { ...viteConfig.build, outDir: staging, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  await writeFile(join(staging, stampName), `${hash}\n`);
  await replaceDirectory(staging, distDir);
  return { built: true, hash, distDir };
}

async function replaceDirectory(from: string, to: string): Promise<void> {
  const old = join(workDir, `old-${process.pid}-${Date.now()}`);
  for (let tries = 0; ; tries++) {
    try {
      if (existsSync(to)) await rename(to, old);
      await rename(from, to);
      break;
    } catch (error) {
      // Another process swapped its build in at the same moment: try again.
      if (tries >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * (tries + 1)));
    }
  }
  await rm(old, { recursive: true, force: true });
}

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOTDIR') return null;
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries === null) return [path];
  const nested = await Promise.all(entries.map((entry) => filesUnder(join(path, entry.name))));
  return nested.flat();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const result = await buildClient({ force: process.argv.includes('--force') });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    result.built ? `client built into ${relative(process.cwd(), distDir)} in ${seconds} s` : 'client is up to date (sources unchanged)',
  );
}
