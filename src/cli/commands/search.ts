// `optimizer-lab search`: Hyperparameter search (grid, random, TPE) with pruning and cross-validation.
import { dirname, join, resolve } from 'node:path';
import { PYTHON_HELP, pythonOption } from '../pythonOption';
import { verdictOf } from '../../engine/verdict/recordVerdict';
import { formatInterval, formatMeanStd, formatNumber, formatRank } from '../../engine/format';
import { EXIT, type CliCommand } from '../command';
import { distFile } from '../distPaths';
import { textTable } from '../format/textTable';
import { TRAFFIC_HEADERS, hasTraffic, trafficCells } from '../format/traffic';
import { ConfigError } from '../../engine/errors';
import { loadExperiment } from '../../engine/experiment/loadExperiment';
import { writeReport } from '../../engine/report/writeReport';
import { findRecord, RECORDS_FOLDER } from '../../engine/runs/records';
import { dimensions } from '../../engine/search/space';
import { runSearch, type SearchOutcome } from '../../engine/search/runSearch';
import { gridValues } from '../../engine/search/grid';
import { gridTrialCount, OPTIMIZER_PARAM, type ResolvedSearch, type TrialState } from '../../protocol/search';
import { parseWorkers } from './run';

/** `lr 4 × momentum 3 = 12 trials`, or per optimizer when conditional parameters branch the grid. */
export function gridDescription(s: ResolvedSearch): string {
  const total = gridTrialCount(s);
  const factors = dimensions(s)
    .filter((d) => d.condition === null && d.name !== OPTIMIZER_PARAM)
    .map((d) => `${d.name} ${gridValues(d.param).length}`);
  const choice = s.parameters[OPTIMIZER_PARAM];
  if (choice?.type === 'choice') {
    const branches = choice.values.map((v) => {
      const sub = Object.entries(s.conditional[String(v)] ?? {}).map(
        ([k, p]) => `${k} ${gridValues(p).length}`,
      );
      return sub.length ? `${String(v)} (${sub.join(' × ')})` : String(v);
    });
    factors.unshift(`optimizer [${branches.join(' + ')}]`);
  }
  return `grid: ${factors.join(' × ')} = ${total} trial${total === 1 ? '' : 's'}`;
}

function paramsText(t: TrialState): string {
  return Object.entries(t.params)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? formatNumber(v) : String(v)}`)
    .join(' ');
}

/**
 * The trials table in the verdict's order (docs/records.md): ranked trials best first, `≈` where
 * the paired test cannot tell one from rank 1, then the unranked trials in trial order.
 */
export function trialsTable(o: SearchOutcome): string {
  const { state } = o;
  const verdict = new Map(verdictOf(o.record).configurations.map((c, i) => [c.index, { c, i }]));
  const order = (t: TrialState) => verdict.get(t.index)?.c.rank ?? null;
  const trials = [...state.trials].sort((a, b) => {
    const ra = order(a);
    const rb = order(b);
    if (ra !== null && rb !== null) return verdict.get(a.index)!.i - verdict.get(b.index)!.i;
    return ra !== null ? -1 : rb !== null ? 1 : a.index - b.index;
  });
  const metric = `${state.objective.metric}${state.objective.use === 'best' ? ' (best)' : ''}`;
  const seeds = o.record.runs.length > state.trials.length;
  const traffic = hasTraffic(o.record.runs);
  const rows = trials.map((t) => {
    const c = verdict.get(t.index)?.c;
    return [
      c ? formatRank(c.rank, c.tied_with_leader) : '—',
      `#${t.index}`,
      paramsText(t),
      c ? formatMeanStd(c.mean, c.std) : '—',
      ...(seeds ? [formatInterval(c?.ci95)] : []),
      ...(traffic ? trafficCells(o.record.runs.filter((r) => t.runIds.includes(r.id))) : []),
      t.status === 'pruned' ? `pruned@${t.pruned_at_epoch}` : t.status,
      `${(t.elapsed_ms / 1000).toFixed(2)}s`,
    ];
  });
  return textTable(
    [
      'rank',
      'trial',
      'parameters',
      metric,
      ...(seeds ? ['95% CI'] : []),
      ...(traffic ? TRAFFIC_HEADERS : []),
      'status',
      'time',
    ],
    rows,
  );
}

