// parseJsonTree: Parses strict JSON (no comments, no trailing commas) into jsonc-parser's tree, whose nodes
// keep their offsets.
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { DataError } from '../errors';
import type { LineIndex } from './textPosition';
import type { Cell } from './table';

const parseErrorWords: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected "," or a closing bracket',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'expected the end of the file (only one JSON value is allowed)',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in a string',
};

/**
 * Parses strict JSON (no comments, no trailing commas) into jsonc-parser's tree, whose nodes keep
 * their offsets. `base` is the offset of `text` inside the file and `lines` indexes the whole file,
 * so a JSONL line reports positions in the file. A syntax error is a DataError at its position.
 */
export function parseJsonTree(text: string, base: number, lines: LineIndex, file: string): Node {
  // jsonc-parser descends recursively: a few thousand nested brackets would overflow the stack.
  const deep = tooDeepAt(text, maxDepth);
  if (deep >= 0) {
    throw new DataError(
      `the JSON is nested more than ${maxDepth} levels deep; a data file holds records of single values`,
      { file, ...lines.position(base + deep) },
    );
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    const offset = base + (first?.offset ?? 0);
    const words = first
      ? (parseErrorWords[printParseErrorCode(first.error)] ?? 'malformed JSON')
      : 'no JSON value';
    throw new DataError(`malformed JSON: ${words}`, { file, ...lines.position(offset) });
  }
  return root;
}

/**
 * Deepest nesting accepted. Records need three levels (`{"columns": {"x": [1]}}`); the margin
 * lets a nested value reach the clearer "expected a single value" error.
 */
export const maxDepth = 64;

/**
 * Offset of the bracket that opens level `limit + 1`, or -1 when the text never nests that deep.
 * One linear pass that skips strings (brackets inside them do not count); malformed text is
 * left to the parser to report.
 */
export function tooDeepAt(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash escapes the next character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return -1;
}

/**
 * A JSON scalar as a cell; an array or object is an error at its position (cells are flat). A
 * number too large for a double (`1e999`) becomes the text it is written as, so the column
 * typing treats it as CSV treats that text: a located "expected a number" error, never a silent
 * missing value.
 */
export function scalarCell(node: Node, column: string, base: number, lines: LineIndex, file: string): Cell {
  switch (node.type) {
    case 'number': {
      const value = node.value as number;
      if (Number.isFinite(value)) return value;
      const start = base + node.offset;
      return lines.text.slice(start, start + node.length);
    }
    case 'string':
    case 'boolean':
      return node.value as Cell;
    case 'null':
      return null;
    default:
      throw new DataError(`expected a single value in column "${column}", found ${describeNode(node)}`, {
        file,
        ...lines.position(base + node.offset),
      });
  }
}

/** `an object`, `an array`, `a string`... for messages. */
export function describeNode(node: Node): string {
  return node.type === 'object' || node.type === 'array' ? `an ${node.type}` : `a ${node.type}`;
}
