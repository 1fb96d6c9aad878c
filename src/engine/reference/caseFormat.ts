// The format of a recorded PyTorch reference case (test/fixtures), which check-reference replays.
import { z } from 'zod';

/**
 * A reference trajectory recorded with PyTorch, in the format of the golden README
 * (test/fixtures/golden/README.md). Descriptive fields the replay does not need are let through.
 */

const nested: z.ZodType<unknown> = z.lazy(() => z.union([z.number(), z.array(nested)]));
const numberOrNull = z.number().nullable();

export const referenceCaseSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  torch_version: z.string().optional(),
  dtype: z.enum(['float64', 'float32']).default('float64'),
  problem: z.discriminatedUnion('type', [
    z.object({
      type: z.literal('dataset'),
      dataset_csv: z.string(),
      feature_columns: z.array(z.string()).min(1),
      target_column: z.string(),
      feature_mean: z.array(z.number()),
      feature_std: z.array(z.number()),
      target_mean: z.number().optional(),
      target_std: z.number().optional(),
      loss_fn: z.enum(['MSELoss', 'HuberLoss', 'BCEWithLogitsLoss', 'CrossEntropyLoss']),
      loss_kwargs: z.record(z.string(), z.unknown()).optional(),
    }),
    z.object({ type: z.literal('function2d'), function: z.string() }),
  ]),
  model: z
    .object({
      type: z.enum(['linear', 'mlp']),
      sizes: z.array(z.number().int().positive()).optional(),
      hidden_activation: z.enum(['Tanh', 'ReLU', 'Sigmoid', 'LeakyReLU']).optional(),
      param_order: z.array(z.string()).optional(),
      param_shapes: z.record(z.string(), z.array(z.number().int())).optional(),
    })
    .nullish(),
  initial_params: z.record(z.string(), nested),
  optimizer: z.object({
    name: z.string(),
    param_group_hyperparams: z.record(z.string(), z.unknown()),
  }),
  scheduler: z
    .object({
      name: z.string(),
      kwargs: z.record(z.string(), z.unknown()).default({}),
      metric: z.string().optional(),
    })
    .nullable()
    .default(null),
  grad_clip: z
    .union([
      z.object({
        kind: z.literal('norm'),
        max_norm: z.number(),
        norm_type: z.union([z.number(), z.string()]).optional(),
      }),
      z.object({ kind: z.literal('value'), clip_value: z.number() }),
    ])
    .nullable()
    .default(null),
  steps: z.number().int().nonnegative().optional(),
  losses: z.array(numberOrNull).optional(),
  batch_size: z.number().int().positive().optional(),
  epochs: z.number().int().positive().optional(),
  permutations: z.array(z.array(z.number().int().nonnegative())).optional(),
  batch_losses: z.array(numberOrNull).optional(),
  full_data_loss_per_epoch: z.array(numberOrNull).optional(),
  trajectory: z.array(z.tuple([z.number(), z.number()])).optional(),
  lr_per_step: z.array(z.number()).optional(),
  final_params: z.record(z.string(), nested),
  tolerance: z
    .object({
      loss_rel: z.number().optional(),
      params_abs: z.number().optional(),
      weight_abs: z.number().optional(),
      unreliable: z.boolean().optional(),
      early_steps: z.number().int().nonnegative().optional(),
      early_loss_rel: z.number().optional(),
    })
    .optional(),
});

export type ReferenceCase = z.output<typeof referenceCaseSchema>;
