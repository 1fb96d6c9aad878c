// Typing a raw table's columns: numeric, boolean or categorical cells, and the texts that mean a missing
// value.
import { parseDecimal } from './decimal';
import {
  cellError,
  problemExamples,
  type Cell,
  type Column,
  type ColumnProblem,
  type RawTable,
  type Table,
} from './table';

/**
 * Texts that mean "no value", compared trimmed and case-insensitively: the empty string and the
 * spellings pandas, R and spreadsheets write for a missing value (NA, N/A, NaN, null, None, <NA>,
 * #N/A). They count as missing in every column, never as a category. `?` (used by some UCI files)
 * is deliberately not in the list: it would silently hide typos.
 */
export const missingTexts: ReadonlySet<string> = new Set([
  '',
  'na',
  'n/a',
  'nan',
  '-nan',
  'null',
  'none',
  '<na>',
  '#n/a',
]);

/**
 * A column mixing numbers and text is read as a numeric column with typos (an error at the first
 * text value) when the text values are few: at most this fraction of its non-missing values...
 */
const typoFraction = 0.05;
/** ...or at most this many distinct texts while numbers are the majority. Otherwise it is categorical. */
const typoDistinct = 2;

// A decimal number and nothing else: no hex, no `Infinity`, no thousands separators.
const decimal = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** What one cell holds once read: missing, a number, a boolean, or other text. */
export type CellValue =
  | { type: 'missing' }
  | { type: 'number'; value: number }
  | { type: 'boolean'; value: boolean }
  | { type: 'text'; value: string };

const missing: CellValue = { type: 'missing' };

/**
 * Reads one cell: JSON/Parquet numbers and booleans as they are (NaN is missing); a string is
 * trimmed, then missing if in `missingTexts`, a boolean if `true`/`false` (any case), a number
 * if it is a finite decimal, else text.
 */
export function readCell(cell: Cell): CellValue {
  if (cell === null) return missing;
  if (typeof cell === 'number') return Number.isFinite(cell) ? { type: 'number', value: cell } : missing;
  if (typeof cell === 'boolean') return { type: 'boolean', value: cell };
  const text = cell.trim();
  const lower = text.toLowerCase();
  if (missingTexts.has(lower)) return missing;
  if (lower === 'true' || lower === 'false') return { type: 'boolean', value: lower === 'true' };
  if (decimal.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value)) return { type: 'number', value };
  }
  return { type: 'text', value: text };
}

/**
 * Types every column of a raw table. A column is
 * - empty if every value is missing;
 * - numeric if every non-missing value is a number;
 * - boolean if every non-missing value is true/false;
 * - otherwise categorical, its levels being the values' text (numbers as written in a CSV,
 *   `String(n)` for JSON numbers, booleans as `true`/`false`) —
 * except that a column of numbers with a few other values (see `typoFraction`, `typoDistinct`)
 * is a numeric column with typos: its `problem` holds a DataError at the first one,
 * `file:line:col: expected a number in column "bmi", found "abc"`, raised if an experiment uses
 * the column. A column the raw table marks unusable (Parquet binary data...) is kept as such.
 */
export function typeColumns(raw: RawTable): Table {
  const columns = raw.names.map((name, c) => typeColumn(raw, name, c));
  const { file, format, delimiter, nRows, locate, locateHeader, rowOffset } = raw;
  return {
    file,
    format,
    ...(delimiter ? { delimiter } : {}),
    ...(rowOffset ? { rowOffset } : {}),
    nRows,
    columns,
    locate,
    locateHeader,
  };
}

function typeColumn(raw: RawTable, name: string, c: number): Column {
  const unusable = raw.unusable?.[c];
  if (unusable) return { kind: 'unusable', name, missing: raw.nRows, problem: unusable };
  const column = typeCells(raw, name, c);
  const unit = raw.units?.[c];
  if (unit && column.kind === 'numeric') column.unit = unit;
  return column;
}

