// The torch.optim configurations an experiment may name: one zod schema per optimizer, with torch's
// defaults and messages.
import { z } from 'zod';

/**
 * Optimizer configurations as a user writes them: torch.optim's class names, keyword names and
 * defaults (torch 2.x). Each range check fails with the allowed range and, in parentheses, the
 * message torch itself raises, so a user can search for either.
 */

const finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/** A number with torch's validation: `lo <= v` (and `v < hi` or `v <= hi` when given). */
function ranged(torchMessage: string, lo: number, hi?: number, hiInclusive = false): z.ZodType<number> {
  return finite.superRefine((v, ctx) => {
    const ok = v >= lo && (hi === undefined || (hiInclusive ? v <= hi : v < hi));
    if (!ok) {
      const range = hi === undefined ? `>= ${lo}` : `in [${lo}, ${hi}${hiInclusive ? ']' : ')'}`;
      ctx.addIssue({ code: 'custom', message: `must be ${range}, got ${v} (torch: ${torchMessage}: ${v})` });
    }
  });
}

const lr = (d: number) => ranged('Invalid learning rate', 0).default(d);
const eps = (d: number) => ranged('Invalid epsilon value', 0).default(d);
const weightDecay = (d = 0) => ranged('Invalid weight_decay value', 0).default(d);
const maximize = z.boolean().default(false);
const betas = z
  .tuple([
    ranged('Invalid beta parameter at index 0', 0, 1),
    ranged('Invalid beta parameter at index 1', 0, 1),
  ])
  .default([0.9, 0.999]);

export const sgdSchema = z
  .strictObject({
    name: z.literal('SGD'),
    lr: lr(1e-3),
    momentum: ranged('Invalid momentum value', 0).default(0),
    dampening: finite.default(0),
    weight_decay: weightDecay(),
    nesterov: z.boolean().default(false),
    maximize,
  })
  .superRefine((o, ctx) => {
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['nesterov'],
        message: 'Nesterov momentum requires a momentum and zero dampening',
      });
    }
  });

export const adagradSchema = z.strictObject({
  name: z.literal('Adagrad'),
  lr: lr(1e-2),
  lr_decay: ranged('Invalid lr_decay value', 0).default(0),
  weight_decay: weightDecay(),
  initial_accumulator_value: ranged('Invalid initial_accumulator_value value', 0).default(0),
  eps: eps(1e-10),
  maximize,
});

export const rmspropSchema = z.strictObject({
  name: z.literal('RMSprop'),
  lr: lr(1e-2),
  alpha: ranged('Invalid alpha value', 0).default(0.99),
  eps: eps(1e-8),
  weight_decay: weightDecay(),
  momentum: ranged('Invalid momentum value', 0).default(0),
  centered: z.boolean().default(false),
  maximize,
});

export const adadeltaSchema = z.strictObject({
  name: z.literal('Adadelta'),
  lr: lr(1.0),
  rho: ranged('Invalid rho value', 0, 1, true).default(0.9),
  eps: eps(1e-6),
  weight_decay: weightDecay(),
  maximize,
});

const adamFields = {
  betas,
  eps: eps(1e-8),
  amsgrad: z.boolean().default(false),
  maximize,
};

export const adamSchema = z.strictObject({
  name: z.literal('Adam'),
  lr: lr(1e-3),
  weight_decay: weightDecay(0),
  ...adamFields,
});

/** AdamW differs from Adam only in decoupled weight decay, whose default is 1e-2. */
export const adamwSchema = z.strictObject({
  name: z.literal('AdamW'),
  lr: lr(1e-3),
  weight_decay: weightDecay(1e-2),
  ...adamFields,
});

export const nadamSchema = z.strictObject({
  name: z.literal('NAdam'),
  lr: lr(2e-3),
  betas,
  eps: eps(1e-8),
  weight_decay: weightDecay(),
  momentum_decay: ranged('Invalid momentum_decay value', 0).default(4e-3),
  /** torch >= 2.1: AdamW-style weight decay for NAdam. */
  decoupled_weight_decay: z.boolean().default(false),
  maximize,
});

