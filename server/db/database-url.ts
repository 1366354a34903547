// DATABASE_URL chooses the database: `file:` is SQLite, `postgres://` or `postgresql://` PostgreSQL.

export type DatabaseKind = 'sqlite' | 'postgres';

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

export function databaseKind(url: string): DatabaseKind {
  return isPostgresUrl(url) ? 'postgres' : 'sqlite';
}

/** The URL as it may be printed or logged: without its password (whatever the scheme). */
export function redactedUrl(url: string): string {
  // Up to the last @ before the path: an unencoded @ in the password is not shown either.
  return url.replace(/^([a-z][\w+.-]*:\/\/[^:@/]*):[^/]*@/i, '$1@');
}

/** The URL of another database on the same PostgreSQL server (same user, password and options). */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** Problems at start that the operator can fix: reported as one line, not a stack trace. */
export class DatabaseStartError extends Error {}

/**
 * How to reach a PostgreSQL URL with node-postgres: Prisma's `?schema=` parameter (which
 * node-postgres ignores) becomes the search path, and the schema Prisma's adapter qualifies names with.
 */
export function postgresConnection(url: string): { connectionString: string; schema: string | undefined } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { connectionString: url, schema: undefined };
  }
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (!schema) return { connectionString: url, schema: undefined };
  parsed.searchParams.delete('schema');
  parsed.searchParams.set('options', `-c search_path="${schema.replace(/"/g, '""')}"`);
  return { connectionString: parsed.toString(), schema };
}
