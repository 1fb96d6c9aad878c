// The one list of series colours: the lab takes the theme's chart colours, then these; the report
// (on white) takes these in order.

/**
 * 23 colours, pairwise at least 22 apart in CIELAB (ΔE*76, clearly different at a glance), each
 * with a contrast ratio of at least 1.9 against both a white and a #1e1e1e background: tab10, then
 * picks from Kelly's colours of maximum contrast and tab20b/c, greedily, skipping near repeats
 * (the two ochres that used to meet in Compare). Checked by test/webview/seriesPalette.test.ts.
 */
export const SERIES_PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#bcbd22',
  '#008856',
  '#b3446c',
  '#c2b280',
  '#f6a600',
  '#e68fac',
  '#882d17',
  '#f99379',
  '#637939',
  '#8c6d31',
  '#7b4173',
  '#9c9ede',
  '#6baed6',
  '#74c476',
] as const;

/** Colours closer than this (ΔE*76) read as the same series. */
export const MIN_DELTA_E = 22;

function channel(v: number): number {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

/** CIELAB (D65) of `#rrggbb`, or null for any other form. */
export function lab(hex: string): [number, number, number] | null {
  const m = /^#([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const n = Number.parseInt(m[1]!, 16);
  const [r, g, b] = [channel((n >> 16) & 255), channel((n >> 8) & 255), channel(n & 255)];
  const f = (t: number) => (t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16 / 116);
  const x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
  const y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
  const z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

/** ΔE*76 between two `#rrggbb` colours; Infinity when either cannot be read (kept apart by default). */
export function deltaE(a: string, b: string): number {
  const [p, q] = [lab(a), lab(b)];
  if (!p || !q) return Infinity;
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/** The theme's named chart colours first, then every palette colour that is not close to one already taken. */
export function seriesPalette(named: readonly string[]): string[] {
  const out = [...named];
  for (const c of SERIES_PALETTE) if (out.every((o) => deltaE(o, c) >= MIN_DELTA_E)) out.push(c);
  return out;
}

/** Colours of the configurations in the report's charts and table swatches: the series palette. */
export const PALETTE = SERIES_PALETTE;

/** The colour of the configuration at `position` in the report (cycling after the last). */
export function colorAt(position: number): string {
  return PALETTE[position % PALETTE.length]!;
}
