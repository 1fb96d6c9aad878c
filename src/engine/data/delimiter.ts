// Which character separates the fields of a CSV file: comma, semicolon, tab or pipe.
import Papa from 'papaparse';

/** The field separators a CSV file may use (semicolon: spreadsheets in locales with a decimal comma). */
export const delimiters = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof delimiters)[number];

/** How `inspect` names a delimiter. */
export const delimiterNames: Record<Delimiter, string> = {
  ',': 'comma',
  ';': 'semicolon',
  '\t': 'tab',
  '|': 'pipe',
};

/** The first rows are enough to tell; papaparse looks at ten. */
export const sampleChars = 64 * 1024;

/**
 * Guesses a CSV file's delimiter from its first rows with papaparse's guesser: the candidate
 * giving the most consistent field count of at least two per row wins, ties going to more
 * fields and then to the earlier of `delimiters` (comma first). A file with one column, where no
 * candidate splits anything, is read as comma-separated.
 */
export function detectDelimiter(text: string): Delimiter {
  const sample =
    text.length > sampleChars ? text.slice(0, text.lastIndexOf('\n', sampleChars) + 1 || sampleChars) : text;
  const result = Papa.parse<string[]>(sample, {
    preview: 10,
    skipEmptyLines: true,
    delimitersToGuess: [...delimiters],
  });
  const found = result.meta.delimiter;
  return (delimiters as readonly string[]).includes(found) ? (found as Delimiter) : ',';
}
