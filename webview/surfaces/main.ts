// The loss-surface explorer's script: contours of the chosen surface (d3-contour, log-spaced
// levels), the start point and Hessian inspector on click, and the optimizers' trajectories
// animated over the contours. Every number comes from the host (the engine); this only draws.
import './surfaces.css';
import { contours } from 'd3-contour';
import { z } from 'zod';
import {
  surfacesHostMessageSchema,
  type HessianReportMessage,
  type SurfaceGridMessage,
  type SurfaceInfo,
  type SurfacesHostMessage,
  type SurfacesWebviewMessageInput,
} from '../../src/protocol/surfaceExplorer';
import { surfaceNames } from '../../src/protocol/experiment';
import { optimizerNames } from '../../src/protocol/optimizers';
import { el, replaceChildren } from '../shared/dom';
import { formatSignificant } from '../shared/format';
import { connectHost, nextRequestId } from '../shared/host';
import { onThemeChange, seriesColor, themeColors, withAlpha, type ThemeColors } from '../shared/theme';
import { contourInput, logLevels, symlogLevels } from './contourLevels';
import { defaultRows, rowConfig, type OptimizerRow } from './optimizerRows';
import { frameCount, thinPoints, trajectoryPoints, visiblePoints } from './trajectoryFrames';

const GRID_SIZE = 160;
const LEVELS = 24;
/** Points of each trajectory kept in the saved state, so a hidden tab comes back with its paths. */
const SAVED_POINTS = 600;

