/** Settings of early stopping on a monitored validation value (Keras' and Lightning's semantics). */
export interface EarlyStoppingConfig {
  patience: number;
  min_delta: number;
  mode: 'min' | 'max';
  restore_best: boolean;
}

/**
 * Tracks the best monitored value. An epoch improves when it beats the best by more than
 * `min_delta` in the monitored direction; after `patience` epochs without improvement the run stops.
 */
export class EarlyStopping {
  best = NaN;
  bestEpoch = -1;
  private bad = 0;

  constructor(private readonly config: EarlyStoppingConfig) {}

  /** Records the value of `epoch`; returns whether it improved (so the caller can save params). */
  update(value: number, epoch: number): boolean {
    const { mode, min_delta } = this.config;
    const improved =
      Number.isNaN(this.best) ||
      (mode === 'min' ? value < this.best - min_delta : value > this.best + min_delta);
    if (improved) {
      this.best = value;
      this.bestEpoch = epoch;
      this.bad = 0;
    } else {
      this.bad++;
    }
    return improved;
  }

  /** True once `patience` consecutive epochs have not improved (Keras: patience 0 stops at the first). */
  shouldStop(): boolean {
    return this.bad > 0 && this.bad >= this.config.patience;
  }
}
