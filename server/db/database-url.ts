// DATABASE_URL chooses the database: `file:` is SQLite, `postgres://` or `postgresql://` PostgreSQL.

export type DatabaseKind = 'sqlite' | 'postgres';

export const isPostgresUrl = (url: string) => /^postgres(ql)?:\/\//i.test(url);

export function databaseKind(url: string): DatabaseKind {
  return isPostgresUrl(url) ? 'postgres' : 'sqlite';
}

/** The URL as it may be printed or logged: without its password. */
export function redactedUrl(url: string): string {
  if (!isPostgresUrl(url)) return url;
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1@');
  }
}

/** The URL of another database on the same PostgreSQL server (same user, password and options). */
export function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(name)}`;
  return parsed.toString();
}

/** Problems at start that the operator can fix: reported as one line, not a stack trace. */
export class DatabaseStartError extends Error {}
