// The problems the learning-rate advice is measured on: a development set and a held-out set.
//
// The held-out list was written down (and committed) before any rule of the LR sweep was tuned;
// the rules were chosen on DEV_PROBLEMS only, and HELD_OUT_PROBLEMS were run once, at the end.

/** One problem: an experiment file's body (data paths relative to samples/) and a short name. */
export interface LrProblem {
  name: string;
  /** Written into a temporary experiment file; `data.path` is resolved against samples/ unless it is a synthetic set. */
  experiment: Record<string, unknown>;
  /** A synthetic data set the bench generates (known scales), instead of a file in samples/. */
  synthetic?: 'regression-scaled' | 'blobs-binary';
}

const split = { validation: 0.2, seed: 0 };

export const DEV_PROBLEMS: LrProblem[] = [
  {
    name: 'iris softmax, SGD, full batch',
    experiment: {
      data: { path: 'iris.csv', target: 'species', split: { ...split, stratify: true } },
      model: { type: 'softmax' },
      training: { epochs: 10, batch_size: null, seeds: [0] },
      optimizers: [{ name: 'SGD', lr: 0.001 }],
    },
  },
  {
    name: 'iris MLP [16], Adam, batch 16',
    experiment: {
      data: { path: 'iris.csv', target: 'species', split: { ...split, stratify: true } },
      model: { type: 'mlp', hidden: [16], activation: 'relu' },
      training: { epochs: 10, batch_size: 16, seeds: [0] },
      optimizers: [{ name: 'Adam' }],
    },
  },
  {
    name: 'wine MLP [16], SGD momentum 0.9, batch 32',
    experiment: {
      data: { path: 'wine.csv', target: 'class', split: { ...split, stratify: true } },
      model: { type: 'mlp', hidden: [16], activation: 'tanh' },
      training: { epochs: 10, batch_size: 32, seeds: [0] },
      optimizers: [{ name: 'SGD', momentum: 0.9 }],
    },
  },
  {
    name: 'wine softmax, Adam, full batch',
    experiment: {
      data: { path: 'wine.csv', target: 'class', split: { ...split, stratify: true } },
      model: { type: 'softmax' },
      training: { epochs: 10, batch_size: null, seeds: [0] },
      optimizers: [{ name: 'Adam' }],
    },
  },
  {
    name: 'diabetes linear, SGD, full batch',
    experiment: {
      data: { path: 'diabetes.csv', target: 'progression', split },
      model: { type: 'linear' },
      training: { epochs: 10, batch_size: null, seeds: [0] },
      optimizers: [{ name: 'SGD' }],
    },
  },
  {
    name: 'diabetes MLP [32], RMSprop, batch 32',
    experiment: {
      data: { path: 'diabetes.csv', target: 'progression', split },
      model: { type: 'mlp', hidden: [32], activation: 'relu' },
      training: { epochs: 10, batch_size: 32, seeds: [0] },
      optimizers: [{ name: 'RMSprop' }],
    },
  },
  {
    name: 'breast cancer logistic, Adam, batch 32',
    experiment: {
      data: { path: 'breast_cancer.csv', target: 'diagnosis', split: { ...split, stratify: true } },
      model: { type: 'logistic' },
      training: { epochs: 10, batch_size: 32, seeds: [0] },
      optimizers: [{ name: 'Adam' }],
    },
  },
  {
    name: 'breast cancer logistic, SGD, one sample',
    experiment: {
      data: { path: 'breast_cancer.csv', target: 'diagnosis', split: { ...split, stratify: true } },
      model: { type: 'logistic' },
      training: { epochs: 10, batch_size: 1, seeds: [0] },
      optimizers: [{ name: 'SGD' }],
    },
  },
  {
    name: 'Rosenbrock surface, Adam',
    experiment: {
      surface: { name: 'rosenbrock', start: [-1.5, 2] },
      training: { steps: 200 },
      optimizers: [{ name: 'Adam' }],
    },
  },
  {
    name: 'Himmelblau surface, SGD',
    experiment: {
      surface: { name: 'himmelblau', start: [0, 0] },
      training: { steps: 200 },
      optimizers: [{ name: 'SGD' }],
    },
  },
];

/** Not looked at while the rules were chosen; run once at the end and reported as they came out. */
export const HELD_OUT_PROBLEMS: LrProblem[] = [
  {
    name: 'iris MLP [8] tanh, Adagrad, batch 8',
    experiment: {
      data: { path: 'iris.csv', target: 'species', split: { ...split, stratify: true } },
      model: { type: 'mlp', hidden: [8], activation: 'tanh' },
      training: { epochs: 10, batch_size: 8, seeds: [0] },
      optimizers: [{ name: 'Adagrad' }],
    },
  },
  {
    name: 'wine MLP [32, 16], Adam, full batch',
    experiment: {
      data: { path: 'wine.csv', target: 'class', split: { ...split, stratify: true } },
      model: { type: 'mlp', hidden: [32, 16], activation: 'relu' },
      training: { epochs: 10, batch_size: null, seeds: [0] },
      optimizers: [{ name: 'Adam' }],
    },
  },
  {
    name: 'diabetes linear, SGD Nesterov 0.9, batch 16, cosine schedule',
    experiment: {
      data: { path: 'diabetes.csv', target: 'progression', split },
      model: { type: 'linear' },
      training: { epochs: 10, batch_size: 16, seeds: [0] },
      optimizers: [{ name: 'SGD', momentum: 0.9, nesterov: true }],
      schedule: { name: 'CosineAnnealingLR', T_max: 10 },
    },
  },
  {
    name: 'breast cancer MLP [8], AdamW, batch 64',
    experiment: {
      data: { path: 'breast_cancer.csv', target: 'diagnosis', split: { ...split, stratify: true } },
      model: { type: 'mlp', hidden: [8], activation: 'relu' },
      training: { epochs: 10, batch_size: 64, seeds: [0] },
      optimizers: [{ name: 'AdamW' }],
    },
  },
  {
    name: 'synthetic regression (features scaled 1e-2…1e2), linear, SGD, full batch',
    synthetic: 'regression-scaled',
    experiment: {
      data: { path: 'synthetic-regression.csv', target: 'y', split },
      model: { type: 'linear' },
      training: { epochs: 10, batch_size: null, seeds: [0] },
      optimizers: [{ name: 'SGD' }],
    },
  },
  {
    name: 'synthetic blobs, logistic, SGD, one sample',
    synthetic: 'blobs-binary',
    experiment: {
      data: { path: 'synthetic-blobs.csv', target: 'y', split },
      model: { type: 'logistic' },
      training: { epochs: 10, batch_size: 1, seeds: [0] },
      optimizers: [{ name: 'SGD' }],
    },
  },
  {
    name: 'Beale surface, RMSprop',
    experiment: {
      surface: { name: 'beale', start: [1, 1.5] },
      training: { steps: 200 },
      optimizers: [{ name: 'RMSprop' }],
    },
  },
  {
    name: 'six-hump camel surface, SGD momentum 0.9',
    experiment: {
      surface: { name: 'six_hump_camel', start: [1.5, 0.5] },
      training: { steps: 200 },
      optimizers: [{ name: 'SGD', momentum: 0.9 }],
    },
  },
];
