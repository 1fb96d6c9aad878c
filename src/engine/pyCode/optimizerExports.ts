// How each optimizer is written as code: torch's keyword order, its Keras and its optax mapping.
import type { OptimizerConfigOf, OptimizerName } from '../../protocol/optimizers';
import { ConfigError } from '../errors';
import { pyFloat } from './pyLiteral';

/** What a Keras mapping adds to the `keras.optimizers.*` call and its comment block. */
export interface KerasOptimizerWriter {
  /** Keyword arguments of the call, as Python text. */
  readonly kw: [string, string][];
  readonly notes: string[];
  /** The `learning_rate=` value; a mapping may replace it (Adagrad's lr_decay). */
  learningRate: string;
  readonly hasSchedule: boolean;
  readonly runId: string;
  /** torch's L2 weight decay, which Keras has no argument for: a note on regularizers. */
  l2Decay(wd: number): void;
  /** Passes torch's ε as `epsilon` with a note on how Keras uses it. */
  eps(value: number, note: string): void;
}

/** What an optax mapping can use and add to: it returns the optimizer's optax expression. */
export interface OptaxOptimizerWriter {
  /** The learning rate (a number or `schedule`) as Python text. */
  readonly lr: string;
  readonly hasSchedule: boolean;
  readonly notes: string[];
  /** torch's L2 weight decay: `add_decayed_weights` before the optimizer in the chain. */
  l2(wd: number): void;
}

/** One optimizer's code mappings, typed by its own configuration. */
export interface OptimizerExport<N extends OptimizerName> {
  /** Keyword order of torch's signature, so a generated call reads like torch's docs. */
  torchKeywords: readonly (keyof OptimizerConfigOf<N> & string)[];
  /** Keywords torch 1.13 does not accept (added in torch 2.1). */
  torch21Keywords: readonly (keyof OptimizerConfigOf<N> & string)[];
  /** The `keras.optimizers` class, or null where Keras has none (the export then fails with a message). */
  kerasClass: string | null;
  keras: (c: OptimizerConfigOf<N>, k: KerasOptimizerWriter) => void;
  optax: (c: OptimizerConfigOf<N>, o: OptaxOptimizerWriter) => string;
}

const AMSGRAD_NOTE =
  "AMSGrad: optax keeps the maximum of the bias-corrected v̂; torch keeps the maximum of the raw v and corrects it with the current step's 1 − β₂ᵗ: the updates differ once the maximum is an old value.";

const ADAM_EPS_NOTE = `epsilon: Keras adds ε to √v before the bias correction (lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m/(√v + ε)); torch adds it after (lr/(1 − β₁ᵗ) · m/(√v/√(1 − β₂ᵗ) + ε)). Matching would need ε·√(1 − β₂ᵗ), which changes every step: there is no exact mapping. torch's ε (Keras' default is 1e-7) is passed; the two agree once √v ≫ ε.`;

type AdamFamily = OptimizerConfigOf<'Adam' | 'AdamW' | 'NAdam' | 'Adamax'>;

/** Keras' Adam, AdamW, Nadam and Adamax share beta_1/beta_2 and differ in ε and weight decay. */
function kerasAdamFamily(c: AdamFamily, k: KerasOptimizerWriter, epsNote: string): void {
  k.kw.push(['beta_1', pyFloat(c.betas[0])], ['beta_2', pyFloat(c.betas[1])]);
  k.eps(c.eps, epsNote);
  if (c.name === 'Adam' || c.name === 'AdamW') k.kw.push(['amsgrad', c.amsgrad ? 'True' : 'False']);
}

/**
 * Every optimizer's mappings; a name missing here is a compile error. The notes say where Keras
 * (keras-team/keras `keras/src/optimizers/*.py`) or optax (google-deepmind/optax `alias.py`,
 * `transform.py`) differ from torch and what the export did about it.
 */
