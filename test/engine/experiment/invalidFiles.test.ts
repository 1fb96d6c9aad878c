import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { ExperimentError } from '../../../src/engine/errors';

/** Every issue of an invalid text as `line:col: path: message`. */
function issuesOf(text: string): string[] {
  try {
    parseExperimentText(text, 'bad.optlab.json', '/tmp');
  } catch (e) {
    assert.ok(e instanceof ExperimentError, `expected an ExperimentError, got ${String(e)}`);
    return e.issues.map((i) => `${i.line}:${i.column}: ${i.path}: ${i.message}`);
  }
  return assert.fail('the text was accepted');
}

const SURFACE = '"surface": {"name": "booth"}';
const DATA = '"data": {"path": "d.csv", "target": "y"}';

// Each row: a file (lines joined with \n) and every issue it must produce, in file order. Columns
// were counted from the text independently of the parser (Python's str.index + 1).
const cases: [name: string, lines: string[], expected: string[]][] = [
  [
    'a beta out of range carries the torch message',
    ['{', `  ${SURFACE},`, '  "optimizers": [', '    {"name": "Adam", "betas": [0.9, 1.2]}', '  ]', '}'],
    [
      '4:37: optimizers[0].betas[1]: must be in [0, 1), got 1.2 (torch: Invalid beta parameter at index 1: 1.2)',
    ],
  ],
  [
    'a negative learning rate',
    ['{', `  ${SURFACE},`, '  "optimizers": [{"name": "SGD"}, {"name": "SGD", "lr": -1}]', '}'],
    ['3:57: optimizers[1].lr: must be >= 0, got -1 (torch: Invalid learning rate: -1)'],
  ],
  [
    'unknown key with did-you-mean, located on the key',
    ['{', `  ${SURFACE},`, '  "optimizers": [', '    {"name": "Adam", "learning_rate": 0.01}', '  ]', '}'],
    ['4:22: optimizers[0].learning_rate: unknown key, did you mean "lr"?'],
  ],
  [
    'unknown key without a close match lists the allowed keys',
    ['{', `  ${SURFACE},`, '  "optimizers": [{"name": "Adadelta", "zzz": 1}]', '}'],
    ['3:39: optimizers[0].zzz: unknown key (allowed: name, lr, rho, eps, weight_decay, maximize)'],
  ],
  [
    'unknown optimizer with did-you-mean and the list',
    ['{', `  ${SURFACE},`, '  "optimizers": [', '    {"name": "Adamm", "lr": 0.1}', '  ]', '}'],
    [
      '4:14: optimizers[0].name: unknown optimizer "Adamm", did you mean "Adam"? (one of SGD, Adagrad, RMSprop, Adadelta, Adam, AdamW, NAdam, RAdam, Adamax)',
    ],
  ],
  [
    'a missing optimizer name',
    ['{', `  ${SURFACE},`, '  "optimizers": [{"lr": 0.1}]', '}'],
    [
      '3:18: optimizers[0].name: required: one of SGD, Adagrad, RMSprop, Adadelta, Adam, AdamW, NAdam, RAdam, Adamax',
    ],
  ],
  [
    'unknown schedule inside a SequentialLR',
    [
      '{',
      `  ${SURFACE},`,
      '  "optimizers": [{"name": "SGD"}],',
      '  "schedule": {"name": "SequentialLR", "milestones": [5],',
      '    "schedulers": [{"name": "LinearLR"}, {"name": "CosineAnealingLR", "T_max": 10}]}',
      '}',
    ],
    [
      '5:51: schedule.schedulers[1].name: unknown schedule "CosineAnealingLR", did you mean "CosineAnnealingLR"? (one of StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, OneCycleLR, LinearLR)',
    ],
  ],
  [
    'wrong types say what was expected and what was found',
    [
      '{',
      `  ${DATA},`,
      '  "optimizers": [{"name": "SGD", "lr": "abc", "nesterov": "yes"}],',
      '  "training": {"epochs": 2.5, "batch_size": "all", "seeds": 3}',
      '}',
    ],
    [
      '3:40: optimizers[0].lr: expected a number, got "abc"',
      '3:59: optimizers[0].nesterov: expected true or false, got "yes"',
      '4:26: training.epochs: expected an integer, got 2.5',
      '4:45: training.batch_size: expected a number or null, got "all"',
      '4:61: training.seeds: expected an array, got 3',
    ],
  ],
  [
    'enums list their values, with a did-you-mean',
    [
      '{',
      `  ${DATA},`,
      '  "model": {"type": "mlp", "hidden": [8], "activation": "Relu"},',
      '  "training": {"precision": "float16"},',
      '  "optimizers": [{"name": "SGD"}]',
      '}',
    ],
    [
      '3:57: model.activation: unknown value "Relu", did you mean "relu"? (one of relu, tanh, sigmoid, leaky_relu)',
      '4:29: training.precision: unknown value "float16", did you mean "float64"? (one of float64, float32)',
    ],
  ],
  [
    'bounds of the experiment sections',
    [
      '{',
      `  ${DATA},`,
      '  "optimizers": [{"name": "SGD"}],',
      '  "l2": -0.1,',
      '  "training": {"epochs": 0, "divergence_factor": 1, "seeds": []}',
      '}',
    ],
    [
      '4:9: l2: must be >= 0, got -0.1',
      '5:26: training.epochs: must be >= 1, got 0',
      '5:50: training.divergence_factor: must be > 1, got 1',
      '5:62: training.seeds: must not be empty',
    ],
  ],
  [
    'neither data nor surface',
    ['{', '  "optimizers": [{"name": "SGD"}]', '}'],
    [
      '1:1: : needs exactly one of "data" (train a model on a data file) or "surface" (a 2-D test function), or a pytorch model with a data function (model.data)',
    ],
  ],
  [
    'a data section beside a model data function',
    [
      '{',
      '  "data": {"stream": true},',
      '  "model": {"type": "pytorch", "path": "m.py", "data": "build_data"},',
      '  "loss": {"name": "mse"},',
      '  "optimizers": [{"name": "SGD"}]',
      '}',
    ],
    [
      '2:11: data.path: required: a string',
      '2:11: data.target: required: a string',
      '2:11: data: the model\'s data function "build_data" (model.data) supplies the data: remove the data section (its path, target, split, preprocessing and stream apply to a data file)',
    ],
  ],
  [
    'both data and surface',
    ['{', `  ${DATA},`, `  ${SURFACE},`, '  "optimizers": [{"name": "SGD"}]', '}'],
    ['3:14: surface: "data" and "surface" exclude each other: keep one'],
  ],
  [
    'data-only sections on a surface',
    [
      '{',
      `  ${SURFACE},`,
      '  "model": {"type": "linear"},',
      '  "training": {"epochs": 10, "batch_size": 4},',
      '  "objective": {"metric": "val_loss"},',
      '  "optimizers": [{"name": "SGD"}]',
      '}',
    ],
    [
      '3:12: model: applies to data problems only, not to a surface',
      '4:26: training.epochs: applies to data problems only; a surface run lasts training.steps',
      '4:44: training.batch_size: applies to data problems only; a surface run lasts training.steps',
      '5:27: objective.metric: a surface has no validation split: its objective is "train_loss", got "val_loss"',
    ],
  ],
  [
    'model and loss that do not fit together',
    [
      '{',
      `  ${DATA},`,
      '  "model": {"type": "softmax"},',
      '  "loss": {"name": "mse"},',
      '  "optimizers": [{"name": "SGD"}]',
      '}',
    ],
    ['4:20: loss.name: a softmax model needs the "cross_entropy" loss, got "mse"'],
  ],
  [
    'mlp without hidden, hidden on a linear model',
    ['{', `  ${DATA},`, '  "model": {"type": "mlp"},', '  "optimizers": [{"name": "SGD"}]', '}'],
    ['3:12: model.hidden: required for an mlp, e.g. [16]'],
  ],
  [
    'a validation metric without a validation split',
    [
      '{',
      '  "data": {"path": "d.csv", "target": "y", "split": {"validation": 0}},',
      '  "objective": {"metric": "val_accuracy"},',
      '  "optimizers": [{"name": "SGD"}]',
      '}',
    ],
    ['3:27: objective.metric: "val_accuracy" needs a validation split, but data.split.validation is 0'],
  ],
  [
    'a regression metric on a classification task',
    [
      '{',
      '  "data": {"path": "d.csv", "target": "y", "task": "binary"},',
      '  "objective": {"metric": "val_rmse"},',
      '  "optimizers": [{"name": "SGD"}]',
      '}',
    ],
    ['3:27: objective.metric: "val_rmse" is a regression metric, but the task is classification'],
  ],
  [
    'grad_clip needs exactly one way of clipping',
    [
      '{',
      `  ${SURFACE},`,
      '  "grad_clip": {"max_norm": 1, "clip_value": 0.5},',
      '  "optimizers": [{"name": "SGD"}]',
      '}',
    ],
    ['3:16: grad_clip: needs exactly one of "max_norm" or "clip_value"'],
  ],
  [
    'a plain union reports the member the user meant',
    [
      '{',
      `  ${DATA},`,
      '  "model": {"type": "linear", "init": {"params": {"weight": [[1, "x"]]}}},',
      '  "optimizers": [{"name": "SGD"}]',
      '}',
    ],
    ['3:66: model.init.params.weight[0][1]: expected a number or an array, got "x"'],
  ],
  [
    'duplicate optimizer configurations and seeds',
    [
      '{',
      `  ${SURFACE},`,
      '  "training": {"seeds": [1, 2, 1]},',
      '  "optimizers": [{"name": "Adam"}, {"name": "Adam", "lr": 0.001}]',
      '}',
    ],
    [
      '3:32: training.seeds[2]: duplicate seed 1 (it would repeat a run)',
      '4:36: optimizers[1]: same configuration as optimizers[0]',
    ],
  ],
];