function typeCells(raw: RawTable, name: string, c: number): Column {
  const cells = raw.cells[c]!;
  const n = raw.nRows;
  const parsed = raw.numeric?.[c];
  if (parsed) {
    // Read by the parser with numericText's rules; all missing is an empty column, as below.
    if (parsed.missing === n) return { kind: 'empty', name, missing: n };
    return { kind: 'numeric', name, values: parsed.values, missing: parsed.missing };
  }
  const numeric = readNumericColumn(cells, n);
  if (numeric) return { kind: 'numeric', name, values: numeric.values, missing: numeric.missing };
  const read = cells.map(readCell);
  let numbers = 0;
  let booleans = 0;
  let texts = 0;
  let firstOther = -1;
  const otherDistinct = new Set<string>();
  for (let r = 0; r < n; r++) {
    const v = read[r]!;
    if (v.type === 'number') numbers++;
    else if (v.type === 'missing') continue;
    else {
      if (v.type === 'boolean') booleans++;
      else texts++;
      if (firstOther < 0) firstOther = r;
      otherDistinct.add(levelText(cells[r]!, v));
    }
  }
  const present = numbers + booleans + texts;
  const nMissing = n - present;
  if (present === 0) return { kind: 'empty', name, missing: nMissing };
  if (numbers === present || booleans === present) {
    const values = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      const v = read[r]!;
      values[r] = v.type === 'number' ? v.value : v.type === 'boolean' ? (v.value ? 1 : 0) : NaN;
    }
    return { kind: numbers === present ? 'numeric' : 'boolean', name, values, missing: nMissing };
  }
  const others = present - numbers;
  if (
    numbers > 0 &&
    (others <= typoFraction * present || (otherDistinct.size <= typoDistinct && numbers > others))
  ) {
    // Typos: the column stays numeric with them as NaN; using it is an error at the first.
    const values = new Float64Array(n);
    const examples: ColumnProblem['examples'] = [];
    for (let r = 0; r < n; r++) {
      const v = read[r]!;
      values[r] = v.type === 'number' ? v.value : NaN;
      if ((v.type === 'text' || v.type === 'boolean') && examples.length < problemExamples) {
        examples.push({ row: r, location: raw.locate(r, c), found: levelText(cells[r]!, v) });
      }
    }
    const found = levelText(cells[firstOther]!, read[firstOther]!);
    const error = cellError(raw, firstOther, c, `expected a number in column "${name}", found "${found}"`);
    return { kind: 'numeric', name, values, missing: nMissing, problem: { error, count: others, examples } };
  }
  const labels = read.map((v, r) => (v.type === 'missing' ? null : levelText(cells[r]!, v)));
  const levels = [...new Set(labels.filter((t): t is string => t !== null))].sort(compareCodeUnits);
  const index = new Map(levels.map((l, i) => [l, i]));
  const codes = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const t = labels[r]!;
    codes[r] = t === null ? -1 : index.get(t)!;
  }
  return { kind: 'categorical', name, levels, codes, missing: nMissing };
}

/**
 * The common case of {@link typeColumn}, a column of numbers and missing values, read straight
 * into a Float64Array with {@link readCell}'s rules but without a CellValue object per cell (at a
 * million rows those objects were most of the loading time, in the garbage collector). Returns
 * null at the first other value, or when every value is missing; the general path then types the
 * column.
 */
function readNumericColumn(cells: Cell[], n: number): { values: Float64Array; missing: number } | null {
  const values = new Float64Array(n);
  let nMissing = 0;
  for (let r = 0; r < n; r++) {
    const cell = cells[r]!;
    let v: number | null;
    if (typeof cell === 'string') v = numericText(cell);
    else if (typeof cell === 'number') v = Number.isFinite(cell) ? cell : NaN;
    else if (cell === null) v = NaN;
    else v = null;
    if (v === null) return null;
    if (Number.isNaN(v)) nMissing++;
    values[r] = v;
  }
  return nMissing === n ? null : { values, missing: nMissing };
}

/**
 * A text cell as a numeric column reads it, by {@link readCell}'s rules: its number, NaN when it
 * is missing, or null when it is anything else (a boolean, other text).
 */
export function numericText(cell: string): number | null {
  const fast = parseDecimal(cell);
  if (fast !== undefined && Number.isFinite(fast)) return fast;
  const text = cell.trim();
  // A decimal is never a missing text or a boolean, so testing it first changes no result.
  if (decimal.test(text)) {
    const v = Number(text);
    return Number.isFinite(v) ? v : null;
  }
  return missingTexts.has(text.toLowerCase()) ? NaN : null;
}

/** The text a value stands for as a category level. */
function levelText(cell: Cell, v: CellValue): string {
  if (v.type === 'boolean') return v.value ? 'true' : 'false';
  if (typeof cell === 'string') return cell.trim();
  return String(cell);
}

/** Locale-independent order, so levels (and one-hot columns) are the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
