// Runs of a user's own PyTorch model as Python processes (python/optimizer_lab_runner.py): the job
// the runner reads, its JSON lines turned into the pool's progress and result, and cancellation by
// killing the process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { ResolvedExperiment } from '../../protocol/experiment';
import type { RunProgress, RunResult, RunSpec } from '../../protocol/runs';
import { ConfigError } from '../errors';
import { batchOrders, batching } from '../export/runData';
import { torchOptimizerCall, torchSchedule } from '../export/torchCode';
import type { Evaluation } from '../train/stepSource';
import { ProgressBatcher } from './progressBatcher';
import type { PoolJob, PoolOutcome, ProcessRun } from './runPool';

/** Which Python runs the runner, and where the runner script is. */
export interface PythonOptions {
  /** The interpreter: a path or a command on PATH (default `python3`). */
  command: string;
  /** The bundled runner (dist/optimizer_lab_runner.py). */
  runnerPath: string;
}

/** Parameters beyond this many are not sent back (a large model's curves file stays small). */
const MAX_SENT_PARAMS = 100_000;

type PytorchSpec = RunSpec & {
  problem: { kind: 'dataset'; model: { type: 'pytorch' } };
};

/** True when the run trains a user's PyTorch model (a process rather than a worker task). */
export function isPytorchSpec(spec: unknown): spec is PytorchSpec {
  const p = (spec as { problem?: { kind?: string; model?: { type?: string } } } | null)?.problem;
  return p?.kind === 'dataset' && p.model?.type === 'pytorch';
}

/** The command to install torch, for messages. */
export const TORCH_INSTALL = 'pip install torch (or, on Debian/Ubuntu, apt-get install python3-torch)';

function missingTorch(command: string, detail: string): ConfigError {
  return new ConfigError(
    `PyTorch is not installed for the Python "${command}" (${detail}). Install it with: ${TORCH_INSTALL}; ` +
      'or choose another Python (setting optimizerLab.pythonPath, or --python PATH / OPTIMIZER_LAB_PYTHON on the command line).',
  );
}

function notFound(command: string, why: string): ConfigError {
  return new ConfigError(
    `cannot start the Python "${command}" (${why}): set optimizerLab.pythonPath, or pass --python PATH / OPTIMIZER_LAB_PYTHON on the command line`,
  );
}

/**
 * Checks once, before any run starts, that the interpreter starts and imports torch; a missing
 * torch or interpreter is a ConfigError naming the install command. Resolves to torch's version.
 */
