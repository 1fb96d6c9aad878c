/** Numeric precision of an experiment: float64 for reference checks, float32 for speed. */
export type Precision = 'float32' | 'float64';

/** A flat numeric buffer; every kernel in the engine works in place on one of these. */
export type FloatArray = Float32Array | Float64Array;

/** Allocates a zeroed buffer of the given precision. */
export function allocFloat(precision: Precision, length: number): FloatArray {
  return precision === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** Allocates a zeroed buffer of the same precision as `like`. */
export function allocLike(like: FloatArray, length = like.length): FloatArray {
  return like instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}
