import { Chart, LinearScale, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js';
import type { RunRecord } from '../../src/protocol/record';
import type { SearchState } from '../../src/protocol/search';
import { el, replaceChildren } from '../shared/dom';
import { withAlpha, type ThemeColors } from '../shared/theme';
import {
  axisPosition,
  finishedTrials,
  searchAxes,
  trialPositions,
  trialQuality,
  type SearchAxis,
} from './searchModel';

Chart.register(ScatterController, PointElement, LinearScale, LogarithmicScale, Tooltip);

const short = (v: number) =>
  Math.abs(v) !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5)
    ? v.toExponential(2)
    : String(Number(v.toPrecision(3)));

/**
 * A search's trials: a parallel-coordinates view (one vertical axis per searched parameter on its
 * own scale, the objective last, one line per trial shaded by how good it was, the best in bold)
 * and a scatter of the objective against one chosen parameter.
 */
export class SearchView {
  readonly section = el('section', { id: 'search-section', class: 'search-section', hidden: true });
  private readonly canvas = el('canvas', { id: 'parallel-coordinates', role: 'img' });
  private readonly summary = el('p', { class: 'muted', id: 'search-summary' });
  private readonly paramSelect = el('select', {
    id: 'scatter-param',
    'aria-label': 'Parameter on the x axis',
  });
  private readonly scatterCanvas = el('canvas', { id: 'scatter-chart', role: 'img' });
  private scatter: Chart<'scatter'> | null = null;
  private last: { record: RunRecord; state: SearchState } | null = null;

  constructor(private colors: () => ThemeColors) {
    replaceChildren(
      this.section,
      el('h2', {}, 'Search'),
      this.summary,
      el(
        'figure',
        { class: 'chart' },
        el('figcaption', {}, el('span', {}, 'Parallel coordinates')),
        el('div', { class: 'canvas-box pc-box' }, this.canvas),
        el(
          'p',
          { class: 'hint muted' },
          'One line per trial; darker and thicker is better, the best in the second colour; faint lines were pruned or did not finish.',
        ),
      ),
      el(
        'figure',
        { class: 'chart' },
        el(
          'figcaption',
          {},
          el('span', {}, 'Objective against a parameter'),
          el('label', { class: 'control' }, 'parameter', this.paramSelect),
        ),
        el('div', { class: 'canvas-box' }, this.scatterCanvas),
      ),
    );
    this.paramSelect.addEventListener('change', () => this.drawScatter());
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
    const { state } = this.last;
    const done = finishedTrials(state);
    const best = state.best === null ? null : state.trials.find((t) => t.index === state.best);
    this.summary.textContent =
      `${state.strategy} search, ${state.trials.length} trials (${done.length} finished)` +
      (best && best.value !== null ? `; best #${best.index}: ${best.label} = ${short(best.value)}` : '');
    this.canvas.setAttribute('aria-label', this.summary.textContent);
    const axes = searchAxes(found.record, state).slice(0, -1);
    const chosen = this.paramSelect.value;
    replaceChildren(this.paramSelect, ...axes.map((a) => el('option', { value: a.name }, a.name)));
    // The first numeric parameter (usually lr) says most; a choice is kept only if picked.
    const initial = axes.find((a) => a.kind !== 'category') ?? axes[0];
    if (axes.some((a) => a.name === chosen)) this.paramSelect.value = chosen;
    else if (initial) this.paramSelect.value = initial.name;
    this.drawParallel();
    this.drawScatter();
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
    const accent = colors.series[0]!;
    const bestColor = colors.series[1] ?? accent;
    const line = (positions: (number | null)[], color: string, width: number, dash: number[]) => {
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      ctx.beginPath();
      let open = false;
      positions.forEach((p, i) => {
        if (p === null) return void (open = false);
        if (open) ctx.lineTo(xOf(i), yOf(p));
        else ctx.moveTo(xOf(i), yOf(p));
        open = true;
      });
      ctx.stroke();
    };
    const others = state.trials.filter((t) => t.status !== 'done' || t.value === null);
    for (const t of others) line(trialPositions(axes, t), withAlpha(colors.muted, 0.3), 1, [3, 3]);
    const done = finishedTrials(state).sort(
      (a, b) => (trialQuality(state, a) ?? 0) - (trialQuality(state, b) ?? 0),
    );
    for (const t of done) {
      const q = trialQuality(state, t) ?? 0;
      if (t.index === state.best) continue;
      line(trialPositions(axes, t), withAlpha(accent, 0.2 + 0.7 * q), 1 + q, []);
    }
    const best = state.trials.find((t) => t.index === state.best);
    if (best) line(trialPositions(axes, best), bestColor, 3, []);
    ctx.setLineDash([]);
    ctx.font = '11px sans-serif';
    axes.forEach((a, i) => {
      const x = xOf(i);
      ctx.strokeStyle = colors.foreground;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(x, yOf(0));
      ctx.lineTo(x, yOf(1));
      ctx.stroke();
      ctx.fillStyle = colors.foreground;
      ctx.textAlign = 'center';
      ctx.fillText(a.name, x, top - 12);
      ctx.fillStyle = colors.muted;
      for (const [text, p] of axisTicks(a)) {
        ctx.textAlign = i === axes.length - 1 ? 'left' : 'right';
        ctx.fillText(text, x + (i === axes.length - 1 ? 5 : -5), yOf(p) + 4);
      }
    });
  }

