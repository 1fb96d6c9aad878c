// LineChart: One chart.js line chart of the lab (also rawDatasets, AxisOptions).
import type { ChartOptions, Scale } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { Chart } from '../shared/chartSetup';
import {
  bandDatasets,
  meanPointTooltip,
  shortNumber as short,
  type LineDataset,
  type MeanPoint,
} from '../shared/meanBand';
import type { ThemeColors } from '../shared/theme';
import { logTickLabel, visibleYRange } from './chartZoom';
import { chartSvg, datasetMarkers, scaleAxis, type SvgSeries } from './chartSvg';

Chart.register(zoomPlugin);

/** Faint raw curves behind smoothed ones: drawn, but kept out of the tooltip. */
export const rawDatasets = new WeakSet<object>();

export interface AxisOptions {
  xLabel: string;
  yLabel: string;
  logX: boolean;
  logY: boolean;
}

/**
 * One chart.js line chart of the lab: linear or log on either axis, wheel/pinch zoom and drag pan
 * on x only (chartjs-plugin-zoom; shift-drag selects an x range), with y fitted to what is visible,
 * as TensorBoard does; no animation (live data redraws often), colours from the theme. After a zoom
 * or pan it reports the visible x range, so the caller can decimate afresh for that range and give
 * the other charts the same range (`setXRange`).
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
    const scale = (log: boolean, label: string) => ({
      type: log ? ('logarithmic' as const) : ('linear' as const),
      title: { display: true, text: label, color: colors.foreground },
      ticks: {
        color: colors.muted,
        // Round ticks only: a zoomed axis's ends (1.611, −11.37) are not labelled.
        includeBounds: false,
        autoSkipPadding: 12,
        callback(this: Scale, v: number | string) {
          return log ? logTickLabel(Number(v), this.min, this.max, short) : short(Number(v));
        },
      },
      grid: { color: colors.grid },
      border: { color: colors.grid },
    });
    const rangeDone = ({ chart }: { chart: Chart }) => {
      // The plugin also reports its own resets; only a user's wheel, drag or pinch counts here.
      if (this.quiet) return;
      const x = chart.scales['x'];
      this.fitY(true);
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
          callbacks: { label: meanPointTooltip },
        },
        zoom: {
          zoom: {
            wheel: { enabled: true },
            pinch: { enabled: true },
            drag: { enabled: true, modifierKey: 'shift' },
            mode: 'x',
            onZoomComplete: rangeDone,
          },
          pan: { enabled: true, mode: 'x', onPanComplete: rangeDone },
        },
      },
    };
  }

  /** New data, keeping the zoom (and refitting y to it): live runs redraw many times a second. */
  setData(datasets: LineDataset[]): void {
    this.chart.data.datasets = datasets;
    if (this.xRange) this.fitY(true, false);
    this.chart.update('none');
  }

  /** Set while this class moves the axis itself, so the plugin's callbacks do not echo it. */
  private quiet = false;
  private silently(act: () => void): void {
    this.quiet = true;
    try {
      act();
    } finally {
      this.quiet = false;
    }
  }

  /** The zoomed x range, null when the whole run shows. */
  private xRange: [number, number] | null = null;

  /** Fits y to the points inside the visible x range (and back to all of them when not zoomed). */
  private fitY(zoomed: boolean, redraw = true): void {
    const x = this.chart.scales['x'];
    const y = this.chart.options.scales?.['y'];
    if (!x || !y) return;
    this.xRange = zoomed ? [x.min, x.max] : null;
    const fit = zoomed ? visibleYRange(this.chart.data.datasets, x.min, x.max, this.axes.logY) : null;
    y.min = fit?.[0];
    y.max = fit?.[1];
    // What the tests (and a screen reader's next read) see of the zoom.
    this.canvas.dataset['xRange'] = zoomed ? `${x.min},${x.max}` : '';
    if (redraw) this.chart.update('none');
  }

  /** Shows x in `range` (null: everything), as another chart of the lab was zoomed; reports nothing back. */
  setXRange(range: [number, number] | null): void {
    this.silently(() => {
      if (range === null) this.chart.resetZoom('none');
      else this.chart.zoomScale('x', { min: range[0], max: range[1] }, 'none');
    });
    this.fitY(range !== null);
  }

  /**
   * New axes or theme colours, drawn with the next setData (callers always follow with new data, so
   * the chart is not drawn twice); the zoom resets, since old limits mean nothing on a new scale.
   */
  setAxes(axes: AxisOptions, colors: ThemeColors): void {
    this.axes = axes;
    this.xRange = null;
    this.canvas.dataset['xRange'] = '';
    this.chart.options = this.options(colors);
  }

  zoomBy(factor: number): void {
    this.silently(() => this.chart.zoom({ x: factor }, 'none'));
    this.fitY(true);
    const x = this.chart.scales['x'];
    this.onRange(x ? [x.min, x.max] : null);
  }

  resetZoom(): void {
    this.silently(() => this.chart.resetZoom('none'));
    this.fitY(false);
    this.onRange(null);
  }

  /** The chart as drawn now (zoom, scales, ticks, series, bands) as an SVG document. */
  toSvg(colors: ThemeColors): string {
    const axis = (id: 'x' | 'y', log: boolean, title: string) =>
      scaleAxis(this.chart.scales[id]!, log, title);
    const sets = this.chart.data.datasets;
    const series: SvgSeries[] = [];
    sets.forEach((d, i) => {
      const points = d.data.map((p) => ({ x: p.x, y: p.y }));
      if (bandDatasets.has(d)) {
        // A band is its upper edge followed by its lower edge filled to it ('-1').
        if (d.fill === '-1' && i > 0)
          series.push({
            label: d.label ?? '',
            color: String(d.backgroundColor),
            dash: [],
            width: 0,
            points,
            fillTo: sets[i - 1]!.data.map((p) => ({ x: p.x, y: p.y })),
          });
        return;
      }
      if (d.showLine === false) {
        // Points on their own (the LR-find sweep and its suggestions): markers, as drawn.
        series.push({
          label: d.label ?? '',
          color: String(d.borderColor),
          dash: [],
          width: 0,
          points,
          markers: datasetMarkers(d, points.length),
        });
        return;
      }
      series.push({
        label: d.label ?? '',
        color: String(d.borderColor),
        dash: (d.borderDash as number[] | undefined) ?? [],
        width: Number(d.borderWidth ?? 2),
        points,
        inLegend: !rawDatasets.has(d),
      });
    });
    return chartSvg({
      width: Math.round(this.chart.width),
      height: Math.round(this.chart.height),
      background: colors.background,
      foreground: colors.foreground,
      muted: colors.muted,
      grid: colors.grid,
      x: axis('x', this.axes.logX, this.axes.xLabel),
      y: axis('y', this.axes.logY, this.axes.yLabel),
      series,
    });
  }

  /** The number of points drawn, for tests and the status line. */
  pointCount(): number {
    return this.chart.data.datasets.reduce((n, d) => n + d.data.length, 0);
  }
}
