// optaxExport: optax for one run's optimizer, schedule and clipping, as an `optax.chain`, with a comment
// block listing every place where optax's formulas or defaults differ from torch's and what the export did
// about it.
import type { ExportRun } from './loadRun';
import type { ExportOutput } from './types';
import { pyFloat } from '../pyCode/pyLiteral';
import { closedFormLr } from './closedFormLr';
import { commentBlock, imports, scheduleContext } from './exportContext';
import { PLATEAU_MAPPING } from './plateauMapping';
import { earlyStoppingHelper } from './pyEarlyStopping';
import { runHeader } from './pyProblem';
import { exportOf } from '../pyCode/optimizerExports';

/**
 * optax for one run's optimizer, schedule and clipping, as an `optax.chain`, with a comment block
 * listing every place where optax's formulas or defaults differ from torch's and what the export
 * did about it. Checked against google-deepmind/optax `optax/_src/alias.py` and `transform.py`.
 */
export function optaxExport(r: ExportRun): ExportOutput {
  const c = r.spec.optimizer;
  const notes: string[] = [];
  const ctx = scheduleContext(r);
  const schedule = r.spec.schedule;
  const pre: string[] = [];
  const chain: string[] = [];
  let lr = pyFloat(c.lr);
  let plateau: string | null = null;

  if (schedule) {
    const body = closedFormLr(schedule, ctx, c.lr);
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
        'def schedule(count):',
        `    """${schedule.name} stepped ${perEpoch ? 'once per epoch' : 'after every batch'}; optax counts updates from 0."""`,
        perEpoch
          ? '    return torch_lr(jnp.floor(count / STEPS_PER_EPOCH), jnp)'
          : '    return torch_lr(count, jnp)',
        '',
        '',
      );
      lr = 'schedule';
      notes.push(
        `schedule: an optax schedule is a function of the update count (0 at the first update); schedule() gives torch's lr of that step${perEpoch ? ', floored to whole epochs as the run stepped per epoch' : ''}, from torch's closed form (torch's recursive values can differ in the last bits).`,
      );
      const cycles =
        (schedule.name === 'OneCycleLR' && schedule.cycle_momentum) ||
        (schedule.name === 'SequentialLR' &&
          schedule.schedulers.some((s) => s.name === 'OneCycleLR' && s.cycle_momentum));
      if (cycles)
        notes.push(
          'OneCycleLR also cycles momentum (or β₁); an optax schedule sets only the lr: not reproduced.',
        );
    } else if (schedule.name === 'ReduceLROnPlateau') {
      const s = schedule;
      const rel = s.threshold_mode === 'rel';
      const o = PLATEAU_MAPPING.optax(s);
      plateau = `optax.contrib.reduce_on_plateau(factor=${pyFloat(s.factor)}, patience=${o.patience}, rtol=${pyFloat(rel ? s.threshold : 0)}, atol=${pyFloat(rel ? 0 : s.threshold)}, cooldown=${o.cooldown}, min_scale=${pyFloat(s.min_lr / c.lr)})`;
      notes.push(
        `ReduceLROnPlateau patience: torch cuts the lr after ${s.patience + 1} bad values in a row (num_bad_epochs > patience ${s.patience}), optax when plateau_count == patience, so patience=${o.patience} is written to cut at the same step (copying torch's 0 would cut on every improvement instead).`,
      );
      notes.push(
        `ReduceLROnPlateau: optax.contrib.reduce_on_plateau scales the updates instead of the lr (the same for every optimizer here) and needs the monitored value: opt.update(grads, state, params, value=${s.monitor}). It only minimizes${s.mode === 'max' ? ': pass the negated value (the run used mode "max")' : ''}; min_lr becomes min_scale = min_lr/lr; torch's eps (skip reductions smaller than eps) has no optax equivalent. Feed it ${s.interval === 'step' ? 'after every batch' : "once per epoch (call update with the epoch's value only at epoch ends, or feed it the value at every step)"} as the run did.`,
      );
    }
  }

  const penalty = r.spec.problem.kind === 'dataset' ? r.spec.problem.l2 : 0;
  if (penalty !== 0) {
    chain.push(`optax.add_decayed_weights(${pyFloat(2 * penalty)}, mask=weights_only)`);
    pre.push(
      'def weights_only(params):',
      '    """True for weight matrices, False for bias vectors: the run\'s L2 penalty left biases alone."""',
      '    return jax.tree_util.tree_map(lambda p: p.ndim > 1, params)',
      '',
      '',
    );
    notes.push(
      `l2: the run added ${penalty}·Σw² over the weights (not the biases) to its loss, whose gradient is ${2 * penalty}·w; add_decayed_weights(${2 * penalty}, mask=weights_only) first in the chain adds it before clipping, where the run's loss gradient had it.`,
    );
  }

  const clip = r.spec.gradClip;
  if (clip && 'max_norm' in clip) {
    if (clip.norm_type === 2) {
      chain.push(`optax.clip_by_global_norm(${pyFloat(clip.max_norm)})`);
      notes.push(
        "clipping: clip_by_global_norm scales by c/‖g‖ when ‖g‖ > c; torch's clip_grad_norm_ by c/(‖g‖ + 1e-6).",
      );
    } else
      notes.push(
        `clipping: optax clips by the global 2-norm only; torch's norm_type ${String(clip.norm_type)} is not reproduced.`,
      );
  } else if (clip) {
    chain.push(`optax.clip(${pyFloat(clip.clip_value)})`);
  }

  // torch's L2 weight_decay is added to the gradient before the optimizer: add_decayed_weights first.
  const l2 = (wd: number) => {
    if (wd === 0) return;
    chain.push(`optax.add_decayed_weights(${pyFloat(wd)})`);
    notes.push(
      `weight_decay: torch adds wd·θ to the gradient before the update (L2); add_decayed_weights(${wd}) placed before the optimizer does the same.`,
    );
  };
  const opt = exportOf(c.name).optax(c, { lr, hasSchedule: schedule !== null, notes, l2 });
  if ((c as { maximize: boolean }).maximize)
    notes.push('maximize: optax minimizes; negate your loss (or the gradients) instead.');
  notes.push(
    `precision: the run computed in ${r.spec.precision}` +
      (r.spec.precision === 'float64'
        ? '; JAX defaults to float32: set jax.config.update("jax_enable_x64", True) first.'
        : '.'),
  );
  chain.push(opt);
  if (plateau) chain.push(plateau);
  const es = r.spec.earlyStopping;
  const stopper = es ? earlyStoppingHelper(es) : null;
  if (es) {
    notes.push(
      `early stopping: optax has none; EarlyStopping below is the run's rule (monitor ${es.monitor}, patience ${es.patience}, min_delta ${es.min_delta}, mode ${es.mode}${es.restore_best ? ', restore the best parameters' : ''}), to call after every epoch of your loop, and once before the first (the run scored the initial parameters too).`,
    );
  }

  const text = [
    `# optax: the optimizer of an Optimizer Lab run, translated from torch.optim.${c.name}.`,
    ...runHeader(r),
    '#',
    commentBlock(`Where optax differs from torch.optim.${c.name}, and what this export did:`, notes),
    '',
    ...imports(
      [...pre, stopper ?? ''].join('\n'),
      [],
      ['import jax', /\bjax\.tree_util/],
      ['import jax.numpy as jnp', /\bjnp\./],
      ['import optax', /^/],
    ),
    '',
    ...pre,
    chain.length === 1
      ? `optimizer = ${chain[0]}`
      : ['optimizer = optax.chain(', ...chain.map((t) => `    ${t},`), ')'].join('\n'),
    '',
    '# opt_state = optimizer.init(params)',
    `# updates, opt_state = optimizer.update(grads, opt_state, params${plateau ? ', value=monitored_loss' : ''})`,
    '# params = optax.apply_updates(params, updates)',
    ...(stopper ? ['', '', stopper] : []),
    '',
  ].join('\n');
  return { text, sidecars: [] };
}
