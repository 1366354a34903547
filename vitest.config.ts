import { createRequire } from 'node:module';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { configDefaults, defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

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
      {
        // The web client's logic and components, in jsdom.
        extends: true,
        plugins: [svelte({ configFile: false }), svelteTesting()],
        test: { name: 'client', include: ['tests/client/**/*.test.ts'], environment: 'jsdom' },
      },
    ],
  },
});
