// `optimizer-lab lr-find`: suggest a learning rate: a sweep of short runs and the LR range test (fastai
// lr_find).
import { PYTHON_HELP, pythonOption } from '../pythonOption';
import { dirname, join, resolve } from 'node:path';
import { EXIT, type CliCommand } from '../command';
import { distFile } from '../distPaths';
import { formatNumber } from '../../engine/format';
import { textTable } from '../format/textTable';
import { ConfigError } from '../../engine/errors';
import { loadExperiment } from '../../engine/experiment/loadExperiment';
import { RECORDS_FOLDER } from '../../engine/runs/records';
import { DEFAULT_LR_METHOD, LR_METHODS, lrFind, type LrMethod } from '../../engine/search/lrFind';

function positiveNumber(name: string, v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new ConfigError(`--${name} must be a number > 0, got "${String(v)}"`);
  return n;
}

function wholeNumber(name: string, v: unknown, min: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min)
    throw new ConfigError(`--${name} must be a whole number >= ${min}, got "${String(v)}"`);
  return n;
}

function methodOf(v: unknown): LrMethod {
  if (v === undefined) return DEFAULT_LR_METHOD;
  if (!LR_METHODS.includes(v as LrMethod))
    throw new ConfigError(`--method must be one of ${LR_METHODS.join(', ')}, got "${String(v)}"`);
  return v as LrMethod;
}

