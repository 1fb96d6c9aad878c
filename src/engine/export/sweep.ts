import type { ExportRun } from './loadRun';
import type { ExportOutput } from './types';
import { pyFloat, pyStr, pyValue } from '../pyCode/pyLiteral';
import { pyProblem, runHeader } from './pyProblem';
import { asDataRun, factories, sidecarName } from './pytorchScript';
import { batchOrders } from '../train/batching';
import { runDataSidecar } from './runData';
import { TORCH21_KEYWORDS } from '../pyCode/torchCode';
import { gridOrder, gridValues } from '../search/grid';
import { dimensions } from '../search/space';
import { configLabels } from '../experiment/labels';
import { OPTIMIZER_PARAM, type ResolvedSearch, type SearchParam } from '../../protocol/search';
import type { OptimizerConfig } from '../../protocol/optimizers';

/** A parameter of the sweep: its Optuna name, what it sets, and its distribution. */
interface SweepParam {
  /** Optuna's name: conditional parameters are prefixed with their optimizer (`SGD/momentum`). */
  name: string;
  /** What it sets: an optimizer keyword (`betas.0`), `batch_size`, `l2`, or the optimizer choice. */
  sets: string;
  p: SearchParam;
}

interface Space {
  /** Top-level parameters, then per optimizer its conditional ones. */
  top: SweepParam[];
  conditional: Record<string, SweepParam[]>;
  /** Base configuration of each optimizer class (what a trial starts from). */
  base: Record<string, OptimizerConfig>;
  /** The single optimizer searched when the space has no optimizer choice. */
  fixed: string | null;
  strategy: 'grid' | 'random' | 'tpe';
  seed: number;
  trials: number;
  wallTime: number | null;
  pruning: ResolvedSearch['pruning'];
  tpe: ResolvedSearch['tpe'];
  /** Comment lines: where the space came from and what is not reproduced. */
  notes: string[];
  /** Grid strategy: the points the engine runs, in its order, as Optuna parameter names; else null. */
  grid: Record<string, unknown>[] | null;
}

/** The experiment's search space, or (no search section) one built from its optimizer list. */
function spaceOf(r: ExportRun): Space {
  const search = (r.experiment as { search?: ResolvedSearch }).search;
  if (search) {
    const top = Object.entries(search.parameters).map(([k, p]) => ({ name: k, sets: k, p }));
    const conditional: Record<string, SweepParam[]> = {};
    for (const [opt, params] of Object.entries(search.conditional)) {
      conditional[opt] = Object.entries(params).map(([k, p]) => ({ name: `${opt}/${k}`, sets: k, p }));
    }
    const base: Record<string, OptimizerConfig> = {};
    for (const [k, v] of Object.entries(search.base)) if (v) base[k] = v;
    const choice = search.parameters[OPTIMIZER_PARAM];
    const notes = [
      `# The search space is the experiment's "search" section (${search.strategy}, ${search.budget.trials} trials).`,
    ];
    if (search.cv_folds !== null) {
      notes.push(
        `# The experiment scored trials by ${search.cv_folds}-fold cross-validation; this sweep scores the run's validation split.`,
      );
    }
    return {
      top,
      conditional,
      base,
      fixed: choice ? null : (r.experiment.optimizers[0]?.name ?? r.spec.optimizer.name),
      strategy: search.strategy,
      seed: search.seed,
      trials: search.budget.trials,
      wallTime: search.budget.wall_time_s,
      pruning: search.pruning,
      tpe: search.tpe,
      notes,
      grid: search.strategy === 'grid' ? gridPoints(search) : null,
    };
  }
  // No search section: a categorical over the experiment's configurations, and the lr of each
  // searched log-uniformly over a decade either side of its configured value.
  const labels = configLabels(r.experiment.optimizers);
  const configs = r.experiment.optimizers;
  const base: Record<string, OptimizerConfig> = {};
  const conditional: Record<string, SweepParam[]> = {};
  configs.forEach((c, i) => {
    base[String(i)] = c;
    conditional[String(i)] = [
      { name: `${i}/lr`, sets: 'lr', p: { type: 'loguniform', low: c.lr / 10, high: c.lr * 10 } },
    ];
  });
  return {
    top: [{ name: 'config', sets: 'config', p: { type: 'choice', values: configs.map((_, i) => i) } }],
    conditional,
    base,
    fixed: null,
    strategy: 'tpe',
    seed: 0,
    trials: Math.max(20, 10 * configs.length),
    wallTime: null,
    pruning: null,
    tpe: { startup_trials: 10, ei_candidates: 24 },
    grid: null,
    notes: [
      '# The experiment has no "search" section: this sweep searches over its optimizer configurations',
      '# ("config", an index into CONFIGS) and, for each, the lr log-uniformly from lr/10 to 10·lr.',
      ...labels.map((l, i) => `#   config ${i}: ${pyStr(l)}`),
    ],
  };
}

