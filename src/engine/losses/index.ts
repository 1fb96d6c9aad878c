// createLoss: The loss named by `spec`, with its keyword arguments validated as torch validates them.
import { bceWithLogitsLoss } from './bceWithLogits';
import { crossEntropyLoss } from './crossEntropy';
import { huberLoss } from './huber';
import type { Loss, LossSpec } from './loss';
import { mseLoss } from './mse';

export type { Loss, LossName, LossSpec } from './loss';
export { mseLoss, huberLoss, bceWithLogitsLoss, crossEntropyLoss };

/** The loss named by `spec`, with its keyword arguments validated as torch validates them. */
export function createLoss(spec: LossSpec): Loss {
  switch (spec.name) {
    case 'mse':
      return mseLoss;
    case 'huber':
      return huberLoss(spec.delta ?? 1.0);
    case 'bce_with_logits':
      return bceWithLogitsLoss;
    case 'cross_entropy':
      return crossEntropyLoss;
  }
}
