// The Helm chart (deploy/helm/content-copilot), rendered by a real helm: it lints, every object it
// renders is valid against the Kubernetes schemas, and the Deployment's environment and probes are
// what server/config.ts reads and what the server serves.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config.js';
import { livenessPath } from '../server/security/gate.js';
import { chartFolder, helm, type KubernetesObject, renderChart, requireHelm } from './support/helm.js';
import { startTestServer, type TestServer } from './support/server.js';

const available = await requireHelm('tests/helm-chart.test.ts');
const serviceMonitorApi = ['--api-versions', 'monitoring.coreos.com/v1/ServiceMonitor'];
// Custom resources whose schemas kubernetes-models does not ship; checked by the assertions below.
const customKinds = new Set([
  'keda.sh/v1alpha1/ScaledObject',
  'keda.sh/v1alpha1/TriggerAuthentication',
  'gateway.networking.k8s.io/v1/HTTPRoute',
  'monitoring.coreos.com/v1/ServiceMonitor',
]);

interface Container {
  name: string;
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string; optional?: boolean } } }[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet: { path: string; port: string } };
  readinessProbe?: { httpGet: { path: string; port: string } };
  startupProbe?: { httpGet: { path: string; port: string } };
  resources?: { limits?: Record<string, string> };
  command?: string[];
}

const podContainers = (object: KubernetesObject) =>
  (object.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
const find = (objects: KubernetesObject[], kind: string, nameEnd = '') =>
  objects.find((object) => object.kind === kind && object.metadata.name.endsWith(nameEnd));

/** Validates with kubernetes-models: "apps/v1" Deployment is kubernetes-models/apps/v1/Deployment. */
async function validateObject(object: KubernetesObject) {
  const module = (await import(/* @vite-ignore */ `kubernetes-models/${object.apiVersion}/${object.kind}`)) as Record<
    string,
    new (
      data: unknown,
    ) => { validate(): void }
  >;
  const Model = module[object.kind];
  if (!Model) throw new Error(`kubernetes-models has no ${object.apiVersion} ${object.kind}`);
  new Model(object).validate();
}

/** The variable names in server/config.ts's environment schema. */
async function configuredNames(): Promise<Set<string>> {
  const source = await readFile(join(import.meta.dirname, '..', 'server', 'config.ts'), 'utf8');
  const schema = source.slice(source.indexOf('const environmentSchema = z.object({'), source.indexOf('export type Environment'));
  return new Set([...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] as string));
}

