// Prisma's schema engine compiled to WebAssembly: migrations without the native
// binary that the Prisma CLI would download (no network beyond npm here).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { databaseKind, postgresConnection } from './database-url.js';

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

const pgInternalChar = 18;
const pgText = 25;

/**
 * The schema engine reads PostgreSQL's catalog, whose columns such as `contype` have the
 * internal one-byte "char" type, which @prisma/adapter-pg does not map (it fails with
 * "Column type 'char' could not be deserialized"). node-postgres already returns those
 * values as strings, so they are announced as text.
 */
class CatalogReadingPool extends pg.Pool {
  // biome-ignore lint/suspicious/noExplicitAny: pg.Pool#query is overloaded; the adapter only uses the promise form.
  override async query(...args: any[]): Promise<any> {
    const result = await (super.query as (...queryArgs: unknown[]) => Promise<pg.QueryResult>)(...args);
    for (const field of result.fields ?? []) if (field.dataTypeID === pgInternalChar) field.dataTypeID = pgText;
    return result;
  }
}

function adapterFactory(url: string): SqlMigrationAwareDriverAdapterFactory {
  if (databaseKind(url) === 'postgres') {
    const { connectionString, schema } = postgresConnection(url);
    return new PrismaPg(new CatalogReadingPool({ connectionString }), { disposeExternalPool: true, schema });
  }
  // A running server may hold the SQLite file: wait for it rather than fail.
  return new PrismaBetterSqlite3({ url, timeout: 10_000 });
}

/** A schema engine bound to the database at `url` (a SQLite file: URL or a PostgreSQL URL). */
export async function openSchemaEngine(url: string, schema: { path: string; content: string }): Promise<OpenSchemaEngine> {
  await instantiateWasm();
  const factory = adapterFactory(url);
  const connections: SqlDriverAdapter[] = [];
  const tracked = Object.assign(Object.create(factory) as SqlMigrationAwareDriverAdapterFactory, {
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
