// RunPool: A pool of worker threads running one job each at a time from a FIFO queue.
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { fromWorkerSchema, WORKER_PROTOCOL_VERSION, type ToWorker } from '../../protocol/worker';

/** A job for the pool: what a worker needs to execute one run. */
export interface PoolJob {
  runId: string;
  spec: unknown;
  data: Record<string, SharedArrayBuffer> | null;
}

/** How a job ended, as the pool saw it. */
export type PoolOutcome =
  | { kind: 'result'; result: unknown }
  | { kind: 'failed'; message: string }
  /** Cancelled before a worker started it. */
  | { kind: 'cancelled-queued' };

/** A job that runs outside the workers (a Python process): how it ends and how to stop it. */
export interface ProcessRun {
  done: Promise<PoolOutcome>;
  /** Stops the run now; `done` then resolves with what it produced so far. */
  cancel(): void;
  /** Lets the run, waiting at a rung (`spec.rungs`), train on. */
  release?(): void;
}

export interface PoolOptions {
  /** Path of the bundled worker script (dist/worker.js). */
  workerPath: string;
  /** Worker count; default cores − 1, at least 1. */
  size?: number;
  /** Extra V8 limits per worker, e.g. to bound memory. */
  resourceLimits?: { maxOldGenerationSizeMb?: number };
  /** Invalid messages from a worker are reported here and dropped. */
  onProtocolError?: (message: string) => void;
  /**
   * Starts a job as a process instead of a worker task (a user's PyTorch model), or returns null
   * to leave it to a worker. Such a job takes a slot of the pool like any other, so the pool's
   * size bounds workers and processes together.
   */
  launch?: (job: PoolJob, onProgress: (progress: unknown) => void) => ProcessRun | null;
}

interface Pending {
  job: PoolJob;
  cancel: Int32Array;
  onProgress: (progress: unknown) => void;
  resolve: (o: PoolOutcome) => void;
  /** Set while the job runs as a process. */
  process?: ProcessRun;
}

interface Slot {
  worker: Worker;
  current: Pending | null;
}

/**
 * The parent's node flags without module loaders (`--import tsx`, `--require`, `--loader`): the
 * worker is a self-contained bundle, and an inherited TypeScript loader would re-scan its ~1 MB
 * at every worker start (measured: most of a worker's start-up under tsx). Other flags (memory
 * limits, profiling) still apply.
 */
export function bundleExecArgv(execArgv: readonly string[]): string[] {
  const loaders = ['--import', '--require', '-r', '--loader', '--experimental-loader'];
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const a = execArgv[i]!;
    if (loaders.includes(a)) i++;
    else if (!loaders.some((l) => a.startsWith(`${l}=`))) out.push(a);
  }
  return out;
}

/** Default pool size: one core stays free for the extension host or the CLI's own work. */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

/**
 * A pool of worker threads running one job each at a time from a FIFO queue. A job is cancelled
 * through a shared flag the worker polls every step. A worker that throws or exits marks its job
 * failed and is replaced, so the rest of the queue goes on.
 */
