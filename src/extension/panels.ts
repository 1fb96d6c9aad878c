// The panels' registry: serializers, the run panel's view provider, and which tab a request opens.
import * as vscode from 'vscode';
import { LabPanel, LAB_VIEW_TYPE } from './labPanel';
import type { PanelDeps } from './panelDeps';
import { RunPanelView, RUN_PANEL_VIEW_ID } from './runPanelView';
import { SurfaceExplorerPanel, SURFACES_VIEW_TYPE } from './surfaceExplorerPanel';

export interface Panels extends vscode.Disposable {
  /** No argument: attach to the running experiment if any, else the newest record. Several: compare. */
  showLab(recordDirs?: string[]): void;
  showSurfaces(): void;
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * Registers the lab and surface-explorer serializers (so their tabs come back after a reload) and
 * the sidebar run panel's view provider, and opens panels on request: one lab tab per set of
 * records (asking again reveals it), one following lab, one surface explorer.
 */
export function registerPanels(deps: PanelDeps): Panels {
  const labs = new Set<LabPanel>();
  let surfaces: SurfaceExplorerPanel | null = null;
  const forget = (p: LabPanel) => labs.delete(p);
  const runPanel = new RunPanelView(deps);
  const subscriptions: vscode.Disposable[] = [
    runPanel,
    vscode.window.registerWebviewViewProvider(RUN_PANEL_VIEW_ID, runPanel),
    vscode.window.registerWebviewPanelSerializer(LAB_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state) {
        labs.add(LabPanel.revive(deps, panel, state, forget));
      },
    }),
    vscode.window.registerWebviewPanelSerializer(SURFACES_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        surfaces?.dispose();
        surfaces = SurfaceExplorerPanel.revive(deps, panel, () => (surfaces = null));
      },
    }),
  ];
  return {
    showLab(recordDirs) {
      const wanted = recordDirs && recordDirs.length > 0 ? recordDirs : null;
      for (const lab of labs) {
        const same = wanted === null ? lab.follows : !lab.follows && sameSet(lab.recordDirs, wanted);
        if (same) {
          lab.show(wanted ?? undefined);
          return;
        }
      }
      labs.add(LabPanel.create(deps, wanted ?? undefined, forget));
    },
    showSurfaces() {
      if (surfaces) surfaces.reveal();
      else surfaces = SurfaceExplorerPanel.create(deps, () => (surfaces = null));
    },
    dispose() {
      for (const lab of [...labs]) lab.dispose();
      surfaces?.dispose();
      for (const s of subscriptions) s.dispose();
    },
  };
}
