import { dirname, join, resolve } from 'node:path';
import { EXIT, type CliCommand } from '../command';
import { distFile } from '../distPaths';
import { fmtNumber, textTable } from '../format/textTable';
import { ConfigError } from '../../engine/errors';
import { loadExperiment } from '../../engine/experiment/loadExperiment';
import { RECORDS_FOLDER } from '../../engine/runs/records';
import { lrFind } from '../../engine/search/lrFind';

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

export const lrFindCommand: CliCommand = {
  name: 'lr-find',
  summary: 'LR range test (fastai lr_find): sweep the learning rate, suggest one',
  usage:
    'lr-find <experiment.optlab.json> [--optimizer I] [--start-lr X] [--end-lr X] [--num-it N] [--out DIR] [--json]',
  help: `Runs one short training run of the experiment's optimizer with a learning rate growing
exponentially from --start-lr to --end-lr over --num-it optimizer steps, smooths the batch loss
(debiased moving average, 0.98), stops when it exceeds 4 × its minimum, and suggests a learning
rate by fastai's rules: valley (the default suggestion), steep (steepest descent) and minimum
(a tenth of the lr at the lowest loss). The curve is kept in a record folder (lr-find.json and a
one-run record readable by 'runs show').

Options:
  --optimizer I  Which entry of "optimizers" to sweep, from 0 (default 0).
  --start-lr X   First learning rate (default 1e-7).
  --end-lr X     Last learning rate (default 10).
  --num-it N     Optimizer steps of the sweep (default 100).
  --out DIR      Records folder (default: .optimizer-lab beside the experiment file).
  --json         Print {"record", "optimizer", "stopped", "suggestions", "curve"}.

Exit codes: 0 done, 1 invalid experiment, data or option, 130 cancelled.`,
  options: {
    optimizer: { type: 'string' },
    'start-lr': { type: 'string' },
    'end-lr': { type: 'string' },
    'num-it': { type: 'string' },
    out: { type: 'string' },
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
      ...(startLr !== undefined ? { startLr } : {}),
      ...(endLr !== undefined ? { endLr } : {}),
      ...(numIt !== undefined ? { numIt } : {}),
      ...(optimizerIndex !== undefined ? { optimizerIndex } : {}),
    });
    if (values['json']) {
      io.stdout(
        `${JSON.stringify({ record: r.recordDir, optimizer: r.optimizer, stopped: r.stopped, suggestions: r.suggestions, curve: r.curve })}\n`,
      );
      return r.stopped === 'cancelled' ? EXIT.interrupted : EXIT.ok;
    }
    const c = r.curve;
    const every = Math.max(1, Math.ceil(c.lrs.length / 12));
    const rows = c.lrs
      .map((lr, i) => ({ lr, i }))
      .filter(({ i }) => i % every === 0 || i === c.lrs.length - 1)
      .map(({ lr, i }) => [String(i), fmtNumber(lr), fmtNumber(c.losses[i]), fmtNumber(c.smoothed[i])]);
    io.stdout(
      `${experiment.name}: LR range test of ${r.optimizer.name}, ${c.lrs.length} steps, ${r.stopped}${c.divergedAt !== null ? ` at lr ${fmtNumber(c.lrs[c.divergedAt])}` : ''}\n\n`,
    );
    io.stdout(textTable(['step', 'lr', 'loss', 'smoothed'], rows));
    const s = r.suggestions;
    io.stdout(
      `\nsuggested lr (valley): ${fmtNumber(s.valley)}\nsteep: ${fmtNumber(s.steep)}  minimum/10: ${fmtNumber(s.minimum)}\n`,
    );
    if (r.recordDir) io.stdout(`record: ${r.recordDir}\n`);
    return r.stopped === 'cancelled' ? EXIT.interrupted : EXIT.ok;
  },
};
