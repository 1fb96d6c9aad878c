// The `training.data_parallel` section: workers, gradient compression and the simulated network, with its
// rules.
import { z } from 'zod';
import { isObject, type Issue } from './fieldIssue';

/**
 * The `training.data_parallel` section of an experiment file: K synchronous data-parallel workers
 * exchanging (optionally sparsified) gradients, simulated exactly by the engine (docs/data-parallel.md),
 * and its resolved form as runs carry it.
 */

export const compressionKinds = ['none', 'threshold', 'topk'] as const;
export type CompressionKind = (typeof compressionKinds)[number];

/** Defaults of the section, stated once: the schema's meta, the resolver and the docs use them. */
export const DATA_PARALLEL_DEFAULTS = {
  kind: 'none',
  residual: true,
  momentum_correction: false,
  warmup_epochs: 0,
  /** 10 Gbit/s Ethernet between the workers. */
  bandwidth_gbps: 10,
  /** 50 µs per message. */
  latency_us: 50,
} as const;

/** Largest simulated worker count (each worker keeps its own residual buffers). */
export const MAX_WORKERS = 256;

export const compressionSchema = z
  .strictObject({
    kind: z.enum(compressionKinds).optional().meta({
      description:
        'none: dense all-reduce; threshold: send components with |r| >= threshold (Strom 2015); topk: send the largest fraction of |r| (Deep Gradient Compression, Lin et al. 2018).',
      default: DATA_PARALLEL_DEFAULTS.kind,
    }),
    threshold: z
      .number()
      .min(0)
      .refine(Number.isFinite, { message: 'must be a finite number' })
      .optional()
      .describe(
        'threshold only (required): a component is sent once its accumulated magnitude reaches this.',
      ),
    fraction: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe('topk only (required): the share of components each worker sends per step, in (0, 1].'),
    residual: z.boolean().optional().meta({
      description:
        'Error feedback: what a worker does not send is kept and added to its next gradient (false drops it).',
      default: DATA_PARALLEL_DEFAULTS.residual,
    }),
    momentum_correction: z.boolean().optional().meta({
      description:
        "DGC momentum correction: each worker accumulates SGD's momentum locally and sparsifies that; needs SGD with momentum (no nesterov, no maximize).",
      default: DATA_PARALLEL_DEFAULTS.momentum_correction,
    }),
    clip: z
      .number()
      .positive()
      .optional()
      .describe(
        "DGC local gradient clipping: each worker rescales its own gradient to at most this 2-norm (clip_grad_norm_'s rule) before accumulating it.",
      ),
    warmup_epochs: z.number().int().min(0).optional().meta({
      description:
        "DGC's sparsity warm-up: in epoch e < warmup_epochs a worker sends 4^(warmup_epochs - e) times the final fraction (topk) or uses a threshold 4^(warmup_epochs - e) times smaller.",
      default: DATA_PARALLEL_DEFAULTS.warmup_epochs,
    }),
  })
  .superRefine((c, ctx) => {
    const kind = c.kind ?? DATA_PARALLEL_DEFAULTS.kind;
    if (kind === 'threshold' && c.threshold === undefined)
      ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'required with "kind": "threshold"' });
    if (kind === 'topk' && c.fraction === undefined)
      ctx.addIssue({ code: 'custom', path: ['fraction'], message: 'required with "kind": "topk"' });
    if (c.threshold !== undefined && kind !== 'threshold')
      ctx.addIssue({
        code: 'custom',
        path: ['threshold'],
        message: `applies to "kind": "threshold" only, not "${kind}"`,
      });
    if (c.fraction !== undefined && kind !== 'topk')
      ctx.addIssue({
        code: 'custom',
        path: ['fraction'],
        message: `applies to "kind": "topk" only, not "${kind}"`,
      });
    if (kind === 'none' && c.momentum_correction === true)
      ctx.addIssue({
        code: 'custom',
        path: ['momentum_correction'],
        message:
          'applies to a sparsified exchange ("threshold" or "topk"); a dense all-reduce keeps the optimizer\'s own momentum',
      });
    if (kind === 'none' && (c.warmup_epochs ?? 0) > 0)
      ctx.addIssue({
        code: 'custom',
        path: ['warmup_epochs'],
        message: 'a dense all-reduce has no sparsity to warm up: use "threshold" or "topk"',
      });
  })
  .describe('How each worker compresses what it sends.');

export const networkSchema = z
  .strictObject({
    bandwidth_gbps: z
      .number()
      .positive()
      .optional()
      .meta({ description: 'Link bandwidth in Gbit/s.', default: DATA_PARALLEL_DEFAULTS.bandwidth_gbps }),
    latency_us: z
      .number()
      .min(0)
      .optional()
      .meta({ description: 'Latency per message in µs.', default: DATA_PARALLEL_DEFAULTS.latency_us }),
  })
  .describe('The simulated network: ring all-reduce / all-gather time from bandwidth and latency.');

