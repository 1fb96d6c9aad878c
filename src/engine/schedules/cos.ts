/**
 * Cosine rounded correctly to the nearest double, as the C library's `cos` that Python's
 * `math.cos` (and so torch's schedulers) calls. V8's `Math.cos` is fdlibm's, within 1 ulp but a
 * bit off on some inputs; OneCycleLR's anneal `end + (start − end)/2·(cos(π·pct) + 1)` cancels
 * enough to turn that bit into a 1e-15 relative error at mid-cycle and up to 1e-11 near min_lr.
 *
 * Method: reduce x by π/2 with a three-part π/2 (fdlibm's 33-bit pieces, exact products for
 * |k| < 2^20), evaluate the Taylor series of cos or sin on |r| <= π/4 in double-double arithmetic
 * (about 104 bits), and round once. Beyond |x| ≈ 8·10^5, where the reduction is no longer exact,
 * it falls back to Math.cos; schedulers never get there (their arguments are π·t/T with t near T).
 */

// Double-double values are [hi, lo] with |lo| <= ulp(hi)/2.
type DD = [number, number];

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return [s, b - (s - a)];
}

// Dekker's split: hi holds the top 26 bits, so products of halves are exact.
function split(a: number): DD {
  const t = 134217729 * a;
  const hi = t - (t - a);
  return [hi, a - hi];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  const [ah, al] = split(a);
  const [bh, bl] = split(b);
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(a: DD, b: DD): DD {
  const [s, e] = twoSum(a[0], b[0]);
  const [t, f] = twoSum(a[1], b[1]);
  const [s2, e2] = quickTwoSum(s, e + t);
  return quickTwoSum(s2, e2 + f);
}

function mul(a: DD, b: DD): DD {
  const [p, e] = twoProd(a[0], b[0]);
  return quickTwoSum(p, e + (a[0] * b[1] + a[1] * b[0]));
}

function divByInt(a: DD, n: number): DD {
  const q1 = a[0] / n;
  const [p, e] = twoProd(q1, n);
  const q2 = (a[0] - p - e + a[1]) / n;
  return quickTwoSum(q1, q2);
}

// 1/n! for n = 0..31: with |r| <= π/4 the next term of either series is below 2^-110.
const invFactorial: DD[] = [[1, 0]];
for (let n = 1; n <= 31; n++) invFactorial.push(divByInt(invFactorial[n - 1]!, n));

/** Σ (−1)^m r2^m / (2m + offset)!, by Horner's rule in double-double. */
function series(r2: DD, offset: 0 | 1): DD {
  let acc: DD = [0, 0];
  for (let m = 15; m >= 0; m--) {
    const c = invFactorial[2 * m + offset]!;
    acc = add(mul(acc, r2), m % 2 === 0 ? c : [-c[0], -c[1]]);
  }
  return acc;
}

const PIO2_1 = 1.57079632673412561417;
const PIO2_2 = 6.0771005063039659766e-11;
const PIO2_3 = 2.0222662487111664558e-21;
const PIO2_3T = 8.47842766036889956997e-32;
const TWO_OVER_PI = 6.36619772367581382433e-1;

/** cos(x), correctly rounded (see the file comment for the method and its range). */
export function cos(x: number): number {
  if (!Number.isFinite(x) || Math.abs(x) > 823549) return Math.cos(x);
  const k = Math.abs(x) <= Math.PI / 4 ? 0 : Math.round(x * TWO_OVER_PI);
  // x − k·p1 is exact (Sterbenz); the k·p_i are exact products, added in double-double.
  let r: DD = twoSum(x - k * PIO2_1, -k * PIO2_2);
  r = add(r, [-k * PIO2_3, 0]);
  r = add(r, [-k * PIO2_3T, 0]);
  const r2 = mul(r, r);
  const quadrant = ((k % 4) + 4) % 4;
  const v = quadrant % 2 === 0 ? series(r2, 0) : mul(r, series(r2, 1));
  const s = quadrant === 1 || quadrant === 2 ? -1 : 1;
  return s * (v[0] + v[1]);
}
