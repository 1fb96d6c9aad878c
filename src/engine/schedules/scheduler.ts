/**
 * A learning-rate scheduler with torch's stepping semantics. Construction performs torch's initial
 * step (so the optimizer's `lr` already holds the epoch-0 value); each `step()` moves to the next
 * epoch or iteration and writes the new `lr` (and momentum, for OneCycleLR) into the optimizer's
 * param group.
 */
export interface LrScheduler {
  /** `scheduler.step()`; ReduceLROnPlateau takes the monitored metric. */
  step(metric?: number): void;
  /** torch's `get_last_lr()[0]`. */
  getLastLr(): number;
  /** Plain data to save and restore a scheduler mid-run. */
  getState(): Record<string, unknown>;
  setState(state: Record<string, unknown>): void;
}
