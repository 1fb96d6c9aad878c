// The lab panel's script: validates the host's messages, keeps the model of the shown records
// current, and draws the loss, learning-rate and gradient-norm charts and the results table.
import './lab.css';
import { labHostMessageSchema, type LabHostMessage, type LabWebviewMessage } from '../../src/protocol/lab';
import { el, replaceChildren } from '../shared/dom';
import { connectHost, nextRequestId } from '../shared/host';
import { bandDatasets, seriesDatasets, type LineDataset } from '../shared/meanBand';
import { onThemeChange, seriesColor, themeColors, withAlpha, type ThemeColors } from '../shared/theme';
import { LabModel } from './labModel';
import { LineChart, rawDatasets, type AxisOptions } from './lineChart';
import { resultRows, type SortState } from './resultsModel';
import { diagnosisMarker } from './diagnosisMarker';
import type { Diagnosis } from '../../src/protocol/diagnosis';
import { LrFindSection } from './lrFindView';
import type { LrFindView } from '../../src/protocol/lrFindView';
import { ResultsTable } from './resultsTable';
import { SearchView } from './searchView';
import {
  epochLossSeries,
  perSeriesCap,
  spansDecades,
  stepSeries,
  type DrawnSeries,
  type XMode,
} from './series';
import { DEFAULT_UI, readUiState, type LabUiState } from './uiState';

const model = new LabModel();
let colors: ThemeColors = themeColors();
let stars = new Set<string>();
let recordDirs: string[] = [];
let follow = true;
let pointCap = 2000;
let ui: LabUiState = { ...DEFAULT_UI };

const host = connectHost<LabHostMessage, LabWebviewMessage>(labHostMessageSchema, onMessage);
{
  const restored = readUiState(host.getState());
  ui = restored.ui;
  recordDirs = restored.recordDirs;
  follow = restored.follow;
}

function saveState(): void {
  host.setState({ recordDirs, follow, ui });
}

// ---- the page ----
const app = document.getElementById('app')!;
const status = el('span', { id: 'lab-status', role: 'status', class: 'status-badge' }, 'loading');
const detail = el('span', { id: 'lab-detail', class: 'muted' });
const title = el('h1', {}, 'Optimizer Lab');
const cancelButton = el(
  'button',
  { type: 'button', id: 'lab-cancel', class: 'secondary', hidden: true },
  'Cancel runs',
);
const emptyNote = el('p', { id: 'lab-empty', class: 'empty', hidden: true });

const xSelect = el(
  'select',
  { id: 'x-mode', 'aria-label': 'x axis' },
  el('option', { value: 'epoch' }, 'epoch'),
  el('option', { value: 'step' }, 'step'),
  el('option', { value: 'time' }, 'wall time'),
  el('option', { value: 'bytes' }, 'bytes sent'),
  el('option', { value: 'commTime' }, 'simulated comm time'),
);
const smoothing = el('input', {
  id: 'smoothing',
  type: 'range',
  min: 0,
  max: 0.999,
  step: 0.001,
  'aria-label': 'EMA smoothing weight',
});
const smoothingValue = el('output', { for: 'smoothing', id: 'smoothing-value' });
const logX = el('input', { type: 'checkbox', id: 'log-x' });
const logY = el('input', { type: 'checkbox', id: 'log-y' });
const legend = el('div', {
  id: 'legend',
  class: 'legend',
  role: 'group',
  'aria-label': 'Configurations shown',
});
const filter = el('input', {
  id: 'results-filter',
  type: 'search',
  placeholder: 'Filter: Adam, diverged, seed:1, starred…',
  'aria-label': 'Filter runs',
});
const exportButton = el('button', { type: 'button', id: 'export-csv', class: 'secondary' }, 'Export CSV…');
const exportNote = el('span', { class: 'muted', role: 'status' });
// The diagnosis a click on the results table's icon marks on the loss chart (not kept across reloads).
let marked: { key: string; diagnosis: Diagnosis } | null = null;
const table = new ResultsTable({
  onStar: (r) => host.post({ type: 'toggleStar', payload: { recordDir: r.recordDir, runId: r.runId } }),
  onDiagnosis: (r, d) => {
    marked = { key: r.key, diagnosis: d };
    scheduleDraw();
    // The mark is on the loss chart, above the table: bring it into view.
    loss.figure.scrollIntoView({ block: 'nearest' });
  },
  onRemedy: (r) => host.post({ type: 'applyRemedy', payload: { recordDir: r.recordDir, runId: r.runId } }),
  onSort: (s: SortState) => {
    ui = { ...ui, sort: s };
    saveState();
    renderTable();
  },
});