export const searchCommand: CliCommand = {
  name: 'search',
  summary: 'Hyperparameter search (grid, random, TPE) with pruning and cross-validation',
  usage:
    'search <experiment.optlab.json> [--out DIR] [--workers N] [--python PATH] [--resume RECORD] [--count] [--json]',
  help: `Runs the experiment's "search" section: trials suggested by grid, random or TPE (Bayesian)
search, each trial trained for every seed (and every fold with cv_folds) on a pool of worker threads,
unpromising trials pruned by ASHA or Hyperband from their per-epoch values. Progress goes to stderr,
one line per trial; stdout gets the best trial and the trials table. It writes:

  <DIR>/<time>_<name>/record.json    every trial's runs (readable by 'runs list|show', the report)
  <DIR>/<time>_<name>/search.json    the trials: parameters, status, objective, rungs
  <DIR>/<time>_<name>/report.html    the self-contained report

Ctrl-C cancels: running trials stop and are marked cancelled, finished trials are kept, exit 130.
'--resume RECORD' continues that search: finished trials are not rerun, cancelled ones are.

Options:
  --out DIR        Records folder (default: .optimizer-lab beside the experiment file).
  --workers N      Worker threads (default: CPU cores - 1, at least 1).
${PYTHON_HELP}
  --resume RECORD  Continue an interrupted search (record ID, unique prefix, or folder path).
  --count          Only print how many trials the search makes (a grid's size) and exit.
  --json           Print {"record", "report", "status", "stop_reason", "best", "best_run",
                   "configurations", "trials"}: best is the rank-1 trial by the rule of
                   'run' (docs/records.md), best_run its median run.

Exit codes: 0 done, 1 invalid experiment or data, 130 cancelled.`,
  options: {
    out: { type: 'string' },
    workers: { type: 'string' },
    resume: { type: 'string' },
    count: { type: 'boolean' },
    python: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run([file], values, io) {
    const workers = parseWorkers(values['workers']);
    const python = pythonOption(values);
    const path = resolve(io.cwd, file!);
    const experiment = loadExperiment(file!, io.cwd);
    const s = experiment.search;
    if (!s) throw new ConfigError(`${file}: has no "search" section; 'run' runs a fixed list of optimizers`);
    const countLine =
      s.strategy === 'grid' ? gridDescription(s) : `${s.strategy}: up to ${s.budget.trials} trials`;
    if (values['count']) {
      io.stdout(
        values['json']
          ? `${JSON.stringify({ strategy: s.strategy, trials: s.budget.trials })}\n`
          : `${countLine}\n`,
      );
      return EXIT.ok;
    }
    const recordsRoot =
      typeof values['out'] === 'string'
        ? resolve(io.cwd, values['out'])
        : join(dirname(path), RECORDS_FOLDER);
    const resume =
      typeof values['resume'] === 'string' ? await findRecord(recordsRoot, values['resume']) : undefined;
    io.stderr(`${experiment.name}: ${countLine}${resume ? `, resuming ${resume}` : ''}\n`);
    let reportPath = '';
    const outcome = await runSearch({
      experiment,
      experimentFile: path,
      recordsRoot,
      workerPath: distFile('worker.js'),
      ...(workers !== undefined ? { poolSize: workers } : {}),
      ...(resume !== undefined ? { resume } : {}),
      ...(python !== undefined ? { python } : {}),
      signal: io.signal,
      events: {
        onStart: ({ state }) => {
          const kept = state.trials.filter((t) => t.status !== 'queued').length;
          if (kept > 0) io.stderr(`kept ${kept} finished trial${kept === 1 ? '' : 's'}\n`);
        },
        onTrialEnd: (t, state) => {
          const value =
            t.value === null ? (t.message ?? '') : `${state.objective.metric} ${formatNumber(t.value)}`;
          const best = state.best === null ? '' : `  (best #${state.best})`;
          io.stderr(`[${t.index + 1}/${state.budget.trials}] #${t.index} ${t.status} ${value}${best}\n`);
        },
      },
      finish: async (dir, record, curves) => {
        reportPath = await writeReport(dir, record, curves, distFile('report.js'));
      },
    });
    const cancelled = outcome.state.status === 'cancelled';
    if (values['json']) {
      io.stdout(
        `${JSON.stringify({
          record: outcome.recordDir,
          report: reportPath,
          status: outcome.state.status,
          stop_reason: outcome.state.stop_reason,
          objective: outcome.state.objective,
          best: outcome.best,
          best_run: outcome.record.best?.run ?? null,
          configurations: verdictOf(outcome.record).configurations,
          trials: outcome.state.trials,
        })}\n`,
      );
    } else {
      io.stdout(
        `${experiment.name}${cancelled ? ' (cancelled: finished trials kept, --resume continues)' : ''}\n`,
      );
      io.stdout(`stopped: ${outcome.state.stop_reason}\n`);
      const b = outcome.best;
      io.stdout(
        b
          ? `best: ${b.label}  ${outcome.state.objective.metric} ${formatNumber(b.value)}${b.std !== null ? ` ± ${formatNumber(b.std)}` : ''}\n\n`
          : 'best: no trial finished\n\n',
      );
      io.stdout(trialsTable(outcome));
      io.stdout(`\nrecord: ${outcome.recordDir}\nreport: ${reportPath}\n`);
    }
    return cancelled ? EXIT.interrupted : EXIT.ok;
  },
};