export const lrFindCommand: CliCommand = {
  name: 'lr-find',
  summary: 'suggest a learning rate: a sweep of short runs and the LR range test (fastai lr_find)',
  usage:
    'lr-find <experiment.optlab.json> [--method sweep|range] [--optimizer I] [--start-lr X] [--end-lr X] [--num-it N] [--sweep-epochs N] [--python PATH] [--out DIR] [--json]',
  help: `With --method sweep (the default), trains the experiment's optimizer at 13 learning rates
(every half decade from 1e-5 to 10) for a few epochs each (3, or 30 steps on a surface), in
parallel on the worker pool, and suggests the rate with the lowest training loss at the end; the
smallest rate that diverged is the edge of stability. The range test below runs too, for the chart.

The range test (--method range suggests its valley) runs one short training run of the experiment's optimizer with a learning rate growing
exponentially from --start-lr to --end-lr over --num-it optimizer steps, smooths the batch loss
(debiased moving average, 0.98), stops when it exceeds 4 × its minimum, and suggests a learning
rate by fastai's rules: valley (the default suggestion), steep (steepest descent) and minimum
(a tenth of the lr at the lowest loss). The curve is kept in a record folder (lr-find.json and a
one-run record readable by 'runs show').

Options:
  --method M     sweep (default) or range: which one gives suggested_lr.
  --sweep-epochs N  Epochs of each sweep run (default 3; capped by the experiment's epochs).
  --optimizer I  Which entry of "optimizers" to sweep, from 0 (default 0).
  --start-lr X   First learning rate (default 1e-7).
  --end-lr X     Last learning rate (default 10).
  --num-it N     Optimizer steps of the sweep (default 100).
  --out DIR      Records folder (default: .optimizer-lab beside the experiment file).
${PYTHON_HELP}
                 The range test and the sweep's rates of a pytorch model run as Python processes.
  --json         Print {"record", "optimizer", "stopped", "method", "suggested_lr", "suggestions",
                 "curve", "sweep": [{"lr", "objective", "status"}], "edge_of_stability"}.

Exit codes: 0 done, 1 invalid experiment, data or option, 130 cancelled.`,
  options: {
    optimizer: { type: 'string' },
    method: { type: 'string' },
    'sweep-epochs': { type: 'string' },
    'start-lr': { type: 'string' },
    'end-lr': { type: 'string' },
    'num-it': { type: 'string' },
    out: { type: 'string' },
    python: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [1, 1],
  async run([file], values, io) {
    const path = resolve(io.cwd, file!);
    const experiment = loadExperiment(file!, io.cwd);
    const startLr = positiveNumber('start-lr', values['start-lr']);
    const endLr = positiveNumber('end-lr', values['end-lr']);
    const numIt = wholeNumber('num-it', values['num-it'], 10);
    const optimizerIndex = wholeNumber('optimizer', values['optimizer'], 0);
    const method = methodOf(values['method']);
    const python = pythonOption(values);
    const sweepEpochs = wholeNumber('sweep-epochs', values['sweep-epochs'], 1);
    const recordsRoot =
      typeof values['out'] === 'string'
        ? resolve(io.cwd, values['out'])
        : join(dirname(path), RECORDS_FOLDER);
    const r = await lrFind({
      experiment,
      experimentFile: path,
      workerPath: distFile('worker.js'),
      recordsRoot,
      signal: io.signal,
      method,
      ...(python !== undefined ? { python } : {}),
      ...(sweepEpochs !== undefined ? { sweep: { epochs: sweepEpochs } } : {}),
      ...(startLr !== undefined ? { startLr } : {}),
      ...(endLr !== undefined ? { endLr } : {}),
      ...(numIt !== undefined ? { numIt } : {}),
      ...(optimizerIndex !== undefined ? { optimizerIndex } : {}),
    });
    if (values['json']) {
      io.stdout(
        `${JSON.stringify({
          record: r.recordDir,
          optimizer: r.optimizer,
          stopped: r.stopped,
          method: r.method,
          suggested_lr: r.suggestedLr,
          suggestions: r.suggestions,
          curve: r.curve,
          ...(r.sweep
            ? {
                sweep: r.sweep.points.map((p) => ({ lr: p.lr, objective: p.objective, status: p.status })),
                sweep_rule: r.sweep.rule,
                edge_of_stability: r.sweep.edgeOfStability,
              }
            : {}),
        })}\n`,
      );
      return r.stopped === 'cancelled' ? EXIT.interrupted : EXIT.ok;
    }
    const c = r.curve;
    const every = Math.max(1, Math.ceil(c.lrs.length / 12));
    const rows = c.lrs
      .map((lr, i) => ({ lr, i }))
      .filter(({ i }) => i % every === 0 || i === c.lrs.length - 1)
      .map(({ lr, i }) => [
        String(i),
        formatNumber(lr),
        formatNumber(c.losses[i]),
        formatNumber(c.smoothed[i]),
      ]);
    io.stdout(
      `${experiment.name}: LR range test of ${r.optimizer.name}, ${c.lrs.length} steps, ${r.stopped}${c.divergedAt !== null ? ` at lr ${formatNumber(c.lrs[c.divergedAt])}` : ''}\n\n`,
    );
    io.stdout(textTable(['step', 'lr', 'loss', 'smoothed'], rows));
    const s = r.suggestions;
    io.stdout(
      `\nrange test: valley ${formatNumber(s.valley)}  steep: ${formatNumber(s.steep)}  minimum/10: ${formatNumber(s.minimum)}\n`,
    );
    if (r.sweep) {
      const sw = r.sweep;
      io.stdout(
        `\nLR sweep: ${sw.points.length} rates × ${sw.epochs !== null ? `${sw.epochs} epochs` : `${sw.steps} steps`}, final training loss\n\n`,
      );
      io.stdout(
        textTable(
          ['lr', 'train loss', 'status', ''],
          sw.points.map((p) => [
            formatNumber(p.lr),
            formatNumber(p.objective),
            p.status,
            p.lr === sw.lr ? '← picked' : '',
          ]),
        ),
      );
      io.stdout(
        `edge of stability: ${sw.edgeOfStability === null ? 'no rate diverged' : formatNumber(sw.edgeOfStability)}\n`,
      );
    }
    io.stdout(
      `\nsuggested lr (${r.method === 'sweep' && r.sweep?.lr != null ? 'sweep' : 'valley'}): ${formatNumber(r.suggestedLr)}\n`,
    );
    if (r.recordDir) io.stdout(`record: ${r.recordDir}\n`);
    return r.stopped === 'cancelled' ? EXIT.interrupted : EXIT.ok;
  },
};