function chartFigure(
  id: string,
  caption: string,
  hint: string,
): { figure: HTMLElement; canvas: HTMLCanvasElement; tools: HTMLElement } {
  const canvas = el('canvas', { id, role: 'img', 'aria-label': caption });
  const tools = el('span', { class: 'chart-tools' });
  const figure = el(
    'figure',
    { class: 'chart' },
    el('figcaption', {}, el('span', {}, caption), tools),
    el('div', { class: 'canvas-box' }, canvas),
    el('p', { class: 'hint muted' }, hint),
  );
  return { figure, canvas, tools };
}

const loss = chartFigure(
  'loss-chart',
  'Loss',
  'Solid: training loss, dashed: validation; band: ± one std over seeds. Wheel to zoom x (every chart follows, y fits), drag to pan, shift-drag to select a range.',
);
const lr = chartFigure('lr-chart', 'Learning rate per run', 'One line per run.');
const grad = chartFigure('grad-chart', 'Gradient norm per run', 'Before clipping, one line per run.');
const density = chartFigure(
  'density-chart',
  'Density of the exchange per run',
  'Data-parallel runs: components sent / (workers × parameters) per step; the compression ratio against dense float32 is 1 / (2 × density).',
);
density.figure.hidden = true;

const noMatchText = el('span', {});
const clearFilter = el('button', { type: 'button', id: 'clear-filter' }, 'Clear filter');
const noMatch = el(
  'p',
  { id: 'no-match', class: 'muted', role: 'status', hidden: true },
  noMatchText,
  clearFilter,
);

const searchView = new SearchView(
  () => colors,
  (canvas, name) => saveImage(canvas, name),
);
// Records opened by Find Learning Rate carry their sweep and range test (lr-find.json).
let lrFindRecords: { recordDir: string; lrFind?: LrFindView | null | undefined }[] = [];
const lrFindSection = new LrFindSection((recordDir, lr) =>
  host.post({ type: 'useLr', payload: { recordDir, lr } }),
);

const label = (text: string, control: HTMLElement) => el('label', { class: 'control' }, text, control);
replaceChildren(
  app,
  el('header', { class: 'lab-header' }, title, el('div', { class: 'state' }, status, detail, cancelButton)),
  emptyNote,
  el(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart options' },
    label('x axis', xSelect),
    el('label', { class: 'control' }, 'smoothing', smoothing, smoothingValue),
    el('label', { class: 'control' }, logX, 'log x'),
    el('label', { class: 'control' }, logY, 'log y'),
  ),
  legend,
  lrFindSection.section,
  el('section', { class: 'charts' }, loss.figure, lr.figure, grad.figure, density.figure),
  searchView.section,
  el(
    'section',
    { class: 'results-section' },
    el('h2', {}, 'Results'),
    el('div', { class: 'results-tools' }, filter, exportButton, exportNote),
    noMatch,
    el('div', { class: 'scroll' }, table.table),
  ),
);

const ranges: Record<string, [number, number] | null> = { loss: null, lr: null, grad: null, density: null };
const zoomed: Record<string, LineChart> = {};
function makeChart(
  name: string,
  f: { canvas: HTMLCanvasElement; tools: HTMLElement },
  yLabel: string,
): LineChart {
  const chart = new LineChart(f.canvas, axes(yLabel), colors, (r) => {
    // The charts share their x axis (epoch, step or time): a zoom on one zooms them all.
    for (const [otherName, other] of Object.entries(zoomed)) {
      ranges[otherName] = r;
      if (other !== chart) other.setXRange(r);
    }
    scheduleDraw();
  });
  zoomed[name] = chart;
  const tool = (text: string, aria: string, act: () => void) => {
    const b = el(
      'button',
      { type: 'button', class: 'icon', 'aria-label': `${aria} (${yLabel} chart)`, title: aria },
      text,
    );
    b.addEventListener('click', act);
    return b;
  };
  f.tools.append(
    tool('PNG', 'Save as PNG', () => saveImage(f.canvas, name)),
    tool('+', 'Zoom in', () => chart.zoomBy(1.25)),
    tool('−', 'Zoom out', () => chart.zoomBy(0.8)),
    tool('⟲', 'Reset zoom', () => chart.resetZoom()),
  );
  return chart;
}

