// closedFormLr: The body of `def torch_lr(k, xp):` for a schedule other than ReduceLROnPlateau, as indented
// Python lines, or null for ReduceLROnPlateau (which depends on the monitored values, not on k).
import type { ChainableScheduleConfig, ScheduleConfig } from '../../protocol/schedules';
import { oneCycleTotalSteps, type ScheduleContext } from '../schedules/index';
import { pyFloat, pyNum } from '../pyCode/pyLiteral';

/**
 * A torch lr schedule as a Python expression of `k`, the number of `scheduler.step()` calls so far,
 * and `L`, the optimizer's lr: torch's closed forms (`_get_closed_form_lr`), written with the array
 * namespace `xp` (jax.numpy or keras.ops: cos, floor, log, minimum, where), so the same text serves
 * optax and Keras. Torch computes most of them recursively, so values can differ in the last bits.
 */
function expr(
  c: ChainableScheduleConfig,
  interval: 'step' | 'epoch',
  ctx: ScheduleContext,
  k: string,
  L: string,
): string {
  switch (c.name) {
    case 'StepLR':
      return `${L} * ${pyFloat(c.gamma)} ** xp.floor(${k} / ${c.step_size})`;
    case 'MultiStepLR': {
      const passed = c.milestones.map((m) => `xp.where(${k} >= ${m}, 1.0, 0.0)`).join(' + ');
      return `${L} * ${pyFloat(c.gamma)} ** (${passed})`;
    }
    case 'ExponentialLR':
      return `${L} * ${pyFloat(c.gamma)} ** ${k}`;
    case 'CosineAnnealingLR': {
      const e = pyFloat(c.eta_min);
      return `${e} + (${L} - ${e}) * (1 + xp.cos(math.pi * ${k} / ${c.T_max})) / 2`;
    }
    case 'CosineAnnealingWarmRestarts': {
      const e = pyFloat(c.eta_min);
      if (c.T_mult === 1) {
        return `${e} + (${L} - ${e}) * (1 + xp.cos(math.pi * (${k} - ${c.T_0} * xp.floor(${k} / ${c.T_0})) / ${c.T_0})) / 2`;
      }
      const n = `xp.floor(xp.log(${k} / ${c.T_0} * ${c.T_mult - 1} + 1) / math.log(${c.T_mult}))`;
      const tCur = `(${k} - ${c.T_0} * (${c.T_mult} ** ${n} - 1) / ${c.T_mult - 1})`;
      return `${e} + (${L} - ${e}) * (1 + xp.cos(math.pi * ${tCur} / (${c.T_0} * ${c.T_mult} ** ${n}))) / 2`;
    }
    case 'LinearLR': {
      const s = pyFloat(c.start_factor);
      return `${L} * (${s} + (${pyFloat(c.end_factor)} - ${s}) * xp.minimum(${k}, ${c.total_iters}) / ${c.total_iters})`;
    }
    case 'OneCycleLR': {
      const total = oneCycleTotalSteps(c, interval, ctx);
      const initial = c.max_lr / c.div_factor;
      const min = initial / c.final_div_factor;
      const phases: [number, number, number][] = c.three_phase
        ? [
            [c.pct_start * total - 1, initial, c.max_lr],
            [2 * c.pct_start * total - 2, c.max_lr, initial],
            [total - 1, initial, min],
          ]
        : [
            [c.pct_start * total - 1, initial, c.max_lr],
            [total - 1, c.max_lr, min],
          ];
      const anneal = (from: number, to: number, pct: string) =>
        c.anneal_strategy === 'cos'
          ? `${pyFloat(to)} + (${pyFloat(from)} - ${pyFloat(to)}) / 2 * (xp.cos(math.pi * ${pct}) + 1)`
          : `(${pyFloat(to)} - ${pyFloat(from)}) * ${pct} + ${pyFloat(from)}`;
      let start = 0;
      const pieces = phases.map(([end, from, to]) => {
        const e = `(${anneal(from, to, `(${k} - ${pyFloat(start)}) / ${pyFloat(end - start)}`)})`;
        start = end;
        return { end, e };
      });
      let out = pieces[pieces.length - 1]!.e;
      for (let i = pieces.length - 2; i >= 0; i--)
        out = `xp.where(${k} <= ${pyFloat(pieces[i]!.end)}, ${pieces[i]!.e}, ${out})`;
      return out;
    }
  }
}

/**
 * The body of `def torch_lr(k, xp):` for a schedule other than ReduceLROnPlateau, as indented
 * Python lines, or null for ReduceLROnPlateau (which depends on the monitored values, not on k).
 */
export function closedFormLr(schedule: ScheduleConfig, ctx: ScheduleContext, lr: number): string | null {
  const L = pyFloat(lr);
  if (schedule.name === 'ReduceLROnPlateau') return null;
  if (schedule.name !== 'SequentialLR') return `    return ${expr(schedule, schedule.interval, ctx, 'k', L)}`;
  // SequentialLR restarts each scheduler at its milestone from the optimizer's lr (torch calls step(0)).
  const lines: string[] = [];
  schedule.schedulers.forEach((s, i) => {
    const offset = i === 0 ? 0 : schedule.milestones[i - 1]!;
    const k = offset === 0 ? 'k' : `(k - ${offset})`;
    lines.push(`    lr${i} = ${expr(s, schedule.interval, ctx, k, L)}`);
  });
  let out = `lr${schedule.schedulers.length - 1}`;
  for (let i = schedule.milestones.length - 1; i >= 0; i--)
    out = `xp.where(k < ${pyNum(schedule.milestones[i]!)}, lr${i}, ${out})`;
  lines.push(`    return ${out}`);
  return lines.join('\n');
}
