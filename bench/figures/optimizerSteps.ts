// Figure (9), `optimizer.step` alone: Adadelta, Adamax, NAdam and RAdam in WebAssembly SIMD against
// the JS steps they replaced, on MLP 20-64-64-1's 5,569 parameters, alternated pair by pair.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OptimizerConfig, OptimizerConfigInput } from '../../src/protocol/optimizers';
import type { createOptimizer } from '../../src/engine/optim/index';
import type { adadeltaStep } from '../../src/engine/optim/adadelta';
import type { adamaxStep } from '../../src/engine/optim/adamax';
import type { nadamStep } from '../../src/engine/optim/nadam';
import type { radamStep } from '../../src/engine/optim/radam';
import type { FloatArray, Precision } from '../../src/engine/types';
import { bundled } from '../bundled';
import { figure, type Figure } from '../report';
import { summarize } from '../stats';
import type { FigureContext } from './trainingSpeed';

/** The engine side, bundled as the CLI and the worker run it (see ../bundled.ts). */
interface Engine {
  createOptimizer: typeof createOptimizer;
  parseOptimizer: (c: OptimizerConfigInput) => OptimizerConfig;
  adadeltaStep: typeof adadeltaStep;
  adamaxStep: typeof adamaxStep;
  nadamStep: typeof nadamStep;
  radamStep: typeof radamStep;
}

/** One step in place on (p, g); the JS steps keep their state in closures, as the classes did. */
type Step = (p: FloatArray, g: FloatArray) => void;

/** Parameters of MLP 20-64-64-1 (20·64 + 64 + 64·64 + 64 + 64 + 1). */
const NUM_PARAMS = 5569;

/** The JS step each optimizer ran before its kernel, over state arrays of its own, from t = 1. */
function jsStep(e: Engine, config: OptimizerConfig, precision: Precision): Step {
  const arr = () => (precision === 'float32' ? new Float32Array(NUM_PARAMS) : new Float64Array(NUM_PARAMS));
  const [a, b] = [arr(), arr()];
  let t = 0;
  switch (config.name) {
    case 'Adadelta':
      return (p, g) => e.adadeltaStep(p, g, a, b, config);
    case 'Adamax':
      return (p, g) => e.adamaxStep(p, g, a, b, ++t, config);
    case 'NAdam': {
      const round = precision === 'float32' ? Math.fround : (x: number) => x;
      let product = 1;
      return (p, g) => {
        product = e.nadamStep(p, g, a, b, ++t, product, config, round);
      };
    }
    case 'RAdam':
      return (p, g) => e.radamStep(p, g, a, b, ++t, config);
    default:
      throw new Error(`no JS step for ${config.name} in this figure`);
  }
}

/** CPU time of this process (user + system), in microseconds. */
function cpuUs(): number {
  const u = process.cpuUsage();
  return u.user + u.system;
}

/** CPU µs per step over `steps` steps (parameters and gradients as the training loop hands them). */
function timeSteps(step: Step, p: FloatArray, g: FloatArray, steps: number): number {
  const t0 = cpuUs();
  for (let s = 0; s < steps; s++) step(p, g);
  return (cpuUs() - t0) / steps;
}

const median = (xs: number[]) => summarize(xs).median;

/**
 * `optimizer.step` alone for Adadelta, Adamax, NAdam and RAdam (torch's defaults), 5,569
 * parameters: the SIMD class (copies in and out included) against the JS step it replaced, `pairs`
 * repetitions alternated A B, B A, … in one process by CPU time, each figure's note giving the
 * median of the paired speed-ups (min–max).
 */
export function optimizerStepFigures(ctx: FigureContext, precisions: Precision[], pairs: number): Figure[] {
  // The bundle loads dist/kernels.wasm from beside itself.
  copyFileSync(join(ctx.root, 'dist', 'kernels.wasm'), join(ctx.tmp, 'kernels.wasm'));
  const e = bundled<Engine>(ctx.root, ctx.tmp, 'optimizerSteps', {
    'src/engine/optim/index.ts': ['createOptimizer'],
    'src/engine/optim/adadelta.ts': ['adadeltaStep'],
    'src/engine/optim/adamax.ts': ['adamaxStep'],
    'src/engine/optim/nadam.ts': ['nadamStep'],
    'src/engine/optim/radam.ts': ['radamStep'],
    'bench/figures/optimizerConfig.ts': ['parseOptimizer'],
  });
  const steps = ctx.quick ? 300 : 1000;
  const figures: Figure[] = [];
  for (const precision of precisions)
    for (const name of ['Adadelta', 'Adamax', 'NAdam', 'RAdam'] as const) {
      const config = e.parseOptimizer({ name });
      const arr = (f: (i: number) => number) =>
        precision === 'float32'
          ? Float32Array.from({ length: NUM_PARAMS }, (_, i) => f(i))
          : Float64Array.from({ length: NUM_PARAMS }, (_, i) => f(i));
      const g = arr((i) => Math.sin(i * 0.37) * 0.1);
      const run = {
        simd: { step: e.createOptimizer(config, NUM_PARAMS, precision), p: arr((i) => Math.cos(i)) },
        js: { step: jsStep(e, config, precision), p: arr((i) => Math.cos(i)) },
      };
      const simd: Step = (p, gr) => run.simd.step.step(p, gr);
      timeSteps(simd, run.simd.p, g, steps);
      timeSteps(run.js.step, run.js.p, g, steps);
      const tSimd: number[] = [];
      const tJs: number[] = [];
      const speedUps: number[] = [];
      const timeSimd = () => tSimd.push(timeSteps(simd, run.simd.p, g, steps));
      const timeJs = () => tJs.push(timeSteps(run.js.step, run.js.p, g, steps));
      for (let r = 0; r < pairs; r++) {
        // A B, then B A: neither side always runs first.
        if (r % 2 === 0) {
          timeSimd();
          timeJs();
        } else {
          timeJs();
          timeSimd();
        }
        speedUps.push(tJs[r]! / tSimd[r]!);
      }
      const s = summarize(speedUps);
      figures.push(
        figure(
          `(9) ${name} optimizer.step alone, ${NUM_PARAMS.toLocaleString('en-US')} parameters, ${precision}`,
          'µs/step',
          false,
          summarize(tSimd),
          { name: 'the JS step it replaced', summary: summarize(tJs) },
          {
            warmup: `${steps} steps of each excluded`,
            note: `CPU time; ${pairs} alternated pairs, paired speed-up ${median(speedUps).toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`,
          },
        ),
      );
    }
  return figures;
}