export const dataParallelSchema = z
  .strictObject({
    workers: z
      .number()
      .int()
      .min(1)
      .max(MAX_WORKERS)
      .describe('Synchronous workers; training.batch_size stays the global batch and must divide evenly.'),
    compression: compressionSchema.optional(),
    network: networkSchema.optional(),
  })
  .describe(
    'Simulated synchronous data-parallel training: every step each worker computes the gradient of its shard of the batch; gradients are compressed, exchanged, averaged and applied identically everywhere.',
  );

export type DataParallelInput = z.input<typeof dataParallelSchema>;

/** The section with every default filled, as a run spec carries it. */
export const resolvedDataParallelSchema = z.object({
  workers: z.number().int().min(1),
  compression: z.object({
    kind: z.enum(compressionKinds),
    threshold: z.number().min(0).nullable(),
    fraction: z.number().gt(0).max(1).nullable(),
    residual: z.boolean(),
    momentum_correction: z.boolean(),
    clip: z.number().positive().nullable(),
    warmup_epochs: z.number().int().min(0),
  }),
  network: z.object({ bandwidth_gbps: z.number().positive(), latency_us: z.number().min(0) }),
});
export type ResolvedDataParallel = z.output<typeof resolvedDataParallelSchema>;

/** Fills the defaults of a validated section. */
export function resolveDataParallel(d: z.output<typeof dataParallelSchema>): ResolvedDataParallel {
  const c = d.compression ?? {};
  const kind = c.kind ?? DATA_PARALLEL_DEFAULTS.kind;
  return {
    workers: d.workers,
    compression: {
      kind,
      threshold: kind === 'threshold' ? (c.threshold ?? 0) : null,
      fraction: kind === 'topk' ? (c.fraction ?? 1) : null,
      residual: c.residual ?? DATA_PARALLEL_DEFAULTS.residual,
      momentum_correction: c.momentum_correction ?? DATA_PARALLEL_DEFAULTS.momentum_correction,
      clip: c.clip ?? null,
      warmup_epochs: c.warmup_epochs ?? DATA_PARALLEL_DEFAULTS.warmup_epochs,
    },
    network: {
      bandwidth_gbps: d.network?.bandwidth_gbps ?? DATA_PARALLEL_DEFAULTS.bandwidth_gbps,
      latency_us: d.network?.latency_us ?? DATA_PARALLEL_DEFAULTS.latency_us,
    },
  };
}

/**
 * Why an optimizer configuration cannot carry DGC momentum correction, or null when it can: the
 * workers then run SGD's momentum themselves, so the optimizer must be SGD with momentum and no
 * Nesterov or maximize (which the correction does not define).
 */
export function momentumCorrectionProblem(o: Record<string, unknown>): string | null {
  if (o['name'] !== 'SGD') return `needs the SGD optimizer, got ${String(o['name'])}`;
  if (!(typeof o['momentum'] === 'number' && o['momentum'] > 0)) return 'needs SGD with momentum > 0';
  if (o['nesterov'] === true) return 'is defined for plain momentum, not nesterov';
  if (o['maximize'] === true) return 'is not defined with maximize';
  return null;
}

/** Search parameters that set the (single) data_parallel setting of the file. */
export const dataParallelSearchParams = [
  'data_parallel.workers',
  'data_parallel.compression.threshold',
  'data_parallel.compression.fraction',
] as const;
export type DataParallelSearchParam = (typeof dataParallelSearchParams)[number];

