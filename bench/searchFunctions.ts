// The standard test functions of the search bench (bench/searchBench.ts): each a search space and
// an objective with a known minimum, so TPE and random search can be compared by their regret.
import type { TrialParams } from '../src/engine/search/space';
import type { SearchParam } from '../src/protocol/search';

/** A function the search minimizes over its parameters, with its known minimum. */
export interface TestFunction {
  name: string;
  params: Record<string, SearchParam>;
  conditional?: Record<string, Record<string, SearchParam>>;
  f(p: TrialParams): number;
  min: number;
}

const u = (low: number, high: number): SearchParam => ({ type: 'uniform', low, high });
const num = (p: TrialParams, k: string) => p[k] as number;

const HARTMANN_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const HARTMANN_P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];
const HARTMANN_ALPHA = [1, 1.2, 3, 3.2];

/** The functions of the search bench's first table. */
export const FUNCTIONS: TestFunction[] = [
  {
    name: 'Branin (2-D)',
    params: { x1: u(-5, 10), x2: u(0, 15) },
    f: (p) => {
      const [x1, x2] = [num(p, 'x1'), num(p, 'x2')];
      const b = 5.1 / (4 * Math.PI ** 2);
      return (
        (x2 - b * x1 ** 2 + (5 / Math.PI) * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10
      );
    },
    min: 0.397887,
  },
  {
    name: 'Hartmann (6-D)',
    params: Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`x${i}`, u(0, 1)])),
    f: (p) => {
      let s = 0;
      for (let i = 0; i < 4; i++) {
        let inner = 0;
        for (let j = 0; j < 6; j++) inner += HARTMANN_A[i]![j]! * (num(p, `x${j}`) - HARTMANN_P[i]![j]!) ** 2;
        s += HARTMANN_ALPHA[i]! * Math.exp(-inner);
      }
      return -s;
    },
    min: -3.32237,
  },
  {
    name: 'Styblinski-Tang (4-D)',
    params: Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`x${i}`, u(-5, 5)])),
    f: (p) => {
      let s = 0;
      for (let i = 0; i < 4; i++) {
        const x = num(p, `x${i}`);
        s += x ** 4 - 16 * x ** 2 + 5 * x;
      }
      return s / 2;
    },
    min: -39.16616570377142 * 4,
  },
  {
    // A stand-in for an optimizer search: a choice of optimizer, a log-scaled learning rate and a
    // momentum that only SGD has, each optimizer with its own best learning rate.
    name: 'Optimizer-like (choice + log + conditional)',
    params: {
      optimizer: { type: 'choice', values: ['SGD', 'Adam', 'RMSprop'] },
      lr: { type: 'loguniform', low: 1e-6, high: 1 },
    },
    conditional: { SGD: { momentum: u(0, 0.99) } },
    f: (p) => {
      const x = Math.log10(num(p, 'lr'));
      if (p['optimizer'] === 'SGD') return 0.2 + (x + 1) ** 2 / 4 + 4 * (num(p, 'momentum') - 0.9) ** 2;
      if (p['optimizer'] === 'Adam') return (x + 3) ** 2 / 4;
      return 0.5 + (x + 2.5) ** 2 / 4;
    },
    min: 0,
  },
];
