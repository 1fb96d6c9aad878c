// Early stopping as a small Python class, for targets whose library has none (optax): the engine's
// rule as the reproduction script's training loop applies it (src/engine/export/pyTrainLoop.ts).
import type { RunSpec } from '../../protocol/runs';
import { pyFloat, pyStr } from '../pyCode/pyLiteral';

/**
 * A Python `EarlyStopping` class holding the run's settings: `update(value, params)` once before
 * training and after every epoch returns True when the loop should stop; `best_params` holds the
 * parameters of the best value (restore them when the run restored the best epoch).
 */
export function earlyStoppingHelper(es: NonNullable<RunSpec['earlyStopping']>): string {
  return [
    'class EarlyStopping:',
    `    """The run's early stopping: monitor ${pyStr(es.monitor)}, patience ${es.patience}, min_delta ${es.min_delta}, mode ${pyStr(es.mode)}.`,
    '',
    '    Call update(value, params) with the monitored value once before the first epoch and after',
    '    every epoch; it returns True when training should stop.' +
      (es.restore_best ? ' Then use best_params (the run restored them).' : ''),
    '    """',
    '',
    `    def __init__(self, patience=${es.patience}, min_delta=${pyFloat(es.min_delta)}, mode=${pyStr(es.mode)}):`,
    '        self.patience, self.min_delta, self.mode = patience, min_delta, mode',
    '        self.best, self.bad, self.best_params = None, 0, None',
    '',
    '    def update(self, value, params):',
    '        if self.best is None or (',
    "            value < self.best - self.min_delta if self.mode == 'min' else value > self.best + self.min_delta",
    '        ):',
    '            self.best, self.bad, self.best_params = value, 0, params',
    '        else:',
    '            self.bad += 1',
    '        return self.bad >= max(self.patience, 1)',
  ].join('\n');
}