/** Why probed values of a data_parallel search parameter are invalid, or null. */
export function dataParallelSearchValueProblem(key: string, values: unknown[]): string | null {
  const ok: Record<DataParallelSearchParam, [(v: unknown) => boolean, string]> = {
    'data_parallel.workers': [
      (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= MAX_WORKERS,
      `integers in [1, ${MAX_WORKERS}]`,
    ],
    'data_parallel.compression.threshold': [(v) => typeof v === 'number' && v >= 0, 'numbers >= 0'],
    'data_parallel.compression.fraction': [
      (v) => typeof v === 'number' && v > 0 && v <= 1,
      'numbers in (0, 1]',
    ],
  };
  const rule = ok[key as DataParallelSearchParam];
  if (!rule) return null;
  const bad = values.find((v) => !rule[0](v));
  return bad === undefined ? null : `${key} values must be ${rule[1]}, got ${JSON.stringify(bad)}`;
}

/** Sets searched values on a resolved data_parallel setting (a trial's copy). */
export function withSearchedDataParallel(
  dp: ResolvedDataParallel,
  values: Partial<Record<string, number>>,
): ResolvedDataParallel {
  const c = dp.compression;
  return {
    ...dp,
    workers: values['data_parallel.workers'] ?? dp.workers,
    compression: {
      ...c,
      threshold: values['data_parallel.compression.threshold'] ?? c.threshold,
      fraction: values['data_parallel.compression.fraction'] ?? c.fraction,
    },
  };
}

/**
 * Rules between `training.data_parallel` and the rest of the file (called from the experiment
 * schema's cross-field rules): data problems only, a global batch the workers split evenly, and
 * momentum correction only over SGD with momentum.
 */
export function dataParallelIssues(file: Record<string, unknown>): Issue[] {
  const training = isObject(file['training']) ? file['training'] : {};
  const section = training['data_parallel'];
  const issues: Issue[] = [];
  if (section === undefined || section === null) {
    const search = isObject(file['search']) ? file['search'] : null;
    const params = isObject(search?.['parameters']) ? Object.keys(search['parameters']) : [];
    for (const key of params.filter((k) => k.startsWith('data_parallel.')))
      issues.push({
        path: ['search', 'parameters', key],
        message: 'needs a training.data_parallel section to search in',
      });
    return issues;
  }
  if (file['data'] === undefined) {
    issues.push({
      path: ['training', 'data_parallel'],
      message: 'applies to data problems only, not to a surface',
    });
    return issues;
  }
  const list = Array.isArray(section);
  const search = isObject(file['search']) ? file['search'] : null;
  const searched = isObject(search?.['parameters']) ? Object.keys(search['parameters']) : [];
  const single = list ? (section.length === 1 ? section[0] : null) : section;
  const kind = isObject(single) && isObject(single['compression']) ? single['compression']['kind'] : 'none';
  for (const key of searched) {
    const field = key.split('.').pop();
    if (field === 'threshold' && kind !== 'threshold')
      issues.push({
        path: ['search', 'parameters', key],
        message: `searches the threshold, but training.data_parallel.compression.kind is "${String(kind ?? 'none')}", not "threshold"`,
      });
    if (field === 'fraction' && kind !== 'topk')
      issues.push({
        path: ['search', 'parameters', key],
        message: `searches the top-k fraction, but training.data_parallel.compression.kind is "${String(kind ?? 'none')}", not "topk"`,
      });
  }
  if (list && isObject(file['search']) && section.length > 1) {
    issues.push({
      path: ['training', 'data_parallel'],
      message: `a search runs one data_parallel setting, got ${section.length}: keep one and search its parameters`,
    });
  }
  const entries: unknown[] = list ? section : [section];
  entries.forEach((dp, index) => {
    if (!isObject(dp)) return;
    const at = list ? ['training', 'data_parallel', index] : ['training', 'data_parallel'];
    const workers = dp['workers'];
    const batch = training['batch_size'];
    if (
      typeof workers === 'number' &&
      typeof batch === 'number' &&
      Number.isInteger(workers) &&
      workers > 0
    ) {
      if (batch % workers !== 0)
        issues.push({
          path: [...at, 'workers'],
          message: `the global batch of ${batch} rows (training.batch_size) does not split evenly among ${workers} workers: use a batch size that is a multiple of ${workers}`,
        });
    }
    const compression = isObject(dp['compression']) ? dp['compression'] : {};
    if (compression['momentum_correction'] === true) {
      const optimizers = Array.isArray(file['optimizers']) ? file['optimizers'] : [];
      optimizers.forEach((o, i) => {
        if (!isObject(o)) return;
        const problem = momentumCorrectionProblem(o);
        if (problem)
          issues.push({
            path: [...at, 'compression', 'momentum_correction'],
            message: `momentum correction ${problem} (optimizers[${i}])`,
          });
      });
    }
  });
  return issues;
}

/** A short name of a data-parallel setting for labels: `4 workers, top-k 1%`, `2 workers, threshold 0.01, no residual`. */
export function dataParallelLabel(dp: ResolvedDataParallel): string {
  const c = dp.compression;
  const parts = [`${dp.workers} worker${dp.workers === 1 ? '' : 's'}`];
  if (c.kind === 'none') parts.push('dense');
  else if (c.kind === 'threshold') parts.push(`threshold ${c.threshold}`);
  else parts.push(`top-k ${Number(((c.fraction ?? 1) * 100).toPrecision(6))}%`);
  if (c.kind !== 'none' && !c.residual) parts.push('no residual');
  if (c.momentum_correction) parts.push('momentum correction');
  if (c.clip !== null) parts.push(`clip ${c.clip}`);
  if (c.warmup_epochs > 0) parts.push(`warm-up ${c.warmup_epochs}`);
  return parts.join(', ');
}
