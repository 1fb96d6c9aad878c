// createOptimizer: Validates an optimizer configuration (torch's defaults filled in) and builds the
// optimizer over `numParams` parameters whose buffers have the given precision.
import {
  optimizerConfigSchema,
  optimizerNames,
  type OptimizerConfig,
  type OptimizerConfigInput,
  type OptimizerConfigOf,
  type OptimizerName,
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
  return construct(group.name, group, numParams, precision);
}

type ConfigOf = { [N in OptimizerName]: OptimizerConfigOf<N> };

/** The kernel class of every optimizer; a name missing here is a compile error. */
const OPTIMIZER_CONSTRUCTORS: {
  [N in OptimizerName]: (group: ConfigOf[N], numParams: number, precision: Precision) => Optimizer;
} = {
  SGD: (g, n, p) => new Sgd(g, n, p),
  Adagrad: (g, n, p) => new Adagrad(g, n, p),
  RMSprop: (g, n, p) => new Rmsprop(g, n, p),
  Adadelta: (g, n, p) => new Adadelta(g, n, p),
  Adam: (g, n, p) => new Adam(g, n, p),
  AdamW: (g, n, p) => new Adam(g, n, p),
  NAdam: (g, n, p) => new Nadam(g, n, p),
  RAdam: (g, n, p) => new Radam(g, n, p),
  Adamax: (g, n, p) => new Adamax(g, n, p),
};

// Generic over the name so that the table's entry and the group are known to match (TS's
// correlated-union pattern), without a cast.
function construct<N extends OptimizerName>(
  name: N,
  group: ConfigOf[N],
  numParams: number,
  precision: Precision,
): Optimizer {
  return OPTIMIZER_CONSTRUCTORS[name](group, numParams, precision);
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
