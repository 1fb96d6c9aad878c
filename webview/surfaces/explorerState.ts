// The surface explorer's model: what it saves across reloads, and the pure decisions over it
// (restoring, steps and run readiness, the paths kept of a run, cursor moves).
import { z } from 'zod';
import type { SurfaceInfo, SurfaceTrajectory } from '../../src/protocol/surfaceExplorer';
import { surfaceNames } from '../../src/protocol/experiment';
import { optimizerNames } from '../../src/protocol/optimizers';
import { defaultRows, rowConfig, type OptimizerRow } from './optimizerRows';
import { thinPoints, trajectoryPoints } from './trajectoryFrames';

/** Points of each trajectory kept in the saved state, so a hidden tab comes back with its paths. */
export const SAVED_POINTS = 600;
/** The steps field's bounds, as the host's run request allows. */
export const MAX_STEPS = 20000;

export const savedSchema = z.object({
  surface: z.enum(surfaceNames),
  starts: z.record(z.string(), z.tuple([z.number(), z.number()])),
  steps: z.string(),
  rows: z.array(
    z.object({ name: z.enum(optimizerNames), enabled: z.boolean(), lr: z.string(), momentum: z.string() }),
  ),
  paths: z.array(
    z.object({
      label: z.string(),
      configIndex: z.number(),
      status: z.string(),
      finalLoss: z.number().nullable(),
      message: z.string().nullable(),
      points: z.array(z.tuple([z.number(), z.number()])),
    }),
  ),
  pathsSurface: z.string().nullable(),
});
export type Saved = z.output<typeof savedSchema>;
export type SavedPath = Saved['paths'][number];

/** A fresh explorer: Rosenbrock, 500 steps, the default optimizer rows, no paths. */
export function defaultState(): Saved {
  return {
    surface: 'rosenbrock',
    starts: {},
    steps: '500',
    rows: defaultRows(),
    paths: [],
    pathsSurface: null,
  };
}

/**
 * The state the webview saved, or a fresh one when it is missing or unreadable. Saved rows are
 * laid over the current default rows, so an optimizer added since keeps its default and one that
 * no longer exists is dropped.
 */
export function restoreState(saved: unknown): Saved {
  const parsed = savedSchema.safeParse(saved);
  if (!parsed.success) return defaultState();
  const rows = defaultRows().map((d): OptimizerRow => {
    const s = parsed.data.rows.find((r) => r.name === d.name);
    return s ? { ...d, enabled: s.enabled, lr: s.lr, momentum: s.momentum } : d;
  });
  return { ...parsed.data, rows };
}

/** The steps field as a whole number from 1 to MAX_STEPS, or null. */
export function stepsValue(steps: string): number | null {
  const n = Number(steps);
  return Number.isInteger(n) && n >= 1 && n <= MAX_STEPS ? n : null;
}

/**
 * Whether a run may start (one optimizer at least, every enabled row valid, steps valid, surfaces
 * known, no run pending) and the form-level hint to show, '' when there is none.
 */
export function runReadiness(
  state: Saved,
  surfacesKnown: boolean,
  runPending: boolean,
): { ok: boolean; stepsInvalid: boolean; hint: string } {
  const enabled = state.rows.filter((r) => r.enabled);
  const steps = stepsValue(state.steps);
  const ok = enabled.length > 0 && enabled.every((r) => rowConfig(r).ok) && steps !== null && surfacesKnown;
  const hint =
    enabled.length === 0
      ? 'Choose at least one optimizer.'
      : steps === null
        ? `steps: a whole number from 1 to ${MAX_STEPS}.`
        : '';
  return { ok: ok && !runPending, stepsInvalid: steps === null, hint };
}

/** The paths kept of a run's trajectories: cut at the first non-finite point, thinned for saving. */
export function pathsOf(trajectories: readonly SurfaceTrajectory[]): SavedPath[] {
  return trajectories.map((t) => ({
    label: t.label,
    configIndex: t.configIndex,
    status: t.status,
    finalLoss: t.finalLoss,
    message: t.message,
    points: thinPoints(trajectoryPoints(t.points), SAVED_POINTS),
  }));
}

/** Where a surface's run starts: the point last clicked on it, else its classic start. */
export function startOf(state: Saved, s: SurfaceInfo): [number, number] {
  return state.starts[s.name] ?? s.start;
}

/** The longest saved path, in points (0 without paths). */
export function longestPath(paths: readonly SavedPath[]): number {
  return Math.max(0, ...paths.map((p) => p.points.length));
}

/** Arrow keys move the plot's cursor a fiftieth of the plot, kept inside the bounds; other keys do not. */
export function moveCursor(
  cursor: [number, number],
  key: string,
  bounds: SurfaceInfo['bounds'],
): [number, number] | null {
  const [[x0, x1], [y0, y1]] = bounds;
  const dx = (x1 - x0) / 50;
  const dy = (y1 - y0) / 50;
  const moves: Record<string, [number, number]> = {
    ArrowLeft: [-dx, 0],
    ArrowRight: [dx, 0],
    ArrowUp: [0, dy],
    ArrowDown: [0, -dy],
  };
  const m = moves[key];
  if (!m) return null;
  return [Math.min(x1, Math.max(x0, cursor[0] + m[0])), Math.min(y1, Math.max(y0, cursor[1] + m[1]))];
}