function xLabel(mode: XMode): string {
  // A surface run's epoch is one step.
  const surfaces = model.records.length > 0 && model.records.every((r) => r.record.dataset === null);
  if (mode === 'bytes') return 'bytes sent (all workers)';
  if (mode === 'commTime') return 'simulated communication time (s)';
  return mode === 'time' ? 'wall time (s)' : surfaces ? 'step' : mode;
}
function axes(yLabel: string): AxisOptions {
  return { xLabel: xLabel(ui.xMode), yLabel, logX: ui.logX, logY: ui.logY };
}

const lossChart = makeChart('loss', loss, 'loss');
const lrChart = makeChart('lr', lr, 'learning rate');
const gradChart = makeChart('grad', grad, 'gradient norm');
const densityChart = makeChart('density', density, 'density');
const charts: [LineChart, string][] = [
  [lossChart, 'loss'],
  [lrChart, 'learning rate'],
  [gradChart, 'gradient norm'],
  [densityChart, 'density'],
];

// ---- drawing ----
function lineDatasets(s: DrawnSeries, name: string, color: string, dashed: boolean): LineDataset[] {
  const sets = seriesDatasets(s, name, color, dashed, ui.logY);
  if (ui.smoothing > 0) {
    const raw: LineDataset = {
      label: `${name} (raw)`,
      data: s.x.map((x, i) => ({ x, y: s.raw[i] ?? null, std: null, n: s.count[i] ?? 0 })),
      borderColor: withAlpha(color, 0.25),
      backgroundColor: withAlpha(color, 0.25),
      borderWidth: 1,
      borderDash: dashed ? [6, 4] : [],
      pointRadius: 0,
      fill: false,
      spanGaps: false,
    };
    rawDatasets.add(raw);
    sets.push(raw);
  }
  return sets;
}

/**
 * Drawn series by what they depend on: toggling a log axis or a legend entry redraws from here, and
 * live progress recomputes only the runs that moved.
 */
let seriesCache = new Map<string, { sig: string; series: DrawnSeries | null }>();
function cached(key: string, sig: string, compute: () => DrawnSeries | null): DrawnSeries | null {
  const hit = seriesCache.get(key);
  if (hit && hit.sig === sig) return hit.series;
  const series = compute();
  seriesCache.set(key, { sig, series });
  return series;
}

