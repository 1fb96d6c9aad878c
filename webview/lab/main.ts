// The lab panel's script: validates the host's messages, keeps the model of the shown records
// current, and wires the page: charts (labCharts), results table, legend, controls, image export.
import './lab.css';
import { labHostMessageSchema, type LabHostMessage, type LabWebviewMessage } from '../../src/protocol/lab';
import type { Diagnosis } from '../../src/protocol/diagnosis';
import type { LrFindView } from '../../src/protocol/lrFindView';
import { el, replaceChildren } from '../shared/dom';
import { connectHost, nextRequestId } from '../shared/host';
import { onThemeChange, seriesColor, themeColors, type ThemeColors } from '../shared/theme';
import { initialView } from './chartDefaults';
import { chartRuns, selectedRuns } from './chartFilter';
import { configDash } from './chartStyle';
import { imageName, lineSwatch, pngDataUrl, type ImageFormat } from './imageExport';
import { LabCharts } from './labCharts';
import { LabModel } from './labModel';
import * as page from './labPage';
import type { AxisOptions } from './lineChart';
import { LrFindSection } from './lrFindView';
import { resultRows, type SortState } from './resultsModel';
import { ResultsTable } from './resultsTable';
import { SearchView } from './searchView';
import type { XMode } from './series';
import { DEFAULT_UI, readUiState, type LabUiState } from './uiState';
import { DetailRequests } from './detailRequests';

const model = new LabModel();
let colors: ThemeColors = themeColors();
let stars = new Set<string>();
let recordDirs: string[] = [];
let follow = true;
let pointCap = 2000;
let ui: LabUiState = { ...DEFAULT_UI };
// The diagnosis a click on the results table's icon marks on the loss chart (not kept across reloads).
let marked: { key: string; diagnosis: Diagnosis } | null = null;
// The configuration selected in the table (its key), drawn over the others.
let selected: string | null = null;

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

const table = new ResultsTable({
  onStar: (r) => host.post({ type: 'toggleStar', payload: { recordDir: r.recordDir, runId: r.runId } }),
  onDiagnosis: (r, d) => {
    marked = { key: r.key, diagnosis: d };
    scheduleDraw();
    // The mark is on the loss chart, above the table: bring it into view.
    charts.loss.figure.scrollIntoView({ block: 'nearest' });
  },
  onRemedy: (r) => host.post({ type: 'applyRemedy', payload: { recordDir: r.recordDir, runId: r.runId } }),
  onSort: (s: SortState) => {
    ui = { ...ui, sort: s };
    saveState();
    renderTable();
  },
  onSelect: (key) => {
    selected = key;
    scheduleDraw();
  },
});

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

const charts = new LabCharts({
  onRange: () => {
    scheduleDraw();
    detail.rangeChanged(charts.ranges.loss);
  },
  onSave: (chart, name, format) => saveImage(name, format, chart.canvas, () => chart.toSvg(colors)),
});
const detail = new DetailRequests({
  post: (m) => host.post(m),
  xMode: () => ui.xMode,
  runs: () => [...model.runs.values()].map((r) => r.curves),
  width: () => (charts.charts.grad.chart.chartArea?.width ?? 800) * window.devicePixelRatio,
});
const searchView = new SearchView(() => colors, saveImage);
// Records opened by Find Learning Rate carry their sweep and range test (lr-find.json).
let lrFindRecords: { recordDir: string; lrFind?: LrFindView | null | undefined }[] = [];
const lrFindSection = new LrFindSection(
  (recordDir, lr) => host.post({ type: 'useLr', payload: { recordDir, lr } }),
  saveImage,
);

replaceChildren(
  document.getElementById('app')!,
  page.header,
  page.emptyNote,
  page.toolbar,
  page.legend,
  lrFindSection.section,
  charts.section,
  searchView.section,
  page.resultsSection(table.table),
);
charts.attach(axes, colors);

// ---- drawing ----
function drawCharts(): void {
  // Ranking the rows costs a pass over every run: only when a filter or a selection needs them.
  const rows = ui.filter.trim() !== '' || selected !== null ? resultRows(model, stars) : [];
  const shownRuns = chartRuns(rows, ui.filter);
  // A selection the filter hides is not drawn over anything.
  const chosen = selectedRuns(rows, selected);
  const visibleChosen = chosen && shownRuns ? new Set([...chosen].filter((k) => shownRuns.has(k))) : chosen;
  charts.draw(model, {
    ui,
    colors,
    pointCap,
    shownRuns,
    selectedRuns: visibleChosen && visibleChosen.size > 0 ? visibleChosen : null,
    marked,
  });
}

