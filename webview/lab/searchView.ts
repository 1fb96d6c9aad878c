// The search section of the lab: its page, wiring the parallel coordinates (brush, hover), the
// objective scatter, the optimization history and the importance table to the shown search.
import type { Chart } from 'chart.js';
import type { RunRecord } from '../../src/protocol/record';
import type { SearchState } from '../../src/protocol/search';
import { el, replaceChildren } from '../shared/dom';
import type { ThemeColors } from '../shared/theme';
import { ParallelCoordinates } from './parallelCoordinates';
import type { ImageFormat } from './imageExport';
import { drawHistory, drawScatter, searchChartSvg } from './searchCharts';
import { searchSummary } from './searchChartData';
import { parameterImportance } from './searchInsights';
import { searchAxes, type SearchAxis } from './searchModel';

/**
 * A search's trials, as Optuna Dashboard shows them: a parallel-coordinates view (one vertical axis
 * per searched parameter on its own scale, a conditional parameter's "n/a" level at the foot, the
 * objective last; drag along an axis to brush, hover a line for the trial), the objective against
 * one chosen parameter (pruned trials as crosses at their last value), the optimization history
 * (each trial and the best so far) and the parameters' importance.
 */
export class SearchView {
  readonly section = el('section', { id: 'search-section', class: 'search-section', hidden: true });
  private readonly summary = el('p', { class: 'muted', id: 'search-summary' });
  private readonly parallel: ParallelCoordinates;
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

  constructor(
    private colors: () => ThemeColors,
    save: (name: string, format: ImageFormat, canvas: HTMLCanvasElement, svg: () => string | null) => void,
  ) {
    this.parallel = new ParallelCoordinates(colors, () => !this.section.hidden);
    const pc = this.parallel;
    // Each chart's SVG is built from what it drew (its scene or its chart.js scales), not the canvas.
    const saveButtons = (
      canvas: HTMLCanvasElement,
      name: string,
      caption: string,
      svg: () => string | null,
    ) =>
      el(
        'span',
        { class: 'chart-tools' },
        ...(['png', 'svg'] as const).map((format) => {
          const label = `Save as ${format.toUpperCase()}`;
          const b = el(
            'button',
            {
              type: 'button',
              class: 'icon',
              id: `save-${format}-${name}`,
              'aria-label': `${label} (${caption})`,
              title: label,
            },
            format.toUpperCase(),
          );
          b.addEventListener('click', () => save(name, format, canvas, svg));
          return b;
        }),
      );
    const chartSvgOf = (chart: () => Chart<'scatter'> | null) => () => {
      const c = chart();
      return c ? searchChartSvg(c, this.colors()) : null;
    };
    const figure = (caption: Node[], ...body: Node[]) =>
      el('figure', { class: 'chart' }, el('figcaption', {}, ...caption), ...body);
    const hint = (text: string) => el('p', { class: 'hint muted' }, text);
    replaceChildren(
      this.section,
      el('h2', {}, 'Search'),
      this.summary,
      figure(
        [
          el('span', {}, 'Parallel coordinates'),
          pc.clearBrushes,
          saveButtons(pc.canvas, 'parallel-coordinates', 'parallel coordinates', () => pc.toSvg()),
        ],
        el('div', { class: 'canvas-box pc-box' }, pc.canvas, pc.tooltip),
        pc.hint,
      ),
      figure(
        [
          el('span', {}, 'Objective against'),
          el('label', { class: 'control' }, 'parameter', this.paramSelect),
          saveButtons(
            this.scatterCanvas,
            'objective-scatter',
            'objective against a parameter',
            chartSvgOf(() => this.scatter),
          ),
        ],
        el('div', { class: 'canvas-box' }, this.scatterCanvas),
        hint('Dots: finished trials (the best larger); crosses: pruned trials at their last value.'),
      ),
      figure(
        [
          el('span', {}, 'Optimization history'),
          saveButtons(
            this.historyCanvas,
            'optimization-history',
            'optimization history',
            chartSvgOf(() => this.history),
          ),
        ],
        el('div', { class: 'canvas-box' }, this.historyCanvas),
        hint('Each finished trial in order, and the best value so far.'),
      ),
      figure(
        [el('span', {}, 'Parameter importance')],
        this.importance,
        hint(
          'Share of the objective’s variance each parameter explains on its own (one-way ANOVA on binned values, bias-corrected; docs/panels.md).',
        ),
      ),
    );
    this.paramSelect.addEventListener('change', () => this.drawScatter());
    new ResizeObserver(() => pc.draw()).observe(pc.canvas.parentElement!);
  }

  /** Shows the first record that is a search, or hides the section when none is. */
  render(records: readonly { record: RunRecord; search: SearchState | null }[]): void {
    const found = records.find((r) => r.search && r.search.trials.length > 0);
    this.section.hidden = !found;
    if (!found) {
      this.last = null;
      this.parallel.show(null);
      return;
    }
    this.last = { record: found.record, state: found.search! };
    const { state } = this.last;
    const axes = searchAxes(found.record, state);
    this.summary.textContent = searchSummary(found.record, state);
    this.parallel.canvas.setAttribute('aria-label', this.summary.textContent);
    const params = axes.slice(0, -1);
    const chosen = this.paramSelect.value;
    replaceChildren(this.paramSelect, ...params.map((a) => el('option', { value: a.name }, a.name)));
    // The first numeric parameter (usually lr) says most; a choice is kept only if picked.
    const initial = params.find((a) => a.kind !== 'category') ?? params[0];
    if (params.some((a) => a.name === chosen)) this.paramSelect.value = chosen;
    else if (initial) this.paramSelect.value = initial.name;
    this.parallel.show(this.last);
    this.drawScatter();
    this.drawHistory();
    this.drawImportance(axes, state);
  }

  private drawScatter(): void {
    if (!this.last) return;
    const { record, state } = this.last;
    const axes = searchAxes(record, state);
    const axis = axes.find((a) => a.name === this.paramSelect.value) ?? axes[0];
    if (!axis || axis === axes[axes.length - 1]) return;
    this.scatter = drawScatter(this.scatterCanvas, this.scatter, axes, state, axis, this.colors());
  }

  private drawHistory(): void {
    if (!this.last) return;
    const { record, state } = this.last;
    const axes = searchAxes(record, state);
    this.history = drawHistory(
      this.historyCanvas,
      this.history,
      axes[axes.length - 1]!,
      state,
      this.colors(),
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
    this.parallel.draw();
    this.drawScatter();
    this.drawHistory();
  }
}
