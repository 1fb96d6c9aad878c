// How a configuration's curves are told apart besides their colour: a dash pattern per
// configuration (for colour-blind readers, and past the palette's length), and the emphasis the
// results table's selection gives.

/**
 * Dash patterns in pixels, solid first. A configuration's pattern is its position modulo 4, so
 * neighbours in the legend differ in pattern as well as colour, and a (colour, pattern) pair repeats
 * only after lcm(palette length, 4) configurations, at least twice the palette.
 */
export const DASH_PATTERNS: readonly (readonly number[])[] = [[], [10, 4], [2, 3], [10, 3, 2, 3]];

/** The dash pattern of configuration `position`. */
export function configDash(position: number): number[] {
  return [
    ...DASH_PATTERNS[((position % DASH_PATTERNS.length) + DASH_PATTERNS.length) % DASH_PATTERNS.length]!,
  ];
}

/** How a curve is drawn given the table's selection. */
export type Emphasis = 'normal' | 'selected' | 'faded';

/** A configuration's emphasis: selected when one of its runs is, faded while others are selected. */
export function emphasisOf(runKeys: readonly string[], selected: ReadonlySet<string> | null): Emphasis {
  if (!selected || selected.size === 0) return 'normal';
  return runKeys.some((k) => selected.has(k)) ? 'selected' : 'faded';
}

/** Line width and opacity of a curve: training thicker than validation, selection over the rest. */
export function lineLook(emphasis: Emphasis, validation: boolean): { width: number; alpha: number } {
  const base = validation ? { width: 1.25, alpha: 0.75 } : { width: 2, alpha: 1 };
  if (emphasis === 'selected') return { width: base.width + 1.5, alpha: 1 };
  if (emphasis === 'faded') return { width: base.width * 0.75, alpha: 0.2 };
  return base;
}