/**
 * The grid points the engine runs (its seeded order, cut to the trial budget), keyed by the sweep's
 * parameter names: conditional parameters as `<optimizer>/<name>`. The sweeps queue these points
 * instead of leaving the grid to Optuna's BruteForceSampler, which HyperbandPruner cannot host
 * (Optuna 3.1: `_BracketStudy` has no `enqueue_trial`) and which can repeat a point when several
 * workers share a study.
 */
function gridPoints(search: ResolvedSearch): Record<string, unknown>[] {
  const dims = dimensions(search);
  return gridOrder(dims, search.seed)
    .slice(0, search.budget.trials)
    .map((point) => {
      const out: Record<string, unknown> = {};
      for (const d of dims) {
        if (!(d.name in point) || (d.condition !== null && point[OPTIMIZER_PARAM] !== d.condition)) continue;
        out[d.condition ? `${d.condition}/${d.name}` : d.name] = point[d.name];
      }
      return out;
    });
}

/** `trial.suggest_*(...)` for one parameter (grid strategy: a categorical over its grid points). */
function suggestCall(sp: SweepParam, grid: boolean): string {
  const p = sp.p;
  const name = pyStr(sp.name);
  if (grid || p.type === 'choice') {
    const values = grid ? gridValues(p) : (p as { values: unknown[] }).values;
    return `trial.suggest_categorical(${name}, ${pyValue(values)})`;
  }
  if (p.type === 'int') {
    return `trial.suggest_int(${name}, ${p.low}, ${p.high}, step=${p.step}, log=${p.log ? 'True' : 'False'})`;
  }
  return `trial.suggest_float(${name}, ${pyFloat(p.low)}, ${pyFloat(p.high)}, log=${p.type === 'loguniform' ? 'True' : 'False'})`;
}

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

async function sweepSidecar(r: ExportRun) {
  const sidecar = await runDataSidecar(r);
  // Trials may search batch_size: give them the run's row orders even when the run was full batch.
  const p = r.spec.problem as { trainRows: number };
  const orders = r.spec.shuffle ? batchOrders(r.spec.seed, p.trainRows, 1, true, r.spec.epochs) : null;
  return { ...sidecar, batch_orders: orders, optimizer: r.spec.optimizer.name };
}

/** Where the Optuna sweep's workers meet by default; each can be overridden on the command line. */
export interface OptunaDefaults {
  /** An Optuna storage URL (`sqlite:///study.db`, `postgresql://…`) or `journal:PATH`; none: in memory. */
  storage?: string | undefined;
  /** The study's name; default: the experiment's name. */
  study?: string | undefined;
}

/** The Optuna sampler of a strategy (grid: its points are queued, the sampler only fills gaps). */
function optunaSampler(space: Space): string {
  return space.strategy === 'tpe'
    ? `optuna.samplers.TPESampler(seed=SEARCH_SEED, n_startup_trials=${space.tpe.startup_trials}, n_ei_candidates=${space.tpe.ei_candidates})`
    : 'optuna.samplers.RandomSampler(seed=SEARCH_SEED)';
}

/**
 * An Optuna study over the experiment's search space: TPE (or random) sampler, the grid queued as
 * enqueued trials, and a pruner. Workers sharing `--storage` and `--study` run one study together.
 */
