/**
 * Colours of the configurations in the report's charts and table swatches: matplotlib's tab10
 * without its pale yellow, ordered so neighbours differ in hue and lightness. Every one reads on
 * white.
 */
export const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#ff7f0e',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#7f7f7f',
  '#393b79',
] as const;

/** The colour of the configuration at `position` in the report (cycling after ten). */
export function colorAt(position: number): string {
  return PALETTE[position % PALETTE.length]!;
}
