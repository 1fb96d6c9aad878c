// columnNames: Column names from the header row, trimmed.
import { DataError } from '../errors';

/**
 * Column names from the header row, trimmed. An empty name becomes `Unnamed: <index>` as pandas
 * names it (a CSV written by `DataFrame.to_csv` starts with an unnamed index column); a repeated
 * name is an error, since columns are chosen by name.
 */
export function columnNames(header: string[], file: string, line: number): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, c) => {
    const name = raw.trim() === '' ? `Unnamed: ${c}` : raw.trim();
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DataError(`duplicate column name "${name}" (fields ${first + 1} and ${c + 1})`, {
        file,
        line,
        column: c + 1,
      });
    }
    seen.set(name, c);
    return name;
  });
}