  private drawScatter(): void {
    if (!this.last) return;
    const { record, state } = this.last;
    const axes = searchAxes(record, state);
    const axis = axes.find((a) => a.name === this.paramSelect.value) ?? axes[0];
    const objective = axes[axes.length - 1]!;
    if (!axis || axis === objective) return;
    const colors = this.colors();
    const points = finishedTrials(state).flatMap((t) => {
      const v = t.params[axis.name];
      const x =
        axis.kind === 'category'
          ? axis.categories.indexOf(JSON.stringify(v))
          : typeof v === 'number'
            ? v
            : null;
      return x === null || x < 0 ? [] : [{ x, y: t.value!, best: t.index === state.best, label: t.label }];
    });
    const scale = (a: SearchAxis, title: string) => ({
      type: a.kind === 'log' ? ('logarithmic' as const) : ('linear' as const),
      title: { display: true, text: title, color: colors.foreground },
      grid: { color: colors.grid },
      ticks: {
        color: colors.muted,
        ...(a.kind === 'category'
          ? { stepSize: 1, callback: (v: number | string) => JSON.parse(a.categories[Number(v)] ?? '""') }
          : { callback: (v: number | string) => short(Number(v)) }),
      },
      ...(a.kind === 'category' ? { min: -0.5, max: a.categories.length - 0.5 } : {}),
    });
    const data = {
      datasets: [
        {
          label: 'trials',
          data: points,
          pointRadius: points.map((p) => (p.best ? 6 : 4)),
          backgroundColor: points.map((p) =>
            withAlpha(p.best ? (colors.series[1] ?? colors.series[0]!) : colors.series[0]!, p.best ? 1 : 0.6),
          ),
          borderWidth: 0,
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
              const p = item.raw as { label: string; y: number };
              return `${p.label}: ${short(p.y)}`;
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
    this.scatterCanvas.setAttribute(
      'aria-label',
      `Objective against ${axis.name}, ${points.length} finished trials`,
    );
  }

  /** Redraws in the new theme colours. */
  recolor(): void {
    this.drawParallel();
    this.drawScatter();
  }
}

/** Labels along an axis: the categories, or the ends and middle of a numeric range. */
function axisTicks(a: SearchAxis): [string, number][] {
  if (a.kind === 'category')
    return a.categories.map((c, i) => [String(JSON.parse(c)), axisPosition(a, JSON.parse(c)) ?? i]);
  const mid = a.kind === 'log' ? Math.sqrt(a.min * a.max) : (a.min + a.max) / 2;
  return [a.min, mid, a.max].map((v) => [short(v), axisPosition(a, v) ?? 0]);
}
