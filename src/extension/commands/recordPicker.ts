import * as vscode from 'vscode';
import { describeBest } from '../../engine/verdict/recordVerdict';
import type { RunsTree } from '../runsTree';

/** Quick pick of the workspace's records, newest first; several when `many`. */
export async function pickRecords(
  tree: RunsTree,
  title: string,
  many: boolean,
): Promise<string[] | undefined> {
  const records = await tree.records();
  if (records.length === 0) {
    void vscode.window.showInformationMessage(
      'Optimizer Lab: no run records in this workspace yet. Run an experiment first.',
    );
    return undefined;
  }
  const items = records.map((e) => {
    const best = describeBest(e.record);
    return {
      label: e.record.name,
      description: `${e.record.createdAt.replace('T', ' ').slice(0, 16)} · ${e.record.status} · ${e.record.runs.length} runs`,
      detail: best ? `best ${best}` : undefined,
      dir: e.dir,
    };
  });
  if (many) {
    const chosen = await vscode.window.showQuickPick(items, {
      title,
      canPickMany: true,
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    return chosen && chosen.length > 0 ? chosen.map((c) => c.dir) : undefined;
  }
  const chosen = await vscode.window.showQuickPick(items, {
    title,
    matchOnDescription: true,
    ignoreFocusOut: true,
  });
  return chosen ? [chosen.dir] : undefined;
}