export async function optunaSweep(run: ExportRun, defaults: OptunaDefaults = {}): Promise<ExportOutput> {
  const r = asDataRun(run, 'optuna');
  const space = spaceOf(r);
  const name = sidecarName(r.run.id);
  const pr = space.pruning;
  const pruner =
    pr === null
      ? (r.experiment as { search?: unknown }).search
        ? 'optuna.pruners.NopPruner()  # the experiment does not prune'
        : 'optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=1)'
      : pr.type === 'asha'
        ? `optuna.pruners.SuccessiveHalvingPruner(min_resource=${pr.min_epochs}, reduction_factor=${pr.reduction_factor})`
        : `optuna.pruners.HyperbandPruner(min_resource=${pr.min_epochs}, max_resource=EPOCHS, reduction_factor=${pr.reduction_factor})`;
  const text = [
    ...header(r, 'an Optuna study', name, space),
    '# Usage: python3 <this file> [--trials N] [--storage URL] [--study NAME]',
    '#   Workers on one or many machines that share --storage and --study run one study together:',
    '#   --storage sqlite:///study.db (one machine), postgresql://… or mysql://… (a cluster), or',
    "#   journal:PATH (Optuna's journal file on a shared disk). --trials is per worker.",
    '',
    pyProblem(r, name),
    'import time',
    '',
    '# ---------------------------------------------------------------------------------------------',
    '# The search',
    '# ---------------------------------------------------------------------------------------------',
    'import optuna',
    'import sqlalchemy',
    '',
    `STORAGE = ${defaults.storage ? pyStr(defaults.storage) : 'None'}  # default --storage; None: in memory, one process`,
    `STUDY = ${pyStr(defaults.study ?? r.record.name)}  # default --study`,
    `GRID = ${space.grid ? pyValue(space.grid) : 'None'}  # grid strategy: the points in the engine's order, queued once per study`,
    '',
    '',
    factories(r).slice(factories(r).indexOf('def make_scheduler')),
    '',
    '',
    sweepCore(r, space),
    '',
    '',
    String.raw`def open_storage(url):
    """An Optuna storage for a URL: journal:PATH is a journal file (shared disk), anything else a database."""
    if url is None:
        return None
    if url.startswith('journal:'):
        return optuna.storages.JournalStorage(optuna.storages.JournalFileStorage(url[len('journal:'):]))
    if not url.startswith('sqlite:'):
        return optuna.storages.RDBStorage(url)
    # SQLite: writers wait for each other's locks (timeout) instead of failing, and the schema is
    # created by whichever worker comes first (a worker that loses that race tries again).
    for attempt in range(20):
        try:
            storage = optuna.storages.RDBStorage(url, engine_kwargs={'connect_args': {'timeout': 60, 'isolation_level': None}})
            break
        except Exception:
            if attempt == 19:
                raise
            time.sleep(0.25)
    # SQLite has no SELECT ... FOR UPDATE: every transaction takes the write lock when it begins,
    # so two workers cannot both take the same queued grid point.
    sqlalchemy.event.listen(storage.engine, 'begin', lambda conn: conn.exec_driver_sql('BEGIN IMMEDIATE'))
    return storage


def open_study(storage, name):
    """Creates the study or joins it. On a grid the creator queues every point once; others wait for that."""
    options = dict(
        storage=storage,
        study_name=name,
        sampler=${optunaSampler(space)},
        pruner=${pruner},
    )
    direction = 'minimize' if MODE == 'min' else 'maximize'
    if GRID is None:
        return optuna.create_study(direction=direction, load_if_exists=True, **options)
    try:
        study = optuna.create_study(direction=direction, **options)
    except optuna.exceptions.DuplicatedStudyError:
        study = optuna.load_study(**options)
        while not study.user_attrs.get('grid_queued'):
            time.sleep(0.2)
        return study
    for index, point in enumerate(GRID):
        study.enqueue_trial(point, user_attrs={'grid_point': index})
    study.set_user_attr('grid_queued', True)
    return study


class GridExhausted(Exception):
    """Another worker took the last queued grid point between our look at the queue and our trial."""


def main():
    parser = argparse.ArgumentParser(description='Run the experiment\'s search as an Optuna study.')
    parser.add_argument('--trials', type=int, default=N_TRIALS, help='trials this worker runs at most')
    parser.add_argument('--storage', default=STORAGE, help='sqlite:///study.db, postgresql://..., or journal:PATH')
    parser.add_argument('--study', default=STUDY, help='the study name the workers share')
    parser.add_argument('--data', default=str(HERE / DATA_FILE))
    parser.add_argument('--sidecar', default=str(HERE / SIDECAR))
    args = parser.parse_args()
    with open(args.sidecar, encoding='utf-8') as f:
        sidecar = json.load(f)
    torch.set_default_dtype(DTYPE)
    data = load_data(args.data, sidecar['data'], DTYPE)

    def objective(trial):
        if GRID is not None and trial.user_attrs.get('grid_point') is None:
            raise GridExhausted('the grid is done')
        suggest(trial)

        def report(epoch, value):
            trial.report(value, epoch)
            if trial.should_prune():
                raise optuna.TrialPruned()

        return run_trial(trial.params, data, sidecar, report)

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = open_study(open_storage(args.storage), args.study)
    if GRID is None:
        study.optimize(objective, n_trials=args.trials, timeout=TIMEOUT_S)
    else:
        # One queued point at a time, until this worker's --trials or the queue runs out.
        start = time.time()
        waiting = (optuna.trial.TrialState.WAITING,)
        for _ in range(args.trials):
            if TIMEOUT_S is not None and time.time() - start > TIMEOUT_S:
                break
            if not study.get_trials(deepcopy=False, states=waiting):
                break
            study.optimize(objective, n_trials=1, catch=(GridExhausted,))
    done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    best = study.best_trial if done else None
    print(json.dumps({'trials': len(done), 'best_value': best.value if best else None, 'best_params': best.params if best else None}))


if __name__ == '__main__':
    main()
`,
  ].join('\n');
  return { text, sidecars: [{ name, text: `${JSON.stringify(await sweepSidecar(r))}\n` }] };
}

