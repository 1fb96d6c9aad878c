// Runs of a user's own PyTorch model as Python processes (python/optimizer_lab_runner.py) for the
// run pool: the data and batch-order files, the process and its lines, and cancellation by killing
// the process group. The job is pythonJob.ts, the lines pythonLines.ts, the interpreter check
// pythonCheck.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { ResolvedExperiment } from '../../protocol/experiment';
import { ConfigError } from '../errors';
import { batchOrders } from '../train/batching';
import { checkPython, notFound, type PythonOptions, type PythonRuntime } from './pythonCheck';
import { isPytorchSpec, MAX_SENT_PARAMS, runnerJob } from './pythonJob';
import { RunnerLines } from './pythonLines';
import type { PoolJob, PoolOutcome, ProcessRun } from './runPool';

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

  constructor(
    /** The interpreter and the runner (also the data probe's, pythonProbe.ts). */
    readonly o: PythonOptions,
    /** The interpreter's versions and device, for the record's environment. */
    readonly runtime?: PythonRuntime,
  ) {}

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
    const lines = new RunnerLines(spec, onProgress);

    const done = new Promise<PoolOutcome>((resolve) => {
      let finished = false;
      settle = (o) => {
        if (finished) return;
        finished = true;
        lines.flush();
        resolve(o);
      };
    });

    const start = async (): Promise<void> => {
      const data = job.data;
      const p = spec.problem;
      // A model's data function (model.data) supplies the data in the runner: no files to write.
      const own = p.model.data !== undefined;
      if (!own && (!data?.['X'] || !data['y'])) throw new Error('a pytorch run needs its shared data');
      const [x, y, orders] = own
        ? [null, null, null]
        : await Promise.all([
            this.dataFile(data!['X']!, spec.precision),
            this.dataFile(data!['y']!, spec.precision),
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
      proc.stderr!.on('data', (d: Buffer) => {
        stderr = (stderr + d.toString('utf8')).slice(-8000);
      });
      proc.stdin!.on('error', () => {}); // a runner that died early; its exit says why
      // The job is one line; with rungs stdin stays open for the host's "continue" at each rung.
      if (spec.rungs.length === 0) proc.stdin!.end(`${jobJson}\n`);
      else {
        proc.stdin!.write(`${jobJson}\n`);
        proc.on('exit', () => proc.stdin!.destroy());
      }
      proc.on('error', (e) =>
        settle({ kind: 'failed', message: notFound(this.o.command, e.message).message }),
      );
      createInterface({ input: proc.stdout! }).on('line', (text) => lines.line(text));
      proc.on('close', (code, signal) => {
        if (cancelled) return;
        if (lines.end) settle({ kind: 'result', result: lines.result(lines.end) });
        else if (lines.error) settle({ kind: 'failed', message: lines.error });
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
      release: () => {
        if (!cancelled) child?.stdin?.write('continue\n');
      },
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
        settle({ kind: 'result', result: lines.result(null) });
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
  return new PythonLauncher(o, await checkPython(o));
}