function renderLegend(): void {
  replaceChildren(
    page.legend,
    ...model.configs().map((c) => {
      const shown = !ui.hidden.includes(c.key);
      const b = el(
        'button',
        {
          type: 'button',
          class: 'legend-item',
          'aria-pressed': String(shown),
          title: shown ? 'Hide' : 'Show',
        },
        lineSwatch(seriesColor(colors, c.position), configDash(c.position)),
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
  page.noMatch.hidden = !hidesAll;
  if (hidesAll) page.noMatchText.textContent = `No run matches the filter “${ui.filter.trim()}”. `;
}

const renderHeader = (): void => page.renderHeader(model, follow);

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
  page.xSelect.value = ui.xMode;
  page.smoothing.value = String(ui.smoothing);
  page.smoothingValue.textContent = ui.smoothing.toFixed(3);
  page.logX.checked = ui.logX;
  page.logY.checked = ui.logY;
  page.filter.value = ui.filter;
}
function axesChanged(): void {
  charts.setAxes(axes, colors);
  saveState();
  drawCharts();
  // New axes reset the zoom: curves cut to the old zoom give way to the overview.
  detail.rangeChanged(null);
}
page.xSelect.addEventListener('change', () => {
  ui = { ...ui, xMode: page.xSelect.value as XMode };
  axesChanged();
});
page.smoothing.addEventListener('input', () => {
  ui = { ...ui, smoothing: Math.min(0.999, Math.max(0, Number(page.smoothing.value))) };
  page.smoothingValue.textContent = ui.smoothing.toFixed(3);
  saveState();
  scheduleDraw();
});
page.logX.addEventListener('change', () => {
  ui = { ...ui, logX: page.logX.checked };
  axesChanged();
});
page.logY.addEventListener('change', () => {
  ui = { ...ui, logY: page.logY.checked };
  axesChanged();
});
function setFilter(text: string): void {
  ui = { ...ui, filter: text };
  saveState();
  renderTable();
  // The charts draw what the table keeps.
  scheduleDraw();
}
page.filter.addEventListener('input', () => setFilter(page.filter.value));
page.clearFilter.addEventListener('click', () => {
  page.filter.value = '';
  setFilter('');
  page.filter.focus();
});

// ---- saving ----
const pendingExports = new Set<string>();
const pendingImages = new Set<string>();
const recordIds = () => model.records.map((r) => r.record.id);

/** Sends a canvas as a PNG to the host, which asks where to save it. */
function savePng(canvas: HTMLCanvasElement, name: string): void {
  const dataUrl = pngDataUrl(canvas, colors.background);
  if (!dataUrl) return;
  const requestId = nextRequestId();
  pendingImages.add(requestId);
  host.post({
    type: 'saveImage',
    payload: { requestId, suggestedName: imageName(recordIds(), name, 'png'), dataUrl },
  });
  page.exportNote.textContent = 'choosing where to save the image…';
}

/** Saves a chart as a PNG of its canvas or as the SVG `svg` builds from its data. */
function saveImage(
  name: string,
  format: ImageFormat,
  canvas: HTMLCanvasElement,
  svgOf: () => string | null,
): void {
  if (format === 'png') return savePng(canvas, name);
  const svg = svgOf();
  if (svg === null) return;
  const requestId = nextRequestId();
  pendingImages.add(requestId);
  // What the tests read of the image sent (its size and series), without a save dialog of their own.
  document.documentElement.dataset['lastSvg'] = `${svg.length}`;
  host.post({
    type: 'saveSvg',
    payload: { requestId, suggestedName: imageName(recordIds(), name, 'svg'), svg },
  });
  page.exportNote.textContent = 'choosing where to save the image…';
}

page.exportButton.addEventListener('click', () => {
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
  page.exportNote.textContent = 'choosing where to save…';
});
page.cancelButton.addEventListener('click', () => {
  for (const r of model.records)
    if (r.live) host.post({ type: 'cancel', payload: { recordDir: r.recordDir, runId: null } });
});
onThemeChange(() => {
  colors = themeColors();
  charts.setAxes(axes, colors);
  detail.rangeChanged(null);
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
      detail.reset();
      if (firstView) {
        // Log y and smoothing chosen from the data (chartDefaults); the user's choices win afterwards.
        const runs = [...model.runs.values()];
        const view = initialView(
          runs.flatMap((r) => [r.curves.epochTrain, r.curves.epochVal]),
          runs.map((r) => r.curves.stepGradNorm),
          m.payload.settings.smoothing,
        );
        ui = { ...ui, ...view };
      }
      charts.setAxes(axes, colors);
      charts.clearCache();
      recordDirs = m.payload.records.map((r) => r.recordDir);
      lrFindRecords = m.payload.records;
      lrFindSection.render(lrFindRecords, colors);
      page.emptyNote.hidden = m.payload.empty === null;
      page.emptyNote.textContent = m.payload.empty ?? '';
      selected = null;
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
    case 'rangeCurves':
      if (detail.answer(m.payload.requestId) && model.applyRange(m.payload.records)) scheduleDraw();
      return;
    case 'stars':
      stars = new Set(m.payload.stars);
      renderTable();
      return;
    case 'exportCsvResult':
      if (!pendingExports.delete(m.payload.requestId)) return;
      page.exportNote.textContent = m.payload.saved ? `saved ${m.payload.saved}` : 'not saved';
      return;
    case 'saveImageResult':
      if (!pendingImages.delete(m.payload.requestId)) return;
      page.exportNote.textContent = m.payload.saved ? `saved ${m.payload.saved}` : 'image not saved';
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
