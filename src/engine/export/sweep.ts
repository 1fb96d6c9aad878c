// The search of an experiment as a script for running it beyond one machine: an Optuna study
// (workers sharing a storage) or a Ray Tune run. Both share sweepScript.ts; here is what differs.
import type { ExportRun } from './loadRun';
import type { ExportOutput } from './types';
import { pyStr, pyValue } from '../pyCode/pyLiteral';
import { sweepScript } from './sweepScript';
import type { Space } from './sweepSpace';

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

/** The Optuna pruner of the experiment's pruning (none searched: a median pruner). */
function optunaPruner(r: ExportRun, space: Space): string {
  const pr = space.pruning;
  return pr === null
    ? (r.experiment as { search?: unknown }).search
      ? 'optuna.pruners.NopPruner()  # the experiment does not prune'
      : 'optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=1)'
    : pr.type === 'asha'
      ? `optuna.pruners.SuccessiveHalvingPruner(min_resource=${pr.min_epochs}, reduction_factor=${pr.reduction_factor})`
      : `optuna.pruners.HyperbandPruner(min_resource=${pr.min_epochs}, max_resource=EPOCHS, reduction_factor=${pr.reduction_factor})`;
}

/**
 * An Optuna study over the experiment's search space: TPE (or random) sampler, the grid queued as
 * enqueued trials, and a pruner. Workers sharing `--storage` and `--study` run one study together.
 */
export function optunaSweep(run: ExportRun, defaults: OptunaDefaults = {}): Promise<ExportOutput> {
  return sweepScript(run, {
    target: 'optuna',
    what: 'an Optuna study',
    usage: [
      '# Usage: python3 <this file> [--trials N] [--storage URL] [--study NAME]',
      '#   Workers on one or many machines that share --storage and --study run one study together:',
      '#   --storage sqlite:///study.db (one machine), postgresql://… or mysql://… (a cluster), or',
      "#   journal:PATH (Optuna's journal file on a shared disk). --trials is per worker.",
    ],
    afterProblem: ['import time', ''],
    imports: ['import optuna', 'import sqlalchemy'],
    constants: (space) => [
      `STORAGE = ${defaults.storage ? pyStr(defaults.storage) : 'None'}  # default --storage; None: in memory, one process`,
      `STUDY = ${pyStr(defaults.study ?? run.record.name)}  # default --study`,
      `GRID = ${space.grid ? pyValue(space.grid) : 'None'}  # grid strategy: the points in the engine's order, queued once per study`,
    ],
    main: (space) => String.raw`def open_storage(url):
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
        pruner=${optunaPruner(run, space)},
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
            try:
                study.optimize(objective, n_trials=1, catch=(GridExhausted,))
            except RuntimeError as e:
                # Optuna before 4.3 (optuna/optuna#6012): another worker finished the queued point
                # this one was taking, between reading the queue and marking it running; take the next.
                if 'has already finished' not in str(e):
                    raise
    done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    best = study.best_trial if done else None
    print(json.dumps({'trials': len(done), 'best_value': best.value if best else None, 'best_params': best.params if best else None}))


if __name__ == '__main__':
    main()
`,
  });
}

/** Ray Tune's trial scheduler of the experiment's pruning (ASHA or Hyperband), or none. */
function rayScheduler(space: Space): string {
  const pr = space.pruning;
  return pr === null
    ? 'None,  # no early stopping of trials (the experiment does not prune)'
    : pr.type === 'asha'
      ? `ASHAScheduler(time_attr='training_iteration', max_t=EPOCHS + 2, grace_period=${pr.min_epochs}, reduction_factor=${pr.reduction_factor}),`
      : `HyperBandScheduler(time_attr='training_iteration', max_t=EPOCHS + 2, reduction_factor=${pr.reduction_factor}),`;
}

/** The same search as a Ray Tune run: OptunaSearch over the define-by-run space, ASHA/Hyperband. */
export function raySweep(run: ExportRun): Promise<ExportOutput> {
  return sweepScript(run, {
    target: 'ray',
    what: 'a Ray Tune run',
    usage: [
      '# Usage: python3 <this file> [--trials N] [--address ray://HEAD:10001]',
      '#   (the data are loaded once here and shipped to the workers with tune.with_parameters)',
    ],
    afterProblem: [''],
    imports: [
      'import optuna',
      'import ray',
      'from ray import tune',
      'from ray.tune.schedulers import ASHAScheduler, HyperBandScheduler',
      'from ray.tune.search.optuna import OptunaSearch',
    ],
    constants: (space) => [
      `GRID = ${space.grid ? pyValue(space.grid) : 'None'}  # grid strategy: the points in the engine's order, evaluated first`,
    ],
    main: (space) => String.raw`def flat(params, prefix=''):
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
            scheduler=${rayScheduler(space)}
            num_samples=args.trials if GRID is None else min(args.trials, len(GRID)),
            time_budget_s=TIMEOUT_S,
        ),
    )
    best = tuner.fit().get_best_result()
    print(json.dumps({'best_value': best.metrics['objective'], 'best_params': best.config}))


if __name__ == '__main__':
    main()
`,
  });
}
