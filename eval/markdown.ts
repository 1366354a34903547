// Small formatting and statistics helpers for the report: tables, shares, medians.

/** A GitHub-flavoured Markdown table; `|` inside cells is escaped so the columns hold. */
export function table(headers: string[], rows: string[][]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** "5/6 (83 %)"; "—" when nothing applied. The count comes first so a reader (or a test) can recount it. */
export function share(passed: number, total: number): string {
  return total === 0 ? '—' : `${passed}/${total} (${percent(passed / total)})`;
}

export const percent = (fraction: number): string => `${Math.round(fraction * 100)} %`;

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** "min / median / max", or "—" for no values. */
export function spread(values: number[], format: (value: number) => string = number): string {
  if (values.length === 0) return '—';
  return `${format(Math.min(...values))} / ${format(median(values) ?? 0)} / ${format(Math.max(...values))}`;
}

export const number = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));

export function seconds(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return minutes < 60 ? `${minutes} min ${Math.round((ms % 60_000) / 1000)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** An error's first clause: what failed, without the host, model or retry details that follow. */
export function firstClause(text: string): string {
  const clause = text.split(/[:;]|\.\s|\s\(/)[0]?.trim() ?? '';
  return (clause || text.trim()).slice(0, 100);
}

/** Counts by key, most frequent first (ties in first-seen order). */
export function countBy<T>(items: T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return [...groups].sort((a, b) => b[1].length - a[1].length);
}
