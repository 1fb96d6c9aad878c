/** A trajectory's points as pairs, cut at its first non-finite point (a diverged run stops there). */
export function trajectoryPoints(flat: readonly (number | null)[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const x = flat[i];
    const y = flat[i + 1];
    if (
      x === null ||
      y === null ||
      x === undefined ||
      y === undefined ||
      !Number.isFinite(x) ||
      !Number.isFinite(y)
    )
      break;
    out.push([x, y]);
  }
  return out;
}

/**
 * How many points of a trajectory are visible at animation frame `frame` of `frames`: every run
 * advances at the same step rate (frame f shows the first ⌈f·longest/(frames−1)⌉ steps), so a run
 * that stopped early stops early on screen too, and the last frame shows every point.
 */
export function visiblePoints(length: number, longest: number, frame: number, frames: number): number {
  if (frames <= 1 || longest <= 1) return length;
  const f = Math.min(Math.max(frame, 0), frames - 1);
  const steps = Math.ceil((f * (longest - 1)) / (frames - 1)) + 1;
  return Math.min(length, steps);
}

/** Frames of an animation of `longest` steps: one per step up to `maxFrames`. */
export function frameCount(longest: number, maxFrames = 240): number {
  return Math.max(1, Math.min(longest, maxFrames));
}

/**
 * At most `max` points of a trajectory for drawing and saving: evenly spaced indices, the first
 * and the last always kept, so the path's shape and end stay right.
 */
export function thinPoints(points: readonly [number, number][], max: number): [number, number][] {
  if (points.length <= max) return points.slice();
  const out: [number, number][] = [];
  for (let k = 0; k < max; k++) out.push(points[Math.round((k * (points.length - 1)) / (max - 1))]!);
  return out;
}
