// A run's result as a pool worker sends it: parameter vectors as Float64Arrays and the curves file
// already encoded as bytes (each cloned as one block), so the host neither clones value by value,
// validates nor serialises ~11,000 numbers per run; and the host's reading of either form of result
// (worker or process).
import {
  packedRunResultSchema,
  runResultSchema,
  type PackedRunResult,
  type RunResult,
  type RunSpec,
} from '../../protocol/runs';
import type { CurvesFile } from '../../protocol/record';
import { layoutOf } from './executeRun';
import { jsonBytes } from './jsonBytes';

/**
 * A run's curves file (the record's `curves/<run>.json`) from its result; the spec gives the layout
 * when the result has none.
 */
export function curvesFileOf(spec: RunSpec, r: RunResult): CurvesFile {
  return {
    runId: spec.runId,
    layout: r.layout ?? layoutOf(spec),
    initialParams: r.initialParams,
    finalParams: r.finalParams,
    ...r.curves,
  };
}

/**
 * Packs a worker's result for the host. The curves file is encoded here, in the worker that
 * produced the run, so this work runs beside the run's own training and scales with the workers;
 * its text is the same as the host's `JSON.stringify(curvesFileOf(...))` of the validated result (a
 * test holds them equal for every kind of run). A final parameter that is not finite (null in the
 * result) travels as NaN. The buffers are copied, not transferred: detaching an ArrayBuffer in a
 * worker invalidates V8's detach protector for that isolate, which deoptimized every typed-array
 * loop of the training code (measured: +0.2–0.4 CPU-s per 64-run experiment); a copy of ~0.3 MB
 * a run costs microseconds.
 */
export function packRunResult(spec: RunSpec, r: RunResult): PackedRunResult {
  const file = curvesFileOf(spec, r);
  const initialParams = Float64Array.from(r.initialParams);
  const finalParams = new Float64Array(r.finalParams.length);
  for (let i = 0; i < finalParams.length; i++) finalParams[i] = r.finalParams[i] ?? NaN;
  const { initialParams: _i, finalParams: _f, ...rest } = r;
  return {
    ...rest,
    // The host's copy of the curves file needs the layout; sent, it spares the host a model.
    ...(file.layout ? { layout: file.layout } : {}),
    initialParams,
    finalParams,
    curvesJson: jsonBytes(file),
  };
}

/** A result the host accepted: the run's result, and its curves file's bytes when the worker encoded them. */
export type ReadResult =
  { ok: true; result: RunResult; encoded: Uint8Array | null } | { ok: false; error: string };

/**
 * Reads a run's result at the host boundary: a worker's packed result (its small part validated by
 * zod, the parameter vectors checked as typed arrays of equal length with finite initial values,
 * the file as bytes) or a plain result (a Python process's), validated whole.
 */
export function readRunResult(raw: unknown): ReadResult {
  if (raw !== null && typeof raw === 'object' && 'curvesJson' in raw) {
    const parsed = packedRunResultSchema.safeParse(raw);
    if (!parsed.success) return { ok: false, error: parsed.error.message };
    const { curvesJson, initialParams: init, finalParams: fin, ...rest } = parsed.data;
    if (init.length !== fin.length)
      return { ok: false, error: `${init.length} initial parameters but ${fin.length} final ones` };
    // Plain loops: Array.from over a typed array with a map function costs ~70 ns a value here.
    const initialParams: number[] = [];
    const finalParams: (number | null)[] = [];
    for (let i = 0; i < init.length; i++) {
      const v = init[i]!;
      if (!Number.isFinite(v)) return { ok: false, error: 'an initial parameter is not a finite number' };
      initialParams.push(v);
    }
    for (let i = 0; i < fin.length; i++) {
      const v = fin[i]!;
      finalParams.push(Number.isFinite(v) ? v : null);
    }
    return { ok: true, result: { ...rest, initialParams, finalParams }, encoded: curvesJson };
  }
  const parsed = runResultSchema.safeParse(raw);
  return parsed.success
    ? { ok: true, result: parsed.data, encoded: null }
    : { ok: false, error: parsed.error.message };
}

/** `readRunResult` for callers that treat an invalid result as a bug (an LR sweep's runs). */
export function parseRunResult(raw: unknown): RunResult {
  const r = readRunResult(raw);
  if (!r.ok) throw new Error(`invalid result from the worker: ${r.error}`);
  return r.result;
}
