// pickRecords: Quick pick of the workspace's records (those `include` accepts), newest first.
import * as vscode from 'vscode';
import { describeBest } from '../../engine/verdict/recordVerdict';
import type { RunsTree } from '../runsTree';
import { isLrTestRecord } from '../runsTreeItems';

/** Quick pick of the workspace's records (those `include` accepts), newest first; several when `many`. */
export async function pickRecords(
  tree: RunsTree,
  title: string,
  many: boolean,
  include: (dir: string) => Promise<boolean> = () => Promise.resolve(true),
): Promise<string[] | undefined> {
  const all = await tree.records();
  const keep = await Promise.all(all.map((e) => include(e.dir)));
  const records = all.filter((_, i) => keep[i]);
  if (records.length === 0) {
    void vscode.window.showInformationMessage(
      'Optimizer Lab: no run records in this workspace yet. Run an experiment first.',
    );
    return undefined;
  }
  // LR range tests after the experiments' records, under their own heading.
  const lrTests = records.filter(isLrTestRecord);
  const ordered = [...records.filter((e) => !isLrTestRecord(e)), ...lrTests];
  const entries = ordered.map((e) => {
    const best = describeBest(e.record);
    return {
      label: e.record.name,
      description: `${e.record.createdAt.replace('T', ' ').slice(0, 16)} · ${e.record.status} · ${e.record.runs.length} runs`,
      detail: best ? `best ${best}` : undefined,
      dir: e.dir,
    };
  });
  // A separator is a QuickPickItem without a folder; it cannot be chosen.
  const items: (vscode.QuickPickItem & { dir?: string })[] = [...entries];
  if (lrTests.length > 0 && lrTests.length < records.length) {
    items.splice(records.length - lrTests.length, 0, {
      label: 'LR range tests',
      kind: vscode.QuickPickItemKind.Separator,
    });
  }
  if (many) {
    const chosen = await vscode.window.showQuickPick(items, {
      title,
      canPickMany: true,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    const dirs = (chosen ?? []).flatMap((c) => (c.dir ? [c.dir] : []));
    return dirs.length > 0 ? dirs : undefined;
  }
  const chosen = await vscode.window.showQuickPick(items, {
    title,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return chosen?.dir ? [chosen.dir] : undefined;
}
