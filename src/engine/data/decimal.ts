// Plain decimals read from bytes exactly as Number() reads them (Clinger's fast path), for the CSV readers.

/** 10^0 … 10^22: every one is exactly representable as a double. */
const exactPowers = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Where a {@link scanDecimal} stopped, written by the scan: one object per parse, not per cell. */
export interface ScanEnd {
  end: number;
}

const ownEnd: ScanEnd = { end: 0 };
/** Reused by {@link parseDecimal} for strings up to its size (longer ones get their own). */
const scratch = Buffer.alloc(256);

/**
 * The value of `s` if it is a plain decimal, `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`
 * with nothing around it, else undefined. Equal to `Number(s)` bit for bit (see
 * {@link scanDecimal}). The text is copied into bytes first, code units above 127 as 128 (no
 * decimal holds one), so that one scanner serves strings and files.
 */
export function parseDecimal(s: string): number | undefined {
  const n = s.length;
  const bytes = n <= scratch.length ? scratch : Buffer.alloc(n);
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(k);
    bytes[k] = c < 128 ? c : 128;
  }
  const v = scanDecimal(bytes, 0, n, ownEnd);
  return ownEnd.end === n && v === v ? v : undefined;
}

/**
 * Reads the longest plain decimal at `bytes[from, to)`, `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`,
 * and sets `scan.end` to the byte after it: the caller decides whether what follows ends the
 * field. NaN (never the value of a decimal) when the bytes there do not start one (no digit, or
 * an exponent without digits), `scan.end` then somewhere before the end of the field. A number
 * either way, not `number | undefined`, so that the result is never boxed.
 *
 * Equal to `Number()` bit for bit: with at most 15 significant digits and a power of ten up to
 * 10^22, mantissa and power are both exact doubles, so the one multiplication or division rounds
 * correctly (Clinger's fast path); other decimals go to `Number`. A CSV of a million rows has
 * twenty million of these: one accumulator and no digit count per digit measured fastest.
 */
export function scanDecimal(bytes: Buffer, from: number, to: number, scan: ScanEnd): number {
  let i = from;
  let c = i < to ? bytes[i]! : 0;
  const negative = c === 45;
  if (c === 43 || c === 45) i++;
  // Exact while it stays below 2^53, which fifteen digits do (more go to Number below).
  let mantissa = 0;
  const start = i;
  for (; i < to; i++) {
    const k = bytes[i]! - 48;
    if (k < 0 || k > 9) break;
    mantissa = mantissa * 10 + k;
  }
  let digits = i - start;
  let fraction = 0;
  if (i < to && bytes[i] === 46) {
    const point = ++i;
    for (; i < to; i++) {
      const k = bytes[i]! - 48;
      if (k < 0 || k > 9) break;
      mantissa = mantissa * 10 + k;
    }
    fraction = i - point;
    digits += fraction;
  }
  if (digits === 0) {
    scan.end = i;
    return NaN;
  }
  let exponent = 0;
  if (i < to && ((c = bytes[i]!) === 101 || c === 69)) {
    i++;
    c = i < to ? bytes[i]! : 0;
    const negativeExponent = c === 45;
    if (c === 43 || c === 45) i++;
    const first = i;
    for (; i < to; i++) {
      const k = bytes[i]! - 48;
      if (k < 0 || k > 9) break;
      // Capped: past this the value is 0 or infinite whatever follows, and Number decides it.
      if (exponent < 100_000) exponent = exponent * 10 + k;
    }
    if (i === first) {
      scan.end = i;
      return NaN;
    }
    if (negativeExponent) exponent = -exponent;
  }
  scan.end = i;
  const power = exponent - fraction;
  if (digits <= 15 && power >= -22 && power <= 22) {
    const v = power < 0 ? mantissa / exactPowers[-power]! : mantissa * exactPowers[power]!;
    return negative ? -v : v;
  }
  // Every byte of a decimal is ASCII, so latin1 decodes it as UTF-8 would.
  return Number(bytes.toString('latin1', from, i));
}