function drawCharts(): void {
  const configs = model.configs().filter((c) => !ui.hidden.includes(c.key));
  const lossCap = perSeriesCap(configs.length * 2 * (ui.smoothing > 0 ? 2 : 1), pointCap);
  const lossRange = ranges['loss'] ?? null;
  const lossSets: LineDataset[] = [];
  for (const c of configs) {
    const color = seriesColor(colors, c.position);
    const o = { xMode: ui.xMode, smoothing: ui.smoothing, cap: lossCap, range: lossRange };
    const sig = `${c.runs.map((r) => `${r.key}@${r.version}`).join(',')}|${ui.xMode}|${ui.smoothing}|${lossCap}|${lossRange}`;
    const curves = c.runs.map((r) => r.curves);
    const train = cached(`${c.key}|train`, sig, () => epochLossSeries(curves, 'train', o));
    const val = cached(`${c.key}|val`, sig, () => epochLossSeries(curves, 'val', o));
    if (train) lossSets.push(...lineDatasets(train, `${c.label} train`, color, false));
    if (val) lossSets.push(...lineDatasets(val, `${c.label} val`, color, true));
  }
  const mark = marked ? markerDataset(marked.key, marked.diagnosis) : null;
  if (mark) lossSets.push(mark);
  lossChart.setData(lossSets);
  const runs = configs.flatMap((c) => c.runs.map((r) => ({ r, c })));
  const stepCap = perSeriesCap(runs.length, pointCap);
  const perRun = (
    which: 'lr' | 'gradNorm' | 'density',
    chart: LineChart,
    range: [number, number] | null,
    smooth: number,
  ) => {
    const sets: LineDataset[] = [];
    for (const { r, c } of runs) {
      const sig = `${r.version}|${ui.xMode}|${smooth}|${stepCap}|${range}`;
      const envelope = which === 'gradNorm' && smooth > 0;
      const s = cached(`${r.key}|${which}`, sig, () =>
        stepSeries(r.curves, which, { xMode: ui.xMode, smoothing: smooth, cap: stepCap, range, envelope }),
      );
      if (!s) continue;
      const name = c.runs.length > 1 ? `${c.label} seed ${r.summary.seed}` : c.label;
      const color = seriesColor(colors, c.position);
      sets.push(...seriesDatasets(s, name, color, false, ui.logY));
      if (s.low && s.high) sets.push(...envelopeDatasets(s, name, color));
    }
    chart.setData(sets);
  };
  // A learning rate is not noisy: it is drawn as it is; gradient norms take the smoothing.
  perRun('lr', lrChart, ranges['lr'] ?? null, 0);
  perRun('gradNorm', gradChart, ranges['grad'] ?? null, ui.smoothing);
  // Shown only when some run trains data-parallel.
  density.figure.hidden = !runs.some(({ r }) => r.curves.stepDensity !== undefined);
  if (!density.figure.hidden) perRun('density', densityChart, ranges['density'] ?? null, 0);
  document.documentElement.dataset['chartPoints'] = String(lossChart.pointCount());
}

/** The marked diagnosis as a one-point dataset on the loss chart; the root element says where (for tests). */
function markerDataset(key: string, d: Diagnosis): LineDataset | null {
  const run = model.runs.get(key);
  const m = run ? diagnosisMarker(d, run.curves, ui.xMode) : null;
  document.documentElement.dataset['diagnosisMark'] = m ? `${d.kind}@${m.x},${m.y}` : '';
  if (!m) return null;
  return {
    label: m.label,
    data: [{ x: m.x, y: m.y, std: null, n: 1 }],
    borderColor: colors.foreground,
    backgroundColor: colors.foreground,
    pointStyle: 'triangle',
    pointRadius: 8,
    showLine: false,
  };
}

/**
 * The min/max band of a smoothed gradient norm (W&B's envelope): the smoothed line reads as the
 * trend, the faint band keeps the spikes the smoothing flattens. Kept out of the tooltip.
 */
function envelopeDatasets(s: DrawnSeries, name: string, color: string): LineDataset[] {
  const at = (v: (number | null)[] | undefined) =>
    s.x.map((x, i) => {
      const y = v?.[i] ?? null;
      return { x, y: ui.logY && y !== null && y <= 0 ? null : y, std: null, n: 1 };
    });
  const edge = {
    borderWidth: 0,
    pointRadius: 0,
    pointHoverRadius: 0,
    borderColor: 'transparent',
    spanGaps: false,
  };
  const high: LineDataset = { ...edge, label: `${name} max`, data: at(s.high), fill: false };
  const low: LineDataset = {
    ...edge,
    label: `${name} min`,
    data: at(s.low),
    fill: '-1',
    backgroundColor: withAlpha(color, 0.12),
  };
  bandDatasets.add(high);
  bandDatasets.add(low);
  return [high, low];
}

function renderLegend(): void {
  const configs = model.configs();
  replaceChildren(
    legend,
    ...configs.map((c) => {
      const shown = !ui.hidden.includes(c.key);
      const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.backgroundColor = seriesColor(colors, c.position);
      const b = el(
        'button',
        {
          type: 'button',
          class: 'legend-item',
          'aria-pressed': String(shown),
          title: shown ? 'Hide' : 'Show',
        },
        swatch,
        c.label,
      );
      b.addEventListener('click', () => {
        ui = { ...ui, hidden: shown ? [...ui.hidden, c.key] : ui.hidden.filter((k) => k !== c.key) };
        saveState();
        renderLegend();
        scheduleDraw();
      });
      return b;
    }),
  );
}

