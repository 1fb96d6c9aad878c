// The webviews' number formatting: one rule (exponent form when tiny or huge) at the precision
// each view asks for.

/**
 * `v` in `precision` significant digits, or with `exponentDigits` decimals in exponent form when
 * |v| < 1e-3 or |v| ≥ 1e5; `trimExponent` drops trailing zeros of the mantissa (`1e-6`, not
 * `1.00e-6`). Never a raw float (`0.30000000000000004`); non-finite values as JavaScript writes them.
 */
export function formatSignificant(
  v: number,
  precision: number,
  exponentDigits: number,
  trimExponent = false,
): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) {
    const e = v.toExponential(exponentDigits);
    return trimExponent ? e.replace(/\.?0+e/, 'e') : e;
  }
  return String(Number(v.toPrecision(precision)));
}
