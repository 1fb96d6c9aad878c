import { ConfigError } from '../errors';
import type { ExportRun } from './loadRun';
import type { ExportOutput } from './types';
import { pyFloat, pyStr } from '../pyCode/pyLiteral';
import { closedFormLr } from './closedFormLr';
import { commentBlock, imports, scheduleContext } from './exportContext';
import { runHeader } from './pyProblem';
import { PLATEAU_MAPPING } from './plateauMapping';

/**
 * Keras 3 (`keras.optimizers.*`) for one run's optimizer, schedule, clipping and early stopping,
 * with a comment block listing every place where Keras' formulas or defaults differ from torch's
 * and what the export did about it. Checked against keras-team/keras `keras/src/optimizers/*.py`.
 */
export function kerasExport(r: ExportRun): ExportOutput {
  const c = r.spec.optimizer;
  const notes: string[] = [];
  const kw: [string, string][] = [];
  const lr = c.lr;
  const ctx = scheduleContext(r);
  const schedule = r.spec.schedule;
  let learningRate = pyFloat(lr);
  const pre: string[] = [];
  const callbacks: string[] = [];

  // L2 weight decay (added to the gradient by torch) has no Keras optimizer argument: Keras'
  // weight_decay is decoupled. A regularizer of wd/2·Σθ² gives torch's gradient wd·θ exactly.
  const l2Decay = (wd: number) => {
    if (wd === 0) return;
    notes.push(
      `weight_decay: torch adds ${wd}·θ to the gradient (L2); Keras' weight_decay is decoupled (θ ← θ − lr·wd·θ), which differs once the optimizer rescales gradients. The export leaves Keras' weight_decay off: add kernel_regularizer=keras.regularizers.L2(${wd / 2}) and bias_regularizer=keras.regularizers.L2(${wd / 2}) to every layer, whose gradient is torch's ${wd}·θ (torch decays biases too).`,
    );
  };
  const eps = (what: string) => {
    kw.push(['epsilon', pyFloat((c as { eps: number }).eps)]);
    notes.push(what);
  };

  switch (c.name) {
    case 'SGD':
      kw.push(['momentum', pyFloat(c.momentum)], ['nesterov', c.nesterov ? 'True' : 'False']);
      if (c.momentum !== 0) {
        notes.push(
          `momentum: Keras keeps v ← μ·v − lr·g and adds v; torch keeps buf ← μ·buf + g and subtracts lr·buf${c.nesterov ? ' (Nesterov: both then step with μ·(new momentum) plus the gradient)' : ''}. The two agree while the lr is constant; under a schedule Keras' v carries the old learning rates.`,
        );
      }
      if (c.dampening !== 0) notes.push(`dampening ${c.dampening}: Keras has no dampening; not reproduced.`);
      if (c.weight_decay !== 0 && c.momentum === 0) {
        kw.push(['weight_decay', pyFloat(c.weight_decay)]);
        notes.push(
          "weight_decay: without momentum, torch's L2 step θ − lr·(g + wd·θ) equals Keras' decoupled θ − lr·wd·θ − lr·g, so it is passed as it is.",
        );
      } else l2Decay(c.weight_decay);
      break;
    case 'Adagrad':
      kw.push(['initial_accumulator_value', pyFloat(c.initial_accumulator_value)]);
      eps(
        `epsilon: Keras divides by √(accumulator + ε), torch by √accumulator + ε: no exact mapping; torch's ε is passed as it is. initial_accumulator_value: Keras' default is 0.1, torch's 0; the run's ${c.initial_accumulator_value} is written out.`,
      );
      l2Decay(c.weight_decay);
      if (c.lr_decay !== 0) {
        if (schedule === null) {
          learningRate = `keras.optimizers.schedules.InverseTimeDecay(${pyFloat(lr)}, decay_steps=1, decay_rate=${pyFloat(c.lr_decay)})`;
          notes.push(
            `lr_decay: torch uses lr/(1 + (t − 1)·lr_decay) at step t; InverseTimeDecay(lr, decay_steps=1, decay_rate=lr_decay) gives the same, as Keras counts steps from 0.`,
          );
        } else
          notes.push(
            `lr_decay ${c.lr_decay}: cannot be combined with the schedule in Keras; not reproduced.`,
          );
      }
      break;
    case 'RMSprop':
      kw.push(
        ['rho', pyFloat(c.alpha)],
        ['momentum', pyFloat(c.momentum)],
        ['centered', c.centered ? 'True' : 'False'],
      );
      eps(
        `epsilon: Keras divides by √(v + ε)${c.centered ? ' (centered: √(v − ḡ² + ε))' : ''}, torch by √v + ε${c.centered ? ' (√(v − ḡ²) + ε)' : ''}: no exact mapping; torch's ε is passed. torch's alpha is Keras' rho (Keras' default 0.9, torch's 0.99; the run's ${c.alpha} is written out).`,
      );
      if (c.momentum !== 0) {
        notes.push(
          'momentum: Keras accumulates lr·g/√(…) and subtracts it, torch accumulates g/(√v + ε) and subtracts lr times it: equal only while the lr is constant.',
        );
      }
      l2Decay(c.weight_decay);
      break;
    case 'Adadelta':
      kw.push(['rho', pyFloat(c.rho)]);
      eps(
        `Adadelta: the same update as torch's (ε inside both roots). Defaults differ (Keras lr 0.001, rho 0.95, epsilon 1e-7; torch 1.0, 0.9, 1e-6); the run's values are written out.`,
      );
      l2Decay(c.weight_decay);
      break;
    case 'Adam':
    case 'AdamW':
    case 'Adamax':
    case 'NAdam': {
      kw.push(['beta_1', pyFloat(c.betas[0])], ['beta_2', pyFloat(c.betas[1])]);
      if (c.name === 'Adamax') {
        eps(
          "epsilon: Keras keeps u ← max(β₂·u, |g|) and divides by u + ε; torch keeps u ← max(β₂·u, |g| + ε) and divides by u: no exact mapping; torch's ε is passed.",
        );
      } else if (c.name === 'NAdam') {
        eps(
          "epsilon: Keras' Nadam adds ε after the bias correction (√(v/(1 − β₂ᵗ)) + ε), as torch does; Keras' default is 1e-7, torch's 1e-8, so torch's value is written out.",
        );
      } else {
        eps(
          `epsilon: Keras adds ε to √v before the bias correction (lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m/(√v + ε)); torch adds it after (lr/(1 − β₁ᵗ) · m/(√v/√(1 − β₂ᵗ) + ε)). Matching would need ε·√(1 − β₂ᵗ), which changes every step: there is no exact mapping. torch's ε (Keras' default is 1e-7) is passed; the two agree once √v ≫ ε.`,
        );
      }
      if (c.name === 'Adam' || c.name === 'AdamW') kw.push(['amsgrad', c.amsgrad ? 'True' : 'False']);
      if (c.name === 'AdamW') {
        kw.push(['weight_decay', pyFloat(c.weight_decay)]);
        notes.push(
          "weight_decay: AdamW is decoupled in both (θ ← θ − lr·wd·θ before the step); Keras' default is 0.004, torch's 0.01; the run's value is written out.",
        );
      } else if (c.name === 'NAdam') {
        if (c.momentum_decay !== 1) {
          notes.push(
            `momentum_decay: Keras' Nadam uses μₜ = β₁·(1 − ½·0.96ᵗ), which is torch's μₜ = β₁·(1 − ½·0.96^(t·momentum_decay)) with momentum_decay = 1. The run's momentum_decay ${c.momentum_decay} cannot be set in Keras: its momentum schedule is not reproduced. (Apart from that, Keras' Nadam is torch 2.x's NAdam.)`,
          );
        }
        if (c.decoupled_weight_decay && c.weight_decay !== 0) {
          kw.push(['weight_decay', pyFloat(c.weight_decay)]);
          notes.push(
            "decoupled_weight_decay: Keras' weight_decay is decoupled the same way (θ ← θ − lr·wd·θ).",
          );
        } else l2Decay(c.weight_decay);
      } else l2Decay(c.weight_decay);
      break;
    }
    case 'RAdam':
      throw new ConfigError(
        `Keras has no RAdam (keras.optimizers holds no rectified Adam); run ${r.run.id} uses RAdam: export it --to pytorch or --to optax`,
      );
  }
  if ((c as { maximize: boolean }).maximize)
    notes.push('maximize: Keras always minimizes; negate your loss instead.');

  const clip = r.spec.gradClip;
  if (clip && 'max_norm' in clip) {
    if (clip.norm_type === 2) {
      kw.push(['global_clipnorm', pyFloat(clip.max_norm)]);
      notes.push(
        "clipping: global_clipnorm scales by min(1, c/‖g‖), torch's clip_grad_norm_ by min(1, c/(‖g‖ + 1e-6)). (clipnorm would clip each tensor on its own.)",
      );
    } else
      notes.push(
        `clipping: Keras clips by the 2-norm only; torch's norm_type ${String(clip.norm_type)} is not reproduced.`,
      );
  } else if (clip) {
    kw.push(['clipvalue', pyFloat(clip.clip_value)]);
    notes.push("clipping: clipvalue clamps every gradient entry to ±c, as torch's clip_grad_value_ does.");
  }

  if (schedule) {
    const body = closedFormLr(schedule, ctx, lr);
    if (body !== null) {
      const perEpoch = schedule.interval === 'epoch';
      pre.push(
        `STEPS_PER_EPOCH = ${ctx.stepsPerEpoch}  # batches per epoch in the run`,
        '',
        '',
        'def torch_lr(k, xp):',
        `    """The lr of torch's ${schedule.name} after k scheduler steps (torch's closed form)."""`,
        body,
        '',
        '',
        'class TorchSchedule(keras.optimizers.schedules.LearningRateSchedule):',
        `    """${schedule.name} stepped ${perEpoch ? 'once per epoch' : 'after every batch'}, as the run stepped it."""`,
        '',
        '    def __call__(self, step):',
        perEpoch
          ? '        k = ops.floor_divide(ops.cast(step, "float32"), STEPS_PER_EPOCH)'
          : '        k = ops.cast(step, "float32")',
        '        return torch_lr(k, ops)',
        '',
        '    def get_config(self):',
        '        return {}',
        '',
        '',
      );
      learningRate = 'TorchSchedule()';
      notes.push(
        `schedule: Keras evaluates a schedule at the optimizer's step count (0 at the first update), so TorchSchedule gives torch's lr of that step${perEpoch ? ', floored to whole epochs as the run stepped per epoch' : ''}. It uses torch's closed form, which can differ from torch's recursive values in the last bits.`,
      );
      if (schedule.name === 'OneCycleLR' && schedule.cycle_momentum) {
        notes.push(
          'OneCycleLR also cycles momentum (or β₁) between base_momentum and max_momentum; a Keras schedule sets only the lr: not reproduced.',
        );
      }
      if (
        schedule.name === 'SequentialLR' &&
        schedule.schedulers.some((s) => s.name === 'OneCycleLR' && s.cycle_momentum)
      ) {
        notes.push('OneCycleLR inside SequentialLR also cycles momentum; not reproduced.');
      }
    } else if (schedule.name === 'ReduceLROnPlateau') {
      const s = schedule;
      const k = PLATEAU_MAPPING.keras(s);
      callbacks.push(
        `keras.callbacks.ReduceLROnPlateau(monitor=${pyStr(s.monitor === 'train_loss' ? 'loss' : 'val_loss')}, factor=${pyFloat(s.factor)}, patience=${k.patience}, mode=${pyStr(s.mode)}, min_delta=${pyFloat(s.threshold)}, cooldown=${k.cooldown}, min_lr=${pyFloat(s.min_lr)})`,
      );
      notes.push(
        `ReduceLROnPlateau patience: torch cuts the lr after ${s.patience + 1} bad epochs in a row (num_bad_epochs > patience ${s.patience}), Keras when wait >= patience, so patience=${k.patience} is written to cut at the same epoch${s.cooldown > 0 ? `; Keras counts the epoch its cooldown ends on, torch does not, so cooldown=${k.cooldown} for torch's ${s.cooldown}` : ''}.`,
      );
      notes.push(
        `ReduceLROnPlateau: Keras' min_delta is absolute (an improvement beats best − min_delta)${s.threshold_mode === 'rel' ? `; torch's threshold_mode "rel" asks for best·(1 − threshold), so min_delta = threshold is only close` : ', as torch\'s threshold_mode "abs"'}. Keras has no eps (torch skips reductions smaller than eps). ${s.monitor === 'train_loss' ? 'Keras\' "loss" is the mean of the epoch\'s batch losses, the run monitored the full-data training loss after the epoch.' : ''}${s.interval === 'step' ? ' The run stepped it after every batch; a Keras callback runs once per epoch.' : ''}`.trim(),
      );
    }
  }

  const penalty = r.spec.problem.kind === 'dataset' ? r.spec.problem.l2 : 0;
  if (penalty !== 0) {
    pre.push(
      `# The run's explicit L2 penalty: ${penalty} * (sum of squared weights, not biases) added to the loss.`,
      `# Keras' L2(l) adds l * sum(w ** 2): pass kernel_regularizer=L2_PENALTY to every Dense layer.`,
      `L2_PENALTY = keras.regularizers.L2(${pyFloat(penalty)})`,
      '',
      '',
    );
    notes.push(
      `l2: the run added ${penalty}·Σw² over the weights (not the biases) to its loss; L2_PENALTY, given as kernel_regularizer to every layer, is the same term (its gradient is clipped with the loss gradient, as in the run).`,
    );
  }

  const es = r.spec.earlyStopping;
  if (es) {
    const monitor = es.monitor === 'train_loss' ? 'loss' : es.monitor;
    callbacks.push(
      `keras.callbacks.EarlyStopping(monitor=${pyStr(monitor)}, min_delta=${pyFloat(es.min_delta)}, patience=${es.patience}, mode=${pyStr(es.mode)}, restore_best_weights=${es.restore_best ? 'True' : 'False'})`,
    );
    notes.push(
      'early stopping: the run also scored the weights before training (so it could stop at, and restore, the initial weights); Keras starts counting at the first epoch. Keras metric names must match your compile() metrics.',
    );
  }
  notes.push(
    'precision: the run computed in ' +
      r.spec.precision +
      (r.spec.precision === 'float64'
        ? '; Keras defaults to float32: call keras.config.set_floatx("float64") before building the model.'
        : '.'),
  );

  const call = [
    `optimizer = keras.optimizers.${c.name === 'NAdam' ? 'Nadam' : c.name}(`,
    `    learning_rate=${learningRate},`,
    ...kw.map(([k, v]) => `    ${k}=${v},`),
    ')',
  ];
  const fit = fitComment(r);
  const text = [
    `# Keras 3: the optimizer of an Optimizer Lab run, translated from torch.optim.${c.name}.`,
    ...runHeader(r),
    '#',
    commentBlock(`Where Keras differs from torch.optim.${c.name}, and what this export did:`, notes),
    '',
    ...imports(pre.join('\n'), ['import keras'], ['from keras import ops', /\bops\./]),
    '',
    ...pre,
    ...call,
    ...(callbacks.length > 0
      ? ['', 'callbacks = [', ...callbacks.map((cb) => `    ${cb},`), ']']
      : ['', 'callbacks = []']),
    '',
    ...fit,
    '',
  ].join('\n');
  return { text, sidecars: [] };
}

/** How the run trained, as the model.fit call a user would write. */
function fitComment(r: ExportRun): string[] {
  const p = r.spec.problem;
  if (p.kind !== 'dataset') return [`# The run minimized a 2-D surface for ${r.spec.epochs} steps.`];
  return [
    `# The run trained for ${r.spec.epochs} epochs with batch_size ${r.spec.batchSize ?? `${p.trainRows} (full batch)`}${r.spec.shuffle ? ', reshuffled every epoch' : ''}:`,
    `# model.compile(optimizer=optimizer, loss=...)`,
    `# model.fit(x_train, y_train, batch_size=${r.spec.batchSize ?? p.trainRows}, epochs=${r.spec.epochs}, shuffle=${r.spec.shuffle ? 'True' : 'False'}, validation_data=(x_val, y_val), callbacks=callbacks)`,
  ];
}
