// Every string a client sends in GraphQL arguments (variables and literals) must be text a
// person can see and read back: well-formed Unicode, no control characters, no bidi
// overrides. Accepted: any script (RTL included, with LRM/RLM marks), emoji and their
// zero-width joiners, combining marks. A value must show something: one made only of invisible
// characters (security/invisible-characters.ts) is blank. Field-specific rules (length, format) stay
// with the fields.
import { type GraphQLError, Kind, type ValueNode, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { badInput, type FieldProblem } from '../errors.js';
import { hasVisibleText } from './invisible-characters.js';

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 controls but tab, line feed and carriage return; DEL; C1 controls.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose.
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Embeddings, overrides and isolates reorder what is shown ("Trojan Source" spoofing).
const bidiControl = /[\u202A-\u202E\u2066-\u2069]/;
/** Variables nest no deeper than our input types do; far deeper is an attack on the walker. */
const maxNesting = 32;

const codePoint = (character: string) => `U+${(character.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with one string, or null when it is acceptable text. */
export function textProblem(value: string): string | null {
  if (loneSurrogate.test(value)) return 'must be well-formed Unicode text (it holds a lone surrogate)';
  const control = value.match(controlCharacter)?.[0];
  if (control) return `must not contain control characters (found ${codePoint(control)})`;
  const bidi = value.match(bidiControl)?.[0];
  if (bidi) return `must not contain bidirectional override characters (found ${codePoint(bidi)})`;
  // Whitespace alone is left to the field's own rule ("must not be blank", or allowed where optional).
  const hidden = value.match(/[^\p{White_Space}]/u)?.[0];
  if (hidden && !hasVisibleText(value)) return `must not be blank (it holds only invisible characters, such as ${codePoint(hidden)})`;
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** Problems in a variable's value; uploads (File objects) are checked by their own reader. */
function variableProblems(value: unknown, path: string[], problems: FieldProblem[]): void {
  if (problems.length > 0) return;
  if (path.length > maxNesting) {
    problems.push({ field: path.slice(0, 2).join('.'), rule: `must not be nested more than ${maxNesting} levels deep` });
  } else if (typeof value === 'string') {
    const rule = textProblem(value);
    if (rule) problems.push({ field: path.join('.'), rule });
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) variableProblems(item, [...path, String(index)], problems);
  } else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) variableProblems(item, [...path, key], problems);
  }
}

/** Problems in a literal written into the document, e.g. `createBrand(input: { name: "\u0000" })`. */
function literalProblems(node: ValueNode, path: string[], problems: FieldProblem[]): void {
  if (problems.length > 0) return;
  if (node.kind === Kind.STRING) {
    const rule = textProblem(node.value);
    if (rule) problems.push({ field: path.join('.'), rule });
  } else if (node.kind === Kind.LIST) {
    for (const [index, item] of node.values.entries()) literalProblems(item, [...path, String(index)], problems);
  } else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) literalProblems(field.value, [...path, field.name.value], problems);
  }
}

export function operationTextProblems(document: Parameters<typeof visit>[0], variables: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (isPlainObject(variables)) {
    for (const [name, value] of Object.entries(variables)) variableProblems(value, [name], problems);
  }
  visit(document, {
    Argument: (argument) => literalProblems(argument.value, [argument.name.value], problems),
    VariableDefinition: (definition) => {
      if (definition.defaultValue) literalProblems(definition.defaultValue, [definition.variable.name.value], problems);
    },
  });
  return problems;
}

/** Refuses an operation with bad text before anything runs: BAD_USER_INPUT naming the field. */
export function useInputTextRules(): Plugin {
  const refuse = (problems: FieldProblem[]): { errors: GraphQLError[] } => ({ errors: [badInput(problems)] });
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const problems = operationTextProblems(args.document, args.variableValues);
      if (problems.length > 0) setResultAndStopExecution(refuse(problems));
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      const problems = operationTextProblems(args.document, args.variableValues);
      if (problems.length > 0) setResultAndStopExecution(refuse(problems));
    },
  };
}
