// What the Optuna and the Ray Tune sweeps share: the Python of the space, a trial's configuration
// and one trial's training (sweepCore), the script's header, the sidecar, and the script's layout;
// a sweep (sweep.ts) brings only its usage, imports, constants and main().
import type { ExportRun } from './loadRun';
import type { ExportOutput } from './types';
import { pyFloat, pyStr, pyValue } from '../pyCode/pyLiteral';
import { dataFunctionOf, pyProblem, runHeader } from './pyProblem';
import { asDataRun, factories, sidecarName } from './pytorchScript';
import { batchOrders } from '../train/batching';
import { runDataSidecar } from './runData';
import { TORCH21_KEYWORDS } from '../pyCode/torchCode';
import { spaceOf, suggestCall, type Space } from './sweepSpace';

/** Python shared by both sweeps: the space, the trial's configuration, and one trial's training. */
function sweepCore(r: ExportRun, space: Space): string {
  const grid = space.strategy === 'grid';
  const choiceParam = space.top.find((t) => t.sets === 'optimizer' || t.sets === 'config');
  const lines: string[] = [
    `BASE_CONFIGS = ${pyValue(space.base)}  # what a trial starts from, every torch keyword filled`,
    `TORCH21_KEYWORDS = ${pyValue(TORCH21_KEYWORDS)}`,
    `METRIC = ${pyStr(r.record.objective.metric)}`,
    `MODE = ${pyStr(r.record.objective.mode)}`,
    `USE = ${pyStr(r.record.objective.use)}  # 'final': the value after training; 'best': the best epoch's`,
    `N_TRIALS = ${space.trials}`,
    `TIMEOUT_S = ${space.wallTime === null ? 'None' : pyFloat(space.wallTime)}`,
    `SEARCH_SEED = ${space.seed}`,
    '',
    '',
    'def suggest(trial):',
    '    """Samples one point of the search space (define-by-run); conditional parameters only under their optimizer."""',
  ];
  for (const t of space.top) lines.push(`    ${t === choiceParam ? 'choice = ' : ''}${suggestCall(t, grid)}`);
  const branches = Object.entries(space.conditional).filter(([, ps]) => ps.length > 0);
  if (choiceParam) {
    branches.forEach(([key, ps], i) => {
      lines.push(
        `    ${i === 0 ? 'if' : 'elif'} choice == ${pyValue(choiceParam.sets === 'config' ? Number(key) : key)}:`,
      );
      for (const sp of ps) lines.push(`        ${suggestCall(sp, grid)}`);
    });
  }
  lines.push('    return None', '');
  lines.push(
    '',
    'def trial_setup(params):',
    '    """(optimizer name, keywords, batch_size, l2) of a sampled point; unsampled keywords keep their base value."""',
    space.fixed !== null
      ? `    key = ${pyStr(space.fixed)}`
      : `    key = str(params[${pyStr(choiceParam!.name)}])`,
    '    config = json.loads(json.dumps(BASE_CONFIGS[key]))',
    '    batch_size, l2 = BATCH_SIZE, L2',
    '    for name, value in params.items():',
    "        setting = name.split('/', 1)[1] if '/' in name else name",
    "        if setting in ('optimizer', 'config'):",
    '            continue',
    "        if setting == 'batch_size':",
    '            batch_size = value',
    "        elif setting == 'l2':",
    '            l2 = value',
    "        elif '.' in setting:",
    "            head, index = setting.split('.')",
    '            config[head][int(index)] = value',
    '        else:',
    '            config[setting] = value',
    "    return config['name'], config, batch_size, l2",
    '',
    '',
    'def build_optimizer(name, config, params):',
    '    """torch.optim.<name>(params, **config), keywords torch 1.13 lacks passed only where accepted."""',
    '    cls = getattr(torch.optim, name)',
    '    late = TORCH21_KEYWORDS.get(name, [])',
    "    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in config.items() if k != 'name' and k not in late}",
    '    kwargs.update(torch21_only(cls, **{k: config[k] for k in late if k in config}))',
    '    return cls(params, **kwargs)',
    '',
    '',
    'def metric_value(train_loss, validation):',
    "    if METRIC == 'train_loss':",
    '        return train_loss',
    '    if validation is None:',
    '        return None',
    "    return validation['loss'] if METRIC == 'val_loss' else validation[METRIC[len('val_'):]]",
    '',
    '',
    'def run_trial(params, data, sidecar, report):',
    '    """Trains one trial from the exported run\'s initial parameters and batch order; returns its objective.',
    '',
    '    report(epoch, value) gets the objective so far after every epoch (the pruners decide there).',
    '    """',
    '    name, config, batch_size, l2 = trial_setup(params)',
    "    model = build_model(sidecar['initial_params'])",
    '    optimizer = build_optimizer(name, config, model.parameters())',
    '    scheduler = make_scheduler(optimizer)',
    "    best = {'value': None}",
    '',
    '    def on_epoch(epoch, train_loss, validation):',
    '        value = metric_value(train_loss, validation)',
    '        if value is None or not math.isfinite(value):',
    '            return',
    "        if best['value'] is None or (value < best['value'] if MODE == 'min' else value > best['value']):",
    "            best['value'] = value",
    "        report(epoch, best['value'] if USE == 'best' else value)",
    '',
    "    result = train(model, data, optimizer, scheduler, sidecar['batch_orders'], log=lambda line: None,",
    '                   on_epoch=on_epoch, batch_size=batch_size, l2=l2)',
    "    if result['status'] == 'diverged':",
    "        return float('inf') if MODE == 'min' else float('-inf')",
    "    if USE == 'best':",
    "        return best['value']",
    "    final = {'train_loss': result['final_train_loss'], 'val_loss': result['final_val_loss']}",
    "    return final.get(METRIC, result['metrics'].get(METRIC[len('val_'):]))",
  );
  return lines.join('\n');
}