export class RunPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private readonly byId = new Map<string, Pending>();
  private closed = false;

  constructor(private readonly o: PoolOptions) {
    const size = Math.max(1, o.size ?? defaultPoolSize());
    for (let i = 0; i < size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Queues a job; resolves when it ends. Progress arrives through `onProgress` meanwhile. */
  submit(job: PoolJob, onProgress: (progress: unknown) => void = () => {}): Promise<PoolOutcome> {
    if (this.closed) return Promise.resolve({ kind: 'failed', message: 'the run pool is closed' });
    return new Promise((resolve) => {
      const p: Pending = {
        job,
        // [0] the cancel flag, [1] the rung gate (protocol/worker.ts).
        cancel: new Int32Array(new SharedArrayBuffer(8)),
        onProgress,
        resolve,
      };
      this.byId.set(job.runId, p);
      this.queue.push(p);
      this.dispatch();
    });
  }

  /** Lets a run waiting at a rung go on (a run not waiting passes its next rung at once). */
  release(runId: string): void {
    const p = this.byId.get(runId);
    if (!p) return;
    p.process?.release?.();
    Atomics.store(p.cancel, 1, 1);
    Atomics.notify(p.cancel, 1);
  }

  /**
   * Cancels one job: a queued one never starts, a running one stops at its next step (one waiting
   * at a rung wakes and stops before training on).
   */
  cancel(runId: string): void {
    const p = this.byId.get(runId);
    if (!p) return;
    Atomics.store(p.cancel, 0, 1);
    p.process?.cancel();
    Atomics.store(p.cancel, 1, 1);
    Atomics.notify(p.cancel, 1);
    const i = this.queue.indexOf(p);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.finish(p, { kind: 'cancelled-queued' });
    }
  }

  /** Cancels every queued and running job. */
  cancelAll(): void {
    for (const id of [...this.byId.keys()]) this.cancel(id);
  }

  /** Stops every worker; jobs still pending end as failed. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0))
      this.finish(p, { kind: 'failed', message: 'the run pool was closed' });
    await Promise.all(
      this.slots.map(async (s) => {
        const cur = s.current;
        s.current = null;
        cur?.process?.cancel();
        await s.worker.terminate();
        if (cur) this.finish(cur, { kind: 'failed', message: 'the run pool was closed' });
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(this.o.workerPath, {
      execArgv: bundleExecArgv(process.execArgv),
      ...(this.o.resourceLimits ? { resourceLimits: this.o.resourceLimits } : {}),
    });
    const slot: Slot = { worker, current: null };
    worker.on('message', (raw: unknown) => this.onMessage(slot, raw));
    worker.on('error', (err) => this.onCrash(slot, `the worker crashed: ${err.message}`));
    worker.on('exit', (code) => this.onCrash(slot, `the worker exited with code ${code}`));
    return slot;
  }

  private onMessage(slot: Slot, raw: unknown): void {
    const parsed = fromWorkerSchema.safeParse(raw);
    const cur = slot.current;
    if (!parsed.success) {
      this.o.onProtocolError?.(`invalid message from a worker dropped: ${parsed.error.message}`);
      return;
    }
    const m = parsed.data;
    if (!cur || cur.job.runId !== m.runId) {
      this.o.onProtocolError?.(`message for run ${m.runId}, which this worker is not running, dropped`);
      return;
    }
    if (m.type === 'progress') {
      cur.onProgress(m.progress);
      return;
    }
    slot.current = null;
    this.finish(
      cur,
      m.type === 'result' ? { kind: 'result', result: m.result } : { kind: 'failed', message: m.message },
    );
    this.dispatch();
  }

  private onCrash(slot: Slot, message: string): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return; // already replaced ('error' is followed by 'exit')
    const cur = slot.current;
    slot.current = null;
    if (this.closed) return;
    this.slots[i] = this.spawn();
    void slot.worker.terminate();
    // A process job does not depend on the slot's (idle) worker: it keeps its slot.
    if (cur?.process) this.slots[i]!.current = cur;
    else if (cur) this.finish(cur, { kind: 'failed', message });
    this.dispatch();
  }

  private finish(p: Pending, outcome: PoolOutcome): void {
    if (this.byId.get(p.job.runId) === p) this.byId.delete(p.job.runId);
    p.resolve(outcome);
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.current || this.queue.length === 0) continue;
      const p = this.queue.shift()!;
      slot.current = p;
      const proc = this.o.launch?.(p.job, p.onProgress) ?? null;
      if (proc) {
        p.process = proc;
        void proc.done.then((outcome) => {
          const holder = this.slots.find((s) => s.current === p);
          if (holder) holder.current = null;
          this.finish(p, outcome);
          this.dispatch();
        });
        continue;
      }
      const msg: ToWorker = {
        type: 'run',
        version: WORKER_PROTOCOL_VERSION,
        runId: p.job.runId,
        spec: p.job.spec,
        data: p.job.data,
        cancel: p.cancel.buffer as SharedArrayBuffer,
      };
      slot.worker.postMessage(msg);
    }
  }
}
