// parseJsonl: Parses JSON Lines.
import { DataError } from '../errors';
import { LineIndex } from './textPosition';
import { describeNode, parseJsonTree, scalarCell } from './jsonValue';
import { RecordColumns } from './jsonRecords';
import type { RawTable } from './table';

/**
 * Parses JSON Lines: one JSON object per line, blank lines skipped. Columns are the keys in order
 * of first appearance; a key absent from a line is a missing value. Each line is parsed on its own,
 * so an error points at the line and column where it is.
 */
export function parseJsonl(text: string, file: string): RawTable {
  const lines = new LineIndex(text);
  const records = new RecordColumns();
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
      records.startRecord(start + record.offset);
      for (const property of record.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        if (keyNode === undefined || valueNode === undefined) continue;
        const name = String(keyNode.value);
        const cell = scalarCell(valueNode, name, start, lines, file);
        records.add(name, start + keyNode.offset, cell, start + valueNode.offset);
      }
    }
    if (!match) break;
    start = match.index + match[0].length;
  }
  if (records.nRecords === 0) throw new DataError('the file is empty', { file });
  if (records.names.length === 0) throw new DataError('the records have no fields', { file, line: 1 });
  return records.finish(file, 'jsonl', lines);
}
