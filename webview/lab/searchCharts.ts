// The search's two chart.js charts: the objective against one parameter (pruned trials as
// crosses at their last value) and the optimization history (each trial and the best so far).
import type { Chart as ChartType } from 'chart.js';
import type { SearchState } from '../../src/protocol/search';
import { Chart } from '../shared/chartSetup';
import { withAlpha, type ThemeColors } from '../shared/theme';
import { chartSvg, datasetMarkers, scaleAxis, type SvgSeries } from './chartSvg';
import { logTickLabel } from './chartZoom';
import { scatterPoints, type ScatterPoint } from './searchChartData';
import { formatValue, optimizationHistory } from './searchInsights';
import type { SearchAxis } from './searchModel';

const short = (v: number) => formatValue(v);

function scale(a: SearchAxis, title: string, colors: ThemeColors) {
  return {
    type: a.kind === 'log' ? ('logarithmic' as const) : ('linear' as const),
    title: { display: true, text: title, color: colors.foreground },
    grid: { color: colors.grid },
    ticks: {
      color: colors.muted,
      ...(a.kind === 'category'
        ? { stepSize: 1, callback: (v: number | string) => JSON.parse(a.categories[Number(v)] ?? '""') }
        : {
            // Sparse round labels on a log axis, as the lab's charts (4.00e-4 7.00e-4 0.001 overlapped).
            callback(this: { min: number; max: number }, v: number | string) {
              return a.kind === 'log' ? logTickLabel(Number(v), this.min, this.max, short) : short(Number(v));
            },
          }),
    },
    ...(a.kind === 'category' ? { min: -0.5, max: a.categories.length - 0.5 } : {}),
  };
}

/** The objective against `axis`; draws into `canvas`, reusing `chart` when there is one. */
export function drawScatter(
  canvas: HTMLCanvasElement,
  chart: ChartType<'scatter'> | null,
  axes: readonly SearchAxis[],
  state: SearchState,
  axis: SearchAxis,
  colors: ThemeColors,
): ChartType<'scatter'> {
  const objective = axes[axes.length - 1]!;
  const points = scatterPoints(axes, state, axis);
  const seriesA = colors.series[0]!;
  const seriesB = colors.series[1] ?? seriesA;
  const data = {
    datasets: [
      {
        label: 'trials',
        data: points,
        pointRadius: points.map((p) => (p.best ? 6 : 4)),
        pointStyle: points.map((p) => (p.pruned ? ('crossRot' as const) : ('circle' as const))),
        borderColor: points.map((p) => withAlpha(colors.muted, p.pruned ? 0.9 : 0)),
        borderWidth: points.map((p) => (p.pruned ? 1.5 : 0)),
        backgroundColor: points.map((p) => withAlpha(p.best ? seriesB : seriesA, p.best ? 1 : 0.6)),
      },
    ],
  };
  const options = {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    scales: { x: scale(axis, axis.name, colors), y: scale(objective, objective.name, colors) },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (item: { raw: unknown }) => {
            const p = item.raw as ScatterPoint;
            return p.pruned
              ? `${p.text}: pruned at epoch ${p.epoch}, last ${short(p.y)}`
              : `${p.text}: ${short(p.y)}`;
          },
        },
      },
    },
  };
  const pruned = points.filter((p) => p.pruned).length;
  canvas.setAttribute(
    'aria-label',
    `Objective against ${axis.name}, ${points.length - pruned} finished and ${pruned} pruned trials`,
  );
  if (!chart) return new Chart(canvas, { type: 'scatter', data, options });
  chart.data = data;
  chart.options = options;
  chart.update('none');
  return chart;
}

