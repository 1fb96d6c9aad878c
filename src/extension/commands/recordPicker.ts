import * as vscode from 'vscode';
import type { RunsTree } from '../runsTree';
import { formatNumber } from '../runsTreeItems';

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
  const items = records.map((e) => {
    const best = e.record.runs.find((r) => r.rank === 1);
    return {
      label: e.record.name,
      description: `${e.record.createdAt.replace('T', ' ').slice(0, 16)} · ${e.record.status} · ${e.record.runs.length} runs`,
      detail: best
        ? `best ${best.label}: ${e.record.objective.metric} ${formatNumber(best.objective)}`
        : undefined,
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