for (const [name, lines, expected] of cases) {
  test(`invalid: ${name}`, () => {
    assert.deepEqual(issuesOf(lines.join('\n')), expected);
  });
}

test('every error is reported, not only the first', () => {
  const text = [
    '{',
    '  "optimizers": [{"name": "Adamm"}, {"name": "SGD", "lr": -1}],',
    '  "training": {"epochs": 0},',
    '  "colour": "red"',
    '}',
  ].join('\n');
  assert.equal(issuesOf(text).length, 5);
});

test('syntax errors are located and worded', () => {
  assert.deepEqual(issuesOf('{\n  "optimizers": [\n    {"name": "SGD"}\n    {"name": "Adam"}\n  ]\n}'), [
    '4:5: optimizers[0]: expected a comma between entries',
  ]);
  assert.deepEqual(issuesOf('{\n  "surface": {"name": "booth",},\n  "optimizers": []\n}'), [
    '2:30: surface: trailing comma: JSON allows no comma before a closing bracket',
  ]);
  assert.deepEqual(issuesOf('{\n  // a comment\n  "a": 1\n}'), ['2:3: : comments are not allowed in JSON']);
  assert.deepEqual(issuesOf('{"name": "x"'), ['1:13: name: expected "}" to close the object']);
  assert.deepEqual(issuesOf('  \n'), ['1:1: : the file is empty: expected a JSON object']);
});

test('a duplicate key is an error at the second occurrence', () => {
  assert.deepEqual(issuesOf(`{\n  ${SURFACE},\n  "optimizers": [{"name": "SGD", "lr": 0.1, "lr": 0.2}]\n}`), [
    '3:45: optimizers[0].lr: duplicate key',
  ]);
});

test('format() gives file:line:col: path: message', () => {
  try {
    parseExperimentText(
      `{\n  ${SURFACE},\n  "optimizers": [{"name": "SGD", "momentum": -0.5}]\n}`,
      'x/e.optlab.json',
      '/',
    );
    assert.fail('accepted');
  } catch (e) {
    assert.ok(e instanceof ExperimentError);
    assert.equal(
      e.format(),
      'x/e.optlab.json:3:46: optimizers[0].momentum: must be >= 0, got -0.5 (torch: Invalid momentum value: -0.5)',
    );
  }
});
