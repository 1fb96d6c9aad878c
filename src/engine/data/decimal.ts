// Plain decimals read from bytes exactly as Number() reads them (Clinger's fast path), for the CSV readers.

/** 10^0 … 10^22: every one is exactly representable as a double. */
export const exactPowers = Float64Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** {@link parseDecimal}'s slot for the scanned value. */
const ownValue = new Float64Array(1);
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
  const end = scanDecimal(bytes, 0, n, ownValue, 0);
  const v = ownValue[0]!;
  return end === n && v === v ? v : undefined;
}

/**
 * Reads the longest plain decimal at `bytes[from, to)`, `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`,
 * writes its value to `out[at]` and returns the offset of the byte after it: the caller decides
 * whether what follows ends the field. NaN (never the value of a decimal) when the bytes there do
 * not start one (no digit, or an exponent without digits), the offset then somewhere before the
 * end of the field. The value goes to a typed array and the offset is a small integer because
 * V8 does not inline this function into the CSV reader's loop, and a double returned from a call
 * that is not inlined is boxed: a heap number per field (twenty million at 1M rows; the garbage
 * collector took 10% of a 100k-row load for them).
 *
 * Equal to `Number()` bit for bit: with at most 15 significant digits and a power of ten up to
 * 10^22, mantissa and power are both exact doubles, so the one multiplication or division rounds
 * correctly (Clinger's fast path); other decimals go to `Number`. A CSV of a million rows has
 * twenty million of these: one accumulator and no digit count per digit measured fastest.
 */
export function scanDecimal(bytes: Buffer, from: number, to: number, out: Float64Array, at: number): number {
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
    out[at] = NaN;
    return i;
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
      out[at] = NaN;
      return i;
    }
    if (negativeExponent) exponent = -exponent;
  }
  const power = exponent - fraction;
  if (digits <= 15 && power >= -22 && power <= 22) {
    const v = power < 0 ? mantissa / exactPowers[-power]! : mantissa * exactPowers[power]!;
    out[at] = negative ? -v : v;
  } else {
    // Every byte of a decimal is ASCII, so latin1 decodes it as UTF-8 would.
    out[at] = Number(bytes.toString('latin1', from, i));
  }
  return i;
}
