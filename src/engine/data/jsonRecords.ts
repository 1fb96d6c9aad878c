// Columns of a table built from JSON records (JSON arrays of objects and JSON Lines), kept sparse while reading.
import { DataError } from '../errors';
import type { LineIndex } from './textPosition';
import type { Cell, RawTable } from './table';

/**
 * Beyond this many cells per value present in the file (plus a floor for small files), a table
 * of records is refused: records that each bring new keys would make a table of mostly missing
 * cells whose size grows with the square of the file (100k records with distinct keys: 10^10 cells).
 */
const cellsPerValue = 8;
const cellsFloor = 1 << 20;

interface SparseColumn {
  /** Rows holding a value, in increasing order. */
  rows: number[];
  cells: Cell[];
  /** Offset of each value in the file, for locations. */
  offsets: number[];
}

/**
 * Collects the records of a JSON or JSONL file column by column, storing only the values present,
 * so reading takes time and memory linear in the file whatever keys the records use; the dense
 * table is made at the end, after checking its size is linear in the file too.
 */
export class RecordColumns {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly columns: SparseColumn[] = [];
  private readonly keyOffsets: number[] = [];
  private readonly recordOffsets: number[] = [];
  private values = 0;

  /** Starts a record whose text begins at `offset`; its fields follow with {@link add}. */
  startRecord(offset: number): void {
    this.recordOffsets.push(offset);
  }

  /** A field of the current record (a repeated key keeps its last value, as JSON.parse does). */
  add(name: string, keyOffset: number, cell: Cell, valueOffset: number): void {
    const r = this.recordOffsets.length - 1;
    let c = this.index.get(name);
    if (c === undefined) {
      c = this.names.length;
      this.index.set(name, c);
      this.names.push(name);
      this.columns.push({ rows: [], cells: [], offsets: [] });
      this.keyOffsets.push(keyOffset);
    }
    const column = this.columns[c]!;
    const last = column.rows.length - 1;
    if (last >= 0 && column.rows[last] === r) {
      column.cells[last] = cell;
      column.offsets[last] = valueOffset;
      return;
    }
    column.rows.push(r);
    column.cells.push(cell);
    column.offsets.push(valueOffset);
    this.values++;
  }

  get nRecords(): number {
    return this.recordOffsets.length;
  }

  /** The dense raw table; a located DataError when it would be far larger than the file. */
  finish(file: string, format: 'json' | 'jsonl', lines: LineIndex): RawTable {
    const nRows = this.recordOffsets.length;
    const nCols = this.names.length;
    if (nCols * nRows > cellsPerValue * this.values + cellsFloor) {
      throw new DataError(
        `the records use ${nCols} different keys and most records lack most of them ` +
          `(${this.values} of ${nCols} × ${nRows} cells hold a value); ` +
          'a data table needs the same fields in (nearly) every record',
        { file, ...lines.position(this.keyOffsets[nCols - 1]!) },
      );
    }
    const cells = this.columns.map((column) => {
      const dense = new Array<Cell>(nRows).fill(null);
      column.rows.forEach((r, k) => (dense[r] = column.cells[k]!));
      return dense;
    });
    const rows = this.columns.map((column) => Int32Array.from(column.rows));
    const { columns, keyOffsets, recordOffsets } = this;
    return {
      file,
      format,
      names: this.names,
      cells,
      nRows,
      // A present value locates to itself, an absent one to its record.
      locate: (row, column) => {
        const k = findRow(rows[column]!, row);
        const offset = k < 0 ? recordOffsets[row]! : columns[column]!.offsets[k]!;
        return { file, ...lines.position(offset) };
      },
      locateHeader: (column) => ({ file, ...lines.position(keyOffsets[column]!) }),
    };
  }
}

/** Index of `row` in the sorted `rows`, or -1. */
function findRow(rows: Int32Array, row: number): number {
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = rows[mid]!;
    if (v === row) return mid;
    if (v < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