export async function checkPython(o: PythonOptions): Promise<string> {
  const out = await new Promise<{ code: number | null; stdout: string; error: Error | null }>((resolve) => {
    let stdout = '';
    let child: ChildProcess;
    try {
      child = spawn(o.command, [o.runnerPath, '--check'], { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      resolve({ code: null, stdout: '', error: e as Error });
      return;
    }
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.resume();
    child.on('error', (error) => resolve({ code: null, stdout, error }));
    child.on('close', (code) => resolve({ code, stdout, error: null }));
  });
  if (out.error) throw notFound(o.command, out.error.message);
  const line = out.stdout.trim().split('\n').pop() ?? '';
  let msg: { type?: string; torch?: string; message?: string } = {};
  try {
    msg = JSON.parse(line) as typeof msg;
  } catch {
    // Not JSON: a wrapper or an interpreter that failed before the runner ran.
  }
  if (msg.type === 'check' && typeof msg.torch === 'string') return msg.torch;
  if (msg.type === 'error') throw missingTorch(o.command, msg.message ?? 'import torch failed');
  throw notFound(o.command, `exit code ${out.code}${line ? `: ${line}` : ''}`);
}

/** The Python-side spelling of the run's metrics, as the reproduction script picks them. */
function taskMetrics(loss: string): 'regression' | 'logits' | 'classes' {
  return loss === 'mse' || loss === 'huber'
    ? 'regression'
    : loss === 'bce_with_logits'
      ? 'logits'
      : 'classes';
}

/** The JSON job the runner reads on stdin. */
export function runnerJob(spec: PytorchSpec, files: { x: string; y: string; orders: string | null }) {
  const p = spec.problem;
  const { perEpoch } = batching(spec.batchSize, p.trainRows);
  const schedule = spec.schedule
    ? torchSchedule(spec.schedule, { stepsPerEpoch: perEpoch, epochs: spec.epochs })
    : null;
  return {
    model: { path: p.model.path, root: p.model.root, factory: p.model.factory, loss: p.model.loss },
    precision: spec.precision,
    seed: spec.seed,
    init: p.init,
    data: { x: files.x, y: files.y, n_features: p.nFeatures, train_rows: p.trainRows, val_rows: p.valRows },
    n_outputs: p.nOutputs,
    loss: p.loss,
    task_metrics: taskMetrics(p.loss.name),
    target_scale: p.targetScale,
    l2: p.l2,
    epochs: spec.epochs,
    max_steps: spec.maxSteps,
    batch_size: spec.batchSize,
    batch_orders: files.orders,
    clip: spec.gradClip,
    early_stopping: spec.earlyStopping,
    divergence_factor: spec.divergenceFactor,
    optimizer_code: torchOptimizerCall(spec.optimizer, 'params', 'script'),
    schedule: schedule
      ? { code: schedule.code, interval: schedule.interval, plateau_monitor: schedule.plateauMonitor }
      : null,
    threads: 1,
  };
}

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
 * Launches pytorch runs as processes for a RunPool. The data buffers of a job are written once per
 * buffer into `workDir` as float64 files; the batch order of every epoch, drawn with the engine's
 * generator as its workers draw it, once per seed and shape.
 */
export class PythonLauncher {
  private readonly dataFiles = new Map<SharedArrayBuffer, Promise<string>>();
  private readonly orderFiles = new Map<string, Promise<string | null>>();
  private counter = 0;
  /** The scratch folder, made when the first run starts (so nothing is left behind before that). */
  private workDir: Promise<string> | null = null;

  constructor(private readonly o: PythonOptions) {}

  private folder(): Promise<string> {
    this.workDir ??= fs.mkdtemp(join(tmpdir(), 'optimizer-lab-py-'));
    return this.workDir;
  }

  /** A ProcessRun for a pytorch job, or null for any other job (it goes to a worker). */
  launch = (job: PoolJob, onProgress: (p: unknown) => void): ProcessRun | null => {
    if (!isPytorchSpec(job.spec)) return null;
    const spec = job.spec;
    let child: ChildProcess | null = null;
    let cancelled = false;
    let settle: (o: PoolOutcome) => void = () => {};
    const curves: Curves = {
      layout: [],
      initialParams: [],
      stepLoss: [],
      stepLr: [],
      stepGradNorm: [],
      epochTrainLoss: [],
      epochValidation: [],
      epochElapsedMs: [],
    };
    const batcher = new ProgressBatcher((p: RunProgress) => onProgress(p));
    const result = (end: Record<string, unknown> | null): RunResult => {
      const finalParams = Array.isArray(end?.['final_params'])
        ? (end['final_params'] as (number | null)[])
        : curves.initialParams.map(() => null);
      const lastVal = curves.epochValidation[curves.epochValidation.length - 1] ?? null;
      return {
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
        elapsedMs: Number(
          end?.['elapsed_ms'] ?? curves.epochElapsedMs[curves.epochElapsedMs.length - 1] ?? 0,
        ),
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
    };

    const done = new Promise<PoolOutcome>((resolve) => {
      let finished = false;
      settle = (o) => {
        if (finished) return;
        finished = true;
        batcher.flush();
        resolve(o);
      };
    });

    const start = async (): Promise<void> => {
      const data = job.data;
      if (!data?.['X'] || !data['y']) throw new Error('a pytorch run needs its shared data');
      const p = spec.problem;
      const [x, y, orders] = await Promise.all([
        this.dataFile(data['X'], spec.precision),
        this.dataFile(data['y'], spec.precision),
        this.orderFile(spec.seed, p.trainRows, spec.batchSize, spec.shuffle, spec.epochs),
      ]);
      if (cancelled) return;
      const jobJson = JSON.stringify({
        ...runnerJob(spec, { x, y, orders }),
        max_params: MAX_SENT_PARAMS,
      });
      // Its own process group, so cancelling kills the run and anything the user's code started.
      const proc = spawn(this.o.command, [this.o.runnerPath], {
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, PYTHONUNBUFFERED: '1', OMP_NUM_THREADS: '1' },
      });
      child = proc;
      let stderr = '';
      let end: Record<string, unknown> | null = null;
      let error: string | null = null;
      proc.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-8000);
      });
      proc.stdin!.on('error', () => {}); // a runner that died early; its exit says why
      proc.stdin!.end(jobJson);
      proc.on('error', (e) =>
        settle({ kind: 'failed', message: notFound(this.o.command, e.message).message }),
      );
      const lines = createInterface({ input: proc.stdout! });
      lines.on('line', (text) => {
        let m: Record<string, unknown>;
        try {
          m = JSON.parse(text) as Record<string, unknown>;
        } catch {
          return; // the user's own print() output
        }
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
            batcher.step({
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
              batcher.epoch({
                epoch: Number(m['epoch']),
                step: Number(m['step']),
                trainLoss,
                validation,
                elapsedMs: Number(m['elapsed_ms']),
              });
            }
            break;
          }
          case 'end':
            end = m;
            break;
          case 'error':
            error = failure(m, spec);
            break;
        }
      });
      proc.on('close', (code, signal) => {
        if (cancelled) return;
        if (end) {
          const r = result(end);
          if (curves.initialParams.length === 0) r.finalParams = [];
          settle({ kind: 'result', result: r });
        } else if (error) settle({ kind: 'failed', message: error });
        else {
          const tail = stderr.trim().split('\n').slice(-5).join('\n');
          settle({
            kind: 'failed',
            message: `the Python runner ended without a result (${signal ? `signal ${signal}` : `exit code ${code}`})${tail ? `: ${tail}` : ''}`,
          });
        }
      });
    };
    start().catch((e: unknown) => settle({ kind: 'failed', message: (e as Error).message }));

    return {
      done,
      cancel: () => {
        if (cancelled) return;
        cancelled = true;
        const pid = child?.pid;
        if (pid !== undefined) {
          try {
            process.kill(-pid, 'SIGKILL');
          } catch {
            child?.kill('SIGKILL'); // the group is gone already, or the platform has none
          }
        }
        // What streamed so far is the cancelled run's record, as a worker's cancel keeps it.
        const r = result(null);
        if (curves.initialParams.length === 0) r.finalParams = [];
        settle({ kind: 'result', result: r });
      },
    };
  };

  /** Removes the data and batch-order files. */
  async dispose(): Promise<void> {
    if (this.workDir) await fs.rm(await this.workDir, { recursive: true, force: true });
  }

  private dataFile(buffer: SharedArrayBuffer, precision: 'float32' | 'float64'): Promise<string> {
    let file = this.dataFiles.get(buffer);
    if (!file) {
      const name = `data-${this.counter++}.f64`;
      // float32 data sets are widened to float64 on disk: exact, and one format for the runner.
      const values =
        precision === 'float32' ? Float64Array.from(new Float32Array(buffer)) : new Float64Array(buffer);
      file = this.folder().then(async (dir) => {
        const path = join(dir, name);
        await fs.writeFile(path, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
        return path;
      });
      this.dataFiles.set(buffer, file);
    }
    return file;
  }

  private orderFile(
    seed: number,
    trainRows: number,
    batchSize: number | null,
    shuffle: boolean,
    epochs: number,
  ): Promise<string | null> {
    const key = `${seed}:${trainRows}:${batchSize}:${shuffle}:${epochs}`;
    let file = this.orderFiles.get(key);
    if (!file) {
      const orders = batchOrders(seed, trainRows, batchSize, shuffle, epochs);
      if (orders === null) file = Promise.resolve(null);
      else {
        const name = `order-${this.counter++}.i32`;
        const flat = Int32Array.from(orders.flat());
        file = this.folder().then(async (dir) => {
          const path = join(dir, name);
          await fs.writeFile(path, new Uint8Array(flat.buffer));
          return path;
        });
      }
      this.orderFiles.set(key, file);
    }
    return file;
  }
}

/** The runner beside the worker bundle: both are build outputs in dist/. */
export function runnerPathBeside(workerPath: string): string {
  return join(dirname(workerPath), RUNNER_FILE);
}

export const RUNNER_FILE = 'optimizer_lab_runner.py';

/**
 * For an experiment on a pytorch model: checks the interpreter and torch, and returns a launcher
 * (dispose() removes its scratch folder). Null for every other experiment.
 */
export async function pythonLauncherFor(
  e: ResolvedExperiment,
  python: string | undefined,
  workerPath: string,
): Promise<PythonLauncher | null> {
  if (e.kind !== 'data' || e.model.type !== 'pytorch') return null;
  const o: PythonOptions = { command: python || 'python3', runnerPath: runnerPathBeside(workerPath) };
  try {
    await fs.access(o.runnerPath);
  } catch {
    throw new Error(`${o.runnerPath} is missing: run \`npm run build\` first`);
  }
  try {
    await fs.access(e.model.path);
  } catch {
    throw new ConfigError(
      `the model file ${relative(e.model.root, e.model.path)} does not exist (model.path)`,
    );
  }
  await checkPython(o);
  return new PythonLauncher(o);
}
