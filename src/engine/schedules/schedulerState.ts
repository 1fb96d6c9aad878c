/**
 * Readers for the plain-data state a scheduler saved. A state that does not fit is a bug in whoever
 * stored it, not a user mistake, so these throw plain errors.
 */

function invalid(key: string, expected: string): Error {
  return new Error(`invalid scheduler state: '${key}' is not ${expected}`);
}

/**
 * A number as JSON can hold it: ±Infinity (ReduceLROnPlateau's `best` starts there) becomes the
 * string "Infinity" / "-Infinity", so a state survives `JSON.stringify` as well as structured clone.
 */
export function jsonNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

/** A number field, written by `jsonNumber` or as a plain number. */
export function readNumber(state: Record<string, unknown>, key: string): number {
  const v = state[key];
  if (v === 'Infinity' || v === '-Infinity') return Number(v);
  if (typeof v !== 'number' || Number.isNaN(v)) throw invalid(key, 'a number');
  return v;
}

/** A nested object field, such as a child scheduler's state. */
export function readRecord(state: Record<string, unknown>, key: string): Record<string, unknown> {
  const v = state[key];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(key, 'an object');
  return v as Record<string, unknown>;
}

/** An array field. */
export function readArray(state: Record<string, unknown>, key: string): unknown[] {
  const v = state[key];
  if (!Array.isArray(v)) throw invalid(key, 'an array');
  return v;
}

/** Checks that a state was saved by the same kind of scheduler it is being loaded into. */
export function expectName(state: Record<string, unknown>, name: string): void {
  if (state.name !== name) {
    throw new Error(`invalid scheduler state: saved by ${String(state.name)}, loading into ${name}`);
  }
}
