// Writes the Parquet files the data loader is tested against, and samples/iris.parquet, with
// hyparquet-writer (no pyarrow needed). Run from the repository root after changing this script:
//   node scripts/writeParquetFixtures.mjs
// The outputs are committed; the writer is deterministic, so a rerun changes no bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { parquetWriteFile } from 'hyparquet-writer';

const fixtures = 'test/fixtures/data';

/** samples/iris.csv as Parquet: the four measurements as DOUBLE, species as STRING. */
function writeIris() {
  const parsed = Papa.parse(readFileSync('samples/iris.csv', 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  if (parsed.errors.length > 0) throw new Error(`samples/iris.csv: ${parsed.errors[0].message}`);
  const rows = parsed.data;
  const features = ['sepal_length_cm', 'sepal_width_cm', 'petal_length_cm', 'petal_width_cm'];
  const columnData = [
    ...features.map((name) => ({ name, data: rows.map((r) => Number(r[name])), type: 'DOUBLE' })),
    { name: 'species', data: rows.map((r) => r.species), type: 'STRING' },
  ];
  for (const { name, data } of columnData) {
    if (data.some((v) => v === undefined || Number.isNaN(v)))
      throw new Error(`iris.csv: bad value in ${name}`);
  }
  parquetWriteFile({ filename: 'samples/iris.parquet', columnData });
}

/** One column of every scalar type the loader reads, with nulls in most. */
function writeTypes() {
  parquetWriteFile({
    filename: join(fixtures, 'types.parquet'),
    columnData: [
      { name: 'real', data: [1.5, null, -2.25, 4, 0.1], type: 'DOUBLE' },
      { name: 'small', data: [1, 2, null, -4, 5], type: 'INT32' },
      // The largest integer a double holds exactly; the loader accepts up to here.
      { name: 'big', data: [10n, -20n, 30n, null, 9007199254740991n], type: 'INT64' },
      { name: 'flag', data: [true, false, null, true, false], type: 'BOOLEAN' },
      { name: 'label', data: ['a', 'b', 'a', null, 'c'], type: 'STRING' },
    ],
  });
}

/** An INT64 column with a value a double cannot hold exactly (2^53 + 1) in its third row. */
function writeHugeInt() {
  parquetWriteFile({
    filename: join(fixtures, 'huge_int64.parquet'),
    columnData: [
      { name: 'x', data: [1, 2, 3], type: 'DOUBLE' },
      { name: 'id', data: [1n, 2n, 9007199254740993n], type: 'INT64' },
    ],
  });
}

/** Column names and types but no rows, as `df.head(0).to_parquet()` writes. */
function writeEmptyRows() {
  parquetWriteFile({
    filename: join(fixtures, 'empty_rows.parquet'),
    columnData: [
      { name: 'a', data: [], type: 'DOUBLE' },
      { name: 'label', data: [], type: 'STRING' },
    ],
  });
}

/** Ten rows in row groups of three (3 + 3 + 3 + 1), so a reader must stitch groups together. */
function writeRowGroups() {
  const n = 10;
  parquetWriteFile({
    filename: join(fixtures, 'row_groups.parquet'),
    rowGroupSize: 3,
    columnData: [
      { name: 'i', data: Array.from({ length: n }, (_, i) => i), type: 'INT32' },
      { name: 'half', data: Array.from({ length: n }, (_, i) => i / 2), type: 'DOUBLE' },
      { name: 'parity', data: Array.from({ length: n }, (_, i) => (i % 2 ? 'odd' : 'even')), type: 'STRING' },
    ],
  });
}

/** A TIMESTAMP column, which cannot be a feature yet. */
function writeTimestamp() {
  parquetWriteFile({
    filename: join(fixtures, 'timestamp.parquet'),
    columnData: [
      { name: 'x', data: [1, 2], type: 'DOUBLE' },
      { name: 'when', data: [new Date(0), new Date(86_400_000)], type: 'TIMESTAMP' },
    ],
  });
}

writeIris();
writeTypes();
writeHugeInt();
writeEmptyRows();
writeRowGroups();
writeTimestamp();
