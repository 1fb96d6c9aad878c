// The runner's JSON lines (start, step, epoch, rung, end, error) turned into the pool's progress events
// and, at the end or on a cancel, into the run's result with the curves streamed so far.
import { relative } from 'node:path';
import type { RunResult } from '../../protocol/runs';
import type { Evaluation } from '../train/stepSource';
import { TORCH_INSTALL } from './pythonCheck';
import { MAX_SENT_PARAMS, type PytorchSpec } from './pythonJob';
import { ProgressBatcher } from './progressBatcher';

interface Curves {
  layout: { name: string; shape: number[] }[];
  initialParams: number[];
  stepLoss: (number | null)[];
  stepLr: number[];
  stepGradNorm: (number | null)[];
  epochTrainLoss: (number | null)[];
  epochValidation: (Evaluation | null)[];
  epochElapsedMs: number[];
}

/** A runner line's validation: finite loss or null, as the worker reports it. */
function validationOf(v: unknown): Evaluation | null {
  const e = v as { loss?: number | null; metrics?: Record<string, number | null> } | null;
  if (!e || typeof e.loss !== 'number') return null;
  const metrics: Record<string, number> = {};
  for (const [k, x] of Object.entries(e.metrics ?? {})) if (typeof x === 'number') metrics[k] = x;
  return { loss: e.loss, metrics };
}

function failure(line: Record<string, unknown>, spec: PytorchSpec): string {
  const loc = line['location'] as { file: string; line: number } | null | undefined;
  const message = String(line['message'] ?? 'the runner failed');
  if (line['kind'] === 'torch-missing') return `${message}. Install it with: ${TORCH_INSTALL}`;
  const where = loc ? `${relative(spec.problem.model.root, loc.file) || loc.file}:${loc.line}: ` : '';
  const tb = typeof line['traceback'] === 'string' ? `\n${line['traceback'].trimEnd()}` : '';
  return `${where}${message}${tb}`;
}

/**
 * One run's stream of runner lines: keeps the curves, forwards progress through a batcher, and
 * remembers the end line or the error the runner reported.
 */
export class RunnerLines {
  private readonly curves: Curves = {
    layout: [],
    initialParams: [],
    stepLoss: [],
    stepLr: [],
    stepGradNorm: [],
    epochTrainLoss: [],
    epochValidation: [],
    epochElapsedMs: [],
  };
  private readonly batcher: ProgressBatcher;
  /** The runner's `end` line, once it came. */
  end: Record<string, unknown> | null = null;
  /** The runner's `error` line in words, once it came. */
  error: string | null = null;

  constructor(
    private readonly spec: PytorchSpec,
    onProgress: (p: unknown) => void,
  ) {
    this.batcher = new ProgressBatcher((p) => onProgress(p));
  }

  /** Sends what the batcher holds (before the outcome settles). */
  flush(): void {
    this.batcher.flush();
  }

  /** Takes one line of the runner's stdout; a line that is not JSON is the user's own print(). */
  line(text: string): void {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return; // the user's own print() output
    }
    const curves = this.curves;
    switch (m['type']) {
      case 'start': {
        curves.layout = (m['layout'] as Curves['layout']) ?? [];
        const init = m['initial_params'] as number[] | null;
        const count = curves.layout.reduce((s, t) => s + t.shape.reduce((a, b) => a * b, 1), 0);
        curves.initialParams = init && count <= MAX_SENT_PARAMS ? init : [];
        break;
      }
      case 'step': {
        const loss = (m['loss'] as number | null) ?? NaN;
        const gradNorm = (m['grad_norm'] as number | null) ?? NaN;
        curves.stepLoss.push(Number.isFinite(loss) ? loss : null);
        curves.stepLr.push(Number(m['lr']));
        curves.stepGradNorm.push(Number.isFinite(gradNorm) ? gradNorm : null);
        this.batcher.step({
          step: Number(m['step']),
          epoch: Number(m['epoch']),
          loss,
          lr: Number(m['lr']),
          gradNorm,
        });
        break;
      }
      case 'epoch': {
        const trainLoss = (m['train_loss'] as number | null) ?? NaN;
        const validation = validationOf(m['validation']);
        curves.epochTrainLoss.push(Number.isFinite(trainLoss) ? trainLoss : null);
        curves.epochValidation.push(validation);
        curves.epochElapsedMs.push(Number(m['elapsed_ms']));
        // Epoch −1 is the state before training: in the curves, not a progress event (as in the worker).
        if (Number(m['epoch']) >= 0) {
          this.batcher.epoch({
            epoch: Number(m['epoch']),
            step: Number(m['step']),
            trainLoss,
            validation,
            elapsedMs: Number(m['elapsed_ms']),
          });
        }
        break;
      }
      case 'rung':
        this.batcher.flush(); // the host decides from this epoch's value while the runner waits
        break;
      case 'end':
        this.end = m;
        break;
      case 'error':
        this.error = failure(m, this.spec);
        break;
    }
  }

  /**
   * The run's result from its end line, or (null: cancelled) from what streamed so far. Parameters
   * of a model too large to send back are left out.
   */
  result(end: Record<string, unknown> | null): RunResult {
    const curves = this.curves;
    const finalParams = Array.isArray(end?.['final_params'])
      ? (end['final_params'] as (number | null)[])
      : curves.initialParams.map(() => null);
    const lastVal = curves.epochValidation[curves.epochValidation.length - 1] ?? null;
    const test = end && this.spec.problem.testRows > 0 ? { finalTest: validationOf(end['final_test']) } : {};
    const r: RunResult = {
      ...test,
      status: end ? (end['status'] as RunResult['status']) : 'cancelled',
      steps: end ? Number(end['steps']) : curves.stepLoss.length,
      epochs: end ? Number(end['epochs']) : Math.max(0, curves.epochTrainLoss.length - 1),
      finalTrainLoss: end
        ? ((end['final_train_loss'] as number | null) ?? null)
        : (curves.epochTrainLoss[curves.epochTrainLoss.length - 1] ?? null),
      finalValidation: end ? validationOf(end['final_validation']) : lastVal,
      bestEpoch: (end?.['best_epoch'] as number | null | undefined) ?? null,
      divergedAtStep: (end?.['diverged_at_step'] as number | null | undefined) ?? null,
      divergenceReason: (end?.['divergence_reason'] as string | null | undefined) ?? null,
      elapsedMs: Number(end?.['elapsed_ms'] ?? curves.epochElapsedMs[curves.epochElapsedMs.length - 1] ?? 0),
      finalParams,
      initialParams: curves.initialParams,
      restartIndex: null,
      layout: curves.layout,
      curves: {
        stepLoss: curves.stepLoss,
        stepLr: curves.stepLr,
        stepGradNorm: curves.stepGradNorm,
        epochTrainLoss: curves.epochTrainLoss,
        epochValidation: curves.epochValidation,
        epochElapsedMs: curves.epochElapsedMs,
        trajectory: null,
      },
    };
    if (curves.initialParams.length === 0) r.finalParams = [];
    return r;
  }
}
