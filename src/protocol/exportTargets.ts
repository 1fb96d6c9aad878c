// What a run can be exported as: one table of export targets, for the CLI, the extension and the engine.

/** One export target as the CLI's help and the extension's quick pick present it. */
export interface ExportTargetEntry {
  /** Quick-pick label. */
  label: string;
  /** Quick-pick detail line. */
  detail: string;
  /** `export --help` text, already wrapped to the help's width. */
  help: readonly string[];
  /** The code reads a sidecar file (data rows, split, initial parameters) saved beside it. */
  sidecar: boolean;
  /** Extension of the saved file. */
  fileExtension: 'py' | 'ipynb';
}

/**
 * Every export target, keyed by its `--to` name, in the order the CLI and the quick pick list them.
 * The engine's exporters are a `Record<ExportTarget, …>` (engine/export/index.ts), so a target
 * added here and not written there is a compile error.
 */
export const exportTargetTable = {
  pytorch: {
    label: 'PyTorch',
    detail: 'The torch.optim constructor (and scheduler) with every hyperparameter written out',
    help: [
      'the torch.optim constructor with every hyperparameter written out, the lr',
      'scheduler with its stepping, clipping, L2 and early stopping, in a fit() function',
    ],
    sidecar: false,
    fileExtension: 'py',
  },
  'pytorch-script': {
    label: 'PyTorch script',
    detail:
      'A script that reproduces the run in PyTorch: data, split, initial parameters, batch order (saved with its data file)',
    help: [
      'a standalone script that reproduces the run in PyTorch (same data rows, split,',
      'standardization, initial parameters and batch order) and prints its losses;',
      'writes a sidecar JSON beside FILE',
    ],
    sidecar: true,
    fileExtension: 'py',
  },
  'pytorch-ddp': {
    label: 'PyTorch DDP (torchrun)',
    detail:
      'A data-parallel run as a torchrun script with its gradient compression as a DDP communication hook (saved with its data file)',
    help: [
      "a data-parallel run as a torchrun script: DistributedDataParallel with the run's",
      'gradient compression as a communication hook; prints the traffic; writes a',
      'sidecar JSON beside FILE (python3 -m torch.distributed.run --nproc_per_node=K FILE)',
    ],
    sidecar: true,
    fileExtension: 'py',
  },
  notebook: {
    label: 'Jupyter notebook',
    detail:
      'The whole comparison reproduced in PyTorch: every run, curves, ranking and a check against the record (saved with its data file)',
    help: [
      'a Jupyter notebook (.ipynb) that reproduces the whole comparison in PyTorch:',
      'every run (or --runs), the curves plotted, the configurations ranked, and a',
      'last cell that checks the numbers against the record; writes a sidecar JSON',
    ],
    sidecar: true,
    fileExtension: 'ipynb',
  },
  keras: {
    label: 'Keras',
    detail: 'The matching keras.optimizers configuration, with the differences from torch noted',
    help: ['keras.optimizers.* with a comment block of every difference from torch'],
    sidecar: false,
    fileExtension: 'py',
  },
  optax: {
    label: 'optax',
    detail: 'The matching optax chain for JAX',
    help: ['an optax chain with a comment block of every difference from torch'],
    sidecar: false,
    fileExtension: 'py',
  },
  optuna: {
    label: 'Optuna',
    detail: 'An Optuna study around the best configuration (saved with its data file)',
    help: [
      "the experiment's search space as an Optuna study (its sampler and pruner)",
      "training with the reproduction script's code; workers sharing a storage run",
      'one study; writes a sidecar JSON',
    ],
    sidecar: true,
    fileExtension: 'py',
  },
  ray: {
    label: 'Ray Tune',
    detail: 'The same sweep as a Ray Tune run (saved with its data file)',
    help: ['the same search as a Ray Tune run; writes a sidecar JSON'],
    sidecar: true,
    fileExtension: 'py',
  },
} as const satisfies Record<string, ExportTargetEntry>;

export type ExportTarget = keyof typeof exportTargetTable;

/** The target names, in the table's order. */
export const exportTargets = Object.keys(exportTargetTable) as ExportTarget[];

/** True for a known target name (a user's `--to` value). */
export function isExportTarget(name: string): name is ExportTarget {
  return Object.hasOwn(exportTargetTable, name);
}
