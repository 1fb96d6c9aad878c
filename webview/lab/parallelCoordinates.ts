// The search's parallel-coordinates canvas: one vertical axis per parameter and the objective
// last, a line per trial, brushing along an axis and a tooltip for the hovered line.
import type { RunRecord } from '../../src/protocol/record';
import type { SearchState, TrialState } from '../../src/protocol/search';
import { el } from '../shared/dom';
import { withAlpha, type ThemeColors } from '../shared/theme';
import { axisTicks, parallelHint } from './searchChartData';
import { formatValue, nearestLine, passesBrushes, trialDescription } from './searchInsights';
import { finishedTrials, NA_BAND, searchAxes, trialPositions, trialQuality } from './searchModel';

/** Pixels from an axis within which a drag brushes that axis. */
const BRUSH_REACH = 14;

type Line = ([number, number] | null)[];

export class ParallelCoordinates {
  readonly canvas = el('canvas', { id: 'parallel-coordinates', role: 'img' });
  readonly hint = el('p', { class: 'hint muted', id: 'pc-hint' });
  readonly clearBrushes = el('button', { id: 'pc-clear', type: 'button', hidden: true }, 'Clear brushes');
  readonly tooltip = el('div', { id: 'pc-tooltip', class: 'pc-tooltip', role: 'status', hidden: true });
  private shown: { record: RunRecord; state: SearchState } | null = null;
  /** Brushed ranges, axis index → [from, to] in axis position; kept while the same search is shown. */
  private readonly brushes = new Map<number, [number, number]>();
  private brushFor = '';
  private dragging: { axis: number; from: number } | null = null;
  private lines: { id: number; points: Line }[] = [];
  private hovered: number | null = null;
  private layout: { xOf: (i: number) => number; pOf: (y: number) => number; count: number } | null = null;

  constructor(
    private readonly colors: () => ThemeColors,
    private readonly visible: () => boolean,
  ) {
    this.clearBrushes.addEventListener('click', () => {
      this.brushes.clear();
      this.draw();
    });
    this.canvas.addEventListener('pointerdown', (e) => this.startBrush(e));
    this.canvas.addEventListener('pointermove', (e) => this.pointerMove(e));
    this.canvas.addEventListener('pointerup', (e) => this.endBrush(e));
    this.canvas.addEventListener('pointerleave', () => this.hover(null));
  }

  /** Shows a search (its brushes are kept while it is the same record), or nothing. */
  show(shown: { record: RunRecord; state: SearchState } | null): void {
    this.shown = shown;
    if (shown && this.brushFor !== shown.record.id) {
      this.brushes.clear();
      this.brushFor = shown.record.id;
    }
    this.draw();
  }

  draw(): void {
    if (!this.shown || !this.visible()) return;
    const { record, state } = this.shown;
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
    const [left, right, top, bottom] = [50, 70, 28, 24];
    const xOf = (i: number) => left + (axes.length === 1 ? 0 : (i * (w - left - right)) / (axes.length - 1));
    const yOf = (p: number) => top + (1 - p) * (h - top - bottom);
    this.layout = { xOf, pOf: (y) => 1 - (y - top) / (h - top - bottom), count: axes.length };
    const accent = colors.series[0]!;
    const bestColor = colors.series[1] ?? accent;
    const points = (positions: (number | null)[]): Line =>
      positions.map((p, i) => (p === null ? null : [xOf(i), yOf(p)]));
    const line = (pts: Line, color: string, width: number, dash: number[]) => {
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
    const draw = (t: TrialState, style: () => [string, number, number[]]) => {
      const positions = trialPositions(axes, t);
      const pts = points(positions);
      const inBrush = passesBrushes(positions, this.brushes);
      if (inBrush) selected++;
      this.lines.push({ id: t.index, points: pts });
      const [color, width, dash] = inBrush ? style() : [withAlpha(colors.muted, 0.12), 1, []];
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
    this.clearBrushes.hidden = this.brushes.size === 0;
    this.hint.textContent = parallelHint(selected, state.trials.length, this.brushes.size > 0);
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
      this.draw();
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
    this.draw();
  }

  private hover(id: number | null, x = 0, y = 0): void {
    const changed = id !== this.hovered;
    this.hovered = id;
    const t = id === null ? undefined : this.shown?.state.trials.find((x) => x.index === id);
    if (!t || !this.shown) {
      this.tooltip.hidden = true;
    } else {
      const axes = searchAxes(this.shown.record, this.shown.state);
      const value = t.value === null ? t.status : `${axes[axes.length - 1]!.name} ${formatValue(t.value)}`;
      this.tooltip.textContent = `#${t.index} ${trialDescription(axes, t)}: ${value}`;
      this.tooltip.hidden = false;
      this.tooltip.style.left = `${Math.round(x + 12)}px`;
      this.tooltip.style.top = `${Math.round(y + 12)}px`;
    }
    if (changed) this.draw();
  }
}
