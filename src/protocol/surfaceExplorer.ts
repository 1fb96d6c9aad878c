// Messages of the surface explorer: surfaces, their grids and curvature, and optimizer trajectories on
// them.
import { z } from 'zod';
import { optimizerConfigSchema } from './optimizers';
import { surfaceNames } from './experiment';
import { readyMessageSchema, requestIdSchema } from './webviewChannel';

/**
 * Messages of the loss-surface explorer (viewType optimizerLab.surfaces): the host samples the
 * engine's surfaces, computes Hessian reports and runs optimizers on the run pool; the webview
 * draws contours and animates trajectories.
 */

const point = z.tuple([z.number(), z.number()]);
const finitePoint = z.tuple([z.number().refine(Number.isFinite), z.number().refine(Number.isFinite)]);

export const surfaceInfoSchema = z.object({
  name: z.enum(surfaceNames),
  formula: z.string(),
  bounds: z.tuple([point, point]),
  start: point,
  minima: z.array(z.object({ point, value: z.number(), kind: z.enum(['global', 'local']) })),
  saddles: z.array(z.object({ point, value: z.number() })),
  maxima: z.array(z.object({ point, value: z.number() })),
  unboundedBelow: z.boolean(),
});
export type SurfaceInfo = z.output<typeof surfaceInfoSchema>;

export const surfaceGridSchema = z.object({
  name: z.enum(surfaceNames),
  nx: z.number().int().min(2),
  ny: z.number().int().min(2),
  bounds: z.tuple([point, point]),
  /** Row-major, one row per y from ymin up: values[j·nx + i]. Non-finite values as null. */
  values: z.array(z.number().nullable()),
});
export type SurfaceGridMessage = z.output<typeof surfaceGridSchema>;

export const hessianReportSchema = z.object({
  point,
  value: z.number().nullable(),
  gradient: point,
  gradientNorm: z.number().nullable(),
  hessian: z.tuple([point, point]),
  eigenvalues: point,
  eigenvectors: z.tuple([point, point]),
  stationary: z.boolean(),
  classification: z.enum(['minimum', 'maximum', 'saddle', 'degenerate']),
});
export type HessianReportMessage = z.output<typeof hessianReportSchema>;

export const surfaceTrajectorySchema = z.object({
  runId: z.string(),
  configIndex: z.number().int().nonnegative(),
  label: z.string(),
  status: z.string(),
  /** Flat [x0, y0, x1, y1, ...], one point per step plus the final one; null where not finite. */
  points: z.array(z.number().nullable()),
  finalLoss: z.number().nullable(),
  message: z.string().nullable(),
});
export type SurfaceTrajectory = z.output<typeof surfaceTrajectorySchema>;

export const surfacesHostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('init'), payload: z.object({ surfaces: z.array(surfaceInfoSchema) }) }),
  z.strictObject({
    type: z.literal('grid'),
    payload: z.object({ requestId: requestIdSchema, grid: surfaceGridSchema }),
  }),
  z.strictObject({
    type: z.literal('hessian'),
    payload: z.object({ requestId: requestIdSchema, report: hessianReportSchema }),
  }),
  z.strictObject({
    type: z.literal('trajectories'),
    payload: z.object({
      requestId: requestIdSchema,
      recordDir: z.string(),
      trajectories: z.array(surfaceTrajectorySchema),
    }),
  }),
  z.strictObject({
    type: z.literal('error'),
    payload: z.object({ requestId: requestIdSchema, message: z.string() }),
  }),
]);
export type SurfacesHostMessage = z.output<typeof surfacesHostMessageSchema>;

/** Longest explorer run: enough to watch, short enough to come back in a moment. */
export const MAX_EXPLORER_STEPS = 20_000;

export const surfacesWebviewMessageSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  z.strictObject({
    type: z.literal('grid'),
    payload: z.strictObject({
      requestId: requestIdSchema,
      name: z.enum(surfaceNames),
      size: z.number().int().min(16).max(400),
    }),
  }),
  z.strictObject({
    type: z.literal('inspect'),
    payload: z.strictObject({ requestId: requestIdSchema, name: z.enum(surfaceNames), point: finitePoint }),
  }),
  z.strictObject({
    type: z.literal('run'),
    payload: z.strictObject({
      requestId: requestIdSchema,
      name: z.enum(surfaceNames),
      start: finitePoint,
      steps: z.number().int().min(1).max(MAX_EXPLORER_STEPS),
      optimizers: z.array(optimizerConfigSchema).min(1).max(16),
    }),
  }),
]);
export type SurfacesWebviewMessage = z.output<typeof surfacesWebviewMessageSchema>;
export type SurfacesWebviewMessageInput = z.input<typeof surfacesWebviewMessageSchema>;
