// The Keras and optax exports write torch's schedules as closed forms of the step count. Checked
// here against torch 1.13's own lr_scheduler classes, with numpy as the array namespace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closedFormLr } from '../../../src/engine/export/closedFormLr';
import { scheduleConfigSchema, type ScheduleConfigInput } from '../../../src/protocol/schedules';
import { skipWithout } from '../../helpers/debianPackage';
import { PYTHON } from './exportRecords';

// Run with Debian's torch; on a machine without it the test skips, naming the package.
const torch = { skip: skipWithout('python3-torch') };

const LR = 0.1;
const STEPS = 60;

const CASES: [string, ScheduleConfigInput][] = [
  [
    'torch.optim.lr_scheduler.StepLR(opt, step_size=7, gamma=0.5)',
    { name: 'StepLR', step_size: 7, gamma: 0.5 },
  ],
  [
    'torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[5, 20, 21], gamma=0.3)',
    { name: 'MultiStepLR', milestones: [5, 20, 21], gamma: 0.3 },
  ],
  ['torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.93)', { name: 'ExponentialLR', gamma: 0.93 }],
  [
    'torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=40, eta_min=0.001)',
    { name: 'CosineAnnealingLR', T_max: 40, eta_min: 0.001 },
  ],
  [
    'torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=9, T_mult=1, eta_min=0.002)',
    { name: 'CosineAnnealingWarmRestarts', T_0: 9, eta_min: 0.002 },
  ],
  [
    'torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=4, T_mult=2)',
    { name: 'CosineAnnealingWarmRestarts', T_0: 4, T_mult: 2 },
  ],
  [
    'torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.2, end_factor=0.9, total_iters=13)',
    { name: 'LinearLR', start_factor: 0.2, end_factor: 0.9, total_iters: 13 },
  ],
  [
    'torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.4, total_steps=60)',
    { name: 'OneCycleLR', max_lr: 0.4, total_steps: 60 },
  ],
  [
    "torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.4, total_steps=60, pct_start=0.25, anneal_strategy='linear', three_phase=True, div_factor=10, final_div_factor=100)",
    {
      name: 'OneCycleLR',
      max_lr: 0.4,
      total_steps: 60,
      pct_start: 0.25,
      anneal_strategy: 'linear',
      three_phase: true,
      div_factor: 10,
      final_div_factor: 100,
    },
  ],
  [
    'torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.25, total_iters=4), torch.optim.lr_scheduler.ExponentialLR(opt, gamma=0.9)], milestones=[4])',
    {
      name: 'SequentialLR',
      schedulers: [
        { name: 'LinearLR', start_factor: 0.25, total_iters: 4 },
        { name: 'ExponentialLR', gamma: 0.9 },
      ],
      milestones: [4],
    },
  ],
];

test("closed-form lr of every chainable schedule matches torch's scheduler step by step", torch, () => {
  const blocks = CASES.map(([torchCall, input], i) => {
    const body = closedFormLr(scheduleConfigSchema.parse(input), { stepsPerEpoch: 1, epochs: STEPS }, LR)!;
    return [
      `def torch_lr_${i}(k, xp):`,
      body,
      `opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=${LR}, momentum=0.9)`,
      `sched = ${torchCall}`,
      'ours, theirs = [], []',
      `for k in range(${STEPS}):`,
      "    theirs.append(opt.param_groups[0]['lr'])",
      `    ours.append(float(torch_lr_${i}(np.float64(k), np)))`,
      '    opt.step()',
      '    sched.step()',
      `results.append(max(abs(a - b) / abs(b) for a, b in zip(ours, theirs)))`,
    ].join('\n');
  });
  const source = [
    'import json, math, warnings',
    'import numpy as np',
    'import torch',
    "warnings.filterwarnings('ignore')",
    'results = []',
    ...blocks,
    'print(json.dumps(results))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', source], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const worst = JSON.parse(r.stdout) as number[];
  assert.equal(worst.length, CASES.length);
  worst.forEach((w, i) => assert.ok(w < 1e-9, `${CASES[i]![0]}: relative error ${w}`));
});

test('ReduceLROnPlateau has no closed form', () => {
  assert.equal(
    closedFormLr(
      scheduleConfigSchema.parse({ name: 'ReduceLROnPlateau' }),
      { stepsPerEpoch: 1, epochs: 1 },
      LR,
    ),
    null,
  );
});
