// Prisma's schema engine compiled to WebAssembly: migrations without the native
// binary that the Prisma CLI would download (no network beyond npm here).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';

const require = createRequire(import.meta.url);
let instantiated: Promise<void> | undefined;

/** The engine's Rust panics are reported through this global hook. */
function installPanicRegistry(): void {
  const registry = globalThis as { PRISMA_WASM_PANIC_REGISTRY?: { set_message(message: string): void } };
  registry.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message: string) {
      throw new Error(`Prisma schema engine panicked: ${message}`);
    },
  };
}

function instantiateWasm(): Promise<void> {
  instantiated ??= (async () => {
    installPanicRegistry();
    // The package exports no path to its .wasm; it sits beside the bindings.
    const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), {
      './schema_engine_bg.js': bindings as unknown as WebAssembly.ModuleImports,
    });
    const exports = instance.exports as WebAssembly.Exports & { __wbindgen_start(): void };
    bindings.__wbg_set_wasm(exports);
    exports.__wbindgen_start();
  })();
  return instantiated;
}

export interface OpenSchemaEngine {
  engine: SchemaEngine;
  /** Frees the engine and closes its database connections (free() alone leaves them open). */
  close(): Promise<void>;
}

/** A schema engine bound to the SQLite file at `url` (file:...). */
export async function openSchemaEngine(url: string, schema: { path: string; content: string }): Promise<OpenSchemaEngine> {
  await instantiateWasm();
  // A running server may hold the file: wait for it rather than fail.
  const factory = new PrismaBetterSqlite3({ url, timeout: 10_000 });
  const connections: SqlDriverAdapter[] = [];
  const tracked = Object.assign(Object.create(factory) as PrismaBetterSqlite3, {
    connect: async () => {
      const connection = await factory.connect();
      connections.push(connection);
      return connection;
    },
    connectToShadowDb: async () => {
      const connection = await factory.connectToShadowDb();
      connections.push(connection);
      return connection;
    },
  });
  const log = () => {};
  const engine = await bindings.SchemaEngine.new(
    { datamodels: [[schema.path, schema.content]] },
    log,
    bindMigrationAwareSqlAdapterFactory(tracked),
  );
  return {
    engine,
    async close() {
      engine.free();
      await Promise.all(connections.map((connection) => connection.dispose()));
    },
  };
}
