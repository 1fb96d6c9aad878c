// Messages of the lab panel (host <-> webview): records, packed curves, settings and the panel's saved
// state.
import { z } from 'zod';
import { recordSchema, runSummarySchema } from './record';
import { runProgressSchema } from './runs';
import { searchStateSchema } from './search';
import { lrFindViewSchema } from './lrFindView';
import { readyMessageSchema, requestIdSchema } from './webviewChannel';

/**
 * Messages of the lab panel (viewType optimizerLab.lab), which charts one or several experiment
 * records, live while they run. Payloads are the engine's own record, curves and progress types.
 */

/** A series as float64 values, missing points NaN (src/engine/report/labCurves.ts packSeries). */
const packedSeries = z.instanceof(Float64Array);

/** The curves the lab draws of one run, each series a typed array (sent as bytes, no JSON, no parsing). */
export const packedCurvesSchema = z.strictObject({
  epochTrain: packedSeries,
  epochVal: packedSeries,
  epochStep: packedSeries,
  epochMs: packedSeries,
  stepLr: packedSeries,
  stepGradNorm: packedSeries,
  /** Data-parallel runs only: traffic per step (docs/data-parallel.md). */
  stepBytes: packedSeries.optional(),
  stepDensity: packedSeries.optional(),
  stepCommS: packedSeries.optional(),
  /** The step of each learning-rate and gradient-norm point when they are cut to a step range (stepBuckets.ts). */
  stepAt: packedSeries.optional(),
});

/** One record the lab shows, with the curves of its runs: from disk when ended, from progress so far when running. */
export const labRecordSchema = z.object({
  recordDir: z.string(),
  record: recordSchema,
  /** By run id; runs that have not started have none. */
  curves: z.record(z.string(), packedCurvesSchema),
  live: z.boolean(),
  /** The trials of a search record (its search.json); null for a plain experiment. */
  search: searchStateSchema.nullable(),
  /** A Find Learning Rate record's sweep and range test (its lr-find.json); absent otherwise. */
  lrFind: lrFindViewSchema.nullable().optional(),
});
export type LabRecord = z.output<typeof labRecordSchema>;

/** Buckets a `requestRange` may ask for: a chart at least this many pixels wide, at most this many. */
export const LAB_MIN_BUCKETS = 16;
export const LAB_MAX_BUCKETS = 8192;

export const labSettingsSchema = z.object({
  /** Initial EMA weight of the smoothing slider, 0..0.999. */
  smoothing: z.number().min(0).max(0.999),
  /** Points per drawn series after decimation. */
  pointCap: z.number().int().min(16),
});
export type LabSettings = z.output<typeof labSettingsSchema>;

export const labHostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('init'),
    payload: z.object({
      settings: labSettingsSchema,
      records: z.array(labRecordSchema),
      /** Starred runs as `recordDir + '\n' + runId`. */
      stars: z.array(z.string()),
      /** The lab follows the next experiment that starts (opened without a record). */
      follow: z.boolean(),
      /** Why nothing is shown, when `records` is empty. */
      empty: z.string().nullable(),
    }),
  }),
  z.strictObject({
    type: z.literal('progress'),
    payload: z.object({ recordDir: z.string(), runId: z.string(), progress: runProgressSchema }),
  }),
  z.strictObject({
    type: z.literal('runEnd'),
    payload: z.object({
      recordDir: z.string(),
      summary: runSummarySchema,
      record: recordSchema,
      /** The run's curves, read back from its curves file; null when it has none (failed, cancelled early). */
      curves: packedCurvesSchema.nullable(),
      search: searchStateSchema.nullable(),
    }),
  }),
  z.strictObject({
    type: z.literal('finish'),
    payload: z.object({ recordDir: z.string(), record: recordSchema, search: searchStateSchema.nullable() }),
  }),
  z.strictObject({ type: z.literal('stars'), payload: z.object({ stars: z.array(z.string()) }) }),
  /** The answer to a `requestRange`: every shown run's curves cut to that range, by record and run id. */
  z.strictObject({
    type: z.literal('rangeCurves'),
    payload: z.object({
      requestId: requestIdSchema,
      records: z.array(z.object({ recordDir: z.string(), curves: z.record(z.string(), packedCurvesSchema) })),
    }),
  }),
  z.strictObject({
    type: z.literal('exportCsvResult'),
    payload: z.object({ requestId: requestIdSchema, saved: z.string().nullable() }),
  }),
  z.strictObject({
    type: z.literal('saveImageResult'),
    payload: z.object({ requestId: requestIdSchema, saved: z.string().nullable() }),
  }),
]);
export type LabHostMessage = z.output<typeof labHostMessageSchema>;

