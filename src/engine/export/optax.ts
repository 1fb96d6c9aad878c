import type { ExportRun } from './loadRun';
import type { ExportOutput } from './types';
import { pyFloat } from '../pyCode/pyLiteral';
import { closedFormLr } from './closedFormLr';
import { commentBlock, imports, scheduleContext } from './exportContext';
import { PLATEAU_MAPPING } from './plateauMapping';
import { earlyStoppingHelper } from './pyEarlyStopping';
import { runHeader } from './pyProblem';

const AMSGRAD_NOTE =
  "AMSGrad: optax keeps the maximum of the bias-corrected v̂; torch keeps the maximum of the raw v and corrects it with the current step's 1 − β₂ᵗ: the updates differ once the maximum is an old value.";

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
  let opt: string;
  switch (c.name) {
    case 'SGD':
      l2(c.weight_decay);
      opt = `optax.sgd(${lr}, momentum=${c.momentum === 0 ? 'None' : pyFloat(c.momentum)}, nesterov=${c.nesterov ? 'True' : 'False'})`;
      if (c.momentum !== 0)
        notes.push(
          'momentum: optax.sgd traces m ← g + μ·m and scales by the lr afterwards, as torch does: equal under any schedule.',
        );
      if (c.dampening !== 0) notes.push(`dampening ${c.dampening}: optax has no dampening; not reproduced.`);
      break;
    case 'Adagrad':
      l2(c.weight_decay);
      opt = `optax.adagrad(${lr}, initial_accumulator_value=${pyFloat(c.initial_accumulator_value)}, eps=${pyFloat(c.eps)})`;
      notes.push(
        `eps: optax divides by √(Σg² + ε), torch by √Σg² + ε: no exact mapping; torch's ε is passed. initial_accumulator_value: optax's default is 0.1, torch's 0; the run's ${c.initial_accumulator_value} is written out.`,
      );
      if (c.lr_decay !== 0) {
        if (!schedule) {
          lr = `lambda count: ${pyFloat(c.lr)} / (1 + count * ${pyFloat(c.lr_decay)})`;
          opt = `optax.adagrad(${lr}, initial_accumulator_value=${pyFloat(c.initial_accumulator_value)}, eps=${pyFloat(c.eps)})`;
          notes.push(
            "lr_decay: torch's lr/(1 + (t − 1)·lr_decay) at step t is the lambda passed as the learning rate (optax counts from 0).",
          );
        } else notes.push(`lr_decay ${c.lr_decay}: not combined with the schedule; not reproduced.`);
      }
      break;
    case 'RMSprop':
      l2(c.weight_decay);
      opt = `optax.rmsprop(${lr}, decay=${pyFloat(c.alpha)}, eps=${pyFloat(c.eps)}, initial_scale=0.0, eps_in_sqrt=False, centered=${c.centered ? 'True' : 'False'}, momentum=${c.momentum === 0 ? 'None' : pyFloat(c.momentum)}, nesterov=False, bias_correction=False)`;
      notes.push(
        "eps: eps_in_sqrt=False puts ε outside the root as torch does (optax's default puts it inside). torch's alpha is optax's decay (optax's default 0.9, torch's 0.99; written out).",
      );
      if (c.momentum !== 0) {
        notes.push(
          'momentum: optax traces after scaling by the lr (m ← μ·m + lr·g/(√v + ε)), torch before: equal only while the lr is constant.',
        );
      }
      break;
    case 'Adadelta':
      l2(c.weight_decay);
      opt = `optax.adadelta(${lr}, rho=${pyFloat(c.rho)}, eps=${pyFloat(c.eps)})`;
      notes.push(
        "Adadelta: the same update as torch's (ε inside both roots); the run's lr is written out (optax's default None means no scaling, torch's default is 1.0).",
      );
      break;
    case 'Adam':
      l2(c.weight_decay);
      opt = c.amsgrad
        ? `optax.amsgrad(${lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0)`
        : `optax.adam(${lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0)`;
      notes.push('Adam: optax adds ε after the bias correction, m̂/(√v̂ + ε), as torch does: the same update.');
      if (c.amsgrad) notes.push(AMSGRAD_NOTE);
      break;
    case 'AdamW':
      opt = c.amsgrad
        ? `optax.chain(optax.scale_by_amsgrad(b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}), optax.add_decayed_weights(${pyFloat(c.weight_decay)}), optax.scale_by_learning_rate(${lr}))`
        : `optax.adamw(${lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0, weight_decay=${pyFloat(c.weight_decay)})`;
      notes.push(
        "weight_decay: decoupled in both, θ ← θ − lr·(update + wd·θ) (optax's default wd is 1e-4, torch's 1e-2; written out).",
      );
      if (c.amsgrad) notes.push(AMSGRAD_NOTE);
      break;
    case 'NAdam':
      if (c.decoupled_weight_decay) {
        if (c.weight_decay !== 0) {
          notes.push(
            `decoupled_weight_decay: add_decayed_weights(${c.weight_decay}) after the NAdam scaling and before the lr gives θ ← θ − lr·wd·θ.`,
          );
        }
      } else l2(c.weight_decay);
      opt =
        c.decoupled_weight_decay && c.weight_decay !== 0
          ? `optax.chain(optax.scale_by_adam(b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, nesterov=True), optax.add_decayed_weights(${pyFloat(c.weight_decay)}), optax.scale_by_learning_rate(${lr}))`
          : `optax.nadam(${lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0)`;
      notes.push(
        `NAdam: optax.nadam is Adam with Nesterov's look-ahead at a constant β₁ (m̂ = β₁·m/(1 − β₁ᵗ⁺¹) + (1 − β₁)·g/(1 − β₁ᵗ)); torch's NAdam uses Dozat's momentum schedule μₜ = β₁·(1 − ½·0.96^(t·momentum_decay)) with momentum_decay ${c.momentum_decay}. No optax setting gives torch's schedule: there is no exact mapping.`,
      );
      break;
    case 'RAdam':
      if (c.decoupled_weight_decay) {
        if (c.weight_decay !== 0)
          notes.push(
            `decoupled_weight_decay: add_decayed_weights(${c.weight_decay}) after the RAdam scaling gives θ ← θ − lr·wd·θ.`,
          );
      } else l2(c.weight_decay);
      opt =
        c.decoupled_weight_decay && c.weight_decay !== 0
          ? `optax.chain(optax.scale_by_radam(b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, threshold=5.0), optax.add_decayed_weights(${pyFloat(c.weight_decay)}), optax.scale_by_learning_rate(${lr}))`
          : `optax.radam(${lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)}, eps_root=0.0, threshold=5.0)`;
      notes.push(
        "RAdam: optax adds ε after the bias correction (m̂/(√v̂ + ε)), torch before it (√(1 − β₂ᵗ)/(√v + ε)): no exact mapping; torch's ε is passed. optax rectifies when ρₜ ≥ threshold, torch when ρₜ > 5: the same steps unless ρₜ is exactly 5.",
      );
      break;
    case 'Adamax':
      l2(c.weight_decay);
      opt = `optax.adamax(${lr}, b1=${pyFloat(c.betas[0])}, b2=${pyFloat(c.betas[1])}, eps=${pyFloat(c.eps)})`;
      notes.push(
        'Adamax: optax keeps u ← max(β₂·u, |g| + ε) and divides m̂ by u, as torch does: the same update.',
      );
      break;
  }
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