function objectiveHead(): string {
  const objs = new Set(model.records.map((r) => `${r.record.objective.metric} (${r.record.objective.use})`));
  return objs.size === 1 ? `objective: ${[...objs][0]}` : 'objective';
}

function renderTable(): void {
  table.render(resultRows(model, stars), model.compare, objectiveHead(), ui.sort, ui.filter, (p) =>
    seriesColor(colors, p),
  );
  // A filter kept from another record can hide every row: say so rather than show an empty table.
  const hidesAll = ui.filter.trim() !== '' && table.rowCount === 0 && model.runs.size > 0;
  noMatch.hidden = !hidesAll;
  if (hidesAll) noMatchText.textContent = `No run matches the filter “${ui.filter.trim()}”. `;
}

function renderHeader(): void {
  const s = model.status();
  status.textContent = s === 'empty' ? 'empty' : s;
  status.className = `status-badge status-${s}`;
  const names = model.records.map((r) => model.nameOf(r));
  title.textContent =
    names.length === 0 ? 'Optimizer Lab' : names.length === 1 ? names[0]! : `Compare: ${names.join(', ')}`;
  const runs = [...model.runs.values()];
  const ended = runs.filter((r) => !['queued', 'running'].includes(r.summary.status)).length;
  detail.textContent = runs.length
    ? `${ended}/${runs.length} runs ended${follow ? ' · follows new runs' : ''}`
    : '';
  cancelButton.hidden = s !== 'running';
}

let drawPending = false;
let lastDraw = 0;
/** Live progress arrives many times a second; redraw at most four times a second. */
function scheduleDraw(): void {
  if (drawPending) return;
  drawPending = true;
  const wait = Math.max(0, 250 - (performance.now() - lastDraw));
  setTimeout(() => {
    requestAnimationFrame(() => {
      drawPending = false;
      lastDraw = performance.now();
      drawCharts();
    });
  }, wait);
}

function renderAll(): void {
  searchView.render(model.records);
  renderHeader();
  renderLegend();
  renderTable();
  drawCharts();
  document.documentElement.dataset['labReady'] = 'true';
}

// ---- controls ----
function syncControls(): void {
  xSelect.value = ui.xMode;
  smoothing.value = String(ui.smoothing);
  smoothingValue.textContent = ui.smoothing.toFixed(3);
  logX.checked = ui.logX;
  logY.checked = ui.logY;
  filter.value = ui.filter;
}
function axesChanged(): void {
  for (const k of Object.keys(ranges)) ranges[k] = null;
  for (const [c, y] of charts) c.setAxes(axes(y), colors);
  saveState();
  drawCharts();
}
xSelect.addEventListener('change', () => {
  ui = { ...ui, xMode: xSelect.value as XMode };
  axesChanged();
});
smoothing.addEventListener('input', () => {
  ui = { ...ui, smoothing: Math.min(0.999, Math.max(0, Number(smoothing.value))) };
  smoothingValue.textContent = ui.smoothing.toFixed(3);
  saveState();
  scheduleDraw();
});
logX.addEventListener('change', () => {
  ui = { ...ui, logX: logX.checked };
  axesChanged();
});
logY.addEventListener('change', () => {
  ui = { ...ui, logY: logY.checked };
  axesChanged();
});
filter.addEventListener('input', () => {
  ui = { ...ui, filter: filter.value };
  saveState();
  renderTable();
});
clearFilter.addEventListener('click', () => {
  ui = { ...ui, filter: '' };
  filter.value = '';
  saveState();
  renderTable();
  filter.focus();
});
const pendingExports = new Set<string>();
const pendingImages = new Set<string>();

/**
 * Sends a chart as a PNG to the host, which asks where to save it. The canvas is drawn on the
 * theme's background first: a transparent PNG of light text would be unreadable in a light viewer.
 */
