// Server errors as the UI shows them: BAD_USER_INPUT problems next to their fields,
// everything else as one readable message.
import type { CombinedError } from '@urql/core';

export interface FieldProblem {
  field: string;
  rule: string;
}

/** Problems keyed by input field ("brief", "colors", "models.contentCreator"). */
export type ProblemsByField = Record<string, string>;

export function fieldProblems(error: CombinedError | null | undefined, argument = 'input'): ProblemsByField {
  const byField: ProblemsByField = {};
  for (const graphQLError of error?.graphQLErrors ?? []) {
    for (const { field, rule } of problemsOf(graphQLError)) {
      const key = fieldKey(field, argument);
      const text = itemRule(field, rule);
      byField[key] = byField[key] ? `${byField[key]}; ${text}` : text;
    }
  }
  return byField;
}

/** The problems no field on the form shows, so they are not lost. */
export function unplacedProblems(problems: ProblemsByField, placed: readonly string[]): string[] {
  return Object.entries(problems)
    .filter(([field]) => !placed.includes(field))
    .map(([field, rule]) => (field ? `${field}: ${rule}` : rule));
}

export const apiKeyHint = 'Set the server’s key under “API key” at the top of the page.';

export function errorMessage(error: CombinedError | Error | null | undefined): string {
  if (!error) return '';
  if ('graphQLErrors' in error && error.graphQLErrors.length > 0) {
    const message = error.graphQLErrors.map((item) => item.message).join('\n');
    return errorCode(error) === 'UNAUTHENTICATED' ? `${message}\n${apiKeyHint}` : message;
  }
  if ('networkError' in error && error.networkError) {
    return `Cannot reach the Content Copilot server: ${error.networkError.message || 'the connection failed'}.`;
  }
  return error.message;
}

export function errorCode(error: CombinedError | null | undefined): string | undefined {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

function problemsOf(error: { message: string; extensions?: Record<string, unknown> }): FieldProblem[] {
  const problems = error.extensions?.problems;
  if (Array.isArray(problems)) {
    return problems.filter((problem): problem is FieldProblem => typeof problem?.field === 'string' && typeof problem?.rule === 'string');
  }
  const field = error.extensions?.field;
  if (typeof field !== 'string') return [];
  // e.g. NOT_FOUND on input.brandId: "input.brandId: Brand "x" was not found"
  return [{ field, rule: error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message }];
}

/** "input.colors.2" → "colors" (the rule gets "#3: "); "input.brief" → "brief"; "input" → "". */
function fieldKey(field: string, argument: string): string {
  const path = field.split('.');
  if (path[0] === argument) path.shift();
  return path.filter((segment) => !/^\d+$/.test(segment)).join('.');
}

function itemRule(field: string, rule: string): string {
  const index = field.split('.').find((segment) => /^\d+$/.test(segment));
  return index === undefined ? rule : `#${Number(index) + 1}: ${rule}`;
}
