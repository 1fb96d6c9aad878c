// Messages of the sidebar run panel (webview view optimizerLab.runPanel).
import { z } from 'zod';
import { dataFormats, taskKinds } from './data';
import { readyMessageSchema, requestIdSchema } from './webviewChannel';

/**
 * Messages of the sidebar run panel (webview view optimizerLab.runPanel): the host lists the
 * workspace's data files and inspects one on request; the webview builds and validates an
 * experiment as the user types and asks the host to write and run it.
 */

export const dataFileSchema = z.object({
  /** Absolute path. */
  path: z.string(),
  /** Path relative to its workspace folder, for display. */
  label: z.string(),
  format: z.enum(dataFormats),
});
export type DataFileEntry = z.output<typeof dataFileSchema>;

/** A Python file of the workspace, offered as "Your PyTorch model…". */
export const pythonFileSchema = z.object({
  /** Absolute path. */
  path: z.string(),
  /** Path relative to its workspace folder, for display. */
  label: z.string(),
});
export type PythonFileEntry = z.output<typeof pythonFileSchema>;

export const columnInfoSchema = z.object({
  name: z.string(),
  kind: z.string(),
  missing: z.number().int(),
  distinct: z.number().int(),
  /** The task the engine would infer with this column as the target; null if it cannot be one. */
  task: z.enum(taskKinds).nullable().default(null),
});
export type ColumnInfo = z.output<typeof columnInfoSchema>;

/** One run's live state in the panel. */
export const runLineSchema = z.object({
  runId: z.string(),
  label: z.string(),
  seed: z.number().int(),
  status: z.string(),
  /** Done fraction 0..1 from steps or epochs so far. */
  done: z.number().min(0).max(1),
  loss: z.number().nullable(),
});
export type RunLine = z.output<typeof runLineSchema>;

export const runPanelHostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('init'),
    payload: z.object({
      files: z.array(dataFileSchema),
      pythonFiles: z.array(pythonFileSchema).default([]),
      precision: z.enum(['float64', 'float32']),
      trusted: z.boolean(),
    }),
  }),
  z.strictObject({
    type: z.literal('files'),
    payload: z.object({
      files: z.array(dataFileSchema),
      pythonFiles: z.array(pythonFileSchema).default([]),
    }),
  }),
  z.strictObject({
    type: z.literal('columns'),
    payload: z.object({
      requestId: requestIdSchema,
      path: z.string(),
      rows: z.number().int().nullable(),
      columns: z.array(columnInfoSchema),
      error: z.string().nullable(),
    }),
  }),
  z.strictObject({
    type: z.literal('runs'),
    payload: z.object({
      name: z.string().nullable(),
      running: z.boolean(),
      status: z.string().nullable(),
      runs: z.array(runLineSchema),
    }),
  }),
  z.strictObject({
    type: z.literal('runResult'),
    payload: z.object({
      requestId: requestIdSchema,
      file: z.string().nullable(),
      error: z.string().nullable(),
    }),
  }),
]);
export type RunPanelHostMessage = z.output<typeof runPanelHostMessageSchema>;

export const runPanelWebviewMessageSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  z.strictObject({ type: z.literal('refreshFiles'), payload: z.strictObject({}) }),
  z.strictObject({
    type: z.literal('inspect'),
    payload: z.strictObject({ requestId: requestIdSchema, path: z.string() }),
  }),
  z.strictObject({
    type: z.literal('run'),
    payload: z.strictObject({
      requestId: requestIdSchema,
      dataPath: z.string(),
      name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/),
      /** The experiment file's content; the host validates it again with the experiment schema. */
      experiment: z.record(z.string(), z.unknown()),
    }),
  }),
  z.strictObject({ type: z.literal('cancel'), payload: z.strictObject({}) }),
]);
export type RunPanelWebviewMessage = z.output<typeof runPanelWebviewMessageSchema>;
