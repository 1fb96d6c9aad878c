import {
  Chart,
  Filler,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartOptions,
  type TooltipItem,
} from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { bandDatasets, type LineDataset, type MeanPoint } from '../shared/meanBand';
import type { ThemeColors } from '../shared/theme';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Filler,
  Tooltip,
  zoomPlugin,
);

/** Faint raw curves behind smoothed ones: drawn, but kept out of the tooltip. */
export const rawDatasets = new WeakSet<object>();

export interface AxisOptions {
  xLabel: string;
  yLabel: string;
  logX: boolean;
  logY: boolean;
}

function short(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  // `1e-6`, not `1.00e-6`: log-axis ticks are round, and a tooltip keeps its digits.
  return a !== 0 && (a < 1e-3 || a >= 1e5)
    ? v.toExponential(2).replace(/\.?0+e/, 'e')
    : String(Number(v.toPrecision(4)));
}

function tooltipLabel(item: TooltipItem<'line'>): string {
  const p = item.raw as MeanPoint;
  if (p.y === null) return `${item.dataset.label ?? ''}: no finite value`;
  const spread = p.n > 1 && p.std !== null ? ` ± ${short(p.std)} (${p.n} runs)` : '';
  return `${item.dataset.label ?? ''}: ${short(p.y)}${spread}`;
}

/**
 * One chart.js line chart of the lab: linear or log on either axis, wheel/pinch zoom and drag pan
 * (chartjs-plugin-zoom), no animation (live data redraws often), colours from the theme. After a
 * zoom or pan it reports the visible x range, so the caller can decimate afresh for that range.
 */
export class LineChart {
  readonly chart: Chart<'line', MeanPoint[]>;
  private axes: AxisOptions;

  constructor(
    readonly canvas: HTMLCanvasElement,
    axes: AxisOptions,
    colors: ThemeColors,
    private readonly onRange: (range: [number, number] | null) => void,
  ) {
    this.axes = axes;
    this.chart = new Chart<'line', MeanPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: this.options(colors),
    });
  }

  private options(colors: ThemeColors): ChartOptions<'line'> {
    const a = this.axes;
    const tick = { color: colors.muted, callback: (v: number | string) => short(Number(v)) };
    // Over several decades a log axis labels only 1, 2 and 5 × a power of ten: every minor tick
    // labelled overlaps (the learning-rate chart spans eight decades).
    const logTick = {
      color: colors.muted,
      callback(this: { min: number; max: number }, v: number | string) {
        const x = Number(v);
        if (!(this.min > 0) || Math.log10(this.max / this.min) < 2) return short(x);
        const m = x / 10 ** Math.floor(Math.log10(x) + 1e-9);
        return [1, 2, 5].some((k) => Math.abs(m - k) < 1e-6) ? short(x) : '';
      },
    };
    const scale = (log: boolean, label: string) => ({
      type: log ? ('logarithmic' as const) : ('linear' as const),
      title: { display: true, text: label, color: colors.foreground },
      ticks: log ? logTick : tick,
      grid: { color: colors.grid },
      border: { color: colors.grid },
    });
    const rangeDone = ({ chart }: { chart: Chart }) => {
      const x = chart.scales['x'];
      this.onRange(x ? [x.min, x.max] : null);
    };
    return {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      normalized: true,
      // The points are already {x, y} objects sorted by x: chart.js need not parse them again.
      parsing: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: { x: { ...scale(a.logX, a.xLabel), bounds: 'data' }, y: scale(a.logY, a.yLabel) },
      plugins: {
        legend: { display: false },
        tooltip: {
          filter: (item) => !bandDatasets.has(item.dataset) && !rawDatasets.has(item.dataset),
          callbacks: { label: tooltipLabel },
        },
        zoom: {
          zoom: { wheel: { enabled: true }, pinch: { enabled: true }, mode: 'xy', onZoomComplete: rangeDone },
          pan: { enabled: true, mode: 'xy', onPanComplete: rangeDone },
        },
      },
    };
  }

  /** New data, keeping the zoom: live runs redraw many times a second. */
  setData(datasets: LineDataset[]): void {
    this.chart.data.datasets = datasets;
    this.chart.update('none');
  }

  /**
   * New axes or theme colours, drawn with the next setData (callers always follow with new data, so
   * the chart is not drawn twice); the zoom resets, since old limits mean nothing on a new scale.
   */
  setAxes(axes: AxisOptions, colors: ThemeColors): void {
    this.axes = axes;
    this.chart.options = this.options(colors);
  }

  zoomBy(factor: number): void {
    this.chart.zoom(factor);
    const x = this.chart.scales['x'];
    this.onRange(x ? [x.min, x.max] : null);
  }

  resetZoom(): void {
    this.chart.resetZoom('none');
    this.onRange(null);
  }

  /** The number of points drawn, for tests and the status line. */
  pointCount(): number {
    return this.chart.data.datasets.reduce((n, d) => n + d.data.length, 0);
  }
}