const savedSchema = z.object({
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
type Saved = z.output<typeof savedSchema>;

let surfaces: SurfaceInfo[] = [];
const grids = new Map<string, SurfaceGridMessage>();
let colors: ThemeColors = themeColors();
let state: Saved = {
  surface: 'rosenbrock',
  starts: {},
  steps: '500',
  rows: defaultRows(),
  paths: [],
  pathsSurface: null,
};
let report: HessianReportMessage | null = null;
let cursor: [number, number] | null = null;
let frame = 0;
let frames = 1;
let playing = false;
const pending = new Map<string, 'grid' | 'inspect' | 'run'>();

const host = connectHost<SurfacesHostMessage, SurfacesWebviewMessageInput>(
  surfacesHostMessageSchema,
  onMessage,
);
{
  const parsed = savedSchema.safeParse(host.getState());
  if (parsed.success) state = { ...parsed.data, rows: mergeRows(parsed.data.rows) };
}
function mergeRows(saved: Saved['rows']): OptimizerRow[] {
  return defaultRows().map((d) => {
    const s = saved.find((r) => r.name === d.name);
    return s ? { ...d, enabled: s.enabled, lr: s.lr, momentum: s.momentum } : d;
  });
}
const save = () => host.setState(state);

// ---- the page ----
const app = document.getElementById('app')!;
const surfaceSelect = el('select', { id: 'surface-select', 'aria-label': 'Surface' });
const formula = el('code', { id: 'surface-formula' });
const stepsInput = el('input', {
  id: 'steps',
  type: 'number',
  min: 1,
  max: 20000,
  step: 1,
  'aria-label': 'Steps',
});
const rowsBox = el('div', { class: 'optimizer-rows', role: 'group', 'aria-label': 'Optimizers' });
const runButton = el('button', { type: 'button', id: 'run-surface' }, 'Run from start');
const runNote = el('p', { class: 'muted', role: 'status', id: 'run-note' });
const canvas = el('canvas', {
  id: 'surface-plot',
  tabindex: 0,
  role: 'img',
  'aria-label':
    'Contour plot. Click, or move with the arrow keys and press Enter, to set the start and inspect the Hessian there.',
});
const coords = el('span', { class: 'muted', id: 'coords' });
const playButton = el('button', { type: 'button', class: 'secondary', id: 'play' }, 'Play');
const scrub = el('input', {
  type: 'range',
  id: 'frame',
  min: 0,
  max: 0,
  step: 1,
  'aria-label': 'Animation frame',
});
const pathsList = el('ul', { class: 'paths', id: 'paths' });
const hessianBox = el(
  'section',
  { id: 'hessian-report', 'aria-live': 'polite' },
  el('p', { class: 'muted' }, 'Click a point of the plot to inspect it.'),
);

replaceChildren(
  app,
  el(
    'header',
    { class: 'explorer-header' },
    el('h1', {}, 'Loss surfaces'),
    el('label', { class: 'control' }, 'surface', surfaceSelect),
    formula,
  ),
  el(
    'div',
    { class: 'explorer' },
    el(
      'div',
      { class: 'plot-column' },
      el('div', { class: 'plot-box' }, canvas),
      el('div', { class: 'plot-tools' }, playButton, scrub, coords),
      pathsList,
    ),
    el(
      'aside',
      { class: 'side' },
      el('h2', {}, 'Optimizers'),
      rowsBox,
      el('label', { class: 'control' }, 'steps', stepsInput),
      el('div', { class: 'run-row' }, runButton),
      runNote,
      el('h2', {}, 'Hessian inspector'),
      hessianBox,
    ),
  ),
);

function renderRows(): void {
  replaceChildren(
    rowsBox,
    ...state.rows.map((row, i) => {
      const check = el('input', { type: 'checkbox', id: `opt-${row.name}`, checked: row.enabled });
      const lr = el('input', {
        type: 'text',
        inputmode: 'decimal',
        value: row.lr,
        'aria-label': `${row.name} lr`,
        class: 'lr',
      });
      const momentum =
        row.name === 'SGD'
          ? el('input', {
              type: 'text',
              inputmode: 'decimal',
              value: row.momentum,
              'aria-label': 'SGD momentum',
              class: 'lr',
            })
          : null;
      const problem = el('span', { class: 'error', role: 'alert' });
      const validate = () => {
        const r = rowConfig(state.rows[i]!);
        lr.setAttribute('aria-invalid', String(!r.ok && r.field === 'lr'));
        momentum?.setAttribute('aria-invalid', String(!r.ok && r.field === 'momentum'));
        problem.textContent = r.ok || !state.rows[i]!.enabled ? '' : r.message;
        updateRunButton();
      };
      check.addEventListener('change', () => {
        state.rows[i] = { ...state.rows[i]!, enabled: check.checked };
        save();
        validate();
      });
      lr.addEventListener('input', () => {
        state.rows[i] = { ...state.rows[i]!, lr: lr.value };
        save();
        validate();
      });
      momentum?.addEventListener('input', () => {
        state.rows[i] = { ...state.rows[i]!, momentum: momentum.value };
        save();
        validate();
      });
      queueMicrotask(validate);
      return el(
        'div',
        { class: 'optimizer-row' },
        el('label', { for: `opt-${row.name}`, class: 'opt-name' }, check, row.name),
        el('label', { class: 'field' }, 'lr', lr),
        momentum ? el('label', { class: 'field' }, 'momentum', momentum) : null,
        problem,
      );
    }),
  );
}

function stepsValue(): number | null {
  const n = Number(state.steps);
  return Number.isInteger(n) && n >= 1 && n <= 20000 ? n : null;
}

function updateRunButton(): void {
  const enabled = state.rows.filter((r) => r.enabled);
  const ok =
    enabled.length > 0 &&
    enabled.every((r) => rowConfig(r).ok) &&
    stepsValue() !== null &&
    surfaces.length > 0;
  runButton.disabled = !ok || [...pending.values()].includes('run');
  stepsInput.setAttribute('aria-invalid', String(stepsValue() === null));
  // Only this function's own hints are cleared here; run outcomes stay until the next run.
  const hint =
    enabled.length === 0
      ? 'Choose at least one optimizer.'
      : stepsValue() === null
        ? 'steps: a whole number from 1 to 20000.'
        : '';
  if (hint) {
    runNote.textContent = hint;
    runNote.dataset['hint'] = 'true';
  } else if (runNote.dataset['hint']) {
    runNote.textContent = '';
    delete runNote.dataset['hint'];
  }
}

// ---- geometry ----
function current(): SurfaceInfo | undefined {
  return surfaces.find((s) => s.name === state.surface);
}
function startOf(s: SurfaceInfo): [number, number] {
  return state.starts[s.name] ?? s.start;
}
interface Frame {
  w: number;
  h: number;
  toPx(p: [number, number]): [number, number];
  toWorld(px: number, py: number): [number, number];
}
function frameOf(s: SurfaceInfo): Frame {
  const w = canvas.width;
  const h = canvas.height;
  const [[x0, x1], [y0, y1]] = s.bounds;
  return {
    w,
    h,
    toPx: ([x, y]) => [((x - x0) / (x1 - x0)) * w, h - ((y - y0) / (y1 - y0)) * h],
    toWorld: (px, py) => [x0 + (px / w) * (x1 - x0), y0 + ((h - py) / h) * (y1 - y0)],
  };
}

// ---- drawing ----
function draw(): void {
  const s = current();
  const ctx = canvas.getContext('2d');
  if (!ctx || !s) return;
  const f = frameOf(s);
  ctx.clearRect(0, 0, f.w, f.h);
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, f.w, f.h);
  const grid = grids.get(s.name);
  if (grid) drawContours(ctx, f, grid, s);
  drawMarkers(ctx, f, s);
  drawPaths(ctx, f);
  if (report) drawReport(ctx, f, report, s);
  if (cursor) {
    const [cx, cy] = f.toPx(cursor);
    ctx.strokeStyle = colors.foreground;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(cx - 8, cy);
    ctx.lineTo(cx + 8, cy);
    ctx.moveTo(cx, cy - 8);
    ctx.lineTo(cx, cy + 8);
    ctx.stroke();
  }
  document.documentElement.dataset['surfaceReady'] = grid ? 'true' : 'false';
}

function drawContours(
  ctx: CanvasRenderingContext2D,
  f: Frame,
  grid: SurfaceGridMessage,
  s: SurfaceInfo,
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

function drawMarkers(ctx: CanvasRenderingContext2D, f: Frame, s: SurfaceInfo): void {
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
  const [sx, sy] = f.toPx(startOf(s));
  ctx.fillStyle = colors.foreground;
  ctx.beginPath();
  ctx.arc(sx, sy, 4, 0, Math.PI * 2);
  ctx.fill();
}

function drawPaths(ctx: CanvasRenderingContext2D, f: Frame): void {
  if (state.pathsSurface !== state.surface) return;
  const longest = Math.max(0, ...state.paths.map((p) => p.points.length));
  for (const p of state.paths) {
    const n = visiblePoints(p.points.length, longest, frame, frames);
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
function drawReport(ctx: CanvasRenderingContext2D, f: Frame, r: HessianReportMessage, s: SurfaceInfo): void {
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

const fmt = (v: number | null) => (v === null ? '—' : formatSignificant(v, 5, 3));
const pair = ([a, b]: [number, number]) => `(${fmt(a)}, ${fmt(b)})`;

/** max |λ| / min |λ|: how much faster the loss curves along one eigenvector than the other. */
function conditionNumber([a, b]: [number, number]): string {
  const lo = Math.min(Math.abs(a), Math.abs(b));
  const hi = Math.max(Math.abs(a), Math.abs(b));
  return lo === 0 ? '∞' : fmt(hi / lo);
}

function renderReport(): void {
  if (!report) return;
  const r = report;
  const describe: Record<string, string> = {
    minimum: 'both curvatures positive: a local minimum shape',
    maximum: 'both curvatures negative: a local maximum shape',
    saddle: 'curvatures of opposite sign: a saddle; descent escapes along the negative one',
    degenerate: 'a zero curvature: the quadratic model says nothing there (a monkey saddle, a flat valley)',
  };
  const row = (k: string, v: string) => [el('dt', {}, k), el('dd', {}, v)];
  replaceChildren(
    hessianBox,
    el(
      'p',
      { class: `classification class-${r.classification}` },
      `${r.classification}${r.stationary ? ' (stationary point)' : ''}`,
    ),
    el('p', { class: 'muted' }, describe[r.classification] ?? ''),
    el(
      'dl',
      { class: 'facts' },
      ...row('point', pair(r.point)),
      ...row('f', fmt(r.value)),
      ...row('gradient', `${pair(r.gradient)}, |g| = ${fmt(r.gradientNorm)}`),
      ...row(
        'Hessian',
        `[[${fmt(r.hessian[0][0])}, ${fmt(r.hessian[0][1])}], [${fmt(r.hessian[1][0])}, ${fmt(r.hessian[1][1])}]]`,
      ),
      ...row('eigenvalues', `λ₁ = ${fmt(r.eigenvalues[0])}, λ₂ = ${fmt(r.eigenvalues[1])}`),
      ...row('eigenvectors', `v₁ = ${pair(r.eigenvectors[0])} (dashed), v₂ = ${pair(r.eigenvectors[1])}`),
      ...row('condition number', conditionNumber(r.eigenvalues)),
    ),
  );
}

function renderPaths(): void {
  if (state.pathsSurface !== state.surface) {
    replaceChildren(pathsList);
    return;
  }
  replaceChildren(
    pathsList,
    ...state.paths.map((p) => {
      const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.backgroundColor = seriesColor(colors, p.configIndex);
      const end = p.points.at(-1);
      return el(
        'li',
        { 'data-status': p.status },
        swatch,
        `${p.label}: ${p.status}, ${p.points.length - 1} steps, final loss ${fmt(p.finalLoss)}${end ? ` at ${pair(end)}` : ''}`,
        p.message ? el('span', { class: 'muted' }, ` — ${p.message}`) : null,
      );
    }),
  );
}

// ---- animation ----
function setFrame(k: number): void {
  frame = Math.max(0, Math.min(frames - 1, k));
  scrub.value = String(frame);
  draw();
}
function play(): void {
  if (frame >= frames - 1) frame = 0;
  playing = true;
  playButton.textContent = 'Pause';
  const tick = () => {
    if (!playing) return;
    setFrame(frame + 1);
    if (frame >= frames - 1) return stop();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
function stop(): void {
  playing = false;
  playButton.textContent = 'Play';
}
function resetAnimation(toEnd: boolean): void {
  const longest = Math.max(0, ...state.paths.map((p) => p.points.length));
  frames = frameCount(longest);
  scrub.max = String(frames - 1);
  setFrame(toEnd ? frames - 1 : 0);
}
playButton.addEventListener('click', () => (playing ? stop() : play()));
scrub.addEventListener('input', () => {
  stop();
  setFrame(Number(scrub.value));
});

// ---- requests ----
function request(
  m: SurfacesWebviewMessageInput & { payload: { requestId: string } },
  kind: 'grid' | 'inspect' | 'run',
): void {
  pending.set(m.payload.requestId, kind);
  host.post(m);
}

function showSurface(): void {
  const s = current();
  if (!s) return;
  surfaceSelect.value = s.name;
  formula.textContent = s.formula;
  report = null;
  cursor = null;
  replaceChildren(hessianBox, el('p', { class: 'muted' }, 'Click a point of the plot to inspect it.'));
  if (!grids.has(s.name))
    request({ type: 'grid', payload: { requestId: nextRequestId(), name: s.name, size: GRID_SIZE } }, 'grid');
  renderPaths();
  resetAnimation(true);
  draw();
}

function inspectAt(point: [number, number]): void {
  const s = current();
  if (!s) return;
  state.starts[s.name] = point;
  save();
  request({ type: 'inspect', payload: { requestId: nextRequestId(), name: s.name, point } }, 'inspect');
  draw();
}

surfaceSelect.addEventListener('change', () => {
  state.surface = surfaceSelect.value as Saved['surface'];
  save();
  showSurface();
});
stepsInput.addEventListener('input', () => {
  state.steps = stepsInput.value;
  save();
  updateRunButton();
});
runButton.addEventListener('click', () => {
  const s = current();
  const steps = stepsValue();
  if (!s || steps === null) return;
  const configs = state.rows.filter((r) => r.enabled).map(rowConfig);
  const optimizers = configs.flatMap((c) => (c.ok ? [c.config] : []));
  if (optimizers.length !== configs.length) return;
  stop();
  runNote.textContent = 'running on the engine…';
  request(
    {
      type: 'run',
      payload: {
        requestId: nextRequestId(),
        name: s.name,
        start: startOf(s),
        steps,
        optimizers,
      },
    },
    'run',
  );
  updateRunButton();
});
canvas.addEventListener('click', (e) => {
  const s = current();
  if (!s) return;
  const rect = canvas.getBoundingClientRect();
  const f = frameOf(s);
  const p = f.toWorld(
    ((e.clientX - rect.left) / rect.width) * f.w,
    ((e.clientY - rect.top) / rect.height) * f.h,
  );
  cursor = p;
  inspectAt(p);
});
canvas.addEventListener('mousemove', (e) => {
  const s = current();
  if (!s) return;
  const rect = canvas.getBoundingClientRect();
  const f = frameOf(s);
  coords.textContent = pair(
    f.toWorld(((e.clientX - rect.left) / rect.width) * f.w, ((e.clientY - rect.top) / rect.height) * f.h),
  );
});
canvas.addEventListener('keydown', (e) => {
  const s = current();
  if (!s) return;
  const [[x0, x1], [y0, y1]] = s.bounds;
  const c = cursor ?? startOf(s);
  const dx = (x1 - x0) / 50;
  const dy = (y1 - y0) / 50;
  const moves: Record<string, [number, number]> = {
    ArrowLeft: [-dx, 0],
    ArrowRight: [dx, 0],
    ArrowUp: [0, dy],
    ArrowDown: [0, -dy],
  };
  const m = moves[e.key];
  if (m) {
    cursor = [Math.min(x1, Math.max(x0, c[0] + m[0])), Math.min(y1, Math.max(y0, c[1] + m[1]))];
    coords.textContent = pair(cursor);
    draw();
    e.preventDefault();
  } else if (e.key === 'Enter' || e.key === ' ') {
    inspectAt(c);
    e.preventDefault();
  }
});

// ---- sizing and theme ----
function resize(): void {
  const dpr = window.devicePixelRatio || 1;
  const box = canvas.parentElement!.getBoundingClientRect();
  canvas.width = Math.max(100, Math.round(box.width * dpr));
  canvas.height = Math.max(100, Math.round(box.height * dpr));
  draw();
}
new ResizeObserver(resize).observe(canvas.parentElement!);
onThemeChange(() => {
  colors = themeColors();
  renderPaths();
  draw();
});

// ---- messages ----
function onMessage(m: SurfacesHostMessage): void {
  if (m.type === 'init') {
    surfaces = m.payload.surfaces;
    replaceChildren(surfaceSelect, ...surfaces.map((s) => el('option', { value: s.name }, s.name)));
    if (!current()) state.surface = surfaces[0]?.name ?? state.surface;
    stepsInput.value = state.steps;
    renderRows();
    showSurface();
    updateRunButton();
    return;
  }
  const kind = pending.get(m.payload.requestId);
  if (!kind) return;
  pending.delete(m.payload.requestId);
  switch (m.type) {
    case 'grid':
      grids.set(m.payload.grid.name, m.payload.grid);
      draw();
      return;
    case 'hessian':
      report = m.payload.report;
      renderReport();
      draw();
      return;
    case 'trajectories':
      state.paths = m.payload.trajectories.map((t) => ({
        label: t.label,
        configIndex: t.configIndex,
        status: t.status,
        finalLoss: t.finalLoss,
        message: t.message,
        points: thinPoints(trajectoryPoints(t.points), SAVED_POINTS),
      }));
      state.pathsSurface = state.surface;
      save();
      runNote.textContent = `${state.paths.length} runs ended; playing their paths.`;
      renderPaths();
      resetAnimation(false);
      updateRunButton();
      play();
      return;
    case 'error':
      if (kind === 'inspect') replaceChildren(hessianBox, el('p', { class: 'error' }, m.payload.message));
      else runNote.textContent = m.payload.message;
      updateRunButton();
      return;
  }
}
