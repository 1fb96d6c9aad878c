import { test } from 'node:test';
import assert from 'node:assert/strict';
import { configLabel, configLabels } from '../../../src/engine/experiment/labels';
import { optimizerConfigSchema, type OptimizerConfigInput } from '../../../src/protocol/optimizers';

const label = (input: OptimizerConfigInput) => configLabel(optimizerConfigSchema.parse(input));

test('a label shows only the keywords that differ from torch defaults, Python-style', () => {
  assert.equal(label({ name: 'Adam' }), 'Adam()');
  assert.equal(label({ name: 'Adam', lr: 0.01 }), 'Adam(lr=0.01)');
  assert.equal(label({ name: 'Adam', lr: 1e-3 }), 'Adam()', 'an explicit default is not shown');
  assert.equal(
    label({ name: 'Adam', betas: [0.9, 0.99], amsgrad: true }),
    'Adam(betas=(0.9, 0.99), amsgrad=True)',
  );
  assert.equal(
    label({ name: 'SGD', lr: 0.05, momentum: 0.9, nesterov: true }),
    'SGD(lr=0.05, momentum=0.9, nesterov=True)',
  );
  assert.equal(label({ name: 'AdamW', weight_decay: 0.01 }), 'AdamW()', "AdamW's own default decay is 1e-2");
  assert.equal(label({ name: 'AdamW', weight_decay: 0 }), 'AdamW(weight_decay=0)');
});

test('different configurations get different labels; repeats are numbered', () => {
  const configs = [
    { name: 'SGD', lr: 0.1 },
    { name: 'SGD', lr: 0.1, momentum: 0.9 },
    { name: 'SGD', lr: 0.1 },
  ].map((c) => optimizerConfigSchema.parse(c));
  assert.deepEqual(configLabels(configs), ['SGD(lr=0.1)', 'SGD(lr=0.1, momentum=0.9)', 'SGD(lr=0.1) #2']);
});