describe.skipIf(!available)('the Helm chart', () => {
  let byValues: Record<string, KubernetesObject[]>;
  beforeAll(async () => {
    const [defaults, scaled] = await Promise.all([
      renderChart(['ci/default-values.yaml'], serviceMonitorApi),
      renderChart(['ci/scaled-values.yaml'], serviceMonitorApi),
    ]);
    byValues = { defaults, scaled };
  });

  it('lints with the default and the scaled values', async () => {
    for (const file of ['ci/default-values.yaml', 'ci/scaled-values.yaml']) {
      const output = await helm(['lint', chartFolder, '--strict', '-f', join(chartFolder, file)]);
      expect(output).toContain('0 chart(s) failed');
    }
  });

  it('renders only objects that are valid against the Kubernetes schemas', async () => {
    for (const [values, objects] of Object.entries(byValues)) {
      expect(objects.length, values).toBeGreaterThan(4);
      for (const object of objects) {
        const kind = `${object.apiVersion}/${object.kind}`;
        if (customKinds.has(kind)) continue;
        await expect(validateObject(object), `${values}: ${kind} ${object.metadata.name}`).resolves.toBeUndefined();
      }
    }
  });

  it('renders what each set of values asks for', () => {
    const kinds = (objects: KubernetesObject[]) => objects.map((object) => object.kind).sort();
    expect(kinds(byValues.defaults ?? [])).toEqual(['Deployment', 'Job', 'NetworkPolicy', 'Service', 'ServiceAccount', 'ServiceMonitor']);
    expect(kinds(byValues.scaled ?? [])).toEqual(
      [
        'Deployment',
        'HTTPRoute',
        'Ingress',
        'Job',
        'NetworkPolicy',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'ScaledObject',
        'Service',
        'Service',
        'ServiceAccount',
        'ServiceMonitor',
        'StatefulSet',
        'TriggerAuthentication',
      ].sort(),
    );
  });

  it('sets in the Deployment only variables server/config.ts reads, and they parse', async () => {
    const known = await configuredNames();
    expect(known.has('DATABASE_URL') && known.has('OLLAMA_HOST')).toBe(true);
    for (const [values, objects] of Object.entries(byValues)) {
      const deployment = find(objects, 'Deployment');
      const app = deployment && podContainers(deployment)[0];
      const env = app?.env ?? [];
      // NODE_ENV is Node's own (production mode), not the server's configuration.
      expect(
        env.map((each) => each.name).filter((name) => name !== 'NODE_ENV' && !known.has(name)),
        values,
      ).toEqual([]);
      const secrets = Object.fromEntries(env.filter((each) => each.valueFrom).map((each) => [each.name, each.valueFrom?.secretKeyRef]));
      expect(secrets.DATABASE_URL, values).toEqual({ name: 'copilot-secrets', key: 'DATABASE_URL', optional: false });
      expect(Object.keys(secrets).sort()).toEqual(['API_KEYS', 'DATABASE_URL', 'REDIS_URL']);
      // What the Secret would hold, then the plain values: loadConfig accepts them.
      const settings = Object.fromEntries(env.filter((each) => each.value !== undefined).map((each) => [each.name, each.value]));
      const config = loadConfig({ ...settings, DATABASE_URL: 'postgres://copilot@db:5432/copilot', REDIS_URL: 'redis://redis:6379' });
      expect(config.HOST).toBe('0.0.0.0');
      expect(app?.ports).toEqual([
        { name: 'http', containerPort: config.PORT },
        { name: 'metrics', containerPort: config.METRICS_PORT },
      ]);
      if (values === 'scaled') {
        expect(config.OLLAMA_HOSTS).toEqual([
          'http://copilot-content-copilot-ollama-0.copilot-content-copilot-ollama.content.svc:11434',
          'http://copilot-content-copilot-ollama-1.copilot-content-copilot-ollama.content.svc:11434',
        ]);
      }
    }
  });

  describe('probes against the real server', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.stop());

    it('probe a path the server answers without a key, on the http port', async () => {
      const app = podContainers(find(byValues.defaults ?? [], 'Deployment') as KubernetesObject)[0] as Container;
      for (const probe of [app.livenessProbe, app.readinessProbe, app.startupProbe]) {
        expect(probe?.httpGet).toEqual({ path: livenessPath, port: 'http' });
        // The kubelet sends the pod's IP as Host, as fetch to 127.0.0.1 does.
        const response = await fetch(`${server.url}${probe?.httpGet.path}`);
        expect(response.status).toBe(200);
      }
    });
  });

  it('migrates once per install and upgrade, in a hook Job with the same environment', () => {
    const objects = byValues.defaults ?? [];
    const job = find(objects, 'Job', '-migrate') as KubernetesObject;
    expect(job.metadata.annotations?.['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const [migrate] = podContainers(job);
    expect(migrate?.command).toEqual(['npx', 'tsx', 'server/db/migrate.ts', 'apply']);
    expect(migrate?.env).toEqual(podContainers(find(objects, 'Deployment') as KubernetesObject)[0]?.env);
  });

  it('keeps SSE and WebSockets open through the Ingress and the HTTPRoute', () => {
    const objects = byValues.scaled ?? [];
    const annotations = find(objects, 'Ingress')?.metadata.annotations ?? {};
    expect(annotations['nginx.ingress.kubernetes.io/proxy-buffering']).toBe('off');
    expect(Number(annotations['nginx.ingress.kubernetes.io/proxy-read-timeout'])).toBeGreaterThanOrEqual(3600);
    const route = (find(objects, 'HTTPRoute') as KubernetesObject).spec as {
      rules: { timeouts?: { request: string }; backendRefs: { port: number }[] }[];
    };
    expect(route.rules[0]?.timeouts?.request).toBe('0s');
    expect(route.rules[0]?.backendRefs[0]?.port).toBe(8000);
  });

  it('scales on queue depth with KEDA and gives the in-cluster Ollama its GPUs', () => {
    const objects = byValues.scaled ?? [];
    const scaledObject = (find(objects, 'ScaledObject') as KubernetesObject).spec as {
      triggers: { type: string; metadata: Record<string, string> }[];
    };
    expect(scaledObject.triggers.map((trigger) => trigger.type)).toEqual(['cpu', 'redis']);
    expect(scaledObject.triggers[1]?.metadata.listName).toBe('copilot:bull:campaigns:wait');
    expect(find(objects, 'HorizontalPodAutoscaler')).toBeUndefined();
    expect(((find(objects, 'Deployment') as KubernetesObject).spec as { replicas?: number }).replicas).toBeUndefined();
    const ollama = find(objects, 'StatefulSet') as KubernetesObject;
    expect(podContainers(ollama)[0]?.resources?.limits?.['nvidia.com/gpu']).toBe('1');
  });

  it('creates the ServiceMonitor only where the Prometheus operator is installed', async () => {
    const withoutOperator = await renderChart(['ci/default-values.yaml']);
    expect(find(withoutOperator, 'ServiceMonitor')).toBeUndefined();
    const endpoints = ((find(byValues.defaults ?? [], 'ServiceMonitor') as KubernetesObject).spec as { endpoints: unknown[] }).endpoints;
    expect(endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
  });

  it('refuses an install without existingSecret, and secrets in values', async () => {
    await expect(renderChart([])).rejects.toThrow(/existingSecret is required/);
    await expect(renderChart(['ci/default-values.yaml'], ['--set', 'config.API_KEYS=hunter2'])).rejects.toThrow(/API_KEYS/);
  });
});
