// RunsTree: The "Runs" view.
import * as vscode from 'vscode';
import { dirname } from 'node:path';
import { readRecord, type RecordEntry } from '../engine/runs/records';
import { Disposable } from './disposable';
import type { LiveRuns } from './liveRuns';
import { recordSearches } from './recordsLocation';
import { isLrTestRecord, lrTestGroupNode, recordNode, runNodes, type RunsNode } from './runsTreeItems';
import type { Stars } from './stars';

/**
 * The "Runs" view: every record under the workspace's records folders, newest first, each with its
 * runs and their status. It re-reads records when a record.json changes on disk (file watchers)
 * and when a live experiment reports a finished run, so running records update as they go.
 */
export class RunsTree extends Disposable implements vscode.TreeDataProvider<RunsNode> {
  private readonly changed = this.register(new vscode.EventEmitter<RunsNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private entries: RecordEntry[] | null = null;
  private watchers: vscode.Disposable[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  /** Runs whose first progress batch the tree has shown. */
  private readonly progressing = new Set<string>();

  constructor(
    private readonly stars: Stars,
    private readonly liveRuns: LiveRuns,
  ) {
    super();
    this.watch();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('optimizerLab.recordsFolder')) {
          this.watch();
          this.refresh();
        }
      }),
    );
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => (this.watch(), this.refresh())));
    this.register(stars.onDidChange(() => this.changed.fire(undefined)));
    this.register(liveRuns.onDidStart(() => this.refresh()));
    // A run's first progress turns it from queued to running; later batches change nothing shown.
    this.register(
      liveRuns.onDidProgress(({ recordDir, runId }) => {
        const key = `${recordDir}#${runId}`;
        if (this.progressing.has(key)) return;
        this.progressing.add(key);
        this.refresh();
      }),
    );
    this.register(liveRuns.onDidRunEnd(() => this.refresh()));
    this.register(liveRuns.onDidFinish(() => this.refresh()));
    this.register({ dispose: () => this.watchers.forEach((w) => w.dispose()) });
  }

  /** Re-reads the records soon; bursts of file events (a record rewritten per run) coalesce. */
  refresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.entries = null;
      this.changed.fire(undefined);
    }, 150);
  }

  /** Every readable record the tree lists, newest first (for pickers). */
  async records(): Promise<Extract<RecordEntry, { ok: true }>[]> {
    return (await this.load()).filter((e): e is Extract<RecordEntry, { ok: true }> => e.ok);
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.collapsible ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.contextValue = node.contextValue;
    item.iconPath = new vscode.ThemeIcon(
      node.icon,
      node.color ? new vscode.ThemeColor(node.color) : undefined,
    );
    // A record expands on click (Open in Lab is in its context menu); a run opens its record.
    if (node.kind === 'run') {
      item.command = {
        command: 'optimizerLab.openRecord',
        title: 'Open in Lab',
        arguments: [node],
      };
    }
    return item;
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    const entries = await this.load();
    const recordNodes = (list: RecordEntry[]) =>
      list.map((e) =>
        recordNode(
          e,
          (runId) => this.stars.has(e.dir, runId),
          (dir) => this.liveRuns.active.has(dir),
        ),
      );
    const lrTests = entries.filter(isLrTestRecord);
    if (!node) {
      const rest = recordNodes(entries.filter((e) => !isLrTestRecord(e)));
      return lrTests.length > 0 ? [...rest, lrTestGroupNode(lrTests.length)] : rest;
    }
    if (node.kind === 'group') return recordNodes(lrTests);
    if (node.kind !== 'record') return [];
    const entry = entries.find((e) => e.dir === node.recordDir);
    if (!entry?.ok) return [];
    return runNodes(
      entry.dir,
      entry.record,
      (runId) => this.stars.has(entry.dir, runId),
      this.liveRuns.active.has(entry.dir),
      (runId) => (this.liveRuns.active.get(entry.dir)?.progress.get(runId)?.length ?? 0) > 0,
    );
  }

  private async load(): Promise<RecordEntry[]> {
    if (this.entries) return this.entries;
    const setting = vscode.workspace.getConfiguration('optimizerLab').get<string>('recordsFolder', '');
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    const found = new Set<string>();
    for (const s of recordSearches(setting, folders)) {
      const uris = await vscode.workspace.findFiles(
        new vscode.RelativePattern(vscode.Uri.file(s.base), s.pattern),
        '**/node_modules/**',
      );
      for (const u of uris) found.add(dirname(u.fsPath));
    }
    // Record folder names start with a sortable timestamp, so newest first is a reverse name sort.
    const dirs = [...found].sort((a, b) => basenameOf(b).localeCompare(basenameOf(a)));
    // A folder caught between its creation and its first record.json (or mid-delete) is skipped;
    // the watcher brings it back once the file lands.
    this.entries = (await Promise.all(dirs.map(readRecord))).filter((e) => e.ok || !e.pending);
    return this.entries;
  }

  private watch(): void {
    this.watchers.forEach((w) => w.dispose());
    const setting = vscode.workspace.getConfiguration('optimizerLab').get<string>('recordsFolder', '');
    const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
    this.watchers = recordSearches(setting, folders).map((s) => {
      const w = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(s.base), s.pattern),
      );
      w.onDidCreate(() => this.refresh());
      w.onDidChange(() => this.refresh());
      w.onDidDelete(() => this.refresh());
      return w;
    });
  }

  override dispose(): void {
    clearTimeout(this.refreshTimer);
    super.dispose();
  }
}

function basenameOf(p: string): string {
  return p.split(/[\\/]/).pop() ?? p;
}
