// The web client: `npm run dev:client` serves it with hot reload and proxies the API
// to a server on :8000; `npm run build:client` (client/build.ts) builds it into client/dist.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const api = process.env.COPILOT_API ?? 'http://127.0.0.1:8000';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Svelte's compiler is most of a build's time; that is expected, not worth a warning.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    // The API sees the dev page as its own (same Host and Origin), as it would in production.
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true, headers: { origin: new URL(api).origin } },
      '/campaigns': { target: api, changeOrigin: true, headers: { origin: new URL(api).origin } },
    },
  },
});