function header(r: ExportRun, what: string, name: string, space: Space): string[] {
  const seeds = (r.experiment.training as { seeds: number[] }).seeds;
  return [
    '#!/usr/bin/env python3',
    `# The search of an Optimizer Lab experiment as ${what}, for running it beyond one machine.`,
    "# Every trial trains with the reproduction script's code (the same data rows, split, model, loss,",
    `# schedule and loop), starting from run ${pyStr(r.run.id)}'s initial parameters and batch order (seed ${r.run.seed}).`,
    ...(dataFunctionOf(r) !== null
      ? ["# The data come from your model file's data function, called and batched as the run did."]
      : []),
    ...(seeds.length > 1
      ? [`# The experiment ran every configuration with seeds ${seeds.join(', ')}; a trial here uses one.`]
      : []),
    '#',
    ...runHeader(r),
    ...space.notes,
    '#',
    `# Needs PyTorch and the sidecar ${pyStr(name)} beside this script.`,
  ];
}

/** The sweep's sidecar: the run's data sidecar, with row orders for any batch size a trial picks. */
async function sweepSidecar(r: ExportRun) {
  const sidecar = await runDataSidecar(r);
  // Trials may search batch_size: give them the run's row orders even when the run was full batch.
  const p = r.spec.problem as { trainRows: number };
  // A streamed run's order is drawn while reading, a data function's by its DataLoader (the
  // sidecar holds the generator's seed), whatever the batch size.
  const drawnWhileReading = 'stream' in sidecar.data || 'function' in sidecar.data;
  const orders = drawnWhileReading
    ? sidecar.batch_orders
    : r.spec.shuffle
      ? batchOrders(r.spec.seed, p.trainRows, 1, true, r.spec.epochs)
      : null;
  return { ...sidecar, batch_orders: orders, optimizer: r.spec.optimizer.name };
}

/** A sweep's own parts; everything else of the script is shared. */
export interface SweepFlavour {
  /** The export's name in messages (`--to optuna`). */
  target: string;
  /** What the header calls the script (`an Optuna study`). */
  what: string;
  /** The usage comment lines. */
  usage: string[];
  /** Lines between the problem's code and the search's banner. */
  afterProblem: string[];
  /** The search's imports. */
  imports: string[];
  /** Module constants after the imports (the grid, the default storage). */
  constants(space: Space): string[];
  /** The rest of the script after the shared trial code: its main() and entry point. */
  main(space: Space): string;
}

/** A sweep script over the run's problem and the experiment's search space, with its sidecar. */
export async function sweepScript(run: ExportRun, f: SweepFlavour): Promise<ExportOutput> {
  const r = asDataRun(run, f.target);
  const space = spaceOf(r);
  const name = sidecarName(r.run.id);
  const text = [
    ...header(r, f.what, name, space),
    ...f.usage,
    '',
    pyProblem(r, name),
    ...f.afterProblem,
    '# ---------------------------------------------------------------------------------------------',
    '# The search',
    '# ---------------------------------------------------------------------------------------------',
    ...f.imports,
    '',
    ...f.constants(space),
    '',
    '',
    factories(r).slice(factories(r).indexOf('def make_scheduler')),
    '',
    '',
    sweepCore(r, space),
    '',
    '',
    f.main(space),
  ].join('\n');
  return { text, sidecars: [{ name, text: `${JSON.stringify(await sweepSidecar(r))}\n` }] };
}
