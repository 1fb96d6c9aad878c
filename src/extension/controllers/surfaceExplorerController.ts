// The surface explorer's host logic without VS Code: validates what the webview sends, answers
// with the engine's surfaces, grids and Hessians, and runs optimizers from a start on the engine.
import { join } from 'node:path';
import { isUserError } from '../../engine/errors';
import { resolveExperiment } from '../../engine/experiment/resolveExperiment';
import type { ExperimentOutcome, RunExperimentOptions } from '../../engine/runs/runExperiment';
import { getSurface, hessianAt, sampleGrid, SURFACE_NAMES } from '../../engine/surfaces';
import { experimentFileSchema } from '../../protocol/experiment';
import {
  surfacesWebviewMessageSchema,
  type SurfaceInfo,
  type SurfacesHostMessage,
  type SurfacesWebviewMessage,
} from '../../protocol/surfaceExplorer';
import { receive } from '../../protocol/webviewChannel';

/** What the controller needs from its host: where to post, log and store, and the run pool. */
export interface SurfaceExplorerPorts {
  /** Delivers a message to the webview (the controller posts only after `ready`). */
  post(message: SurfacesHostMessage): void;
  log: { warn(text: string): void; error(text: string): void };
  /** The extension's global storage folder; explorer records go under surface-runs/ in it. */
  storageDir: string;
  /** Runs the resolved experiment (the engine's runExperiment with the host's worker and pool size). */
  runExperiment(
    o: Pick<RunExperimentOptions, 'experiment' | 'recordsRoot' | 'signal'>,
  ): Promise<ExperimentOutcome>;
  /** Deletes explorer records beyond the newest few, after each run. */
  prune(recordsRoot: string): Promise<void>;
}

const finiteOrNull = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** What the webview draws of one engine surface. */
export function surfaceInfo(name: (typeof SURFACE_NAMES)[number]): SurfaceInfo {
  const s = getSurface(name);
  return {
    name: s.name,
    formula: s.formula,
    bounds: s.bounds,
    start: s.start,
    minima: s.minima.map((m) => ({ point: m.point, value: m.value, kind: m.kind })),
    saddles: s.saddles.map((p) => ({ point: p.point, value: p.value })),
    maxima: s.maxima.map((p) => ({ point: p.point, value: p.value })),
    unboundedBelow: s.unboundedBelow,
  };
}

/**
 * One explorer tab's conversation: nothing is posted before the webview's `ready`; an invalid
 * message is logged and dropped; a request's failure is answered with an `error` carrying its
 * requestId (a user's mistake in words, anything else as an internal error, logged with its stack).
 */
export class SurfaceExplorerController {
  private ready = false;
  private closed = false;
  private readonly running = new Set<AbortController>();

  constructor(private readonly ports: SurfaceExplorerPorts) {}

  /** Stops every run in progress and posts nothing more (the tab closed). */
  close(): void {
    this.closed = true;
    for (const c of this.running) c.abort();
  }

  private post(message: SurfacesHostMessage): void {
    if (this.ready && !this.closed) this.ports.post(message);
  }

  /** Handles one message from the webview; resolves once it is answered. */
  async handle(data: unknown): Promise<void> {
    const arrival = receive<SurfacesWebviewMessage>(surfacesWebviewMessageSchema, data);
    if (!arrival.ok) {
      this.ports.log.warn(`surface explorer: dropped ${arrival.reason}`);
      return;
    }
    const m = arrival.message;
    try {
      switch (m.type) {
        case 'ready':
          this.ready = true;
          this.post({ type: 'init', payload: { surfaces: SURFACE_NAMES.map(surfaceInfo) } });
          return;
        case 'grid': {
          const s = getSurface(m.payload.name);
          const g = sampleGrid(s, m.payload.size, m.payload.size);
          this.post({
            type: 'grid',
            payload: {
              requestId: m.payload.requestId,
              grid: {
                name: s.name,
                nx: m.payload.size,
                ny: m.payload.size,
                bounds: s.bounds,
                values: Array.from(g.values, finiteOrNull),
              },
            },
          });
          return;
        }
        case 'inspect': {
          const r = hessianAt(getSurface(m.payload.name), m.payload.point);
          const numbers = [...r.gradient, ...r.hessian.flat(), ...r.eigenvalues, ...r.eigenvectors.flat()];
          if (!numbers.every(Number.isFinite)) {
            this.post({
              type: 'error',
              payload: {
                requestId: m.payload.requestId,
                message: `the Hessian is not finite at (${m.payload.point.join(', ')})`,
              },
            });
            return;
          }
          this.post({
            type: 'hessian',
            payload: {
              requestId: m.payload.requestId,
              report: { ...r, value: finiteOrNull(r.value), gradientNorm: finiteOrNull(r.gradientNorm) },
            },
          });
          return;
        }
        case 'run':
          await this.run(m.payload);
          return;
      }
    } catch (e) {
      const message = isUserError(e) ? e.message : `internal error: ${(e as Error).message}`;
      if (!isUserError(e)) this.ports.log.error(`surface explorer: ${(e as Error).stack ?? String(e)}`);
      if ('requestId' in m.payload)
        this.post({ type: 'error', payload: { requestId: m.payload.requestId, message } });
    }
  }

  private async run(p: Extract<SurfacesWebviewMessage, { type: 'run' }>['payload']): Promise<void> {
    // The same validation and defaults as an experiment file: the explorer is one more front door.
    const file = experimentFileSchema.safeParse({
      name: `explore-${p.name}`,
      surface: { name: p.name, start: p.start },
      training: { steps: p.steps },
      optimizers: p.optimizers,
    });
    if (!file.success) {
      const issue = file.error.issues[0];
      this.post({
        type: 'error',
        payload: { requestId: p.requestId, message: `${issue?.path.join('.')}: ${issue?.message}` },
      });
      return;
    }
    const { storageDir } = this.ports;
    const recordsRoot = join(storageDir, 'surface-runs');
    const experiment = resolveExperiment(file.data, { name: `explore-${p.name}`, baseDir: storageDir });
    const controller = new AbortController();
    this.running.add(controller);
    try {
      const outcome = await this.ports.runExperiment({ experiment, recordsRoot, signal: controller.signal });
      this.post({
        type: 'trajectories',
        payload: {
          requestId: p.requestId,
          recordDir: outcome.recordDir,
          trajectories: outcome.record.runs.map((r) => ({
            runId: r.id,
            configIndex: r.configIndex,
            label: r.label,
            status: r.status,
            points: outcome.curves.get(r.id)?.trajectory ?? [],
            finalLoss: r.final_train_loss,
            message: r.message,
          })),
        },
      });
      await this.ports.prune(recordsRoot);
    } finally {
      this.running.delete(controller);
    }
  }
}