/** The same search as a Ray Tune run: OptunaSearch over the define-by-run space, ASHA/Hyperband. */
export async function raySweep(run: ExportRun): Promise<ExportOutput> {
  const r = asDataRun(run, 'ray');
  const space = spaceOf(r);
  const name = sidecarName(r.run.id);
  const pr = space.pruning;
  const scheduler =
    pr === null
      ? 'None,  # no early stopping of trials (the experiment does not prune)'
      : pr.type === 'asha'
        ? `ASHAScheduler(time_attr='training_iteration', max_t=EPOCHS + 2, grace_period=${pr.min_epochs}, reduction_factor=${pr.reduction_factor}),`
        : `HyperBandScheduler(time_attr='training_iteration', max_t=EPOCHS + 2, reduction_factor=${pr.reduction_factor}),`;
  const text = [
    ...header(r, 'a Ray Tune run', name, space),
    '# Usage: python3 <this file> [--trials N] [--address ray://HEAD:10001]',
    '#   (the data are loaded once here and shipped to the workers with tune.with_parameters)',
    '',
    pyProblem(r, name),
    '',
    '# ---------------------------------------------------------------------------------------------',
    '# The search',
    '# ---------------------------------------------------------------------------------------------',
    'import optuna',
    'import ray',
    'from ray import tune',
    'from ray.tune.schedulers import ASHAScheduler, HyperBandScheduler',
    'from ray.tune.search.optuna import OptunaSearch',
    '',
    `GRID = ${space.grid ? pyValue(space.grid) : 'None'}  # grid strategy: the points in the engine's order, evaluated first`,
    '',
    '',
    factories(r).slice(factories(r).indexOf('def make_scheduler')),
    '',
    '',
    sweepCore(r, space),
    '',
    '',
    String.raw`def flat(params, prefix=''):
    """OptunaSearch hands Ray its point through unflatten_dict, which nests 'SGD/momentum' as
    {'SGD': {'momentum': ...}}: the sweep's names again."""
    out = {}
    for key, value in params.items():
        if isinstance(value, dict):
            out.update(flat(value, prefix + key + '/'))
        else:
            out[prefix + key] = value
    return out


def trainable(params, data=None, sidecar=None):
    """One Ray Tune trial: reports the objective after every epoch, then the final objective."""

    def report(epoch, value):
        tune.report({'objective': value, 'epoch': epoch})

    value = run_trial(flat(params), data, sidecar, report)
    tune.report({'objective': value, 'epoch': EPOCHS + 1})


def main():
    parser = argparse.ArgumentParser(description='Run the experiment\'s search with Ray Tune.')
    parser.add_argument('--trials', type=int, default=N_TRIALS)
    parser.add_argument('--address', default=None, help='a Ray cluster address; default: start Ray locally')
    parser.add_argument('--data', default=str(HERE / DATA_FILE))
    parser.add_argument('--sidecar', default=str(HERE / SIDECAR))
    args = parser.parse_args()
    with open(args.sidecar, encoding='utf-8') as f:
        sidecar = json.load(f)
    torch.set_default_dtype(DTYPE)
    data = load_data(args.data, sidecar['data'], DTYPE)
    ray.init(address=args.address)
    tuner = tune.Tuner(
        tune.with_parameters(trainable, data=data, sidecar=sidecar),
        tune_config=tune.TuneConfig(
            metric='objective',
            mode=MODE,
            search_alg=OptunaSearch(space=suggest, sampler=${optunaSampler(space)}, points_to_evaluate=GRID),
            scheduler=${scheduler}
            num_samples=args.trials if GRID is None else min(args.trials, len(GRID)),
            time_budget_s=TIMEOUT_S,
        ),
    )
    best = tuner.fit().get_best_result()
    print(json.dumps({'best_value': best.metrics['objective'], 'best_params': best.config}))


if __name__ == '__main__':
    main()
`,
  ].join('\n');
  return { text, sidecars: [{ name, text: `${JSON.stringify(await sweepSidecar(r))}\n` }] };
}
