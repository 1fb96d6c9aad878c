/**
 * Python literals for generated code. Every user-supplied string (column names, file paths,
 * experiment names, class labels) reaches a generated file through {@link pyStr} and nothing else,
 * so no name can close a string, start a comment line or inject a statement.
 */

// Kept as they are: printable ASCII except the quote and the backslash, and non-ASCII letters,
// marks, numbers, punctuation and symbols (readable names such as `température`). Everything else
// (controls, line and paragraph separators, format characters, odd spaces, lone surrogates) is
// escaped, so a literal is always one physical line that reads as what it holds.
const plain = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function escapeChar(ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case "'":
      return "\\'";
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
  }
  const code = ch.codePointAt(0)!;
  if (code >= 0x20 && code < 0x7f) return ch;
  if (code >= 0x80 && plain.test(ch)) return ch;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/**
 * A Python 3 string literal holding exactly `s`, single-quoted: `pyStr("it's")` is `'it\'s'`.
 * Lone UTF-16 surrogates become `\udXXX` escapes (a Python str can hold them; a UTF-8 file cannot).
 */
export function pyStr(s: string): string {
  let out = "'";
  // for..of walks code points; a lone surrogate comes out as its own one-unit string.
  for (const ch of s) out += escapeChar(ch);
  return `${out}'`;
}

/** A Python number literal with the same float64 value (shortest round-trip digits). */
export function pyNum(n: number): string {
  if (Number.isNaN(n)) return "float('nan')";
  if (n === Infinity) return "float('inf')";
  if (n === -Infinity) return "-float('inf')";
  if (Object.is(n, -0)) return '-0.0';
  return String(n);
}

/** Like {@link pyNum}, but always a float literal (`1.0`, not `1`), for float-typed settings. */
export function pyFloat(n: number): string {
  const s = pyNum(n);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/**
 * A Python literal for JSON-like data: None, True/False, numbers, strings through {@link pyStr},
 * lists (tuples when `tuples` is set) and dicts with string keys.
 */
export function pyValue(v: unknown, tuples = false): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNum(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => pyValue(x, tuples));
    if (!tuples) return `[${items.join(', ')}]`;
    return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).map(
      ([k, x]) => `${pyStr(k)}: ${pyValue(x, tuples)}`,
    );
    return `{${entries.join(', ')}}`;
  }
  throw new TypeError(`no Python literal for a ${typeof v}`);
}

/** A `#` comment line holding user text safely: the text appears as its Python literal. */
export function pyCommentValue(label: string, s: string): string {
  return `# ${label}: ${pyStr(s)}`;
}
