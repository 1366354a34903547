import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // One graphql instance for our code and the libraries (Node loads its CJS build);
    // two copies make `instanceof GraphQLError` fail.
    alias: { graphql: require.resolve('graphql') },
  },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: a few files at a time keeps the servers' timings sane.
    maxWorkers: 2,
  },
});
