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

/** Wall time of `threads` copies of the loop started together. */
function wall(threads: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    let done = 0;
    for (let i = 0; i < threads; i++) {
      const w = new Worker(loop, { eval: true });
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