function saveImage(canvas: HTMLCanvasElement, name: string): void {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (!ctx) return;
  ctx.fillStyle = colors.background;
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(canvas, 0, 0);
  const requestId = nextRequestId();
  pendingImages.add(requestId);
  const base = (model.records.length === 1 ? model.records[0]!.record.id : 'compare').replace(
    /[^A-Za-z0-9._-]+/g,
    '-',
  );
  host.post({
    type: 'saveImage',
    payload: {
      requestId,
      suggestedName: `${base.slice(0, 80)}-${name}.png`,
      dataUrl: out.toDataURL('image/png'),
    },
  });
  exportNote.textContent = 'choosing where to save the image…';
}
exportButton.addEventListener('click', () => {
  const requestId = nextRequestId();
  pendingExports.add(requestId);
  const base = (model.records.length === 1 ? model.records[0]!.record.id : 'compare').replace(
    /[^A-Za-z0-9._-]+/g,
    '-',
  );
  host.post({
    type: 'exportCsv',
    payload: { requestId, suggestedName: `${base.slice(0, 100)}-results.csv`, csv: table.csv() },
  });
  exportNote.textContent = 'choosing where to save…';
});
cancelButton.addEventListener('click', () => {
  for (const r of model.records)
    if (r.live) host.post({ type: 'cancel', payload: { recordDir: r.recordDir, runId: null } });
});
onThemeChange(() => {
  colors = themeColors();
  for (const [c, y] of charts) c.setAxes(axes(y), colors);
  lrFindSection.render(lrFindRecords, colors);
  renderAll();
});
syncControls();

// ---- messages ----
function onMessage(m: LabHostMessage): void {
  switch (m.type) {
    case 'init': {
      pointCap = m.payload.settings.pointCap;
      const firstView = !host.getState();
      stars = new Set(m.payload.stars);
      follow = m.payload.follow;
      model.load(m.payload.records);
      if (firstView) {
        const losses = [...model.runs.values()].flatMap((r) => [r.curves.epochTrain, r.curves.epochVal]);
        ui = { ...ui, smoothing: m.payload.settings.smoothing, logY: spansDecades(losses) };
      }
      for (const [c, y] of charts) c.setAxes(axes(y), colors);
      seriesCache = new Map();
      recordDirs = m.payload.records.map((r) => r.recordDir);
      lrFindRecords = m.payload.records;
      lrFindSection.render(lrFindRecords, colors);
      emptyNote.hidden = m.payload.empty === null;
      emptyNote.textContent = m.payload.empty ?? '';
      for (const k of Object.keys(ranges)) ranges[k] = null;
      saveState();
      syncControls();
      renderAll();
      return;
    }
    case 'progress':
      if (model.progress(m.payload.recordDir, m.payload.runId, m.payload.progress)) {
        renderHeaderSoon();
        scheduleDraw();
      }
      return;
    case 'runEnd':
      if (
        model.runEnd(
          m.payload.recordDir,
          m.payload.summary,
          m.payload.record,
          m.payload.curves,
          m.payload.search,
        )
      ) {
        if (m.payload.search) searchView.render(model.records);
        renderHeader();
        renderTable();
        scheduleDraw();
      }
      return;
    case 'finish':
      if (model.finish(m.payload.recordDir, m.payload.record, m.payload.search)) renderAll();
      return;
    case 'stars':
      stars = new Set(m.payload.stars);
      renderTable();
      return;
    case 'exportCsvResult':
      if (!pendingExports.delete(m.payload.requestId)) return;
      exportNote.textContent = m.payload.saved ? `saved ${m.payload.saved}` : 'not saved';
      return;
    case 'saveImageResult':
      if (!pendingImages.delete(m.payload.requestId)) return;
      exportNote.textContent = m.payload.saved ? `saved ${m.payload.saved}` : 'image not saved';
      return;
  }
}

let headerPending = false;
/** A queued run's first progress turns its row to running: the table follows, without redrawing per batch. */
function renderHeaderSoon(): void {
  if (headerPending) return;
  headerPending = true;
  setTimeout(() => {
    headerPending = false;
    renderHeader();
    renderTable();
  }, 300);
}
