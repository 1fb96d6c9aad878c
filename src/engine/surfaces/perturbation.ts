// PerturbationConfig: When and how strongly to shake the gradient (also GradientPerturbation).
import { ConfigError } from '../errors';
import { Rng } from '../random';
import type { FloatArray } from '../types';

/** When and how strongly to shake the gradient; names as an experiment file spells them. */
export interface PerturbationConfig {
  /** Standard deviation of the noise added to each gradient component. */
  sigma: number;
  /** Perturb on every `every`-th step: steps every−1, 2·every−1, … counting from step 0. */
  every?: number;
  /** Perturb whenever the gradient's L2 norm is below this (near a stationary point). */
  when_grad_norm_below?: number;
  /** Seed of the perturbation's own generator, so noise does not shift other random draws. */
  seed: number;
}

/**
 * Intermittent gradient noise, the escape from saddle points of perturbed gradient descent (Ge et
 * al. 2015; Jin et al. 2017): on the steps chosen by `every` and/or `when_grad_norm_below` (either
 * condition fires it), each gradient component gets an independent N(0, sigma²) draw added before
 * clipping and the optimizer step. A step is the training loop's 0-based step index. It owns its
 * Rng, so the same seed gives the same noise, and it allocates nothing per step.
 */
export class GradientPerturbation {
  private readonly rng: Rng;
  private readonly sigma: number;
  private readonly every: number;
  private readonly normBelow: number;
  /** How many steps have been perturbed so far. */
  fired = 0;

  constructor(config: PerturbationConfig) {
    const { sigma, every, when_grad_norm_below: below, seed } = config;
    if (!Number.isFinite(sigma) || sigma < 0) throw new ConfigError(`Invalid perturbation sigma: ${sigma}`);
    if (every !== undefined && !(Number.isInteger(every) && every >= 1)) {
      throw new ConfigError(`Invalid perturbation every: ${every} (a whole number of steps ≥ 1)`);
    }
    if (below !== undefined && !(Number.isFinite(below) && below > 0)) {
      throw new ConfigError(`Invalid perturbation when_grad_norm_below: ${below} (must be > 0)`);
    }
    if (every === undefined && below === undefined) {
      throw new ConfigError('A perturbation needs every, when_grad_norm_below, or both');
    }
    if (!Number.isFinite(seed)) throw new ConfigError(`Invalid perturbation seed: ${seed}`);
    this.rng = new Rng(seed);
    this.sigma = sigma;
    this.every = every ?? 0;
    this.normBelow = below ?? 0;
  }

  /** True when step `step` with gradient `grads` is one this perturbation fires on. */
  firesAt(step: number, grads: FloatArray): boolean {
    if (this.every > 0 && step % this.every === this.every - 1) return true;
    if (this.normBelow > 0) {
      let sq = 0;
      for (let i = 0; i < grads.length; i++) sq += grads[i]! * grads[i]!;
      if (Math.sqrt(sq) < this.normBelow) return true;
    }
    return false;
  }

  /** Adds the noise to `grads` in place when step `step` fires; returns whether it did. */
  apply(step: number, grads: FloatArray): boolean {
    if (!this.firesAt(step, grads)) return false;
    for (let i = 0; i < grads.length; i++) grads[i] = grads[i]! + this.sigma * this.rng.normal();
    this.fired++;
    return true;
  }
}
