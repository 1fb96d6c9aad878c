// What the Hessian inspector and the paths list say, as text: numbers in five significant digits.
import type { HessianReportMessage } from '../../src/protocol/surfaceExplorer';
import { formatSignificant } from '../shared/format';
import type { SavedPath } from './explorerState';

/** A number of the inspector, — when missing. */
export const fmt = (v: number | null): string => (v === null ? '—' : formatSignificant(v, 5, 3));
/** A point as `(x, y)`. */
export const pair = ([a, b]: readonly [number, number]): string => `(${fmt(a)}, ${fmt(b)})`;

/** max |λ| / min |λ|: how much faster the loss curves along one eigenvector than the other. */
export function conditionNumber([a, b]: readonly [number, number]): string {
  const lo = Math.min(Math.abs(a), Math.abs(b));
  const hi = Math.max(Math.abs(a), Math.abs(b));
  return lo === 0 ? '∞' : fmt(hi / lo);
}

const DESCRIBE: Record<HessianReportMessage['classification'], string> = {
  minimum: 'both curvatures positive: a local minimum shape',
  maximum: 'both curvatures negative: a local maximum shape',
  saddle: 'curvatures of opposite sign: a saddle; descent escapes along the negative one',
  degenerate: 'a zero curvature: the quadratic model says nothing there (a monkey saddle, a flat valley)',
};

/** The inspector's heading, its explanation, and its facts as (term, value) rows. */
export function hessianFacts(r: HessianReportMessage): {
  heading: string;
  description: string;
  rows: [string, string][];
} {
  return {
    heading: `${r.classification}${r.stationary ? ' (stationary point)' : ''}`,
    description: DESCRIBE[r.classification],
    rows: [
      ['point', pair(r.point)],
      ['f', fmt(r.value)],
      ['gradient', `${pair(r.gradient)}, |g| = ${fmt(r.gradientNorm)}`],
      [
        'Hessian',
        `[[${fmt(r.hessian[0][0])}, ${fmt(r.hessian[0][1])}], [${fmt(r.hessian[1][0])}, ${fmt(r.hessian[1][1])}]]`,
      ],
      ['eigenvalues', `λ₁ = ${fmt(r.eigenvalues[0])}, λ₂ = ${fmt(r.eigenvalues[1])}`],
      ['eigenvectors', `v₁ = ${pair(r.eigenvectors[0])} (dashed), v₂ = ${pair(r.eigenvectors[1])}`],
      ['condition number', conditionNumber(r.eigenvalues)],
    ],
  };
}

/** A path's line in the list: `Adam: done, 500 steps, final loss 0.0012 at (1, 1)`. */
export function pathLine(p: SavedPath): string {
  const end = p.points.at(-1);
  return `${p.label}: ${p.status}, ${p.points.length - 1} steps, final loss ${fmt(p.finalLoss)}${end ? ` at ${pair(end)}` : ''}`;
}
