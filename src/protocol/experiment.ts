// The experiment file (`*.optlab.json`): its top-level schema, composed of the section schemas
// (experimentSections.ts) and the rules across sections (experimentRules.ts). The names it chooses
// from and the resolved experiment the engine runs are re-exported here, so `protocol/experiment`
// stays the one import for the file's contract.
import { z } from 'zod';
import { optimizerConfigSchema } from './optimizers';
import { scheduleConfigSchema } from './schedules';
import { dataSpecSchema } from './data';
import { searchSchema } from './search';
import { crossFieldIssues } from './experimentRules';
import { isObject } from './fieldIssue';
import {
  gradClipSchema,
  lossSchema,
  modelSchema,
  objectiveSchema,
  surfaceSchema,
  trainingSchema,
} from './experimentSections';

export * from './experimentNames';
export * from './experimentSections';
export * from './resolvedExperiment';

/**
 * The experiment file (`*.optlab.json`) as a user writes it, and the resolved experiment the engine
 * runs. Objects are strict, so a misspelt key is an error rather than a silently ignored setting.
 *
 * Defaults that depend on the kind of problem (epochs for data, steps for surfaces, the objective,
 * the loss, the early-stopping mode) are not zod defaults: zod fills them before the cross-field
 * rules run, which could then no longer tell "given" from "defaulted". The engine fills them when it
 * resolves the experiment; their `meta({ default })` is what the editor shows.
 */

const fileShape = {
  $schema: z.string().optional().describe('Ignored; lets editors find this schema.'),
  name: z
    .string()
    .min(1)
    .optional()
    .describe('Shown in reports; by default the file name without .optlab.json.'),
  description: z.string().optional().describe('Free text shown with the results.'),
  data: dataSpecSchema.optional().describe('Train a model on a data file; paths are relative to this file.'),
  surface: surfaceSchema.optional(),
  model: modelSchema.optional(),
  loss: lossSchema.optional(),
  l2: z
    .number()
    .min(0)
    .default(0)
    .describe('Explicit penalty lambda * sum of squared weights (not biases) added to the loss.'),
  training: trainingSchema.optional(),
  optimizers: z
    .array(optimizerConfigSchema)
    .min(1)
    .superRefine((configs, ctx) => {
      const seen = configs.map((c) => JSON.stringify(c));
      seen.forEach((s, i) => {
        const first = seen.indexOf(s);
        if (first !== i) {
          ctx.addIssue({ code: 'custom', path: [i], message: `same configuration as optimizers[${first}]` });
        }
      });
    })
    .describe('Optimizer configurations to compare: torch.optim class names and keyword arguments.'),
  schedule: scheduleConfigSchema.nullable().optional().meta({
    description: 'Learning-rate schedule applied to every optimizer (torch.optim.lr_scheduler).',
    default: null,
  }),
  grad_clip: gradClipSchema
    .nullable()
    .optional()
    .meta({ description: 'Gradient clipping before each optimizer step; null for none.', default: null }),
  objective: objectiveSchema.optional(),
  search: searchSchema.optional(),
};

/** The experiment file as written: validates every section and the rules across sections. */
export const experimentFileSchema = z
  .strictObject(fileShape)
  .superRefine(
    (file, ctx) => {
      for (const issue of crossFieldIssues(file as Record<string, unknown>)) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }
    },
    { when: (payload) => isObject(payload.value) },
  )
  .describe('An Optimizer Lab experiment: which problem, which optimizers, how to train and score them.');

export type ExperimentFileInput = z.input<typeof experimentFileSchema>;
export type ExperimentFile = z.output<typeof experimentFileSchema>;
