import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentJsonSchema } from '../../../src/engine/experiment/jsonSchema';
import { optimizerNames } from '../../../src/protocol/optimizers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const schema = experimentJsonSchema() as Json;

test('the JSON Schema lists every top-level key, rejects others and requires only optimizers', () => {
  assert.deepEqual(Object.keys(schema.properties).sort(), [
    '$schema',
    'data',
    'description',
    'grad_clip',
    'l2',
    'loss',
    'model',
    'name',
    'objective',
    'optimizers',
    'schedule',
    'search',
    'surface',
    'training',
  ]);
  assert.equal(schema.additionalProperties, false);
  assert.deepEqual(schema.required, ['optimizers']);
  for (const [key, field] of Object.entries(schema.properties as Json)) {
    assert.equal(typeof field.description, 'string', `${key} has hover help`);
  }
});

test('every optimizer is in the JSON Schema with its torch defaults and hover help', () => {
  const variants: Json[] = schema.properties.optimizers.items.oneOf;
  assert.deepEqual(
    variants.map((v) => v.properties.name.const),
    optimizerNames,
  );
  for (const v of variants) {
    assert.equal(v.additionalProperties, false);
    assert.deepEqual(v.required, ['name']);
    for (const [key, field] of Object.entries(v.properties as Json)) {
      assert.equal(typeof field.description, 'string', `${v.properties.name.const}.${key} has hover help`);
    }
  }
  const adam = variants.find((v) => v.properties.name.const === 'Adam')!;
  assert.equal(adam.properties.lr.default, 1e-3);
  assert.deepEqual(adam.properties.betas.default, [0.9, 0.999]);
});

test('nested objects are closed and show the problem-dependent defaults', () => {
  const training = schema.properties.training;
  assert.equal(training.additionalProperties, false);
  assert.equal(training.properties.epochs.default, 100);
  assert.equal(training.properties.shuffle.default, true);
  assert.equal(training.properties.batch_size.default, null);
  assert.deepEqual(schema.properties.surface.properties.name.enum.length, 9);
  assert.equal(schema.properties.model.properties.activation.default, 'relu');
  assert.equal(schema.properties.data.additionalProperties, false);
});

test('every field of the training section has hover help', () => {
  for (const [key, field] of Object.entries(schema.properties.training.properties as Json)) {
    assert.equal(typeof field.description, 'string', `training.${key} has hover help`);
  }
});

test('every key anywhere in the schema has hover help (data, schedules, search included)', () => {
  const missing: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${at}[${i}]`));
    if (typeof node !== 'object' || node === null) return;
    const n = node as Json;
    for (const [key, field] of Object.entries((n.properties ?? {}) as Json)) {
      if (typeof field.description !== 'string' && field.$ref === undefined) missing.push(`${at}.${key}`);
      walk(field, `${at}.${key}`);
    }
    for (const k of ['items', 'anyOf', 'oneOf', 'additionalProperties', '$defs', 'prefixItems'])
      walk(n[k], at);
  };
  walk(schema, '');
  assert.deepEqual(missing, []);
});
