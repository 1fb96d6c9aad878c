import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean } from '../../../src/engine/experiment/didYouMean';

test('did-you-mean: case and separators, aliases from other libraries, small typos', () => {
  assert.equal(didYouMean('weightDecay', ['lr', 'weight_decay']), 'weight_decay');
  assert.equal(didYouMean('rmsprop', ['SGD', 'RMSprop']), 'RMSprop');
  assert.equal(didYouMean('learning_rate', ['lr', 'eps']), 'lr');
  assert.equal(didYouMean('beta1', ['lr', 'betas']), 'betas');
  assert.equal(didYouMean('momentun', ['momentum', 'maximize']), 'momentum');
  assert.equal(didYouMean('Adamm', ['Adam', 'AdamW', 'Adamax']), 'Adam');
});

test('did-you-mean stays quiet when nothing is close', () => {
  assert.equal(didYouMean('colour', ['lr', 'eps']), undefined);
  assert.equal(
    didYouMean('learning_rate', ['eps']),
    undefined,
    'an alias only counts when its target is allowed',
  );
  assert.equal(didYouMean('xy', ['ab']), undefined);
});
