// The search section of the lab: parallel coordinates (brush, hover), objective scatter, optimization history, importance.
import {
  Chart,
  LinearScale,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from 'chart.js';
import type { RunRecord } from '../../src/protocol/record';
import type { SearchState, TrialState } from '../../src/protocol/search';
import { el, replaceChildren } from '../shared/dom';
import { logTickLabel } from './chartZoom';
import { withAlpha, type ThemeColors } from '../shared/theme';
import {
  formatValue,
  nearestLine,
  optimizationHistory,
  parameterImportance,
  passesBrushes,
  scatterValue,
  trialDescription,
} from './searchInsights';
import {
  axisPosition,
  finishedTrials,
  NA_BAND,
  searchAxes,
  trialPositions,
  trialQuality,
  type SearchAxis,
} from './searchModel';

Chart.register(ScatterController, PointElement, LineElement, LinearScale, LogarithmicScale, Tooltip);

const short = (v: number) => formatValue(v);

/** Pixels from an axis within which a drag brushes that axis. */
const BRUSH_REACH = 14;

/**
 * A search's trials, as Optuna Dashboard shows them: a parallel-coordinates view (one vertical axis
 * per searched parameter on its own scale, a conditional parameter's "n/a" level at the foot, the
 * objective last; drag along an axis to brush, hover a line for the trial), the objective against
 * one chosen parameter (pruned trials as crosses at their last value), the optimization history
 * (each trial and the best so far) and the parameters' importance.
 */
export class SearchView {
  readonly section = el('section', { id: 'search-section', class: 'search-section', hidden: true });
  private readonly canvas = el('canvas', { id: 'parallel-coordinates', role: 'img' });
  private readonly summary = el('p', { class: 'muted', id: 'search-summary' });
  private readonly pcHint = el('p', { class: 'hint muted', id: 'pc-hint' });
  private readonly clearBrushes = el(
    'button',
    { id: 'pc-clear', type: 'button', hidden: true },
    'Clear brushes',
  );
  private readonly tooltip = el('div', {
    id: 'pc-tooltip',
    class: 'pc-tooltip',
    role: 'status',
    hidden: true,
  });
  private readonly paramSelect = el('select', {
    id: 'scatter-param',
    'aria-label': 'Parameter on the x axis',
  });
  private readonly scatterCanvas = el('canvas', { id: 'scatter-chart', role: 'img' });
  private readonly historyCanvas = el('canvas', { id: 'history-chart', role: 'img' });
  private readonly importance = el('table', { id: 'param-importance', class: 'importance' });
  private scatter: Chart<'scatter'> | null = null;
  private history: Chart<'scatter'> | null = null;
  private last: { record: RunRecord; state: SearchState } | null = null;
  /** Brushed ranges, axis index → [from, to] in axis position; kept while the same search is shown. */
  private brushes = new Map<number, [number, number]>();
  private brushFor = '';
  private dragging: { axis: number; from: number } | null = null;
  private lines: { id: number; points: ([number, number] | null)[] }[] = [];
  private hovered: number | null = null;
  private layout: { xOf: (i: number) => number; pOf: (y: number) => number; count: number } | null = null;

  constructor(
    private colors: () => ThemeColors,
    save: (canvas: HTMLCanvasElement, name: string) => void,
  ) {
    const saveButton = (canvas: HTMLCanvasElement, name: string, caption: string) => {
      const b = el(
        'button',
        { type: 'button', class: 'icon', 'aria-label': `Save as PNG (${caption})`, title: 'Save as PNG' },
        'PNG',
      );
      b.addEventListener('click', () => save(canvas, name));
      return b;
    };
    replaceChildren(
      this.section,
      el('h2', {}, 'Search'),
      this.summary,
      el(
        'figure',
        { class: 'chart' },
        el(
          'figcaption',
          {},
          el('span', {}, 'Parallel coordinates'),
          this.clearBrushes,
          saveButton(this.canvas, 'parallel-coordinates', 'parallel coordinates'),
        ),
        el('div', { class: 'canvas-box pc-box' }, this.canvas, this.tooltip),
        this.pcHint,
      ),
      el(
        'figure',
        { class: 'chart' },
        el(
          'figcaption',
          {},
          el('span', {}, 'Objective against'),
          el('label', { class: 'control' }, 'parameter', this.paramSelect),
          saveButton(this.scatterCanvas, 'objective-scatter', 'objective against a parameter'),
        ),
        el('div', { class: 'canvas-box' }, this.scatterCanvas),
        el(
          'p',
          { class: 'hint muted' },
          'Dots: finished trials (the best larger); crosses: pruned trials at their last value.',
        ),
      ),
      el(
        'figure',
        { class: 'chart' },
        el(
          'figcaption',
          {},
          el('span', {}, 'Optimization history'),
          saveButton(this.historyCanvas, 'optimization-history', 'optimization history'),
        ),
        el('div', { class: 'canvas-box' }, this.historyCanvas),
        el('p', { class: 'hint muted' }, 'Each finished trial in order, and the best value so far.'),
      ),
      el(
        'figure',
        { class: 'chart' },
        el('figcaption', {}, el('span', {}, 'Parameter importance')),
        this.importance,
        el(
          'p',
          { class: 'hint muted' },
          'Share of the objective’s variance each parameter explains on its own (one-way ANOVA on binned values, bias-corrected; docs/panels.md).',
        ),
      ),
    );
    this.paramSelect.addEventListener('change', () => this.drawScatter());
    this.clearBrushes.addEventListener('click', () => {
      this.brushes.clear();
      this.drawParallel();
    });
    this.canvas.addEventListener('pointerdown', (e) => this.startBrush(e));
    this.canvas.addEventListener('pointermove', (e) => this.pointerMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.endBrush(e));
    this.canvas.addEventListener('pointerleave', () => this.hover(null));
    new ResizeObserver(() => this.drawParallel()).observe(this.canvas.parentElement!);
  }

  /** Shows the first record that is a search, or hides the section when none is. */
  render(records: readonly { record: RunRecord; search: SearchState | null }[]): void {
    const found = records.find((r) => r.search && r.search.trials.length > 0);
    this.section.hidden = !found;
    if (!found) {
      this.last = null;
      return;
    }
    this.last = { record: found.record, state: found.search! };
    if (this.brushFor !== found.record.id) {
      this.brushes.clear();
      this.brushFor = found.record.id;
    }
    const { state } = this.last;
    const axes = searchAxes(found.record, state);
    const done = finishedTrials(state);
    const pruned = state.trials.filter((t) => t.status === 'pruned').length;
    const best = state.best === null ? null : state.trials.find((t) => t.index === state.best);
    const objective = axes[axes.length - 1]!;
    this.summary.textContent =
      `${state.strategy} search, ${state.trials.length} trials (${done.length} finished` +
      `${pruned > 0 ? `, ${pruned} pruned` : ''})` +
      (best && best.value !== null
        ? `; best trial #${best.index}: ${trialDescription(axes, best)}, ${objective.name} ${short(best.value)}`
        : '');
    this.canvas.setAttribute('aria-label', this.summary.textContent);
    const params = axes.slice(0, -1);
    const chosen = this.paramSelect.value;
    replaceChildren(this.paramSelect, ...params.map((a) => el('option', { value: a.name }, a.name)));
    // The first numeric parameter (usually lr) says most; a choice is kept only if picked.
    const initial = params.find((a) => a.kind !== 'category') ?? params[0];
    if (params.some((a) => a.name === chosen)) this.paramSelect.value = chosen;
    else if (initial) this.paramSelect.value = initial.name;
    this.drawParallel();
    this.drawScatter();
    this.drawHistory();
    this.drawImportance(axes, state);
  }

  private drawParallel(): void {
    if (!this.last || this.section.hidden) return;
    const { record, state } = this.last;
    const colors = this.colors();
    const box = this.canvas.parentElement!.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.max(200, Math.round(box.width * dpr));
    this.canvas.height = Math.max(150, Math.round(box.height * dpr));
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const w = this.canvas.width / dpr;
    const h = this.canvas.height / dpr;
    ctx.clearRect(0, 0, w, h);
    const axes = searchAxes(record, state);
    const left = 50;
    const right = 70;
    const top = 28;
    const bottom = 24;
    const xOf = (i: number) => left + (axes.length === 1 ? 0 : (i * (w - left - right)) / (axes.length - 1));
    const yOf = (p: number) => top + (1 - p) * (h - top - bottom);
    this.layout = { xOf, pOf: (y) => 1 - (y - top) / (h - top - bottom), count: axes.length };
    const accent = colors.series[0]!;
    const bestColor = colors.series[1] ?? accent;
    const points = (positions: (number | null)[]) =>
      positions.map((p, i) => (p === null ? null : ([xOf(i), yOf(p)] as [number, number])));
    const line = (pts: ([number, number] | null)[], color: string, width: number, dash: number[]) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      ctx.beginPath();
      let open = false;
      for (const p of pts) {
        if (p === null) {
          open = false;
          continue;
        }
        if (open) ctx.lineTo(p[0], p[1]);
        else ctx.moveTo(p[0], p[1]);
        open = true;
      }
      ctx.stroke();
    };
    this.lines = [];
    let selected = 0;
    const draw = (t: TrialState, style: (inBrush: boolean) => [string, number, number[]]) => {
      const positions = trialPositions(axes, t);
      const pts = points(positions);
      const inBrush = passesBrushes(positions, this.brushes);
      if (inBrush) selected++;
      this.lines.push({ id: t.index, points: pts });
      const [color, width, dash] = inBrush ? style(true) : [withAlpha(colors.muted, 0.12), 1, []];
      line(pts, color, width, dash);
    };
    const others = state.trials.filter((t) => t.status !== 'done' || t.value === null);
    for (const t of others) draw(t, () => [withAlpha(colors.muted, 0.35), 1, [3, 3]]);
    const done = finishedTrials(state).sort(
      (a, b) => (trialQuality(state, a) ?? 0) - (trialQuality(state, b) ?? 0),
    );
    for (const t of done) {
      if (t.index === state.best) continue;
      const q = trialQuality(state, t) ?? 0;
      draw(t, () => [withAlpha(accent, 0.2 + 0.7 * q), 1 + q, []]);
    }
    const best = state.trials.find((t) => t.index === state.best);
    if (best) draw(best, () => [bestColor, 3, []]);
    const hovered = this.lines.find((l) => l.id === this.hovered);
    if (hovered) line(hovered.points, colors.foreground, 2.5, []);
    ctx.setLineDash([]);
    ctx.font = '11px sans-serif';
    axes.forEach((a, i) => {
      const x = xOf(i);
      ctx.strokeStyle = colors.foreground;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, yOf(a.na ? NA_BAND : 0));
      ctx.lineTo(x, yOf(1));
      ctx.stroke();
      const brush = this.brushes.get(i);
      if (brush) {
        ctx.fillStyle = withAlpha(accent, 0.25);
        ctx.strokeStyle = accent;
        const [y0, y1] = [yOf(Math.max(...brush)), yOf(Math.min(...brush))];
        ctx.fillRect(x - 7, y0, 14, y1 - y0);
        ctx.strokeRect(x - 7, y0, 14, y1 - y0);
      }
      ctx.fillStyle = colors.foreground;
      ctx.textAlign = 'center';
      ctx.fillText(a.name, x, top - 12);
      ctx.fillStyle = colors.muted;
      for (const [text, p] of axisTicks(a)) {
        ctx.textAlign = i === axes.length - 1 ? 'left' : 'right';
        ctx.fillText(text, x + (i === axes.length - 1 ? 5 : -5), yOf(p) + 4);
      }
    });
    const total = state.trials.length;
    this.clearBrushes.hidden = this.brushes.size === 0;
    this.pcHint.textContent =
      (this.brushes.size > 0 ? `${selected} of ${total} trials in the brushed ranges. ` : '') +
      'One line per trial; darker and thicker is better, the best in the second colour; dashed lines were pruned or did not finish; "n/a": the trial has no such parameter. Drag along an axis to filter, click it to clear; hover a line for its trial.';
    this.canvas.dataset['selected'] = String(selected);
  }

  /** The axis a pointer event is on (within reach), and its position there. */
  private axisAt(e: PointerEvent): { axis: number; p: number } | null {
    if (!this.layout) return null;
    const rect = this.canvas.getBoundingClientRect();
    const [x, y] = [e.clientX - rect.left, e.clientY - rect.top];
    for (let i = 0; i < this.layout.count; i++) {
      if (Math.abs(x - this.layout.xOf(i)) <= BRUSH_REACH) {
        return { axis: i, p: Math.max(0, Math.min(1, this.layout.pOf(y))) };
      }
    }
    return null;
  }

  private startBrush(e: PointerEvent): void {
    const at = this.axisAt(e);
    if (!at) return;
    this.dragging = { axis: at.axis, from: at.p };
    this.canvas.setPointerCapture(e.pointerId);
  }

  private pointerMove(e: PointerEvent): void {
    if (this.dragging) {
      const at = this.axisAt(e) ?? {
        p: Math.max(0, Math.min(1, this.layout!.pOf(e.clientY - this.canvas.getBoundingClientRect().top))),
      };
      this.brushes.set(this.dragging.axis, [this.dragging.from, at.p]);
      this.drawParallel();
      return;
    }
    const rect = this.canvas.getBoundingClientRect();
    const id = nearestLine(this.lines, e.clientX - rect.left, e.clientY - rect.top, 6);
    this.hover(id, e.clientX - rect.left, e.clientY - rect.top);
  }

  private endBrush(e: PointerEvent): void {
    if (!this.dragging) return;
    const brush = this.brushes.get(this.dragging.axis);
    // A click without a drag clears the axis's brush.
    if (!brush || Math.abs(brush[1] - brush[0]) < 0.01) this.brushes.delete(this.dragging.axis);
    this.dragging = null;
    this.canvas.releasePointerCapture(e.pointerId);
    this.drawParallel();
  }

  private hover(id: number | null, x = 0, y = 0): void {
    const changed = id !== this.hovered;
    this.hovered = id;
    const t = id === null ? undefined : this.last?.state.trials.find((x) => x.index === id);
    if (!t || !this.last) {
      this.tooltip.hidden = true;
    } else {
      const axes = searchAxes(this.last.record, this.last.state);
      const value = t.value === null ? t.status : `${axes[axes.length - 1]!.name} ${short(t.value)}`;
      this.tooltip.textContent = `#${t.index} ${trialDescription(axes, t)}: ${value}`;
      this.tooltip.hidden = false;
      this.tooltip.style.left = `${Math.round(x + 12)}px`;
      this.tooltip.style.top = `${Math.round(y + 12)}px`;
    }
    if (changed) this.drawParallel();
  }

  private drawScatter(): void {
    if (!this.last) return;
    const { record, state } = this.last;
    const axes = searchAxes(record, state);
    const axis = axes.find((a) => a.name === this.paramSelect.value) ?? axes[0];
    const objective = axes[axes.length - 1]!;
    if (!axis || axis === objective) return;
    const colors = this.colors();
    const points = state.trials.flatMap((t) => {
      const v = t.params[axis.name];
      const shown = scatterValue(t);
      const x =
        axis.kind === 'category'
          ? axis.categories.indexOf(JSON.stringify(v))
          : typeof v === 'number'
            ? v
            : null;
      if (x === null || x < 0 || shown === null) return [];
      const text = `#${t.index} ${trialDescription(axes, t)}`;
      return [
        { x, y: shown.y, best: t.index === state.best, pruned: shown.pruned, epoch: shown.epoch, text },
      ];
    });
    const scale = (a: SearchAxis, title: string) => ({
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
                return a.kind === 'log'
                  ? logTickLabel(Number(v), this.min, this.max, short)
                  : short(Number(v));
              },
            }),
      },
      ...(a.kind === 'category' ? { min: -0.5, max: a.categories.length - 0.5 } : {}),
    });
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
      scales: { x: scale(axis, axis.name), y: scale(objective, objective.name) },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item: { raw: unknown }) => {
              const p = item.raw as (typeof points)[number];
              return p.pruned
                ? `${p.text}: pruned at epoch ${p.epoch}, last ${short(p.y)}`
                : `${p.text}: ${short(p.y)}`;
            },
          },
        },
      },
    };
    if (this.scatter) {
      this.scatter.data = data;
      this.scatter.options = options;
      this.scatter.update('none');
    } else {
      this.scatter = new Chart(this.scatterCanvas, { type: 'scatter', data, options });
    }
    const pruned = points.filter((p) => p.pruned).length;
    this.scatterCanvas.setAttribute(
      'aria-label',
      `Objective against ${axis.name}, ${points.length - pruned} finished and ${pruned} pruned trials`,
    );
  }

  private drawHistory(): void {
    if (!this.last) return;
    const { record, state } = this.last;
    const axes = searchAxes(record, state);
    const objective = axes[axes.length - 1]!;
    const colors = this.colors();
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
    if (this.history) {
      this.history.data = data;
      this.history.options = options;
      this.history.update('none');
    } else {
      this.history = new Chart(this.historyCanvas, { type: 'scatter', data, options });
    }
    const last = points.at(-1);
    this.historyCanvas.setAttribute(
      'aria-label',
      `Optimization history of ${points.length} finished trials` +
        (last ? `; best ${objective.name} ${short(last.bestSoFar)}` : ''),
    );
  }

  private drawImportance(axes: readonly SearchAxis[], state: SearchState): void {
    const ranked = parameterImportance(axes, state);
    replaceChildren(
      this.importance,
      el(
        'thead',
        {},
        el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'importance'), el('th', {}, 'share')),
      ),
      el(
        'tbody',
        {},
        ...ranked.map((r) =>
          el(
            'tr',
            {},
            el('td', {}, r.name),
            el(
              'td',
              {},
              el('meter', { min: 0, max: 1, value: r.share, 'aria-label': `${r.name} importance` }),
            ),
            el('td', { class: 'num' }, `${Math.round(r.share * 100)}%`),
          ),
        ),
      ),
    );
  }

  /** Redraws in the new theme colours. */
  recolor(): void {
    this.drawParallel();
    this.drawScatter();
    this.drawHistory();
  }
}

/** Labels along an axis: the categories, or the ends and middle of a numeric range; "n/a" at the foot when it has one. */
function axisTicks(a: SearchAxis): [string, number][] {
  const na: [string, number][] = a.na ? [['n/a', 0]] : [];
  if (a.kind === 'category')
    return [
      ...na,
      ...a.categories.map((c, i): [string, number] => [
        String(JSON.parse(c)),
        axisPosition(a, JSON.parse(c)) ?? i,
      ]),
    ];
  const mid = a.kind === 'log' ? Math.sqrt(a.min * a.max) : (a.min + a.max) / 2;
  return [...na, ...[a.min, mid, a.max].map((v): [string, number] => [short(v), axisPosition(a, v) ?? 0])];
}
