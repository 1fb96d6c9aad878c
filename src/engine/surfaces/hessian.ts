// Curvature: Local curvature at a point (also HessianReport, HessianOptions, SymmetricEigen2,
// symmetricEigen2, …).
import type { Point2, Surface } from './surface';

/** Local curvature at a point: the sign pattern of the Hessian's eigenvalues. */
export type Curvature = 'minimum' | 'maximum' | 'saddle' | 'degenerate';

/** What the Hessian inspector shows for one point of a surface. */
export interface HessianReport {
  point: Point2;
  value: number;
  gradient: Point2;
  gradientNorm: number;
  /** [[f_xx, f_xy], [f_xy, f_yy]]. */
  hessian: [[number, number], [number, number]];
  /** Ascending. */
  eigenvalues: [number, number];
  /** Unit eigenvectors, `eigenvectors[i]` belonging to `eigenvalues[i]`. */
  eigenvectors: [Point2, Point2];
  /** Gradient norm at most `gradTol`. */
  stationary: boolean;
  /**
   * The shape of the quadratic model here, whether or not the point is stationary: 'degenerate'
   * when an eigenvalue is zero relative to the larger one (|λ| ≤ eigTol·max|λ|) or both are zero.
   */
  classification: Curvature;
}

export interface HessianOptions {
  /** Largest gradient norm still called stationary; default 1e-8. */
  gradTol?: number;
  /** Relative size under which an eigenvalue counts as zero; default 1e-8. */
  eigTol?: number;
}

/** Eigen-decomposition of a symmetric 2×2 matrix, eigenvalues ascending. */
export interface SymmetricEigen2 {
  values: [number, number];
  vectors: [Point2, Point2];
}

/**
 * Eigenvalues and unit eigenvectors of [[a, b], [b, c]], by LAPACK's dlaev2. The naive
 * (a+c)/2 ± r loses the small eigenvalue to cancellation when the two differ by many orders of
 * magnitude (an ill-conditioned valley); dlaev2 computes the larger-magnitude one first and gets
 * the other from the determinant, rearranged so that it keeps full relative accuracy.
 */
export function symmetricEigen2(a: number, b: number, c: number): SymmetricEigen2 {
  const sm = a + c;
  const df = a - c;
  const adf = Math.abs(df);
  const tb = b + b;
  const ab = Math.abs(tb);
  const [acmx, acmn] = Math.abs(a) > Math.abs(c) ? [a, c] : [c, a];
  const rt = Math.hypot(adf, ab);
  let rt1: number;
  let rt2: number;
  let sgn1: number;
  if (sm < 0) {
    rt1 = 0.5 * (sm - rt);
    sgn1 = -1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else if (sm > 0) {
    rt1 = 0.5 * (sm + rt);
    sgn1 = 1;
    rt2 = (acmx / rt1) * acmn - (b / rt1) * b;
  } else {
    rt1 = 0.5 * rt;
    rt2 = -0.5 * rt;
    sgn1 = 1;
  }
  // Eigenvector (cs1, sn1) of rt1, again choosing the branch that avoids cancellation.
  let sgn2: number;
  let cs: number;
  if (df >= 0) {
    cs = df + rt;
    sgn2 = 1;
  } else {
    cs = df - rt;
    sgn2 = -1;
  }
  let cs1: number;
  let sn1: number;
  if (Math.abs(cs) > ab) {
    const ct = -tb / cs;
    sn1 = 1 / Math.sqrt(1 + ct * ct);
    cs1 = ct * sn1;
  } else if (ab === 0) {
    cs1 = 1;
    sn1 = 0;
  } else {
    const tn = -cs / tb;
    cs1 = 1 / Math.sqrt(1 + tn * tn);
    sn1 = tn * cs1;
  }
  if (sgn1 === sgn2) {
    const tn = cs1;
    cs1 = -sn1;
    sn1 = tn;
  }
  const v1: Point2 = [cs1, sn1];
  const v2: Point2 = [-sn1, cs1];
  return rt1 <= rt2 ? { values: [rt1, rt2], vectors: [v1, v2] } : { values: [rt2, rt1], vectors: [v2, v1] };
}

/**
 * The curvature class of eigenvalues `lo ≤ hi`, with `eigTol` relative to the larger magnitude.
 * A non-finite Hessian (a diverged run's last point) has no shape: 'degenerate'.
 */
export function classifyCurvature(lo: number, hi: number, eigTol = 1e-8): Curvature {
  const scale = Math.max(Math.abs(lo), Math.abs(hi));
  if (!Number.isFinite(scale) || scale === 0 || Math.min(Math.abs(lo), Math.abs(hi)) <= eigTol * scale)
    return 'degenerate';
  if (lo > 0) return 'minimum';
  if (hi < 0) return 'maximum';
  return 'saddle';
}

/**
 * Value, gradient, Hessian and its eigen-decomposition at `point`, with the point's curvature
 * class: what the Hessian inspector shows when a point of a surface is picked.
 */
export function hessianAt(surface: Surface, point: Point2, options: HessianOptions = {}): HessianReport {
  const [x, y] = point;
  const g: Point2 = [0, 0];
  surface.gradient(x, y, g);
  const h = [0, 0, 0];
  surface.hessian(x, y, h);
  const [fxx, fxy, fyy] = h as [number, number, number];
  const eig = symmetricEigen2(fxx, fxy, fyy);
  const gradientNorm = Math.hypot(g[0], g[1]);
  return {
    point: [x, y],
    value: surface.value(x, y),
    gradient: g,
    gradientNorm,
    hessian: [
      [fxx, fxy],
      [fxy, fyy],
    ],
    eigenvalues: eig.values,
    eigenvectors: eig.vectors,
    stationary: gradientNorm <= (options.gradTol ?? 1e-8),
    classification: classifyCurvature(eig.values[0], eig.values[1], options.eigTol),
  };
}
