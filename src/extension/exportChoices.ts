// targetChoices: Every export target of the table, in its order, as quick-pick options.
import {
  exportTargets,
  exportTargetTable,
  type ExportTarget,
  type ExportTargetEntry,
} from '../protocol/exportTargets';
import type { PickOption } from './experimentDraft';

/**
 * The choices of Export Best Configuration as plain data: what each target produces, and how the
 * code reaches the user. Targets whose code reads a sidecar file (data rows, split, initial
 * parameters) must be saved as files; the others can also go to an untitled editor, the cursor or
 * the clipboard.
 */

/** Every export target of the table, in its order, as quick-pick options. */
export function targetChoices(): PickOption<ExportTarget>[] {
  return exportTargets.map((t) => ({
    label: exportTargetTable[t].label,
    description: t,
    detail: exportTargetTable[t].detail,
    value: t,
  }));
}

export type Delivery = 'untitled' | 'insert' | 'copy' | 'save';

/** How the code can be delivered for a target; inserting needs an editor open. */
export function deliveryChoices(target: ExportTarget, hasEditor: boolean): PickOption<Delivery>[] {
  const save: PickOption<Delivery> = {
    label: 'Save As…',
    detail: 'Write the code to a file (and its data file beside it)',
    value: 'save',
  };
  if (exportTargetTable[target].sidecar) return [save];
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
  return `${safeName(recordName)}_${target.replace('-', '_')}.${exportTargetTable[target].fileExtension}`;
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
  return FILE_FILTERS[exportTargetTable[target].fileExtension];
}

const FILE_FILTERS: Record<ExportTargetEntry['fileExtension'], Record<string, string[]>> = {
  py: { Python: ['py'] },
  ipynb: { 'Jupyter notebook': ['ipynb'] },
};
