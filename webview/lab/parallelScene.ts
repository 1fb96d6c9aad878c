// What the parallel coordinates draw, decided without the DOM: the axes (ticks, "n/a" level,
// brushes) and one styled line per trial, laid out in a box. The canvas paints this scene and
// Save as SVG writes it, so the saved file shows what the canvas shows.
import type { RunRecord } from '../../src/protocol/record';
import type { SearchState, TrialState } from '../../src/protocol/search';
import { withAlpha, type ThemeColors } from '../shared/theme';
import { escapeXml } from './chartSvg';
import { axisTicks } from './searchChartData';
import { passesBrushes, type Brushes } from './searchInsights';
import { finishedTrials, NA_BAND, searchAxes, trialPositions, trialQuality } from './searchModel';

/** A polyline with gaps (null) where the trial has no position. */
export type SceneLine = ([number, number] | null)[];

export interface SceneAxis {
  name: string;
  x: number;
  /** The axis's top and foot (the foot lower when it has an "n/a" level). */
  y0: number;
  y1: number;
  ticks: { text: string; y: number; align: 'left' | 'right' }[];
  /** The brushed range's top and bottom, when brushed. */
  brush: [number, number] | null;
}

export interface SceneTrial {
  id: number;
  points: SceneLine;
  color: string;
  width: number;
  dash: number[];
  /** Inside every brushed range (all are when nothing is brushed). */
  selected: boolean;
}

export interface ParallelScene {
  width: number;
  height: number;
  /** Where the axis names are written. */
  titleY: number;
  axes: SceneAxis[];
  /** In drawing order: unfinished first, then finished from worst to best, the best last. */
  trials: SceneTrial[];
  selected: number;
  /** Maps a y pixel back to an axis position in [0, 1] (for brushing). */
  pOf: (y: number) => number;
}

/** The scene of a search's parallel coordinates in a `width` × `height` box. */
export function parallelScene(
  record: RunRecord,
  state: SearchState,
  brushes: Brushes,
  colors: ThemeColors,
  width: number,
  height: number,
): ParallelScene {
  const axes = searchAxes(record, state);
  const [left, right, top, bottom] = [50, 70, 28, 24];
  const xOf = (i: number) =>
    left + (axes.length === 1 ? 0 : (i * (width - left - right)) / (axes.length - 1));
  const yOf = (p: number) => top + (1 - p) * (height - top - bottom);
  const accent = colors.series[0]!;
  const bestColor = colors.series[1] ?? accent;
  const trials: SceneTrial[] = [];
  const add = (t: TrialState, style: [string, number, number[]]) => {
    const positions = trialPositions(axes, t);
    const selected = passesBrushes(positions, brushes);
    const [color, width, dash] = selected ? style : [withAlpha(colors.muted, 0.12), 1, []];
    const points = positions.map((p, i): [number, number] | null => (p === null ? null : [xOf(i), yOf(p)]));
    trials.push({ id: t.index, points, color, width, dash, selected });
  };
  for (const t of state.trials.filter((t) => t.status !== 'done' || t.value === null))
    add(t, [withAlpha(colors.muted, 0.35), 1, [3, 3]]);
  const done = finishedTrials(state).sort(
    (a, b) => (trialQuality(state, a) ?? 0) - (trialQuality(state, b) ?? 0),
  );
  for (const t of done) {
    if (t.index === state.best) continue;
    const q = trialQuality(state, t) ?? 0;
    add(t, [withAlpha(accent, 0.2 + 0.7 * q), 1 + q, []]);
  }
  const best = state.trials.find((t) => t.index === state.best);
  if (best) add(best, [bestColor, 3, []]);
  return {
    width,
    height,
    titleY: top - 12,
    axes: axes.map((a, i) => {
      const brush = brushes.get(i);
      const last = i === axes.length - 1;
      return {
        name: a.name,
        x: xOf(i),
        y0: yOf(1),
        y1: yOf(a.na ? NA_BAND : 0),
        ticks: axisTicks(a).map(([text, p]) => ({ text, y: yOf(p), align: last ? 'left' : 'right' })),
        brush: brush ? [yOf(Math.max(...brush)), yOf(Math.min(...brush))] : null,
      };
    }),
    trials,
    selected: trials.filter((t) => t.selected).length,
    pOf: (y) => 1 - (y - top) / (height - top - bottom),
  };
}

const num = (v: number) => String(Math.round(v * 100) / 100);

/** The path data of a line with gaps: a new `M` after each gap. */
function pathData(points: SceneLine): string {
  let open = false;
  const parts: string[] = [];
  for (const p of points) {
    if (p === null) {
      open = false;
      continue;
    }
    parts.push(`${open ? 'L' : 'M'}${num(p[0])} ${num(p[1])}`);
    open = true;
  }
  return parts.join(' ');
}

/**
 * The scene as an SVG document: one `<path>` per trial (titled `#index`) in its colour, width and
 * dash, the axes with their names, ticks and brushed ranges, on the theme's background.
 */
export function parallelSvg(scene: ParallelScene, colors: ThemeColors): string {
  const accent = colors.series[0]!;
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${num(scene.width)}" height="${num(scene.height)}" viewBox="0 0 ${num(scene.width)} ${num(scene.height)}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="${escapeXml(colors.background)}"/>`,
    `<g fill="none" stroke-linejoin="round">`,
  ];
  for (const t of scene.trials) {
    const d = pathData(t.points);
    if (d === '') continue;
    const dash = t.dash.length ? ` stroke-dasharray="${t.dash.join(' ')}"` : '';
    parts.push(
      `<path d="${d}" stroke="${escapeXml(t.color)}" stroke-width="${num(t.width)}"${dash}><title>#${t.id}</title></path>`,
    );
  }
  parts.push(`</g>`);
  for (const a of scene.axes) {
    parts.push(
      `<line x1="${num(a.x)}" y1="${num(a.y0)}" x2="${num(a.x)}" y2="${num(a.y1)}" stroke="${escapeXml(colors.foreground)}"/>`,
    );
    if (a.brush) {
      const [y0, y1] = a.brush;
      parts.push(
        `<rect class="brush" x="${num(a.x - 7)}" y="${num(y0)}" width="14" height="${num(y1 - y0)}" fill="${escapeXml(withAlpha(accent, 0.25))}" stroke="${escapeXml(accent)}"/>`,
      );
    }
    parts.push(
      `<text x="${num(a.x)}" y="${num(scene.titleY)}" text-anchor="middle" fill="${escapeXml(colors.foreground)}">${escapeXml(a.name)}</text>`,
    );
    for (const t of a.ticks) {
      const left = t.align === 'left';
      parts.push(
        `<text x="${num(a.x + (left ? 5 : -5))}" y="${num(t.y + 4)}" text-anchor="${left ? 'start' : 'end'}" fill="${escapeXml(colors.muted)}">${escapeXml(t.text)}</text>`,
      );
    }
  }
  parts.push(`</svg>`);
  return `${parts.join('\n')}\n`;
}
