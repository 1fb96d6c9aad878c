import { extname } from 'node:path';
import { DataError } from '../errors';
import { dataFormats, type DataFormat } from '../../protocol/data';

const byExtension: Record<string, DataFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

/**
 * The format of a data file: `override` when given (DataSpec.format), else from the extension,
 * case-insensitively. An unknown extension is an error that names the formats and the override.
 */
export function detectFormat(path: string, displayName = path, override?: DataFormat): DataFormat {
  if (override !== undefined) return override;
  const ext = extname(path).toLowerCase();
  const format = byExtension[ext];
  if (format === undefined) {
    throw new DataError(
      `cannot tell the format from the extension ${ext === '' ? '(none)' : `"${ext}"`}; ` +
        `use one of ${Object.keys(byExtension).join(', ')} or set "format" to one of ${dataFormats.join(', ')}`,
      { file: displayName },
    );
  }
  return format;
}
