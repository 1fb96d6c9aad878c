// parallelControlFigure: The machine's own parallel speed-up at the moment of the bench.
import { Worker } from 'node:worker_threads';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';

// A fixed floating-point loop, the same in every thread: no shared memory, no messages, no I/O.
const loop = `
const { parentPort } = require('node:worker_threads');
const a = new Float64Array(1 << 15);
for (let i = 0; i < a.length; i++) a[i] = i;
let s = 0;
for (let k = 0; k < 4000; k++) for (let i = 0; i < a.length; i++) s += a[i] * 1.0000001;
parentPort.postMessage(s);
`;

/**
 * The SIMD counterpart: the engine's own register-block kernel (KernelArena.peak, 8 vector
 * multiply-adds a round, no memory traffic), which keeps the vector units busy where the scalar
 * loop above waits on one add chain. Two vCPUs that share one physical core's vector units (SMT
 * siblings on the host) scale the scalar loop but not this one.
 */
const simdLoop = (wasmPath: string) => `
const { parentPort } = require('node:worker_threads');
const mod = new WebAssembly.Module(require('node:fs').readFileSync(${JSON.stringify(wasmPath)}));
const memory = new WebAssembly.Memory({ initial: 1 });
const k = new WebAssembly.Instance(mod, { env: { memory } }).exports;
new Float64Array(memory.buffer, 0, 64).fill(1.0001);
let s = 0;
for (let r = 0; r < 40; r++) s += k.peakF64(1 << 20, 0);
parentPort.postMessage(s);
`;

/** Wall time of `threads` copies of the loop started together. */
function wall(threads: number, code = loop): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let done = 0;
    for (let i = 0; i < threads; i++) {
      const w = new Worker(code, { eval: true });
      w.once('error', reject);
      w.once('message', () => {
        void w.terminate();
        if (++done === threads) resolve((performance.now() - t0) / 1000);
      });
    }
  });
}

/**
 * The machine's own parallel speed-up at the moment of the bench: 2 threads of a pure compute
 * loop against 1, with the same total work per thread, so a ratio near 2 means two idle cores and
 * near 1 means the cores are busy with other work. Figure (3) is read against it: the pool cannot
 * scale beyond what the machine gives.
 */
export async function parallelControlFigure(quick: boolean): Promise<Figure> {
  const reps = quick ? 2 : 3;
  await wall(1);
  const one: number[] = [];
  const two: number[] = [];
  for (let r = 0; r < reps; r++) {
    one.push(await wall(1));
    two.push(await wall(2));
  }
  // Two threads do twice the work: time per unit of work, 1 thread over 2 threads.
  const perWorkTwo = two.map((t) => t / 2);
  return figure(
    "(3) control: 2 threads of a pure compute loop, time per loop (the machine's free parallelism)",
    's',
    false,
    summarize(perWorkTwo),
    { name: '1 thread', summary: summarize(one) },
    {
      warmup: 'one untimed 1-thread loop first',
      note: 'ratio ~2 on two idle cores, ~1 when other work holds them',
    },
  );
}

/**
 * {@link parallelControlFigure} for the SIMD kernel loop ({@link simdLoop}) over `wasmPath`
 * (dist/kernels.wasm): the machine's free parallelism for work that keeps the vector units
 * busy, as the engine's training runs do.
 */
export async function parallelSimdControlFigure(quick: boolean, wasmPath: string): Promise<Figure> {
  const reps = quick ? 2 : 3;
  const code = simdLoop(wasmPath);
  await wall(1, code);
  const one: number[] = [];
  const two: number[] = [];
  for (let r = 0; r < reps; r++) {
    one.push(await wall(1, code));
    two.push(await wall(2, code));
  }
  return figure(
    '(3) control: 2 threads of the SIMD multiply-add kernel, time per loop (free parallelism for vector work)',
    's',
    false,
    summarize(two.map((t) => t / 2)),
    { name: '1 thread', summary: summarize(one) },
    {
      warmup: 'one untimed 1-thread loop first',
      note: 'below the scalar control when the two vCPUs share vector units (SMT siblings on the host)',
    },
  );
}
