// The data file formats, one table: extensions, streaming, and the lists VS Code needs derived from it.

/** What the rest of the code needs to know about one data file format. */
export interface DataFormatEntry {
  /** File extensions (lower case, with the dot) detected as this format. */
  extensions: readonly string[];
  /** Whether `data.stream` can train from it in chunks (a JSON document is read whole). */
  streams: boolean;
}

/**
 * Every data file format, keyed by the name `data.format` takes: the one list of formats. The
 * readers (`engine/data/loadTable.ts`, `header.ts`, the stream reader) switch over `DataFormat`
 * exhaustively, so a format added here and not read there is a compile error; package.json's
 * when-clauses are checked against `dataFileWhenClause` by test/protocol/dataFormats.test.ts.
 */
export const dataFormatTable = {
  csv: { extensions: ['.csv'], streams: true },
  tsv: { extensions: ['.tsv', '.tab'], streams: true },
  json: { extensions: ['.json'], streams: false },
  jsonl: { extensions: ['.jsonl', '.ndjson'], streams: true },
  parquet: { extensions: ['.parquet', '.pq'], streams: true },
} as const satisfies Record<string, DataFormatEntry>;

export type DataFormat = keyof typeof dataFormatTable;

const entries = Object.entries(dataFormatTable) as [DataFormat, DataFormatEntry][];

/** The format names, in the table's order (a tuple, as `z.enum` wants). */
export const dataFormats = Object.keys(dataFormatTable) as [DataFormat, ...DataFormat[]];

/** Extension (`.tab`) → format, for detection by file name. */
export const formatByExtension: ReadonlyMap<string, DataFormat> = new Map(
  entries.flatMap(([format, e]) => e.extensions.map((x): [string, DataFormat] => [x, format])),
);

/** Every data file extension, with the dot: `.csv`, `.tsv`, `.tab`, … */
export const dataFileExtensions: readonly string[] = [...formatByExtension.keys()];

/** The formats `data.stream` can train from. */
export const streamFormats: readonly DataFormat[] = entries.filter(([, e]) => e.streams).map(([f]) => f);

const bare = dataFileExtensions.map((x) => x.slice(1));

/** A workspace glob that finds every data file: `**\/*.{csv,tsv,tab,…}`. */
export const dataFileGlob = `**/*.{${bare.join(',')}}`;

/** File-dialog filters (`showOpenDialog`) for data files. */
export const dataFileFilters: Record<string, string[]> = { 'Data files': bare };

/** True for a path named as a data file (case-insensitive extension). */
export function isDataFilePath(path: string): boolean {
  const dot = path.lastIndexOf('.');
  return dot >= 0 && formatByExtension.has(path.slice(dot).toLowerCase());
}

/**
 * The when-clause of menus and CodeLens on data files, as package.json must spell it (an experiment
 * file `*.optlab.json` is not a data file).
 */
export const dataFileWhenClause = `resourceExtname =~ /^\\.(${bare.join('|')})$/i && !(resourceFilename =~ /\\.optlab\\.json$/)`;
