// Disposable: Owns disposables and releases them once (custom-editor-sample's pattern).
import type * as vscode from 'vscode';

/** Owns disposables and releases them once (custom-editor-sample's pattern). */
export abstract class Disposable {
  private disposables: vscode.Disposable[] = [];
  protected isDisposed = false;

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.isDisposed) d.dispose();
    else this.disposables.push(d);
    return d;
  }
}
