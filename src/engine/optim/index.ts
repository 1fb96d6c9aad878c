import {
  optimizerConfigSchema,
  optimizerNames,
  type OptimizerConfig,
  type OptimizerConfigInput,
} from '../../protocol/optimizers';
import { ConfigError } from '../errors';
import type { Precision } from '../types';
import { Adadelta } from './adadelta';
import { Adagrad } from './adagrad';
import { Adam } from './adam';
import { Adamax } from './adamax';
import { Nadam } from './nadam';
import type { Optimizer } from './optimizer';
import { Radam } from './radam';
import { Rmsprop } from './rmsprop';
import { Sgd } from './sgd';

export type { Optimizer, OptimizerState, ParamGroup } from './optimizer';
export { clipGradNorm, clipGradValue, gradNorm } from './clip';

/**
 * Validates an optimizer configuration (torch's defaults filled in) and builds the optimizer over
 * `numParams` parameters whose buffers have the given precision. An invalid value throws a
 * ConfigError carrying torch's own message, e.g. `lr: must be >= 0, got -1 (torch: Invalid
 * learning rate: -1)`; every problem found is listed, one per line.
 */
export function createOptimizer(
  config: OptimizerConfigInput | OptimizerConfig,
  numParams: number,
  precision: Precision,
): Optimizer {
  if (!Number.isInteger(numParams) || numParams < 0) {
    throw new ConfigError(`an optimizer needs a whole number of parameters, got ${numParams}`);
  }
  const group = parseOptimizerConfig(config);
  switch (group.name) {
    case 'SGD':
      return new Sgd(group, numParams, precision);
    case 'Adagrad':
      return new Adagrad(group, numParams, precision);
    case 'RMSprop':
      return new Rmsprop(group, numParams, precision);
    case 'Adadelta':
      return new Adadelta(group, numParams, precision);
    case 'Adam':
    case 'AdamW':
      return new Adam(group, numParams, precision);
    case 'NAdam':
      return new Nadam(group, numParams, precision);
    case 'RAdam':
      return new Radam(group, numParams, precision);
    case 'Adamax':
      return new Adamax(group, numParams, precision);
  }
}

/**
 * Parses a configuration into a fresh param group that the optimizer may own and schedulers may
 * mutate: `betas` is copied so that writing `betas[0]` never reaches the caller's object or a
 * schema default shared between parses.
 */
function parseOptimizerConfig(config: OptimizerConfigInput | OptimizerConfig): OptimizerConfig {
  const name: unknown = (config as { name?: unknown }).name;
  if (typeof name !== 'string' || !(optimizerNames as string[]).includes(name)) {
    throw new ConfigError(
      `unknown optimizer ${JSON.stringify(name)}; expected one of ${optimizerNames.join(', ')}`,
    );
  }
  const parsed = optimizerConfigSchema.safeParse(config);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const path = issue.path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('');
      return `${name}${path}: ${issue.message}`;
    });
    throw new ConfigError(lines.join('\n'));
  }
  const group = parsed.data;
  return 'betas' in group ? { ...group, betas: [group.betas[0], group.betas[1]] } : { ...group };
}
