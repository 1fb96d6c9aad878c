// detectFormat: The format of a data file.
import { extname } from 'node:path';
import { DataError } from '../errors';
import {
  dataFileExtensions,
  dataFormats,
  formatByExtension,
  type DataFormat,
} from '../../protocol/dataFormats';

/**
 * The format of a data file: `override` when given (DataSpec.format), else from the extension,
 * case-insensitively. An unknown extension is an error that names the formats and the override.
 */
export function detectFormat(path: string, displayName = path, override?: DataFormat): DataFormat {
  if (override !== undefined) return override;
  const ext = extname(path).toLowerCase();
  const format = formatByExtension.get(ext);
  if (format === undefined) {
    throw new DataError(
      `cannot tell the format from the extension ${ext === '' ? '(none)' : `"${ext}"`}; ` +
        `use one of ${dataFileExtensions.join(', ')} or set "format" to one of ${dataFormats.join(', ')}`,
      { file: displayName },
    );
  }
  return format;
}
