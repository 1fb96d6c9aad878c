// Messages of the Preview Data panel: column summaries and the target's balance.
import { z } from 'zod';
import { dataFormats, taskKinds } from './data';
import { readyMessageSchema, requestIdSchema } from './webviewChannel';

/**
 * Messages of the Preview Data panel: the host sends what the engine read in a data file (head,
 * per-column type, missing counts, histograms, problems); the webview asks for the balance of a
 * chosen target and for a new experiment with that target.
 */

export const previewColumnSchema = z.object({
  name: z.string(),
  kind: z.string(),
  missing: z.number().int(),
  distinct: z.number().int(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  levels: z.array(z.string()).nullable(),
  histogram: z.object({ min: z.number(), max: z.number(), counts: z.array(z.number().int()) }).nullable(),
  unit: z.string().nullable(),
  /** `file:line:col: message` of the column's problem, or null. */
  problem: z.string().nullable(),
});
export type PreviewColumn = z.output<typeof previewColumnSchema>;

export const previewSummarySchema = z.object({
  file: z.string(),
  format: z.enum(dataFormats),
  delimiter: z.string().nullable(),
  rows: z.number().int(),
  columns: z.array(previewColumnSchema),
  /** The first rows as text, null where missing. */
  head: z.array(z.array(z.string().nullable())),
});
export type PreviewSummary = z.output<typeof previewSummarySchema>;

export const targetBalanceSchema = z.object({
  name: z.string(),
  task: z.enum(taskKinds).nullable(),
  classes: z.array(z.string()).nullable(),
  classCounts: z.array(z.number().int()).nullable(),
  missing: z.number().int(),
  /** Why the column cannot be the target, or null. */
  problem: z.string().nullable(),
});
export type TargetBalance = z.output<typeof targetBalanceSchema>;

export const previewHostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('summary'),
    payload: z.object({ summary: previewSummarySchema.nullable(), error: z.string().nullable() }),
  }),
  z.strictObject({
    type: z.literal('target'),
    payload: z.object({ requestId: requestIdSchema, balance: targetBalanceSchema }),
  }),
]);
export type PreviewHostMessage = z.output<typeof previewHostMessageSchema>;

export const previewWebviewMessageSchema = z.discriminatedUnion('type', [
  readyMessageSchema,
  z.strictObject({
    type: z.literal('chooseTarget'),
    payload: z.object({ requestId: requestIdSchema, name: z.string() }),
  }),
  z.strictObject({ type: z.literal('newExperiment'), payload: z.object({ target: z.string() }) }),
]);
export type PreviewWebviewMessage = z.output<typeof previewWebviewMessageSchema>;
