// A REST request's fields checked against its zod schema: 400 naming each field and its rule.
import type { z } from 'zod';
import type { FieldProblem } from '../errors.js';
import { badRequestFields } from './errors.js';

export function parseRequest<T extends z.ZodType>(schema: T, value: unknown, where = ''): z.output<T> {
  const parsed = schema.safeParse(value, { error: (issue) => (issue.input === undefined ? 'is required' : undefined) });
  if (parsed.success) return parsed.data;
  const problems: FieldProblem[] = parsed.error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: path ? `${path}.${key}` : key,
        rule: 'is not a field of this request (see /api/openapi.json)',
      }));
    }
    return [{ field: path || where || 'body', rule: issue.message }];
  });
  throw badRequestFields(problems);
}

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** GraphQL's camelCase answer in the REST API's snake_case, all the way down. */
export function snakeKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(snakeKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [snakeCase(key), snakeKeys(item)]));
}
