/** Min and median of a figure's repetitions (warm-up already excluded by the caller). */
export interface Summary {
  min: number;
  median: number;
  max: number;
  reps: number;
}

/** Summarizes repetition values; `min` and `max` are of the values as given (rates or times). */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('no repetitions to summarize');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { min: s[0]!, median, max: s[s.length - 1]!, reps: s.length };
}