export const labWebviewMessageSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  z.strictObject({
    type: z.literal('toggleStar'),
    payload: z.strictObject({ recordDir: z.string(), runId: z.string() }),
  }),
  z.strictObject({
    type: z.literal('exportCsv'),
    payload: z.strictObject({
      requestId: requestIdSchema,
      suggestedName: z.string().regex(/^[A-Za-z0-9._-]{1,120}\.csv$/),
      csv: z.string().max(50_000_000),
    }),
  }),
  z.strictObject({
    type: z.literal('saveImage'),
    payload: z.strictObject({
      requestId: requestIdSchema,
      suggestedName: z.string().regex(/^[A-Za-z0-9._-]{1,120}\.png$/),
      /** canvas.toDataURL('image/png'); the host checks it decodes to a PNG before writing it. */
      dataUrl: z
        .string()
        .max(40_000_000)
        .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/),
    }),
  }),
  z.strictObject({
    type: z.literal('saveSvg'),
    payload: z.strictObject({
      requestId: requestIdSchema,
      suggestedName: z.string().regex(/^[A-Za-z0-9._-]{1,120}\.svg$/),
      /** The chart as an SVG document; the host checks it is one, with no script, before writing it. */
      svg: z.string().max(40_000_000),
    }),
  }),
  z.strictObject({
    type: z.literal('cancel'),
    payload: z.strictObject({ recordDir: z.string(), runId: z.string().nullable() }),
  }),
  /**
   * The per-step curves of the visible steps [lo, hi] (null: the whole run, the overview) in about
   * `buckets` buckets (the chart's width in pixels); answered by `rangeCurves`, at full resolution
   * once the range holds at most two steps a bucket.
   */
  z.strictObject({
    type: z.literal('requestRange'),
    payload: z.strictObject({
      requestId: requestIdSchema,
      range: z
        .strictObject({ lo: z.number().int().min(0), hi: z.number().int().min(0) })
        .refine((r) => r.hi >= r.lo, 'hi must not be below lo')
        .nullable(),
      buckets: z.number().int().min(LAB_MIN_BUCKETS).max(LAB_MAX_BUCKETS),
    }),
  }),
  /** Write a learning rate of a Find Learning Rate record into its experiment file. */
  z.strictObject({
    type: z.literal('useLr'),
    payload: z.strictObject({ recordDir: z.string(), lr: z.number().positive() }),
  }),
  /** Re-run a diagnosed run with the doctor's learning-rate remedy (optimizerLab.applyRemedy). */
  z.strictObject({
    type: z.literal('applyRemedy'),
    payload: z.strictObject({ recordDir: z.string(), runId: z.string() }),
  }),
]);
export type LabWebviewMessage = z.output<typeof labWebviewMessageSchema>;

/** What the lab webview keeps with setState, so a reload restores the same records and view. */
export const labPanelStateSchema = z.object({
  recordDirs: z.array(z.string()),
  follow: z.boolean(),
});
export type LabPanelState = z.output<typeof labPanelStateSchema>;

/** The key of a starred run. */
export function starKey(recordDir: string, runId: string): string {
  return `${recordDir}\n${runId}`;
}