/** The optimization history; draws into `canvas`, reusing `chart` when there is one. */
export function drawHistory(
  canvas: HTMLCanvasElement,
  chart: ChartType<'scatter'> | null,
  objective: SearchAxis,
  state: SearchState,
  colors: ThemeColors,
): ChartType<'scatter'> {
  const points = optimizationHistory(state);
  const data = {
    datasets: [
      {
        label: 'trial',
        data: points.map((p) => ({ x: p.trial, y: p.value })),
        pointRadius: 3,
        backgroundColor: withAlpha(colors.series[0]!, 0.6),
        borderWidth: 0,
      },
      {
        label: 'best so far',
        data: points.map((p) => ({ x: p.trial, y: p.bestSoFar })),
        showLine: true,
        stepped: 'before' as const,
        pointRadius: 0,
        borderColor: colors.series[1] ?? colors.series[0]!,
        borderWidth: 2,
      },
    ],
  };
  const options = {
    animation: false as const,
    responsive: true,
    maintainAspectRatio: false,
    scales: {
      x: {
        type: 'linear' as const,
        title: { display: true, text: 'trial', color: colors.foreground },
        grid: { color: colors.grid },
        ticks: { color: colors.muted, precision: 0 },
      },
      y: {
        type: objective.kind === 'log' ? ('logarithmic' as const) : ('linear' as const),
        title: { display: true, text: objective.name, color: colors.foreground },
        grid: { color: colors.grid },
        ticks: { color: colors.muted, callback: (v: number | string) => short(Number(v)) },
      },
    },
    plugins: {
      legend: { display: false },
      tooltip: {
        callbacks: {
          label: (item: { raw: unknown; datasetIndex: number }) => {
            const p = item.raw as { x: number; y: number };
            return item.datasetIndex === 0 ? `#${p.x}: ${short(p.y)}` : `best after #${p.x}: ${short(p.y)}`;
          },
        },
      },
    },
  };
  const last = points.at(-1);
  canvas.setAttribute(
    'aria-label',
    `Optimization history of ${points.length} finished trials` +
      (last ? `; best ${objective.name} ${short(last.bestSoFar)}` : ''),
  );
  if (!chart) return new Chart(canvas, { type: 'scatter', data, options });
  chart.data = data;
  chart.options = options;
  chart.update('none');
  return chart;
}

/**
 * A search chart (scatter or history) as drawn now as an SVG document: its scales and ticks, the
 * points as markers with their shapes, sizes and colours (each titled with its trial), and a
 * stepped line as its steps.
 */
export function searchChartSvg(chart: ChartType<'scatter'>, colors: ThemeColors): string {
  const axis = (id: 'x' | 'y') => {
    const s = chart.scales[id]!;
    const title = (chart.options.scales?.[id] as { title?: { text?: unknown } } | undefined)?.title?.text;
    return scaleAxis(s, s.type === 'logarithmic', typeof title === 'string' ? title : '');
  };
  const series = chart.data.datasets.map((d): SvgSeries => {
    const raw = d.data as { x: number; y: number; text?: string }[];
    let points = raw.map((p) => ({ x: p.x, y: p.y }));
    if (d.showLine) {
      // chart.js's stepped 'before': across at the previous value, then up or down to the next.
      if (d.stepped)
        points = points.flatMap((p, i) => (i === 0 ? [p] : [{ x: p.x, y: points[i - 1]!.y }, p]));
      return {
        label: d.label ?? '',
        color: String(d.borderColor),
        dash: [],
        width: Number(d.borderWidth ?? 2),
        points,
      };
    }
    const titles = raw.map((p) => p.text ?? `${d.label ?? ''} ${short(p.x)}: ${short(p.y)}`);
    return {
      label: d.label ?? '',
      color: '',
      dash: [],
      width: 0,
      points,
      markers: datasetMarkers(d, points.length, titles),
    };
  });
  return chartSvg({
    width: Math.round(chart.width),
    height: Math.round(chart.height),
    background: colors.background,
    foreground: colors.foreground,
    muted: colors.muted,
    grid: colors.grid,
    x: axis('x'),
    y: axis('y'),
    series,
  });
}
