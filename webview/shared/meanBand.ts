// Mean ± std band datasets for chart.js, shared by the self-contained report and the lab panel.
import type { ChartDataset, TooltipItem } from 'chart.js';
import type { ReportChart, ReportConfiguration, ReportSeries } from '../../src/engine/report/reportData';
import { formatSignificant } from './format';
import { withAlpha } from './theme';

/** A plotted point; `std` and `n` ride along for the tooltip. */
export interface MeanPoint {
  x: number;
  y: number | null;
  std: number | null;
  n: number;
}

export type LineDataset = ChartDataset<'line', MeanPoint[]>;

/** The ± std band datasets, kept out of the legend and the tooltip. */
export const bandDatasets = new WeakSet<object>();

function points(s: ReportSeries, y: (i: number) => number | null): MeanPoint[] {
  return s.x.map((x, i) => ({ x, y: y(i), std: s.std[i] ?? null, n: s.count[i] ?? 0 }));
}

/**
 * A mean line and, when the runs spread, the band around it as a pair of datasets: the upper
 * edge, then the lower edge filled to the upper (`fill: '-1'`). On a log axis a lower edge at or
 * below zero cannot be drawn, so the band has a gap there rather than a made-up edge.
 */
export function seriesDatasets(
  s: ReportSeries,
  label: string,
  color: string,
  dashed: boolean,
  log: boolean,
): LineDataset[] {
  const mean = (i: number) => s.mean[i] ?? null;
  const line: LineDataset = {
    label,
    data: points(s, mean),
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    borderDash: dashed ? [6, 4] : [],
    // A lone point has no line to show it.
    pointRadius: s.x.length === 1 ? 3 : 0,
    pointHoverRadius: 3,
    fill: false,
    spanGaps: false,
  };
  if (!s.std.some((v) => v !== null && v > 0)) return [line];
  const edge = (sign: 1 | -1) => (i: number) => {
    const m = s.mean[i] ?? null;
    const d = s.std[i] ?? null;
    if (m === null || d === null) return null;
    const v = m + sign * d;
    return log && v <= 0 ? null : v;
  };
  const band = {
    borderWidth: 0,
    pointRadius: 0,
    pointHoverRadius: 0,
    borderColor: 'transparent',
    spanGaps: false,
  };
  const upper: LineDataset = { ...band, label: `${label} + std`, data: points(s, edge(1)), fill: false };
  const lower: LineDataset = {
    ...band,
    label: `${label} − std`,
    data: points(s, edge(-1)),
    fill: '-1',
    backgroundColor: withAlpha(color, dashed ? 0.1 : 0.16),
  };
  bandDatasets.add(upper);
  bandDatasets.add(lower);
  return [line, upper, lower];
}

/** Every dataset of one chart: per configuration, the curves that chart's kind shows. */
export function chartDatasets(
  chart: ReportChart,
  configs: ReportConfiguration[],
  log: boolean,
): LineDataset[] {
  return configs.flatMap((c) => {
    switch (chart.kind) {
      case 'epochLoss':
        return [
          ...(c.trainLoss ? seriesDatasets(c.trainLoss, `${c.label} train`, c.color, false, log) : []),
          ...(c.valLoss ? seriesDatasets(c.valLoss, `${c.label} val`, c.color, true, log) : []),
        ];
      case 'valMetric': {
        const s = chart.metric === null ? undefined : c.valMetrics[chart.metric];
        return s ? seriesDatasets(s, c.label, c.color, true, log) : [];
      }
      case 'stepLoss':
        return c.stepLoss ? seriesDatasets(c.stepLoss, c.label, c.color, false, log) : [];
      case 'lr':
        return c.stepLr ? seriesDatasets(c.stepLr, c.label, c.color, false, log) : [];
    }
  });
}

/** A tick or tooltip number: four significant digits, `1e-6` rather than `1.00e-6`. */
export function shortNumber(v: number): string {
  return formatSignificant(v, 4, 2, true);
}

/** A mean point's tooltip line: its value and, over several runs, their spread. */
export function meanPointTooltip(item: TooltipItem<'line'>): string {
  const p = item.raw as MeanPoint;
  if (p.y === null) return `${item.dataset.label ?? ''}: no finite value`;
  const spread = p.n > 1 && p.std !== null ? ` ± ${shortNumber(p.std)} (${p.n} runs)` : '';
  return `${item.dataset.label ?? ''}: ${shortNumber(p.y)}${spread}`;
}