export const OPTIMIZER_EXPORTS: { [N in OptimizerName]: OptimizerExport<N> } = {
  SGD: {
    torchKeywords: ['lr', 'momentum', 'dampening', 'weight_decay', 'nesterov', 'maximize'],
    torch21Keywords: [],
    kerasClass: 'SGD',
    keras: (c, k) => {
      k.kw.push(['momentum', pyFloat(c.momentum)], ['nesterov', c.nesterov ? 'True' : 'False']);
      if (c.momentum !== 0) {
        k.notes.push(
          `momentum: Keras keeps v ← μ·v − lr·g and adds v; torch keeps buf ← μ·buf + g and subtracts lr·buf${c.nesterov ? ' (Nesterov: both then step with μ·(new momentum) plus the gradient)' : ''}. The two agree while the lr is constant; under a schedule Keras' v carries the old learning rates.`,
        );
      }
      if (c.dampening !== 0)
        k.notes.push(`dampening ${c.dampening}: Keras has no dampening; not reproduced.`);
      if (c.weight_decay !== 0 && c.momentum === 0) {
        k.kw.push(['weight_decay', pyFloat(c.weight_decay)]);
        k.notes.push(
          "weight_decay: without momentum, torch's L2 step θ − lr·(g + wd·θ) equals Keras' decoupled θ − lr·wd·θ − lr·g, so it is passed as it is.",
        );
      } else k.l2Decay(c.weight_decay);
    },
    optax: (c, o) => {
      o.l2(c.weight_decay);
      if (c.momentum !== 0)
        o.notes.push(
          'momentum: optax.sgd traces m ← g + μ·m and scales by the lr afterwards, as torch does: equal under any schedule.',
        );
      if (c.dampening !== 0)
        o.notes.push(`dampening ${c.dampening}: optax has no dampening; not reproduced.`);
      return `optax.sgd(${o.lr}, momentum=${c.momentum === 0 ? 'None' : pyFloat(c.momentum)}, nesterov=${c.nesterov ? 'True' : 'False'})`;
    },
  },
  Adagrad: {
    torchKeywords: ['lr', 'lr_decay', 'weight_decay', 'initial_accumulator_value', 'eps', 'maximize'],
    torch21Keywords: [],
    kerasClass: 'Adagrad',
    keras: (c, k) => {
      k.kw.push(['initial_accumulator_value', pyFloat(c.initial_accumulator_value)]);
      k.eps(
        c.eps,
        `epsilon: Keras divides by √(accumulator + ε), torch by √accumulator + ε: no exact mapping; torch's ε is passed as it is. initial_accumulator_value: Keras' default is 0.1, torch's 0; the run's ${c.initial_accumulator_value} is written out.`,
      );
      k.l2Decay(c.weight_decay);
      if (c.lr_decay !== 0) {
        if (!k.hasSchedule) {
          k.learningRate = `keras.optimizers.schedules.InverseTimeDecay(${pyFloat(c.lr)}, decay_steps=1, decay_rate=${pyFloat(c.lr_decay)})`;
          k.notes.push(
            `lr_decay: torch uses lr/(1 + (t − 1)·lr_decay) at step t; InverseTimeDecay(lr, decay_steps=1, decay_rate=lr_decay) gives the same, as Keras counts steps from 0.`,
          );
        } else
          k.notes.push(
            `lr_decay ${c.lr_decay}: cannot be combined with the schedule in Keras; not reproduced.`,
          );
      }
    },
    optax: (c, o) => {
      o.l2(c.weight_decay);
      let lr = o.lr;
      o.notes.push(
        `eps: optax divides by √(Σg² + ε), torch by √Σg² + ε: no exact mapping; torch's ε is passed. initial_accumulator_value: optax's default is 0.1, torch's 0; the run's ${c.initial_accumulator_value} is written out.`,
      );
      if (c.lr_decay !== 0) {
        if (!o.hasSchedule) {
          lr = `lambda count: ${pyFloat(c.lr)} / (1 + count * ${pyFloat(c.lr_decay)})`;
          o.notes.push(
            "lr_decay: torch's lr/(1 + (t − 1)·lr_decay) at step t is the lambda passed as the learning rate (optax counts from 0).",
          );
        } else o.notes.push(`lr_decay ${c.lr_decay}: not combined with the schedule; not reproduced.`);
      }
      return `optax.adagrad(${lr}, initial_accumulator_value=${pyFloat(c.initial_accumulator_value)}, eps=${pyFloat(c.eps)})`;
    },
  },
  RMSprop: {
    torchKeywords: ['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered', 'maximize'],
    torch21Keywords: [],
    kerasClass: 'RMSprop',
    keras: (c, k) => {
      k.kw.push(
        ['rho', pyFloat(c.alpha)],
        ['momentum', pyFloat(c.momentum)],
        ['centered', c.centered ? 'True' : 'False'],
      );
      k.eps(
        c.eps,
        `epsilon: Keras divides by √(v + ε)${c.centered ? ' (centered: √(v − ḡ² + ε))' : ''}, torch by √v + ε${c.centered ? ' (√(v − ḡ²) + ε)' : ''}: no exact mapping; torch's ε is passed. torch's alpha is Keras' rho (Keras' default 0.9, torch's 0.99; the run's ${c.alpha} is written out).`,
      );
      if (c.momentum !== 0) {
        k.notes.push(
          'momentum: Keras accumulates lr·g/√(…) and subtracts it, torch accumulates g/(√v + ε) and subtracts lr times it: equal only while the lr is constant.',
        );
      }
      k.l2Decay(c.weight_decay);
    },
    optax: (c, o) => {
      o.l2(c.weight_decay);
      o.notes.push(
        "eps: eps_in_sqrt=False puts ε outside the root as torch does (optax's default puts it inside). torch's alpha is optax's decay (optax's default 0.9, torch's 0.99; written out).",
      );
      if (c.momentum !== 0) {
        o.notes.push(
          'momentum: optax traces after scaling by the lr (m ← μ·m + lr·g/(√v + ε)), torch before: equal only while the lr is constant.',
        );
      }
      return `optax.rmsprop(${o.lr}, decay=${pyFloat(c.alpha)}, eps=${pyFloat(c.eps)}, initial_scale=0.0, eps_in_sqrt=False, centered=${c.centered ? 'True' : 'False'}, momentum=${c.momentum === 0 ? 'None' : pyFloat(c.momentum)}, nesterov=False, bias_correction=False)`;
    },
  },
  Adadelta: {
    torchKeywords: ['lr', 'rho', 'eps', 'weight_decay', 'maximize'],
    torch21Keywords: [],
    kerasClass: 'Adadelta',
    keras: (c, k) => {
      k.kw.push(['rho', pyFloat(c.rho)]);
      k.eps(
        c.eps,
        `Adadelta: the same update as torch's (ε inside both roots). Defaults differ (Keras lr 0.001, rho 0.95, epsilon 1e-7; torch 1.0, 0.9, 1e-6); the run's values are written out.`,
      );
      k.l2Decay(c.weight_decay);
    },
    optax: (c, o) => {
      o.l2(c.weight_decay);
      o.notes.push(
        "Adadelta: the same update as torch's (ε inside both roots); the run's lr is written out (optax's default None means no scaling, torch's default is 1.0).",
      );
      return `optax.adadelta(${o.lr}, rho=${pyFloat(c.rho)}, eps=${pyFloat(c.eps)})`;
    },
  },
  Adam: {
    torchKeywords: ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad', 'maximize'],
    torch21Keywords: [],
    kerasClass: 'Adam',
    keras: (c, k) => {
      kerasAdamFamily(c, k, ADAM_EPS_NOTE);
      k.l2Decay(c.weight_decay);
    },
    optax: (c, o) => {
      o.l2(c.weight_decay);
      o.notes.push(
        'Adam: optax adds ε after the bias correction, m̂/(√v̂ + ε), as torch does: the same update.',
      );
      if (c.amsgrad) o.notes.push(AMSGRAD_NOTE);
      return c.amsgrad
        ? `optax.amsgrad(${o.lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0)`
        : `optax.adam(${o.lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0)`;
    },
  },
  AdamW: {
    torchKeywords: ['lr', 'betas', 'eps', 'weight_decay', 'amsgrad', 'maximize'],
    torch21Keywords: [],
    kerasClass: 'AdamW',
    keras: (c, k) => {
      kerasAdamFamily(c, k, ADAM_EPS_NOTE);
      k.kw.push(['weight_decay', pyFloat(c.weight_decay)]);
      k.notes.push(
        "weight_decay: AdamW is decoupled in both (θ ← θ − lr·wd·θ before the step); Keras' default is 0.004, torch's 0.01; the run's value is written out.",
      );
    },
    optax: (c, o) => {
      o.notes.push(
        "weight_decay: decoupled in both, θ ← θ − lr·(update + wd·θ) (optax's default wd is 1e-4, torch's 1e-2; written out).",
      );
      if (c.amsgrad) o.notes.push(AMSGRAD_NOTE);
      return c.amsgrad
        ? `optax.chain(optax.scale_by_amsgrad(b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}), optax.add_decayed_weights(${pyFloat(c.weight_decay)}), optax.scale_by_learning_rate(${o.lr}))`
        : `optax.adamw(${o.lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0, weight_decay=${pyFloat(c.weight_decay)})`;
    },
  },
  NAdam: {
    torchKeywords: [
      'lr',
      'betas',
      'eps',
      'weight_decay',
      'momentum_decay',
      'decoupled_weight_decay',
      'maximize',
    ],
    torch21Keywords: ['maximize', 'decoupled_weight_decay'],
    kerasClass: 'Nadam',
    keras: (c, k) => {
      kerasAdamFamily(
        c,
        k,
        "epsilon: Keras' Nadam adds ε after the bias correction (√(v/(1 − β₂ᵗ)) + ε), as torch does; Keras' default is 1e-7, torch's 1e-8, so torch's value is written out.",
      );
      if (c.momentum_decay !== 1) {
        k.notes.push(
          `momentum_decay: Keras' Nadam uses μₜ = β₁·(1 − ½·0.96ᵗ), which is torch's μₜ = β₁·(1 − ½·0.96^(t·momentum_decay)) with momentum_decay = 1. The run's momentum_decay ${c.momentum_decay} cannot be set in Keras: its momentum schedule is not reproduced. (Apart from that, Keras' Nadam is torch 2.x's NAdam.)`,
        );
      }
      if (c.decoupled_weight_decay && c.weight_decay !== 0) {
        k.kw.push(['weight_decay', pyFloat(c.weight_decay)]);
        k.notes.push(
          "decoupled_weight_decay: Keras' weight_decay is decoupled the same way (θ ← θ − lr·wd·θ).",
        );
      } else k.l2Decay(c.weight_decay);
    },
    optax: (c, o) => {
      if (c.decoupled_weight_decay) {
        if (c.weight_decay !== 0) {
          o.notes.push(
            `decoupled_weight_decay: add_decayed_weights(${c.weight_decay}) after the NAdam scaling and before the lr gives θ ← θ − lr·wd·θ.`,
          );
        }
      } else o.l2(c.weight_decay);
      o.notes.push(
        `NAdam: optax.nadam is Adam with Nesterov's look-ahead at a constant β₁ (m̂ = β₁·m/(1 − β₁ᵗ⁺¹) + (1 − β₁)·g/(1 − β₁ᵗ)); torch's NAdam uses Dozat's momentum schedule μₜ = β₁·(1 − ½·0.96^(t·momentum_decay)) with momentum_decay ${c.momentum_decay}. No optax setting gives torch's schedule: there is no exact mapping.`,
      );
      return c.decoupled_weight_decay && c.weight_decay !== 0
        ? `optax.chain(optax.scale_by_adam(b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, nesterov=True), optax.add_decayed_weights(${pyFloat(c.weight_decay)}), optax.scale_by_learning_rate(${o.lr}))`
        : `optax.nadam(${o.lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0)`;
    },
  },
  RAdam: {
    torchKeywords: ['lr', 'betas', 'eps', 'weight_decay', 'decoupled_weight_decay', 'maximize'],
    torch21Keywords: ['maximize', 'decoupled_weight_decay'],
    kerasClass: null,
    keras: (_c, k) => {
      throw new ConfigError(
        `Keras has no RAdam (keras.optimizers holds no rectified Adam); run ${k.runId} uses RAdam: export it --to pytorch or --to optax`,
      );
    },
    optax: (c, o) => {
      if (c.decoupled_weight_decay) {
        if (c.weight_decay !== 0)
          o.notes.push(
            `decoupled_weight_decay: add_decayed_weights(${c.weight_decay}) after the RAdam scaling gives θ ← θ − lr·wd·θ.`,
          );
      } else o.l2(c.weight_decay);
      o.notes.push(
        "RAdam: optax adds ε after the bias correction (m̂/(√v̂ + ε)), torch before it (√(1 − β₂ᵗ)/(√v + ε)): no exact mapping; torch's ε is passed. optax rectifies when ρₜ ≥ threshold, torch when ρₜ > 5: the same steps unless ρₜ is exactly 5.",
      );
      return c.decoupled_weight_decay && c.weight_decay !== 0
        ? `optax.chain(optax.scale_by_radam(b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, threshold=5.0), optax.add_decayed_weights(${pyFloat(c.weight_decay)}), optax.scale_by_learning_rate(${o.lr}))`
        : `optax.radam(${o.lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0, threshold=5.0)`;
    },
  },
  Adamax: {
    torchKeywords: ['lr', 'betas', 'eps', 'weight_decay', 'maximize'],
    torch21Keywords: [],
    kerasClass: 'Adamax',
    keras: (c, k) => {
      kerasAdamFamily(
        c,
        k,
        "epsilon: Keras keeps u ← max(β₂·u, |g|) and divides by u + ε; torch keeps u ← max(β₂·u, |g| + ε) and divides by u: no exact mapping; torch's ε is passed.",
      );
      k.l2Decay(c.weight_decay);
    },
    optax: (c, o) => {
      o.l2(c.weight_decay);
      o.notes.push(
        'Adamax: optax keeps u ← max(β₂·u, |g| + ε) and divides m̂ by u, as torch does: the same update.',
      );
      return `optax.adamax(${o.lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)})`;
    },
  },
};

/**
 * The mappings of one optimizer, typed by its name: with `N` the name of a configuration `c`,
 * `exportOf(c.name).keras(c, …)` type-checks without a cast.
 */
export function exportOf<N extends OptimizerName>(name: N): OptimizerExport<N> {
  return OPTIMIZER_EXPORTS[name];
}

/** Keywords of torch.optim classes that torch 1.13 does not accept, by class (only those with any). */
export const TORCH21_KEYWORDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(OPTIMIZER_EXPORTS)
    .map(([name, e]): [string, readonly string[]] => [name, e.torch21Keywords])
    .filter(([, keywords]) => keywords.length > 0),
);
