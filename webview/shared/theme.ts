// ThemeColors: Colours the charts take from the VS Code theme (also themeColors, seriesColor, withAlpha,
// onThemeChange).
import { seriesPalette } from '../../src/engine/report/palette';

/** Colours the charts take from the VS Code theme. */
export interface ThemeColors {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  /** One per configuration position, cycling. */
  series: string[];
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v || fallback;
}

/**
 * The current theme's chart colours: VS Code's chart palette (`--vscode-charts-*`) first, then
 * colours that stay distinguishable from it and each other (at least 20 series before one repeats),
 * and the editor's foreground and lines for text and grid.
 */
export function themeColors(): ThemeColors {
  const named = ['blue', 'red', 'green', 'orange', 'purple', 'yellow'].map((c) =>
    cssVar(`--vscode-charts-${c}`, ''),
  );
  const series = seriesPalette(named.filter(Boolean));
  return {
    foreground: cssVar('--vscode-foreground', '#333333'),
    muted: cssVar('--vscode-descriptionForeground', '#717171'),
    grid: cssVar('--vscode-charts-lines', 'rgba(128, 128, 128, 0.3)'),
    background: cssVar('--vscode-editor-background', '#ffffff'),
    series,
  };
}

/** The colour of configuration `position`. */
export function seriesColor(colors: ThemeColors, position: number): string {
  return colors.series[position % colors.series.length]!;
}

/**
 * A CSS colour at `alpha` opacity: `#rgb`, `#rrggbb(aa)` and `rgb(a)()` are rewritten as rgba;
 * anything else (a named colour) is returned as it is.
 */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let m = /^#([0-9a-f]{3,8})$/i.exec(c);
  if (m) {
    let hex = m[1]!;
    if (hex.length === 3 || hex.length === 4) hex = [...hex].map((h) => h + h).join('');
    const n = Number.parseInt(hex.slice(0, 6), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/i.exec(c);
  if (m) return `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})`;
  return c;
}

/** Calls `onChange` when VS Code switches theme (it rewrites the body's class: vscode-light, -dark, -high-contrast). */
export function onThemeChange(onChange: () => void): void {
  new MutationObserver(onChange).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
