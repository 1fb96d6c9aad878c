// The lab's four line charts (loss, learning rate, gradient norm, data-parallel density): their
// figures and tools (PNG, SVG, zoom), the x zoom they share, and drawing the model's runs into them
// (the table's filter deciding which runs, its selection which to draw over the others).
import { el } from '../shared/dom';
import { bandDatasets, seriesDatasets, type LineDataset } from '../shared/meanBand';
import { seriesColor, withAlpha, type ThemeColors } from '../shared/theme';
import type { Diagnosis } from '../../src/protocol/diagnosis';
import { configDash, emphasisOf, lineLook, type Emphasis } from './chartStyle';
import { runsShown } from './chartFilter';
import { diagnosisMarker } from './diagnosisMarker';
import type { LabModel } from './labModel';
import { LineChart, rawDatasets, type AxisOptions } from './lineChart';
import { epochLossSeries, perSeriesCap, stepSeries, type DrawnSeries, type XMode } from './series';
import type { LabUiState } from './uiState';

export type ChartName = 'loss' | 'lr' | 'grad' | 'density';

interface Figure {
  figure: HTMLElement;
  canvas: HTMLCanvasElement;
  tools: HTMLElement;
}

function chartFigure(id: string, caption: string, hint: string): Figure {
  const canvas = el('canvas', {
    id,
    role: 'img',
    'aria-label': `${caption} chart; the results table below lists its numbers`,
  });
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

/** What drawing needs besides the model: the view choices, colours, the table's filter and selection. */
export interface DrawContext {
  ui: LabUiState;
  colors: ThemeColors;
  pointCap: number;
  /** Runs the table's filter keeps; null: every run. */
  shownRuns: ReadonlySet<string> | null;
  /** Runs of the configuration selected in the table; null: none. */
  selectedRuns: ReadonlySet<string> | null;
  marked: { key: string; diagnosis: Diagnosis } | null;
}

export interface ChartEvents {
  /** A user zoomed or panned one chart; the others follow already. */
  onRange(): void;
  onSave(chart: LineChart, name: ChartName, format: 'png' | 'svg'): void;
}

/** The lab's line charts and the x range they share. */
export class LabCharts {
  readonly loss = chartFigure(
    'loss-chart',
    'Loss',
    'Thick: training loss, thin: validation; band: ± one std over seeds; each configuration has its colour and dash pattern. Wheel to zoom x (every chart follows, y fits), drag to pan, shift-drag to select a range.',
  );
  readonly lr = chartFigure('lr-chart', 'Learning rate per run', 'One line per run.');
  readonly grad = chartFigure('grad-chart', 'Gradient norm per run', 'Before clipping, one line per run.');
  readonly density = chartFigure(
    'density-chart',
    'Density of the exchange per run',
    'Data-parallel runs: components sent / (workers × parameters) per step; the compression ratio against dense float32 is 1 / (2 × density).',
  );
  readonly section: HTMLElement;
  readonly ranges: Record<ChartName, [number, number] | null> = {
    loss: null,
    lr: null,
    grad: null,
    density: null,
  };
  readonly charts: Record<ChartName, LineChart>;
  private readonly yLabels: Record<ChartName, string> = {
    loss: 'loss',
    lr: 'learning rate',
    grad: 'gradient norm',
    density: 'density',
  };
  private seriesCache = new Map<string, { sig: string; series: DrawnSeries | null }>();

  constructor(private readonly events: ChartEvents) {
    this.density.figure.hidden = true;
    this.section = el(
      'section',
      { class: 'charts' },
      this.loss.figure,
      this.lr.figure,
      this.grad.figure,
      this.density.figure,
    );
    this.charts = {} as Record<ChartName, LineChart>;
  }

  /** Creates the charts; called once the section is in the document (chart.js needs it laid out). */
  attach(axes: (yLabel: string) => AxisOptions, colors: ThemeColors): void {
    const figures: Record<ChartName, Figure> = {
      loss: this.loss,
      lr: this.lr,
      grad: this.grad,
      density: this.density,
    };
    for (const name of Object.keys(figures) as ChartName[]) {
      this.charts[name] = this.make(name, figures[name], axes(this.yLabels[name]), colors);
    }
  }

  private make(name: ChartName, f: Figure, axes: AxisOptions, colors: ThemeColors): LineChart {
    const chart = new LineChart(f.canvas, axes, colors, (r) => {
      // The charts share their x axis (epoch, step or time): a zoom on one zooms them all.
      for (const other of Object.keys(this.charts) as ChartName[]) {
        this.ranges[other] = r;
        if (this.charts[other] !== chart) this.charts[other].setXRange(r);
      }
      this.events.onRange();
    });
    const label = this.yLabels[name];
    const tool = (text: string, aria: string, act: () => void, id?: string) => {
      const b = el(
        'button',
        {
          type: 'button',
          class: 'icon',
          'aria-label': `${aria} (${label} chart)`,
          title: aria,
          id: id ?? null,
        },
        text,
      );
      b.addEventListener('click', act);
      return b;
    };
    f.tools.append(
      tool('PNG', 'Save as PNG', () => this.events.onSave(chart, name, 'png'), `save-png-${name}`),
      tool('SVG', 'Save as SVG', () => this.events.onSave(chart, name, 'svg'), `save-svg-${name}`),
      tool('+', 'Zoom in', () => chart.zoomBy(1.25)),
      tool('−', 'Zoom out', () => chart.zoomBy(0.8)),
      tool('⟲', 'Reset zoom', () => chart.resetZoom()),
    );
    return chart;
  }

  /** New axes (x unit, log scales) or theme: every zoom is reset. */
  setAxes(axes: (yLabel: string) => AxisOptions, colors: ThemeColors): void {
    for (const name of Object.keys(this.charts) as ChartName[]) {
      this.ranges[name] = null;
      this.charts[name].setAxes(axes(this.yLabels[name]), colors);
    }
  }

  /** Forgets the drawn series (new records). */
  clearCache(): void {
    this.seriesCache = new Map();
  }

  /** Drawn series by what they depend on: live progress recomputes only the runs that moved. */
  private cached(key: string, sig: string, compute: () => DrawnSeries | null): DrawnSeries | null {
    const hit = this.seriesCache.get(key);
    if (hit && hit.sig === sig) return hit.series;
    const series = compute();
    this.seriesCache.set(key, { sig, series });
    return series;
  }

  /** A curve's datasets in its configuration's colour and dash pattern, with its emphasis. */
  private styled(
    s: DrawnSeries,
    name: string,
    position: number,
    emphasis: Emphasis,
    validation: boolean,
    d: DrawContext,
  ): LineDataset[] {
    const look = lineLook(emphasis, validation);
    const color = withAlpha(seriesColor(d.colors, position), look.alpha);
    const sets = seriesDatasets(s, name, color, validation, d.ui.logY);
    const line = sets[0]!;
    line.borderWidth = look.width;
    line.borderDash = configDash(position);
    if (d.ui.smoothing > 0 && emphasis !== 'faded') {
      const raw: LineDataset = {
        label: `${name} (raw)`,
        data: s.x.map((x, i) => ({ x, y: s.raw[i] ?? null, std: null, n: s.count[i] ?? 0 })),
        borderColor: withAlpha(color, 0.25),
        backgroundColor: withAlpha(color, 0.25),
        borderWidth: 1,
        borderDash: configDash(position),
        pointRadius: 0,
        fill: false,
        spanGaps: false,
      };
      rawDatasets.add(raw);
      sets.push(raw);
    }
    return sets;
  }

  /** Draws every configuration the legend and the table's filter keep; the selection over the rest. */
  draw(model: LabModel, d: DrawContext): void {
    const { ui } = d;
    const configs = model
      .configs()
      .filter((c) => !ui.hidden.includes(c.key))
      .map((c) => ({ ...c, runs: runsShown(c.runs, d.shownRuns) }))
      .filter((c) => c.runs.length > 0);
    // Faded curves first, so the selection is drawn over them.
    const order = (keys: string[]) => (emphasisOf(keys, d.selectedRuns) === 'faded' ? 0 : 1);
    configs.sort((a, b) => order(a.runs.map((r) => r.key)) - order(b.runs.map((r) => r.key)));
    const lossCap = perSeriesCap(configs.length * 2 * (ui.smoothing > 0 ? 2 : 1), d.pointCap);
    const lossRange = this.ranges.loss;
    const lossSets: LineDataset[] = [];
    for (const c of configs) {
      const emphasis = emphasisOf(
        c.runs.map((r) => r.key),
        d.selectedRuns,
      );
      const o = { xMode: ui.xMode, smoothing: ui.smoothing, cap: lossCap, range: lossRange };
      const sig = `${c.runs.map((r) => `${r.key}@${r.version}`).join(',')}|${ui.xMode}|${ui.smoothing}|${lossCap}|${lossRange}`;
      const curves = c.runs.map((r) => r.curves);
      const train = this.cached(`${c.key}|train`, sig, () => epochLossSeries(curves, 'train', o));
      const val = this.cached(`${c.key}|val`, sig, () => epochLossSeries(curves, 'val', o));
      if (train) lossSets.push(...this.styled(train, `${c.label} train`, c.position, emphasis, false, d));
      if (val) lossSets.push(...this.styled(val, `${c.label} val`, c.position, emphasis, true, d));
    }
    const mark = d.marked ? this.markerDataset(model, d.marked.key, d.marked.diagnosis, d) : null;
    if (mark) lossSets.push(mark);
    this.charts.loss.setData(lossSets);
    const runs = configs.flatMap((c) => c.runs.map((r) => ({ r, c })));
    const stepCap = perSeriesCap(runs.length, d.pointCap);
    const perRun = (which: 'lr' | 'gradNorm' | 'density', name: ChartName, smooth: number) => {
      const sets: LineDataset[] = [];
      const range = this.ranges[name];
      for (const { r, c } of runs) {
        const sig = `${r.version}|${ui.xMode}|${smooth}|${stepCap}|${range}`;
        const envelope = which === 'gradNorm' && smooth > 0;
        const s = this.cached(`${r.key}|${which}`, sig, () =>
          stepSeries(r.curves, which, { xMode: ui.xMode, smoothing: smooth, cap: stepCap, range, envelope }),
        );
        if (!s) continue;
        const label = c.runs.length > 1 ? `${c.label} seed ${r.summary.seed}` : c.label;
        const emphasis = emphasisOf([r.key], d.selectedRuns);
        const look = lineLook(emphasis, false);
        const color = withAlpha(seriesColor(d.colors, c.position), look.alpha);
        const line = seriesDatasets(s, label, color, false, ui.logY);
        line[0]!.borderWidth = look.width;
        line[0]!.borderDash = configDash(c.position);
        sets.push(...line);
        if (s.low && s.high && emphasis !== 'faded') sets.push(...this.envelope(s, label, color, ui.logY));
      }
      this.charts[name].setData(sets);
    };
    // A learning rate is not noisy: it is drawn as it is; gradient norms take the smoothing.
    perRun('lr', 'lr', 0);
    perRun('gradNorm', 'grad', ui.smoothing);
    // Shown only when some run trains data-parallel.
    this.density.figure.hidden = !runs.some(({ r }) => r.curves.stepDensity !== undefined);
    if (!this.density.figure.hidden) perRun('density', 'density', 0);
    document.documentElement.dataset['chartPoints'] = String(this.charts.loss.pointCount());
    document.documentElement.dataset['gradPoints'] = String(this.charts.grad.pointCount());
    // What the tests (and a reader of the DOM) see of the filter: how many configurations are drawn.
    document.documentElement.dataset['chartConfigs'] = String(configs.length);
    document.documentElement.dataset['chartFaded'] = String(
      configs.filter(
        (c) =>
          emphasisOf(
            c.runs.map((r) => r.key),
            d.selectedRuns,
          ) === 'faded',
      ).length,
    );
  }

  /** The marked diagnosis as a one-point dataset on the loss chart; the root element says where (for tests). */
  private markerDataset(
    model: LabModel,
    key: string,
    diagnosis: Diagnosis,
    d: DrawContext,
  ): LineDataset | null {
    const run = model.runs.get(key);
    const m = run ? diagnosisMarker(diagnosis, run.curves, d.ui.xMode as XMode) : null;
    document.documentElement.dataset['diagnosisMark'] = m ? `${diagnosis.kind}@${m.x},${m.y}` : '';
    if (!m) return null;
    return {
      label: m.label,
      data: [{ x: m.x, y: m.y, std: null, n: 1 }],
      borderColor: d.colors.foreground,
      backgroundColor: d.colors.foreground,
      pointStyle: 'triangle',
      pointRadius: 8,
      showLine: false,
    };
  }

  /**
   * The min/max band of a smoothed gradient norm (W&B's envelope): the smoothed line reads as the
   * trend, the faint band keeps the spikes the smoothing flattens. Kept out of the tooltip.
   */
  private envelope(s: DrawnSeries, name: string, color: string, logY: boolean): LineDataset[] {
    const at = (v: (number | null)[] | undefined) =>
      s.x.map((x, i) => {
        const y = v?.[i] ?? null;
        return { x, y: logY && y !== null && y <= 0 ? null : y, std: null, n: 1 };
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
}
