// parseJson: Parses a JSON data file.
import type { Node } from 'jsonc-parser';
import { DataError } from '../errors';
import { LineIndex } from './textPosition';
import { describeNode, parseJsonTree, scalarCell } from './jsonValue';
import { RecordColumns } from './jsonRecords';
import type { Cell, RawTable } from './table';

/**
 * Parses a JSON data file: either an array of records (`[{"x": 1, "y": "a"}, ...]`, columns in
 * order of first appearance, a key absent from a record is a missing value) or columns
 * (`{"columns": {"x": [1, 2], "y": ["a", "b"]}}`, arrays of equal length). Cells locate to the
 * line and column of their value in the text.
 */
export function parseJson(text: string, file: string): RawTable {
  if (text.trim() === '') throw new DataError('the file is empty', { file });
  const lines = new LineIndex(text);
  const root = parseJsonTree(text, 0, lines, file);
  const at = (node: Node): { file: string; line: number; column: number } => ({
    file,
    ...lines.position(node.offset),
  });
  if (root.type === 'array') return fromRecords(root.children ?? [], lines, file, at(root));
  const columns = root.type === 'object' ? propertyValue(root, 'columns') : undefined;
  if (columns?.type === 'object') return fromColumns(columns, lines, file);
  throw new DataError(
    columns
      ? `expected "columns" to be an object of arrays, found ${describeNode(columns)}`
      : `expected an array of records or {"columns": {...}}, found ${describeNode(root)}`,
    at(columns ?? root),
  );
}

function fromRecords(
  records: Node[],
  lines: LineIndex,
  file: string,
  where: { file: string; line: number; column: number },
): RawTable {
  if (records.length === 0) throw new DataError('the array holds no records', where);
  const columns = new RecordColumns();
  records.forEach((record, r) => {
    if (record.type !== 'object') {
      throw new DataError(`record ${r + 1} is not an object (found ${describeNode(record)})`, {
        file,
        ...lines.position(record.offset),
      });
    }
    columns.startRecord(record.offset);
    for (const property of record.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode === undefined || valueNode === undefined) continue;
      const name = String(keyNode.value);
      columns.add(name, keyNode.offset, scalarCell(valueNode, name, 0, lines, file), valueNode.offset);
    }
  });
  if (columns.names.length === 0) throw new DataError('the records have no fields', where);
  return columns.finish(file, 'json', lines);
}

function fromColumns(columns: Node, lines: LineIndex, file: string): RawTable {
  const names: string[] = [];
  const cells: Cell[][] = [];
  const offsets: number[][] = [];
  const keyOffsets: number[] = [];
  const index = new Map<string, number>();
  let nRows = -1;
  for (const property of columns.children ?? []) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined || valueNode === undefined) continue;
    const name = String(keyNode.value);
    if (valueNode.type !== 'array') {
      throw new DataError(`expected column "${name}" to be an array, found ${describeNode(valueNode)}`, {
        file,
        ...lines.position(valueNode.offset),
      });
    }
    const values = valueNode.children ?? [];
    if (nRows >= 0 && values.length !== nRows) {
      throw new DataError(
        `column "${name}" has ${values.length} values, expected ${nRows} (as column "${names[0]}")`,
        { file, ...lines.position(valueNode.offset) },
      );
    }
    nRows = values.length;
    const c = index.get(name) ?? names.length;
    index.set(name, c);
    names[c] = name;
    cells[c] = values.map((v) => scalarCell(v, name, 0, lines, file));
    offsets[c] = values.map((v) => v.offset);
    keyOffsets[c] = keyNode.offset;
  }
  const where = { file, ...lines.position(columns.offset) };
  if (names.length === 0) throw new DataError('"columns" holds no columns', where);
  if (nRows === 0) throw new DataError('the columns hold no values', where);
  return {
    file,
    format: 'json',
    names,
    cells,
    nRows,
    locate: (row, column) => ({ file, ...lines.position(offsets[column]![row]!) }),
    locateHeader: (column) => ({ file, ...lines.position(keyOffsets[column]!) }),
  };
}

/** The value of property `key` of an object node (the last one if repeated, as JSON.parse does). */
function propertyValue(object: Node, key: string): Node | undefined {
  let found: Node | undefined;
  for (const property of object.children ?? []) {
    if (property.children?.[0]?.value === key) found = property.children[1];
  }
  return found;
}