export const radamSchema = z.strictObject({
  name: z.literal('RAdam'),
  lr: lr(1e-3),
  betas,
  eps: eps(1e-8),
  weight_decay: weightDecay(),
  /** torch >= 2.1: AdamW-style weight decay for RAdam. */
  decoupled_weight_decay: z.boolean().default(false),
  maximize,
});

export const adamaxSchema = z.strictObject({
  name: z.literal('Adamax'),
  lr: lr(2e-3),
  betas,
  eps: eps(1e-8),
  weight_decay: weightDecay(),
  maximize,
});

/**
 * Every optimizer the engine implements, keyed by torch class name: the one list of optimizer names.
 * Every other per-optimizer table (the engine's constructors, the torch/Keras/optax export mappings,
 * the starting presets below) is a `Record<OptimizerName, …>`, so a name added here and missing
 * there is a compile error (docs/architecture-registries.md).
 */
export const optimizerSchemas = {
  SGD: sgdSchema,
  Adagrad: adagradSchema,
  RMSprop: rmspropSchema,
  Adadelta: adadeltaSchema,
  Adam: adamSchema,
  AdamW: adamwSchema,
  NAdam: nadamSchema,
  RAdam: radamSchema,
  Adamax: adamaxSchema,
} as const;

export type OptimizerName = keyof typeof optimizerSchemas;
export const optimizerNames = Object.keys(optimizerSchemas) as OptimizerName[];

type OptimizerSchema = (typeof optimizerSchemas)[OptimizerName];
// The union is built from the table, so it cannot lag behind it.
const schemaList = Object.values(optimizerSchemas) as [OptimizerSchema, ...OptimizerSchema[]];
export const optimizerConfigSchema = z.discriminatedUnion('name', schemaList);

/** What a user writes (defaults may be omitted). */
export type OptimizerConfigInput = z.input<typeof optimizerConfigSchema>;
/** After validation: every keyword present, torch's defaults filled in. */
export type OptimizerConfig = z.output<typeof optimizerConfigSchema>;
export type OptimizerConfigOf<N extends OptimizerName> = Extract<OptimizerConfig, { name: N }>;

/** A named starting configuration offered when a user drafts an experiment. */
export interface OptimizerPreset {
  label: string;
  config: OptimizerConfigInput;
  /** Selected at first in the picker. */
  picked?: boolean;
}

/**
 * Starting configurations per optimizer, with learning rates that make progress on standardized
 * data within 100 epochs ("New Experiment from Data File" offers them in this order).
 */
export const optimizerPresets: Record<OptimizerName, readonly OptimizerPreset[]> = {
  SGD: [
    { label: 'SGD', config: { name: 'SGD', lr: 0.05 }, picked: true },
    { label: 'SGD momentum', config: { name: 'SGD', lr: 0.02, momentum: 0.9 }, picked: true },
    { label: 'SGD Nesterov', config: { name: 'SGD', lr: 0.02, momentum: 0.9, nesterov: true } },
  ],
  Adagrad: [{ label: 'Adagrad', config: { name: 'Adagrad', lr: 0.1 } }],
  RMSprop: [{ label: 'RMSprop', config: { name: 'RMSprop', lr: 0.01 } }],
  Adadelta: [{ label: 'Adadelta', config: { name: 'Adadelta', lr: 1.0 } }],
  Adam: [{ label: 'Adam', config: { name: 'Adam', lr: 0.01 }, picked: true }],
  AdamW: [{ label: 'AdamW', config: { name: 'AdamW', lr: 0.01 } }],
  NAdam: [{ label: 'NAdam', config: { name: 'NAdam', lr: 0.005 } }],
  RAdam: [{ label: 'RAdam', config: { name: 'RAdam', lr: 0.01 } }],
  Adamax: [{ label: 'Adamax', config: { name: 'Adamax', lr: 0.01 } }],
};
