/** 10^0 … 10^22: every one is exactly representable as a double. */
const exactPowers = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * The value of `s` if it is a plain decimal, `[+-]?(digits[.digits]|.digits)([eE][+-]?digits)?`
 * with nothing around it, else undefined. Equal to `Number(s)` bit for bit: with at most 15
 * significant digits and a power of ten up to 10^22, mantissa and power are both exact doubles, so
 * the one multiplication or division rounds correctly (Clinger's fast path); other decimals go to
 * `Number`. A scan of char codes instead of a regular expression, because a CSV of a million rows
 * has twenty million of these.
 */
export function parseDecimal(s: string): number | undefined {
  return parseDecimalIn(s, 0, s.length);
}

/** {@link parseDecimal} of `s.slice(from, to)`, without making that string unless `Number` needs it. */
export function parseDecimalIn(s: string, from: number, to: number): number | undefined {
  const v = scanDecimal(s, from, to, -1, ownEnd);
  return ownEnd.end === to && !Number.isNaN(v) ? v : undefined;
}

/** Where a {@link scanDecimal} stopped, written by the scan: one object per parse, not per cell. */
export interface ScanEnd {
  end: number;
}

const ownEnd: ScanEnd = { end: 0 };

/**
 * Reads a decimal from `s[from, to)` up to the first `stop` character (a delimiter; -1 for none):
 * the value if `s[from, scan.end)` is a plain decimal and `scan.end` is `to` or a `stop`, else
 * NaN (never the value of a decimal) with `scan.end` somewhere before the end of the field. A
 * number either way, not `number | undefined`, so that the result is never boxed. One pass finds the field's end
 * and its number together.
 */
export function scanDecimal(s: string, from: number, to: number, stop: number, scan: ScanEnd): number {
  const n = to;
  let i = from;
  let c = n > i ? s.charCodeAt(i) : 0;
  const negative = c === 45;
  if (c === 43 || c === 45) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    i++;
  }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      fraction++;
      i++;
    }
  }
  if (digits === 0) {
    scan.end = i;
    return NaN;
  }
  let exponent = 0;
  if (i < n && (c = s.charCodeAt(i)) !== stop) {
    if (c !== 101 && c !== 69) {
      scan.end = i;
      return NaN;
    }
    i++;
    c = i < n ? s.charCodeAt(i) : 0;
    const negativeExponent = c === 45;
    if (c === 43 || c === 45) i++;
    const start = i;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) {
      // Capped: past this the value is 0 or infinite whatever follows, and Number decides it.
      if (exponent < 100_000) exponent = exponent * 10 + (c - 48);
      i++;
    }
    scan.end = i;
    if (i === start || (i !== n && s.charCodeAt(i) !== stop)) return NaN;
    if (negativeExponent) exponent = -exponent;
  } else {
    scan.end = i;
  }
  const power = exponent - fraction;
  if (digits <= 15 && power >= -22 && power <= 22) {
    const v = power < 0 ? mantissa / exactPowers[-power]! : mantissa * exactPowers[power]!;
    return negative ? -v : v;
  }
  return Number(s.slice(from, scan.end));
}
