// The loss-surface explorer's script: wires the page (explorerControls), the canvas
// (surfaceCanvas), the animation (pathAnimation) and the model (explorerState) to the host's
// messages. Every number comes from the host (the engine); this only draws.
import './surfaces.css';
import {
  surfacesHostMessageSchema,
  type HessianReportMessage,
  type SurfaceGridMessage,
  type SurfaceInfo,
  type SurfacesHostMessage,
  type SurfacesWebviewMessageInput,
} from '../../src/protocol/surfaceExplorer';
import { el } from '../shared/dom';
import { connectHost, nextRequestId } from '../shared/host';
import { onThemeChange, themeColors, type ThemeColors } from '../shared/theme';
import { buildExplorerPage, renderPaths, renderReport, renderRows, showHint } from './explorerControls';
import {
  longestPath,
  moveCursor,
  pathsOf,
  restoreState,
  runReadiness,
  startOf,
  stepsValue,
  type Saved,
} from './explorerState';
import { pair } from './hessianFacts';
import { rowConfig } from './optimizerRows';
import { PathAnimation } from './pathAnimation';
import { plotFrame, pointerWorld } from './plotFrame';
import { drawScene } from './surfaceCanvas';

const GRID_SIZE = 160;

let surfaces: SurfaceInfo[] = [];
const grids = new Map<string, SurfaceGridMessage>();
let colors: ThemeColors = themeColors();
let report: HessianReportMessage | null = null;
let cursor: [number, number] | null = null;
const pending = new Map<string, 'grid' | 'inspect' | 'run'>();

const host = connectHost<SurfacesHostMessage, SurfacesWebviewMessageInput>(
  surfacesHostMessageSchema,
  onMessage,
);
const state: Saved = restoreState(host.getState());
const save = () => host.setState(state);

const page = buildExplorerPage(document.getElementById('app')!);
const { canvas, surfaceSelect, stepsInput, runButton, runNote, hessianBox, pathsList, coords } = page;
const animation = new PathAnimation(page.playButton, page.scrub, draw);

function current(): SurfaceInfo | undefined {
  return surfaces.find((s) => s.name === state.surface);
}

function draw(): void {
  const s = current();
  if (!s) return;
  const grid = grids.get(s.name);
  drawScene(canvas, {
    surface: s,
    grid,
    state,
    report,
    cursor,
    frame: animation.frame,
    frames: animation.frames,
    colors,
  });
  document.documentElement.dataset['surfaceReady'] = grid ? 'true' : 'false';
}

function updateRunButton(): void {
  const r = runReadiness(state, surfaces.length > 0, [...pending.values()].includes('run'));
  runButton.disabled = !r.ok;
  stepsInput.setAttribute('aria-invalid', String(r.stepsInvalid));
  showHint(runNote, r.hint);
}

function showRows(): void {
  renderRows(
    page.rowsBox,
    state.rows,
    (i, row) => {
      state.rows[i] = row;
      save();
      updateRunButton();
    },
    (i) => state.rows[i]!,
  );
}

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
  page.formula.textContent = s.formula;
  report = null;
  cursor = null;
  renderReport(hessianBox, null);
  if (!grids.has(s.name))
    request({ type: 'grid', payload: { requestId: nextRequestId(), name: s.name, size: GRID_SIZE } }, 'grid');
  renderPaths(pathsList, state, colors);
  animation.reset(longestPath(state.paths), true);
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
  const steps = stepsValue(state.steps);
  if (!s || steps === null) return;
  const configs = state.rows.filter((r) => r.enabled).map(rowConfig);
  const optimizers = configs.flatMap((c) => (c.ok ? [c.config] : []));
  if (optimizers.length !== configs.length) return;
  animation.stop();
  runNote.textContent = 'running on the engine…';
  request(
    {
      type: 'run',
      payload: { requestId: nextRequestId(), name: s.name, start: startOf(state, s), steps, optimizers },
    },
    'run',
  );
  updateRunButton();
});
canvas.addEventListener('click', (e) => {
  const s = current();
  if (!s) return;
  const p = pointerWorld(
    plotFrame(s.bounds, canvas.width, canvas.height),
    canvas.getBoundingClientRect(),
    e.clientX,
    e.clientY,
  );
  cursor = p;
  inspectAt(p);
});
canvas.addEventListener('mousemove', (e) => {
  const s = current();
  if (!s) return;
  const f = plotFrame(s.bounds, canvas.width, canvas.height);
  coords.textContent = pair(pointerWorld(f, canvas.getBoundingClientRect(), e.clientX, e.clientY));
});
canvas.addEventListener('keydown', (e) => {
  const s = current();
  if (!s) return;
  const c = cursor ?? startOf(state, s);
  const moved = moveCursor(c, e.key, s.bounds);
  if (moved) {
    cursor = moved;
    coords.textContent = pair(moved);
    draw();
    e.preventDefault();
  } else if (e.key === 'Enter' || e.key === ' ') {
    inspectAt(c);
    e.preventDefault();
  }
});

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
  renderPaths(pathsList, state, colors);
  draw();
});

function onMessage(m: SurfacesHostMessage): void {
  if (m.type === 'init') {
    surfaces = m.payload.surfaces;
    surfaceSelect.replaceChildren(...surfaces.map((s) => el('option', { value: s.name }, s.name)));
    if (!current()) state.surface = surfaces[0]?.name ?? state.surface;
    stepsInput.value = state.steps;
    showRows();
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
      renderReport(hessianBox, report);
      draw();
      return;
    case 'trajectories':
      state.paths = pathsOf(m.payload.trajectories);
      state.pathsSurface = state.surface;
      save();
      runNote.textContent = `${state.paths.length} runs ended; playing their paths.`;
      renderPaths(pathsList, state, colors);
      animation.reset(longestPath(state.paths), false);
      updateRunButton();
      animation.play();
      return;
    case 'error':
      if (kind === 'inspect') hessianBox.replaceChildren(el('p', { class: 'error' }, m.payload.message));
      else runNote.textContent = m.payload.message;
      updateRunButton();
      return;
  }
}
