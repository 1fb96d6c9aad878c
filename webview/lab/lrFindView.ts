// The lab's Find Learning Rate section: loss against the learning rate (log x) — the range test's
// smoothed loss, the sweep's rates, the suggestions marked — and Use This Rate buttons.
import type { LrFindView } from '../../src/protocol/lrFindView';
import type { LineDataset } from '../shared/meanBand';
import { el, replaceChildren } from '../shared/dom';
import { formatSignificant } from '../shared/format';
import { seriesColor, withAlpha, type ThemeColors } from '../shared/theme';
import type { ImageFormat } from './imageExport';
import { LineChart } from './lineChart';
import { lrFindSeries, type LrPoint } from './lrFindModel';

const short = (v: number) => formatSignificant(v, 3, 2);

const points = (ps: readonly LrPoint[]) => ps.map((p) => ({ x: p.x, y: p.y, std: null, n: 1 }));

/** The section, hidden unless a shown record is a Find Learning Rate record. */
export class LrFindSection {
  readonly section = el('section', { id: 'lr-find-section', class: 'lr-find-section', hidden: true });
  private readonly canvas = el('canvas', {
    id: 'lr-find-chart',
    role: 'img',
    'aria-label': 'Loss against learning rate',
  });
  private readonly buttons = el('div', {
    class: 'lr-find-actions',
    role: 'group',
    'aria-label': 'Use a rate',
  });
  private readonly note = el('p', { class: 'muted', id: 'lr-find-note' });
  private chart: LineChart | null = null;
  private colors: ThemeColors | null = null;

  constructor(
    private readonly onUse: (recordDir: string, lr: number) => void,
    save: (name: string, format: ImageFormat, canvas: HTMLCanvasElement, svg: () => string | null) => void,
  ) {
    const tools = (['png', 'svg'] as const).map((format) => {
      const label = `Save as ${format.toUpperCase()}`;
      const b = el(
        'button',
        {
          type: 'button',
          class: 'icon',
          id: `save-${format}-lr-find`,
          'aria-label': `${label} (learning rate chart)`,
          title: label,
        },
        format.toUpperCase(),
      );
      b.addEventListener('click', () =>
        save('lr-find', format, this.canvas, () =>
          this.chart && this.colors ? this.chart.toSvg(this.colors) : null,
        ),
      );
      return b;
    });
    replaceChildren(
      this.section,
      el('h2', {}, 'Learning rate'),
      this.note,
      el(
        'figure',
        { class: 'chart' },
        el(
          'figcaption',
          {},
          el('span', {}, 'Loss against learning rate'),
          el('span', { class: 'chart-tools' }, ...tools),
        ),
        el('div', { class: 'canvas-box' }, this.canvas),
      ),
      this.buttons,
    );
  }

  /** Draws the first Find Learning Rate record among `records`, or hides the section. */
  render(
    records: readonly { recordDir: string; lrFind?: LrFindView | null | undefined }[],
    colors: ThemeColors,
  ): void {
    const r = records.find((x) => x.lrFind);
    this.section.hidden = !r;
    if (!r || !r.lrFind) return;
    this.colors = colors;
    const s = lrFindSeries(r.lrFind);
    if (!this.chart) {
      this.chart = new LineChart(
        this.canvas,
        { xLabel: 'learning rate', yLabel: 'loss', logX: true, logY: false },
        colors,
        () => {},
      );
    } else {
      this.chart.setAxes({ xLabel: 'learning rate', yLabel: 'loss', logX: true, logY: false }, colors);
    }
    const line = seriesColor(colors, 0);
    const dot = seriesColor(colors, 1);
    const sets: LineDataset[] = [
      {
        label: 'range test, smoothed loss',
        data: points(s.curve),
        borderColor: line,
        backgroundColor: line,
        borderWidth: 2,
        pointRadius: 0,
        fill: false,
      },
      {
        label: 'sweep, training loss',
        data: points(s.sweep),
        borderColor: dot,
        backgroundColor: dot,
        showLine: false,
        pointRadius: 5,
      },
      {
        label: 'sweep, diverged',
        data: points(s.diverged),
        borderColor: withAlpha(dot, 0.6),
        backgroundColor: 'transparent',
        showLine: false,
        pointStyle: 'crossRot',
        pointRadius: 7,
      },
      ...s.marks
        .filter((m) => m.y !== null)
        .map((m): LineDataset => ({
          label: `${m.name} suggestion, lr ${short(m.lr)}`,
          data: [{ x: m.lr, y: m.y!, std: null, n: 1 }],
          borderColor: colors.foreground,
          backgroundColor: m.name === 'sweep' ? colors.foreground : 'transparent',
          showLine: false,
          pointStyle: 'triangle',
          pointRadius: m.name === 'sweep' ? 9 : 6,
        })),
    ];
    this.chart.setData(sets);
    const edge = r.lrFind.sweep?.edgeOfStability;
    this.note.textContent =
      `${s.curve.length} range-test points, ${s.sweep.length + s.diverged.length} sweep rates` +
      (edge != null ? `; diverges from lr ${short(edge)}` : '') +
      '. Triangles: the suggestions (filled: the one Find Learning Rate offers first).';
    replaceChildren(
      this.buttons,
      ...s.marks.map((m, i) => {
        const b = el(
          'button',
          {
            type: 'button',
            class: i === 0 ? 'use-lr primary' : 'use-lr secondary',
            'data-lr': String(m.lr),
            ...(i === 0 ? { id: 'use-lr' } : {}),
          },
          `Use This Rate: ${m.name} lr ${short(Number(m.lr.toPrecision(3)))}`,
        );
        b.addEventListener('click', () => this.onUse(r.recordDir, Number(m.lr.toPrecision(3))));
        return b;
      }),
    );
    this.section.dataset['points'] = String(s.curve.length);
    this.section.dataset['sweep'] = String(s.sweep.length + s.diverged.length);
    this.section.dataset['suggested'] = s.marks[0] ? String(Number(s.marks[0].lr.toPrecision(3))) : '';
  }
}
