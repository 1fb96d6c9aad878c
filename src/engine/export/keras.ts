// kerasExport: Keras 3 (`keras.optimizers.*`) for one run's optimizer, schedule, clipping and early
// stopping, with a comment block listing every place where Keras' formulas or defaults differ from torch's
// and what the export did about it.
import type { ExportRun } from './loadRun';
import type { ExportOutput } from './types';
import { pyFloat, pyStr } from '../pyCode/pyLiteral';
import { closedFormLr } from './closedFormLr';
import { commentBlock, imports, scheduleContext } from './exportContext';
import { runHeader } from './pyProblem';
import { PLATEAU_MAPPING } from './plateauMapping';
import { exportOf } from '../pyCode/optimizerExports';

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
  const entry = exportOf(c.name);
  const writer = {
    kw,
    notes,
    learningRate,
    hasSchedule: schedule !== null,
    runId: r.run.id,
    l2Decay,
    eps: (value: number, note: string) => {
      kw.push(['epsilon', pyFloat(value)]);
      notes.push(note);
    },
  };
  entry.keras(c, writer);
  learningRate = writer.learningRate;
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
    `optimizer = keras.optimizers.${entry.kerasClass ?? c.name}(`,
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
