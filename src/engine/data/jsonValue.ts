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

/** A JSON scalar as a cell; an array or object is an error at its position (cells are flat). */
export function scalarCell(node: Node, column: string, base: number, lines: LineIndex, file: string): Cell {
  switch (node.type) {
    case 'string':
    case 'number':
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
