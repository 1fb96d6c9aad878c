// createModel: Builds the model + loss described by `spec`, `loss` and `dims`, with scratch for
// `dims.maxRows` rows.
import { ConfigError } from '../errors';
import { createLoss } from '../losses';
import type { LossSpec } from '../losses/loss';
import { DenseModel } from './denseModel';
import { denseLayout } from './layout';
import type { Model, ParamTensor } from './model';
import type { ModelDims, ModelSpec } from './spec';

export type { Activation, ModelDims, ModelSpec } from './spec';
export type { InitSpec } from './init';
export type { NamedParams, NestedNumbers } from './namedParams';
export { initParams } from './init';
export { namedToParams, paramsToNamed } from './namedParams';
export { DenseModel } from './denseModel';

const activations = ['relu', 'tanh', 'sigmoid', 'leaky_relu'];

/** The loss each single-layer model type is defined by; `mlp` takes any loss. */
const lossesOf: Record<Exclude<ModelSpec['type'], 'mlp'>, LossSpec['name'][]> = {
  linear: ['mse', 'huber'],
  logistic: ['bce_with_logits'],
  softmax: ['cross_entropy'],
};

/**
 * The layer widths of the model `spec` describes, and whether its tensors are named as in a
 * `torch.nn.Sequential` (an MLP: `0.weight`, `2.weight`, …) or as one `nn.Linear` (`weight`, `bias`).
 */
function denseShape(
  spec: ModelSpec,
  nFeatures: number,
  nOutputs: number,
): { sizes: number[]; sequential: boolean } {
  return spec.type === 'mlp'
    ? { sizes: [nFeatures, ...(spec.hidden ?? []), nOutputs], sequential: true }
    : { sizes: [nFeatures, nOutputs], sequential: false };
}

/**
 * The parameter layout (torch names, shapes, offsets) of the model `spec` describes, as
 * `createModel(...).layout` has it, without building a model (no WebAssembly memory) and without
 * checking the spec: for a spec a run has already been built from.
 */
export function modelLayout(spec: ModelSpec, nFeatures: number, nOutputs: number): ParamTensor[] {
  const { sizes, sequential } = denseShape(spec, nFeatures, nOutputs);
  return denseLayout(sizes, sequential);
}

/**
 * Builds the model + loss described by `spec`, `loss` and `dims`, with scratch for `dims.maxRows`
 * rows. An MLP's activation defaults to ReLU. Throws ConfigError for a combination torch would
 * build but that does not mean what its name says (a `logistic` model with MSE) or cannot work
 * (cross-entropy with one output).
 */
export function createModel(spec: ModelSpec, loss: LossSpec, dims: ModelDims): Model {
  const { nFeatures, nOutputs, maxRows } = dims;
  const l2 = dims.l2 ?? 0;
  for (const [key, v] of [
    ['nFeatures', nFeatures],
    ['nOutputs', nOutputs],
    ['maxRows', maxRows],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 1))
      throw new ConfigError(`${key} must be a positive integer, got ${v}`);
  }
  if (!(Number.isFinite(l2) && l2 >= 0)) throw new ConfigError(`l2 must be a finite number >= 0, got ${l2}`);
  const lossFn = createLoss(loss);
  if (loss.name === 'cross_entropy' && nOutputs < 2) {
    throw new ConfigError(`cross_entropy needs one output per class (at least 2), got ${nOutputs}`);
  }

  if (spec.type === 'mlp') {
    const hidden = spec.hidden;
    if (!hidden) throw new ConfigError('an mlp needs hidden: the width of each hidden layer, e.g. [32, 32]');
    hidden.forEach((h, i) => {
      if (!(Number.isInteger(h) && h >= 1))
        throw new ConfigError(`hidden[${i}] must be a positive integer, got ${h}`);
    });
    const activation = spec.activation ?? 'relu';
    if (!activations.includes(activation)) {
      throw new ConfigError(`unknown activation '${activation}'; expected one of ${activations.join(', ')}`);
    }
    return new DenseModel({
      ...denseShape(spec, nFeatures, nOutputs),
      activation,
      loss: lossFn,
      maxRows,
      precision: dims.precision,
      l2,
    });
  }

  const allowed = Object.hasOwn(lossesOf, spec.type) ? lossesOf[spec.type] : undefined;
  if (!allowed)
    throw new ConfigError(
      `unknown model type '${String(spec.type)}'; expected linear, logistic, softmax or mlp`,
    );
  if (!allowed.includes(loss.name)) {
    throw new ConfigError(
      `a ${spec.type} model is trained with ${allowed.join(' or ')}, not ${loss.name}; use an mlp for other pairings`,
    );
  }
  if (spec.type === 'logistic' && nOutputs !== 1) {
    throw new ConfigError(
      `a logistic model has 1 output (one logit), got ${nOutputs}; use softmax for several classes`,
    );
  }
  if (spec.hidden !== undefined && spec.hidden.length > 0) {
    throw new ConfigError(`hidden layers need model type mlp, not ${spec.type}`);
  }
  return new DenseModel({
    ...denseShape(spec, nFeatures, nOutputs),
    activation: 'relu',
    loss: lossFn,
    maxRows,
    precision: dims.precision,
    l2,
  });
}
