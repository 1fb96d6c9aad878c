// The explorer's canvas: the surface's contours (d3-contour, log-spaced levels), its minima,
// saddles and start, the optimizers' paths up to the animation frame, the inspected point's
// eigenvectors and the keyboard cursor.
import { contours } from 'd3-contour';
import type {
  HessianReportMessage,
  SurfaceGridMessage,
  SurfaceInfo,
} from '../../src/protocol/surfaceExplorer';
import { seriesColor, withAlpha, type ThemeColors } from '../shared/theme';
import { contourInput, logLevels, symlogLevels } from './contourLevels';
import { longestPath, startOf, type Saved } from './explorerState';
import { plotFrame, type PlotFrame } from './plotFrame';
import { visiblePoints } from './trajectoryFrames';

const LEVELS = 24;

/** Everything one picture of the plot depends on. */
export interface PlotScene {
  surface: SurfaceInfo;
  grid: SurfaceGridMessage | undefined;
  state: Saved;
  report: HessianReportMessage | null;
  cursor: [number, number] | null;
  frame: number;
  frames: number;
  colors: ThemeColors;
}

/** Draws `scene` over the whole canvas. */
export function drawScene(canvas: HTMLCanvasElement, scene: PlotScene): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const { colors, surface: s } = scene;
  const f = plotFrame(s.bounds, canvas.width, canvas.height);
  ctx.clearRect(0, 0, f.w, f.h);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, f.w, f.h);
  if (scene.grid) drawContours(ctx, f, scene.grid, s, colors);
  drawMarkers(ctx, f, s, startOf(scene.state, s), colors);
  drawPaths(ctx, f, scene);
  if (scene.report) drawReport(ctx, f, scene.report, s, colors);
  if (scene.cursor) {
    const [cx, cy] = f.toPx(scene.cursor);
    ctx.strokeStyle = colors.foreground;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(cx - 8, cy);
    ctx.lineTo(cx + 8, cy);
    ctx.moveTo(cx, cy - 8);
    ctx.lineTo(cx, cy + 8);
    ctx.stroke();
  }
}

function drawContours(
  ctx: CanvasRenderingContext2D,
  f: PlotFrame,
  grid: SurfaceGridMessage,
  s: SurfaceInfo,
  colors: ThemeColors,
): void {
  const levels = s.unboundedBelow ? symlogLevels(grid.values, LEVELS) : logLevels(grid.values, LEVELS);
  if (levels.length === 0) return;
  const polys = contours().size([grid.nx, grid.ny]).thresholds(levels)(contourInput(grid.values, levels));
  // d3-contour's unit is one grid cell, sample (i, j) at the cell centre (i + 0.5, j + 0.5).
  const [[x0, x1], [y0, y1]] = grid.bounds;
  const toPx = (gx: number, gy: number): [number, number] =>
    f.toPx([x0 + ((gx - 0.5) / (grid.nx - 1)) * (x1 - x0), y0 + ((gy - 0.5) / (grid.ny - 1)) * (y1 - y0)]);
  const accent = colors.series[0]!;
  polys.forEach((p, k) => {
    const path = new Path2D();
    for (const polygon of p.coordinates) {
      for (const ring of polygon) {
        ring.forEach(([gx, gy], i) => {
          const [px, py] = toPx(gx!, gy!);
          if (i === 0) path.moveTo(px, py);
          else path.lineTo(px, py);
        });
        path.closePath();
      }
    }
    const t = k / Math.max(1, polys.length - 1);
    ctx.fillStyle = withAlpha(accent, 0.01 + 0.015 * t);
    ctx.fill(path, 'evenodd');
    ctx.strokeStyle = withAlpha(colors.muted, 0.25 + 0.35 * (1 - t));
    ctx.lineWidth = 1;
    ctx.stroke(path);
  });
}

function drawMarkers(
  ctx: CanvasRenderingContext2D,
  f: PlotFrame,
  s: SurfaceInfo,
  start: [number, number],
  colors: ThemeColors,
): void {
  ctx.font = '12px sans-serif';
  for (const m of s.minima) {
    const [px, py] = f.toPx(m.point);
    ctx.fillStyle = colors.foreground;
    ctx.fillText(m.kind === 'global' ? '★' : '☆', px - 5, py + 4);
  }
  for (const m of s.saddles) {
    const [px, py] = f.toPx(m.point);
    ctx.strokeStyle = colors.foreground;
    ctx.beginPath();
    ctx.moveTo(px - 4, py - 4);
    ctx.lineTo(px + 4, py + 4);
    ctx.moveTo(px + 4, py - 4);
    ctx.lineTo(px - 4, py + 4);
    ctx.stroke();
  }
  const [sx, sy] = f.toPx(start);
  ctx.fillStyle = colors.foreground;
  ctx.beginPath();
  ctx.arc(sx, sy, 4, 0, Math.PI * 2);
  ctx.fill();
}

function drawPaths(ctx: CanvasRenderingContext2D, f: PlotFrame, scene: PlotScene): void {
  const { state, colors } = scene;
  if (state.pathsSurface !== state.surface) return;
  const longest = longestPath(state.paths);
  for (const p of state.paths) {
    const n = visiblePoints(p.points.length, longest, scene.frame, scene.frames);
    if (n === 0) continue;
    const color = seriesColor(colors, p.configIndex);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const [px, py] = f.toPx(p.points[i]!);
      if (i === 0) ctx.moveTo(px, py);
      else ctx.lineTo(px, py);
    }
    ctx.stroke();
    const [hx, hy] = f.toPx(p.points[n - 1]!);
    ctx.fillStyle = color;
    ctx.beginPath();
    ctx.arc(hx, hy, 4, 0, Math.PI * 2);
    ctx.fill();
  }
}

/** The eigenvectors at the inspected point, scaled to a tenth of the plot, the lower curvature dashed. */
function drawReport(
  ctx: CanvasRenderingContext2D,
  f: PlotFrame,
  r: HessianReportMessage,
  s: SurfaceInfo,
  colors: ThemeColors,
): void {
  const [[x0, x1], [y0, y1]] = s.bounds;
  const len = 0.08 * Math.min(x1 - x0, y1 - y0);
  const [px, py] = r.point;
  r.eigenvectors.forEach(([vx, vy], i) => {
    const a = f.toPx([px - vx * len, py - vy * len]);
    const b = f.toPx([px + vx * len, py + vy * len]);
    ctx.strokeStyle = colors.foreground;
    ctx.setLineDash(i === 0 ? [4, 3] : []);
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(a[0], a[1]);
    ctx.lineTo(b[0], b[1]);
    ctx.stroke();
  });
  ctx.setLineDash([]);
}
