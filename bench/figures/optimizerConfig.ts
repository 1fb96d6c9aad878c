// parseOptimizer: an optimizer configuration with torch's defaults filled in, for the bench's bundles.
import {
  optimizerConfigSchema,
  type OptimizerConfig,
  type OptimizerConfigInput,
} from '../../src/protocol/optimizers';

/** `config` validated, torch's defaults filled in (throws on an invalid value). */
export function parseOptimizer(config: OptimizerConfigInput): OptimizerConfig {
  return optimizerConfigSchema.parse(config);
}
