// toCsv: CSV text (RFC 4180, CRLF line ends) of a table, written by papaparse.
import Papa from 'papaparse';

/**
 * CSV text (RFC 4180, CRLF line ends) of a table, written by papaparse. Text cells that a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) are quoted with a
 * leading apostrophe, so an exported label cannot execute anything; numbers are written as they are.
 */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return Papa.unparse(
    { fields: [...header], data: rows.map((r) => r.map((v) => (v === null ? '' : v))) },
    { escapeFormulae: true, newline: '\r\n' },
  );
}
