// The search's parallel-coordinates canvas: one vertical axis per parameter and the objective
// last, a line per trial, brushing along an axis and a tooltip for the hovered line.
import type { RunRecord } from '../../src/protocol/record';
import type { SearchState } from '../../src/protocol/search';
import { el } from '../shared/dom';
import { withAlpha, type ThemeColors } from '../shared/theme';
import { parallelScene, parallelSvg, type ParallelScene } from './parallelScene';
import { parallelHint } from './searchChartData';
import { formatValue, nearestLine, trialDescription } from './searchInsights';
import { searchAxes } from './searchModel';

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
  private scene: ParallelScene | null = null;
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
    const scene = parallelScene(record, state, this.brushes, colors, w, h);
    this.scene = scene;
    this.layout = { xOf: (i) => scene.axes[i]!.x, pOf: scene.pOf, count: scene.axes.length };
    const accent = colors.series[0]!;
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
    this.lines = scene.trials.map((t) => ({ id: t.id, points: t.points }));
    for (const t of scene.trials) line(t.points, t.color, t.width, t.dash);
    const hovered = this.lines.find((l) => l.id === this.hovered);
    if (hovered) line(hovered.points, colors.foreground, 2.5, []);
    ctx.setLineDash([]);
    ctx.font = '11px sans-serif';
    for (const a of scene.axes) {
      ctx.strokeStyle = colors.foreground;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(a.x, a.y1);
      ctx.lineTo(a.x, a.y0);
      ctx.stroke();
      if (a.brush) {
        ctx.fillStyle = withAlpha(accent, 0.25);
        ctx.strokeStyle = accent;
        const [y0, y1] = a.brush;
        ctx.fillRect(a.x - 7, y0, 14, y1 - y0);
        ctx.strokeRect(a.x - 7, y0, 14, y1 - y0);
      }
      ctx.fillStyle = colors.foreground;
      ctx.textAlign = 'center';
      ctx.fillText(a.name, a.x, scene.titleY);
      ctx.fillStyle = colors.muted;
      for (const t of a.ticks) {
        ctx.textAlign = t.align;
        ctx.fillText(t.text, a.x + (t.align === 'left' ? 5 : -5), t.y + 4);
      }
    }
    this.clearBrushes.hidden = this.brushes.size === 0;
    this.hint.textContent = parallelHint(scene.selected, state.trials.length, this.brushes.size > 0);
    this.canvas.dataset['selected'] = String(scene.selected);
  }

  /** The chart as last drawn (brushes included, hover left out) as an SVG document; null before a draw. */
  toSvg(): string | null {
    return this.scene ? parallelSvg(this.scene, this.colors()) : null;
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
