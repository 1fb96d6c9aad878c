// Torch's spelling of a configuration: `torch.optim.<Name>(...)` with its keywords in signature order, and
// the lr_scheduler setup.
import type { OptimizerConfig } from '../../protocol/optimizers';
import type { ChainableScheduleConfig, ScheduleConfig } from '../../protocol/schedules';
import { oneCycleTotalSteps, type ScheduleContext } from '../schedules/index';
import { pyFloat, pyNum, pyStr } from './pyLiteral';
import { exportOf } from './optimizerExports';

export { TORCH21_KEYWORDS } from './optimizerExports';

/** Keywords whose values are integers in torch's signatures; every other number is a float. */
const INT_KEYWORDS = new Set([
  'step_size',
  'T_max',
  'T_0',
  'T_mult',
  'total_iters',
  'patience',
  'cooldown',
  'total_steps',
]);

/** One keyword value as Python: floats stay floats (`1.0`), tuples for betas, True/False. */
export function kwValue(key: string, v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return INT_KEYWORDS.has(key) ? pyNum(v) : pyFloat(v);
  if (Array.isArray(v)) {
    const items = v.map((x) => (key === 'milestones' ? pyNum(x as number) : kwValue(key, x)));
    return key === 'milestones' ? `[${items.join(', ')}]` : `(${items.join(', ')})`;
  }
  if (typeof v === 'string') return pyStr(v);
  throw new TypeError(`no keyword value for ${key}`);
}

/** The keyword arguments of a configuration, every one of them, in torch's signature order. */
export function torchKeywordArgs(config: OptimizerConfig): [string, unknown][] {
  const c = config as Record<string, unknown>;
  const order: readonly string[] = exportOf(config.name).torchKeywords;
  return order.filter((k) => k in c).map((k) => [k, c[k]]);
}

/**
 * `torch.optim.<Name>(params, kw=..., ...)` with every keyword written out. In `script` mode the
 * keywords torch 1.13 lacks go through `torch21_only(...)` (defined by the script), which passes
 * them where torch accepts them and stops with a message where a non-default value needs them;
 * in `snippet` mode only the ones the run set (True) are written, with a comment, so a snippet of
 * a run that left them at False runs on torch 1.13.
 */
export function torchOptimizerCall(
  config: OptimizerConfig,
  params: string,
  mode: 'script' | 'snippet',
): string {
  const newer: readonly string[] = exportOf(config.name).torch21Keywords;
  const kws = torchKeywordArgs(config);
  const late = kws.filter(([k]) => newer.includes(k));
  // A snippet writes the keywords torch 1.13 lacks only when the run set them (all default to
  // False): torch < 2.1 raises TypeError on the keyword even when its value is the default.
  const lateSet = late.filter(([, v]) => v !== false);
  const lines = [`optimizer = torch.optim.${config.name}(`, `    ${params},`];
  for (const [k, v] of kws)
    if (!newer.includes(k) || (mode === 'snippet' && v !== false)) lines.push(`    ${k}=${kwValue(k, v)},`);
  if (late.length > 0 && mode === 'script') {
    const args = late.map(([k, v]) => `${k}=${kwValue(k, v)}`).join(', ');
    lines.push(`    **torch21_only(torch.optim.${config.name}, ${args}),`);
  }
  lines.push(')');
  if (mode === 'snippet' && late.length > 0) {
    lines.unshift(
      lateSet.length > 0
        ? `# ${lateSet.map(([k]) => k).join(' and ')} of ${config.name} need torch >= 2.1 (older torch has no such keyword).`
        : `# ${late.map(([k]) => k).join(' and ')} of ${config.name} are left at their default False (keywords torch >= 2.1 added; older torch rejects them).`,
    );
  }
  return lines.join('\n');
}

/** What a generated training loop needs to know about the scheduler it steps. */
export interface TorchSchedule {
  /** Python statements ending with `scheduler = ...`. */
  code: string;
  interval: 'step' | 'epoch';
  /** ReduceLROnPlateau's monitored value, which `scheduler.step(...)` receives; null otherwise. */
  plateauMonitor: 'val_loss' | 'train_loss' | null;
  /** A comment line saying when the scheduler steps. */
  stepping: string;
}

const SCHEDULE_ORDER: Record<ScheduleConfig['name'], string[]> = {
  StepLR: ['step_size', 'gamma'],
  MultiStepLR: ['milestones', 'gamma'],
  ExponentialLR: ['gamma'],
  CosineAnnealingLR: ['T_max', 'eta_min'],
  CosineAnnealingWarmRestarts: ['T_0', 'T_mult', 'eta_min'],
  OneCycleLR: [
    'max_lr',
    'total_steps',
    'pct_start',
    'anneal_strategy',
    'cycle_momentum',
    'base_momentum',
    'max_momentum',
    'div_factor',
    'final_div_factor',
    'three_phase',
  ],
  LinearLR: ['start_factor', 'end_factor', 'total_iters'],
  ReduceLROnPlateau: [
    'mode',
    'factor',
    'patience',
    'threshold',
    'threshold_mode',
    'cooldown',
    'min_lr',
    'eps',
  ],
  SequentialLR: [],
};

function scheduleCall(
  config: ChainableScheduleConfig | Extract<ScheduleConfig, { name: 'ReduceLROnPlateau' }>,
  interval: 'step' | 'epoch',
  context: ScheduleContext,
  indent: string,
): string {
  // OneCycleLR's length is written out as total_steps, computed as the engine computed it.
  const c: Record<string, unknown> =
    config.name === 'OneCycleLR'
      ? { ...config, total_steps: oneCycleTotalSteps(config, interval, context) }
      : { ...config };
  const kws = SCHEDULE_ORDER[config.name].map((k) => `${indent}    ${k}=${kwValue(k, c[k])},`);
  return [`torch.optim.lr_scheduler.${config.name}(`, `${indent}    optimizer,`, ...kws, `${indent})`].join(
    '\n',
  );
}

/** The lr scheduler of a run as torch code, with its stepping. */
export function torchSchedule(config: ScheduleConfig, context: ScheduleContext): TorchSchedule {
  const interval = config.interval;
  const stepping =
    interval === 'step'
      ? '# The scheduler steps after every optimizer.step() (once per batch).'
      : "# The scheduler steps once per epoch, after the epoch's last batch.";
  if (config.name === 'SequentialLR') {
    const parts = config.schedulers.map((s) => `    ${scheduleCall(s, interval, context, '    ')},`);
    const code = [
      'scheduler = torch.optim.lr_scheduler.SequentialLR(',
      '    optimizer,',
      '    schedulers=[',
      ...parts.map((p) => `    ${p.replace(/\n/g, '\n    ')}`),
      '    ],',
      `    milestones=${kwValue('milestones', config.milestones)},`,
      ')',
    ].join('\n');
    return { code, interval, plateauMonitor: null, stepping };
  }
  const code = `scheduler = ${scheduleCall(config, interval, context, '')}`;
  const plateauMonitor = config.name === 'ReduceLROnPlateau' ? config.monitor : null;
  return { code, interval, plateauMonitor, stepping };
}
