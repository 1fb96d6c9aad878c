import { DataError } from '../errors';
import { LineIndex } from './textPosition';
import { describeNode, parseJsonTree, scalarCell } from './jsonValue';
import type { Cell, RawTable } from './table';

/**
 * Parses JSON Lines: one JSON object per line, blank lines skipped. Columns are the keys in order
 * of first appearance; a key absent from a line is a missing value. Each line is parsed on its own,
 * so an error points at the line and column where it is.
 */
export function parseJsonl(text: string, file: string): RawTable {
  const lines = new LineIndex(text);
  const names: string[] = [];
  const index = new Map<string, number>();
  const cells: Cell[][] = [];
  const offsets: number[][] = [];
  const keyOffsets: number[] = [];
  const recordOffsets: number[] = [];
  const lineBreak = /\r\n|\n|\r/g;
  let start = 0;
  for (;;) {
    const match = lineBreak.exec(text);
    const end = match ? match.index : text.length;
    const source = text.slice(start, end);
    if (source.trim() !== '') {
      const record = parseJsonTree(source, start, lines, file);
      if (record.type !== 'object') {
        throw new DataError(`expected a JSON object on each line, found ${describeNode(record)}`, {
          file,
          ...lines.position(start + record.offset),
        });
      }
      const r = recordOffsets.length;
      recordOffsets.push(start + record.offset);
      for (const column of cells) column.push(null);
      for (const column of offsets) column.push(start + record.offset);
      for (const property of record.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined || valueNode === undefined) continue;
        const name = String(keyNode.value);
        let c = index.get(name);
        if (c === undefined) {
          c = names.length;
          index.set(name, c);
          names.push(name);
          cells.push(new Array<Cell>(r + 1).fill(null));
          offsets.push([...recordOffsets]);
          keyOffsets.push(start + keyNode.offset);
        }
        cells[c]![r] = scalarCell(valueNode, name, start, lines, file);
        offsets[c]![r] = start + valueNode.offset;
      }
    }
    if (!match) break;
    start = match.index + match[0].length;
  }
  const nRows = recordOffsets.length;
  if (nRows === 0) throw new DataError('the file is empty', { file });
  if (names.length === 0) throw new DataError('the records have no fields', { file, line: 1 });
  return {
    file,
    format: 'jsonl',
    names,
    cells,
    nRows,
    locate: (row, column) => ({ file, ...lines.position(offsets[column]![row]!) }),
    locateHeader: (column) => ({ file, ...lines.position(keyOffsets[column]!) }),
  };
}
