// JsonDocument: A parsed JSON text that remembers where each value sits, so issues can point at line and
// column.
import {
  findNodeAtLocation,
  getLocation,
  getNodeValue,
  parseTree,
  printParseErrorCode,
  type Node,
  type ParseError,
} from 'jsonc-parser';
import type { ExperimentIssue } from '../errors';
import { formatPath, type JsonPath } from './jsonPath';

/** A parsed JSON text that remembers where each value sits, so issues can point at line and column. */
export interface JsonDocument {
  /** The parsed value; undefined when the text has syntax errors. */
  value: unknown;
  /** Syntax errors and duplicate keys, located; empty for a well-formed document. */
  issues: ExperimentIssue[];
  /**
   * 1-based line and column of the value at `path` (of its key when `onKey`). A path that does not
   * exist in the text (a missing required key) points at the nearest enclosing value that does.
   */
  locate(path: JsonPath, onKey?: boolean): { line: number; column: number };
}

/** Readable words for jsonc-parser's error codes, keyed by `printParseErrorCode`'s names. */
const SYNTAX_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'invalid character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":" after the property name',
  CommaExpected: 'expected a comma between entries',
  CloseBraceExpected: 'expected "}" to close the object',
  CloseBracketExpected: 'expected "]" to close the array',
  EndOfFileExpected: 'unexpected text after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character in string',
  InvalidCharacter: 'invalid character in string (control characters must be escaped)',
};

/** The words and the offset to show for a syntax error; a trailing comma is pointed at itself. */
function syntaxError(text: string, e: ParseError): { message: string; offset: number } {
  if (text.trim() === '') return { message: 'the file is empty: expected a JSON object', offset: 0 };
  const code = printParseErrorCode(e.error);
  const before = text.slice(0, e.offset).trimEnd();
  if ((code === 'PropertyNameExpected' || code === 'ValueExpected') && before.endsWith(',')) {
    const next = text.slice(e.offset).trimStart()[0];
    if (next === '}' || next === ']') {
      return {
        message: 'trailing comma: JSON allows no comma before a closing bracket',
        offset: before.length - 1,
      };
    }
  }
  return { message: SYNTAX_MESSAGES[code] ?? 'invalid JSON', offset: e.offset };
}

/** Start offsets of every line, for turning offsets into line and column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function positionAt(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Duplicate keys are legal JSON, but the first value is silently dropped: almost always a mistake. */
function duplicateKeys(
  node: Node,
  path: (string | number)[],
  found: { path: JsonPath; offset: number }[],
): void {
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key === undefined) continue;
      const name = String(key.value);
      if (seen.has(name)) found.push({ path: [...path, name], offset: key.offset });
      seen.add(name);
      if (value) duplicateKeys(value, [...path, name], found);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => duplicateKeys(child, [...path, i], found));
  }
}

/**
 * Numbers JSON can write but not hold: `1e999` parses to Infinity, which would later read as null.
 * Each is reported with the literal as written (shortened), so the message names what the user typed.
 */
function nonFiniteNumbers(
  node: Node,
  path: (string | number)[],
  text: string,
  found: ExperimentIssue[],
  at: (offset: number) => { line: number; column: number },
): void {
  if (node.type === 'number' && typeof node.value === 'number' && !Number.isFinite(node.value)) {
    const literal = text.slice(node.offset, node.offset + Math.min(node.length, 40));
    const shown = node.length > 40 ? `${literal}…` : literal;
    found.push({
      path: formatPath(path),
      message: `must be a finite number, got ${shown}`,
      ...at(node.offset),
    });
  } else if (node.type === 'object') {
    for (const property of node.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key !== undefined && value) nonFiniteNumbers(value, [...path, String(key.value)], text, found, at);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => nonFiniteNumbers(child, [...path, i], text, found, at));
  }
}

/** Parses strict JSON (no comments, no trailing commas: what VS Code accepts in a .json file). */
export function parseJsonDocument(text: string): JsonDocument {
  const starts = lineStarts(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const issues: ExperimentIssue[] = [];
  const reported = new Set<number>();
  for (const e of errors) {
    // One mistake often trips several checks at the same place (a trailing comma: no name, no value).
    if (reported.has(e.offset)) continue;
    reported.add(e.offset);
    const path = getLocation(text, e.offset).path;
    if (path.at(-1) === '') path.pop();
    const { message, offset } = syntaxError(text, e);
    issues.push({ path: formatPath(path), message, ...positionAt(starts, offset) });
  }
  if (issues.length === 0 && root) {
    const found: { path: JsonPath; offset: number }[] = [];
    duplicateKeys(root, [], found);
    for (const d of found) {
      issues.push({ path: formatPath(d.path), message: 'duplicate key', ...positionAt(starts, d.offset) });
    }
    nonFiniteNumbers(root, [], text, issues, (offset) => positionAt(starts, offset));
  }

  const locate = (path: JsonPath, onKey = false): { line: number; column: number } => {
    if (!root) return { line: 1, column: 1 };
    for (let n = path.length; n >= 0; n--) {
      const node = findNodeAtLocation(root, path.slice(0, n) as (string | number)[]);
      if (!node) continue;
      const onProperty = onKey && n === path.length && node.parent?.type === 'property';
      const key = onProperty ? node.parent?.children?.[0] : undefined;
      return positionAt(starts, (key ?? node).offset);
    }
    return positionAt(starts, root.offset);
  };

  return { value: errors.length === 0 && root ? getNodeValue(root) : undefined, issues, locate };
}
