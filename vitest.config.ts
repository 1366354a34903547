import { createRequire } from 'node:module';
import { Socket } from 'node:net';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

/**
 * Suites that also run against PostgreSQL (the `postgres` project; tests/support/server.ts gives each
 * server its own database). tests/campaign-lifecycle.test.ts passes on PostgreSQL too, but its
 * 20-campaign queue test runs close to its time limit on a busy machine whatever the database,
 * so it runs once, on SQLite (`TEST_DATABASE=postgres npx vitest run --project node <file>` runs any suite on PostgreSQL).
 */
const onPostgresToo = [
  'tests/campaigns.test.ts',
  'tests/brands.test.ts',
  'tests/campaign-events.test.ts',
  'tests/campaign-failures.test.ts',
  'tests/parallel-reviewers.test.ts',
  'tests/pipeline-races.test.ts',
  'tests/guidelines.test.ts',
  'tests/health.test.ts',
  'tests/security-bad-input.test.ts',
  'tests/stored-text.test.ts',
  'tests/campaign-history.test.ts',
  'tests/webhooks.test.ts',
  'tests/approval-gates.test.ts',
  'tests/campaign-rerun.test.ts',
  'tests/result-cache.test.ts',
  'tests/content-versions.test.ts',
];

const postgresUrl = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test');

/** Whether PostgreSQL's port accepts connections (the tests themselves report anything subtler). */
function postgresListening(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2_000, () => finish(false));
    socket.once('error', () => finish(false));
    socket.connect(Number(postgresUrl.port || 5432), postgresUrl.hostname, () => finish(true));
  });
}

// Without PostgreSQL the `postgres` project is left out, loudly; under CI=true it runs and fails.
const withPostgres = process.env.CI === 'true' || (await postgresListening());
// Vitest evaluates this file more than once per run: one warning is enough.
const warned = globalThis as { postgresSkipWarned?: boolean };
if (!withPostgres && !warned.postgresSkipWarned) {
  warned.postgresSkipWarned = true;
  console.warn(
    `\n${'!'.repeat(100)}\n!! PostgreSQL is not reachable at ${postgresUrl.host}: the \`postgres\` test project is SKIPPED ` +
      `(${onPostgresToo.length} suites on PostgreSQL). Start it (.ci/run does) or set TEST_POSTGRES_URL.\n${'!'.repeat(100)}\n`,
  );
}

export default defineConfig({
  resolve: {
    // One graphql instance for our code and the libraries (Node loads its CJS build);
    // two copies make `instanceof GraphQLError` fail.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: a few files at a time keeps the servers' timings sane.
    maxWorkers: 2,
    projects: [
      {
        // The server, the API and the browser tests (tests/e2e), in Node.
        extends: true,
        test: { name: 'node', include: ['tests/**/*.test.ts'], exclude: [...configDefaults.exclude, 'tests/client/**'] },
      },
      ...(withPostgres
        ? [
            {
              // The same suites on PostgreSQL: every test server gets a fresh database of its own.
              extends: true as const,
              test: { name: 'postgres', include: onPostgresToo, env: { TEST_DATABASE: 'postgres' } },
            },
          ]
        : []),
      {
        // The web client's logic and components, in jsdom.
        extends: true,
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: { name: 'client', include: ['tests/client/**/*.test.ts'], environment: 'jsdom' },
      },
    ],
  },
});
