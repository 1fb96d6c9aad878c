// ReportData: The chart data a report embeds as JSON and its script (webview/report/main.ts) draws.
import type { CurvesFile, RunRecord } from '../../protocol/record';
import { aggregateConfigurations, type SeriesStats } from '../runs/aggregate';
import { decimateIndices, pick, MAX_REPORT_POINTS } from './decimate';
import { colorAt } from './palette';

/**
 * The chart data a report embeds as JSON and its script (webview/report/main.ts) draws. The
 * record keeps full resolution; here each curve holds at most MAX_REPORT_POINTS points, so `x`
 * (the epoch or step of each point) is explicit.
 */
export interface ReportData {
  name: string;
  kind: 'data' | 'surface';
  objective: RunRecord['objective'];
  charts: ReportChart[];
  configurations: ReportConfiguration[];
}

/** A mean ± std curve at the kept points `x`. */
export interface ReportSeries extends SeriesStats {
  x: number[];
}

/** What one chart shows; the HTML holds a canvas with this `id`. */
export interface ReportChart {
  id: string;
  kind: 'epochLoss' | 'valMetric' | 'stepLoss' | 'lr';
  title: string;
  xLabel: string;
  yLabel: string;
  /** The metric of a `valMetric` chart, else null. */
  metric: string | null;
  /** Every plotted mean is positive, so a log scale shows all of it. */
  positive: boolean;
}

/** One configuration's curves over its runs, decimated. */
export interface ReportConfiguration {
  configIndex: number;
  label: string;
  color: string;
  runs: number;
  seeds: number;
  statuses: Record<string, number>;
  /** Per epoch, index 0 before training; null for surfaces, whose per-step loss says the same. */
  trainLoss: ReportSeries | null;
  valLoss: ReportSeries | null;
  valMetrics: Record<string, ReportSeries>;
  /** Per step; surfaces only (a data run's batch losses would only add noise to the epoch chart). */
  stepLoss: ReportSeries | null;
  /** Per step; only when some configuration's learning rate changes during the run. */
  stepLr: ReportSeries | null;
}

/** Keeps the points of a curve that `decimateIndices` picks from its mean. */
export function decimateSeries(s: SeriesStats, maxPoints = MAX_REPORT_POINTS): ReportSeries {
  const x = decimateIndices(s.mean, maxPoints);
  return {
    x,
    mean: pick(s.mean, x),
    std: pick(s.std, x),
    count: pick(s.count, x),
    nonFinite: pick(s.nonFinite, x),
  };
}

function varies(s: SeriesStats): boolean {
  const first = s.mean.find((v) => v !== null);
  return s.mean.some((v) => v !== null && v !== first);
}

function allPositive(series: (ReportSeries | null | undefined)[]): boolean {
  let any = false;
  for (const s of series) {
    for (const v of s?.mean ?? []) {
      if (v === null) continue;
      if (v <= 0) return false;
      any = true;
    }
  }
  return any;
}

function isSurface(record: RunRecord): boolean {
  return (
    record.experiment['kind'] === 'surface' || (record.dataset === null && 'surface' in record.experiment)
  );
}

/**
 * The report's chart data: the record's configurations aggregated over seeds (mean ± population
 * std per epoch or step), decimated, coloured, and the list of charts worth drawing.
 */
export function buildReportData(
  record: RunRecord,
  curves: ReadonlyMap<string, CurvesFile>,
  maxPoints = MAX_REPORT_POINTS,
): ReportData {
  const surface = isSurface(record);
  const aggregates = aggregateConfigurations(record.runs, curves);
  const lrVaries = aggregates.some((a) => varies(a.stepLr));
  const configurations: ReportConfiguration[] = aggregates.map((a) => {
    const valMetrics: Record<string, ReportSeries> = {};
    for (const [k, s] of Object.entries(a.valMetrics)) valMetrics[k] = decimateSeries(s, maxPoints);
    return {
      configIndex: a.configIndex,
      label: a.label,
      color: colorAt(a.configIndex),
      runs: a.runs,
      seeds: a.seeds,
      statuses: a.statuses,
      trainLoss: surface ? null : decimateSeries(a.trainLoss, maxPoints),
      valLoss: a.valLoss && !surface ? decimateSeries(a.valLoss, maxPoints) : null,
      valMetrics: surface ? {} : valMetrics,
      stepLoss: surface ? decimateSeries(a.stepLoss, maxPoints) : null,
      stepLr: lrVaries ? decimateSeries(a.stepLr, maxPoints) : null,
    };
  });
  const charts: ReportChart[] = [];
  if (surface) {
    charts.push({
      id: 'chart-step-loss',
      kind: 'stepLoss',
      title: 'Loss per step',
      xLabel: 'step',
      yLabel: 'loss',
      metric: null,
      positive: allPositive(configurations.map((c) => c.stepLoss)),
    });
  } else {
    const validated = configurations.some((c) => c.valLoss !== null);
    charts.push({
      id: 'chart-epoch-loss',
      kind: 'epochLoss',
      title: validated ? 'Training and validation loss per epoch' : 'Training loss per epoch',
      xLabel: 'epoch',
      yLabel: 'loss',
      metric: null,
      positive: allPositive(configurations.flatMap((c) => [c.trainLoss, c.valLoss])),
    });
    const metrics = [...new Set(configurations.flatMap((c) => Object.keys(c.valMetrics)))].sort();
    metrics.forEach((m, i) =>
      charts.push({
        id: `chart-val-metric-${i}`,
        kind: 'valMetric',
        title: `Validation ${m} per epoch`,
        xLabel: 'epoch',
        yLabel: m,
        metric: m,
        positive: allPositive(configurations.map((c) => c.valMetrics[m])),
      }),
    );
  }
  if (lrVaries) {
    charts.push({
      id: 'chart-lr',
      kind: 'lr',
      title: 'Learning rate per step',
      xLabel: 'step',
      yLabel: 'learning rate',
      metric: null,
      positive: allPositive(configurations.map((c) => c.stepLr)),
    });
  }
  return {
    name: record.name,
    kind: surface ? 'surface' : 'data',
    objective: record.objective,
    charts,
    configurations,
  };
}
