import type { ExportTarget } from '../engine/export/index';
import type { PickOption } from './experimentDraft';

/**
 * The choices of Export Best Configuration as plain data: what each target produces, and how the
 * code reaches the user. Targets whose code reads a sidecar file (data rows, split, initial
 * parameters) must be saved as files; the others can also go to an untitled editor, the cursor or
 * the clipboard.
 */

export const SIDECAR_TARGETS: readonly ExportTarget[] = [
  'pytorch-script',
  'pytorch-ddp',
  'notebook',
  'optuna',
  'ray',
];

export function targetChoices(): PickOption<ExportTarget>[] {
  return [
    {
      label: 'PyTorch',
      description: 'pytorch',
      detail: 'The torch.optim constructor (and scheduler) with every hyperparameter written out',
      value: 'pytorch',
    },
    {
      label: 'PyTorch script',
      description: 'pytorch-script',
      detail:
        'A script that reproduces the run in PyTorch: data, split, initial parameters, batch order (saved with its data file)',
      value: 'pytorch-script',
    },
    {
      label: 'PyTorch DDP (torchrun)',
      description: 'pytorch-ddp',
      detail:
        'A data-parallel run as a torchrun script with its gradient compression as a DDP communication hook (saved with its data file)',
      value: 'pytorch-ddp',
    },
    {
      label: 'Jupyter notebook',
      description: 'notebook',
      detail:
        'The whole comparison reproduced in PyTorch: every run, curves, ranking and a check against the record (saved with its data file)',
      value: 'notebook',
    },
    {
      label: 'Keras',
      description: 'keras',
      detail: 'The matching keras.optimizers configuration, with the differences from torch noted',
      value: 'keras',
    },
    { label: 'optax', description: 'optax', detail: 'The matching optax chain for JAX', value: 'optax' },
    {
      label: 'Optuna',
      description: 'optuna',
      detail: 'An Optuna study around the best configuration (saved with its data file)',
      value: 'optuna',
    },
    {
      label: 'Ray Tune',
      description: 'ray',
      detail: 'The same sweep as a Ray Tune run (saved with its data file)',
      value: 'ray',
    },
  ];
}

export type Delivery = 'untitled' | 'insert' | 'copy' | 'save';

/** How the code can be delivered for a target; inserting needs an editor open. */
export function deliveryChoices(target: ExportTarget, hasEditor: boolean): PickOption<Delivery>[] {
  const save: PickOption<Delivery> = {
    label: 'Save As…',
    detail: 'Write the code to a file (and its data file beside it)',
    value: 'save',
  };
  if (SIDECAR_TARGETS.includes(target)) return [save];
  return [
    { label: 'Open as Untitled Document', value: 'untitled' },
    ...(hasEditor ? [{ label: 'Insert at Cursor', value: 'insert' as const }] : []),
    { label: 'Copy to Clipboard', value: 'copy' },
    save,
  ];
}

/** The record's name as a safe file or folder name. */
function safeName(recordName: string): string {
  return recordName.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'experiment';
}

/** A file name for saved code: the record's name made safe, then the target (a notebook: .ipynb). */
export function exportFileName(recordName: string, target: ExportTarget): string {
  return `${safeName(recordName)}_${target.replace('-', '_')}.${target === 'notebook' ? 'ipynb' : 'py'}`;
}

/**
 * The folder a Save dialog proposes: `exports/<record name>/` in the workspace, so a script's
 * sidecar and the data paths it names stay together and out of the workspace root.
 */
export function exportFolder(workspaceRoot: string, recordName: string): string[] {
  return [workspaceRoot, 'exports', safeName(recordName)];
}

/** The Save dialog's file filter for a target. */
export function exportFilters(target: ExportTarget): Record<string, string[]> {
  return target === 'notebook' ? { 'Jupyter notebook': ['ipynb'] } : { Python: ['py'] };
}
