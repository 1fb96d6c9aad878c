// A problem found by a rule across fields of a file, at its path; rules read unvalidated values
// defensively, hence isObject.

/** One problem at a field path (zod's custom issue, before it is added to the context). */
export type Issue = { path: (string | number)[]; message: string };

/** True for a plain JSON object (not null, not an array). */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
