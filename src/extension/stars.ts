// Stars: Starred runs, kept in the workspace state so they survive reloads without touching the records on
// disk.
import * as vscode from 'vscode';
import { starKey } from '../protocol/lab';

const STATE_KEY = 'optimizerLab.stars';

/**
 * Starred runs, kept in the workspace state so they survive reloads without touching the records
 * on disk. The lab panel's table and the runs tree both read and toggle them.
 */
export class Stars implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange: vscode.Event<void> = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  private keys(): string[] {
    const v = this.memento.get<unknown>(STATE_KEY, []);
    return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
  }

  /** Every starred run as `recordDir + '\n' + runId`. */
  all(): string[] {
    return this.keys();
  }

  has(recordDir: string, runId: string): boolean {
    return this.keys().includes(starKey(recordDir, runId));
  }

  toggle(recordDir: string, runId: string): void {
    const key = starKey(recordDir, runId);
    const keys = this.keys();
    const next = keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key];
    void this.memento.update(STATE_KEY, next).then(() => this.changed.fire());
  }

  dispose(): void {
    this.changed.dispose();
  }
}
