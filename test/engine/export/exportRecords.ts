// Records made with the real CLI for the export tests: several experiments over the sample data
// and one CSV with hostile column names. Each test file builds them once, in a temp folder.
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli } from '../../helpers/cli';
import { PYTHON } from '../../helpers/debianPackage';

// The export tests import the interpreter from here, beside the records they run it on.
export { PYTHON };
const SAMPLES = resolve(__dirname, '../../../samples');

/** Column names that would break naive code generation. */
export const HOSTILE = {
  feature: 'it\'s a "quoted" \\ name',
  newline: 'two\nlines """ here',
  unicode: 'température ☃ \u2028 end',
  category: "colour'); import os; os.system('echo pwned",
  target: 'y """\\',
  /** Ends that JavaScript's trim() keeps and Python's str.strip() would remove. */
  padded: '\u0085 padded \u001c\u001d\u001e\u001f',
};

function hostileCsv(): string {
  const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
  const header = [
    HOSTILE.feature,
    HOSTILE.newline,
    HOSTILE.unicode,
    HOSTILE.category,
    'flag',
    HOSTILE.padded,
    HOSTILE.target,
  ];
  const rows: string[] = [header.map(quote).join(',')];
  const colours = ['red', 'green', "bl'ue", 'NA'];
  for (let i = 0; i < 40; i++) {
    const a = Math.sin(i * 1.3) * 3 + 1;
    const b = i % 7 === 3 ? '' : String(Math.cos(i * 0.7) * 2);
    const c = (i * 37) % 11;
    const colour = colours[i % 4]!;
    const flag = i % 3 === 0 ? 'TRUE' : 'false';
    const y = 0.5 * a - 0.3 * c + (colour === 'red' ? 1 : 0) + (flag === 'TRUE' ? 0.7 : 0) + Math.sin(i);
    rows.push([a.toFixed(6), b, String(c), quote(colour), flag, (i % 5) - 2, y.toFixed(5)].join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** The experiments, keyed by file name. Small epochs keep the PyTorch replays fast. */
function experiments(): Record<string, object> {
  return {
    'optimizers.optlab.json': {
      name: 'every optimizer',
      data: { path: 'diabetes.csv', target: 'progression', preprocessing: { standardize_target: true } },
      model: { type: 'linear' },
      training: { epochs: 6, batch_size: 64, seeds: [3] },
      optimizers: [
        { name: 'SGD', lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 0.001 },
        { name: 'Adagrad', lr: 0.1, lr_decay: 0.001, initial_accumulator_value: 0.1 },
        { name: 'RMSprop', lr: 0.01, momentum: 0.5, centered: true },
        { name: 'Adadelta', lr: 1.0, weight_decay: 0.01 },
        { name: 'Adam', lr: 0.01, amsgrad: true, weight_decay: 0.001 },
        { name: 'AdamW', lr: 0.01, weight_decay: 0.05 },
        { name: 'NAdam', lr: 0.01 },
        { name: 'RAdam', lr: 0.01 },
        { name: 'Adamax', lr: 0.01 },
      ],
    },
    'mlp.optlab.json': {
      name: 'mlp onecycle',
      data: { path: 'diabetes.csv', target: 'progression', preprocessing: { standardize_target: true } },
      model: { type: 'mlp', hidden: [8, 4], activation: 'tanh' },
      loss: { name: 'huber', delta: 0.5 },
      l2: 0.01,
      training: { epochs: 5, batch_size: 32, seeds: [1] },
      optimizers: [{ name: 'Adam', lr: 0.01 }],
      schedule: { name: 'OneCycleLR', max_lr: 0.05 },
      grad_clip: { max_norm: 0.5 },
    },
    'iris.optlab.json': {
      name: 'iris plateau',
      data: { path: 'iris.csv', target: 'species', split: { validation: 0.3, seed: 2, stratify: true } },
      model: { type: 'mlp', hidden: [6], activation: 'relu' },
      training: {
        epochs: 30,
        batch_size: 16,
        seeds: [0],
        early_stopping: { monitor: 'val_loss', patience: 3, min_delta: 0.001 },
      },
      optimizers: [{ name: 'SGD', lr: 0.2, momentum: 0.9, dampening: 0.1 }],
      schedule: { name: 'ReduceLROnPlateau', patience: 1, factor: 0.5, monitor: 'val_loss' },
      grad_clip: { clip_value: 0.3 },
      objective: { metric: 'val_accuracy' },
    },
    'binary.optlab.json': {
      name: 'binary sequential',
      data: { path: 'breast_cancer.csv', target: 'diagnosis', task: 'binary' },
      model: { type: 'logistic' },
      l2: 0.001,
      training: {
        epochs: 12,
        batch_size: null,
        seeds: [0],
        early_stopping: { monitor: 'val_accuracy', patience: 4 },
      },
      optimizers: [{ name: 'RMSprop', lr: 0.01 }],
      schedule: {
        name: 'SequentialLR',
        schedulers: [
          { name: 'LinearLR', start_factor: 0.25, total_iters: 4 },
          { name: 'ExponentialLR', gamma: 0.9 },
        ],
        milestones: [4],
      },
    },
    'search.optlab.json': {
      name: 'search',
      data: { path: 'diabetes.csv', target: 'progression', preprocessing: { standardize_target: true } },
      training: { epochs: 4, batch_size: 32, seeds: [0] },
      optimizers: [
        { name: 'SGD', lr: 0.01 },
        { name: 'Adam', lr: 0.01 },
      ],
      search: {
        strategy: 'tpe',
        seed: 1,
        budget: { trials: 3 },
        parameters: {
          optimizer: { type: 'choice', values: ['SGD', 'Adam'] },
          lr: { type: 'loguniform', low: 0.001, high: 0.1 },
          batch_size: { type: 'choice', values: [16, 64] },
        },
        conditional: {
          SGD: { momentum: { type: 'uniform', low: 0, high: 0.95 } },
          Adam: { 'betas.0': { type: 'uniform', low: 0.8, high: 0.95 } },
        },
      },
    },
    'surface.optlab.json': {
      name: 'surface',
      surface: { name: 'rosenbrock', start: [-1.5, 2] },
      training: { steps: 50 },
      optimizers: [{ name: 'RAdam', lr: 0.01 }],
      schedule: { name: 'CosineAnnealingWarmRestarts', T_0: 10, T_mult: 2, interval: 'step' },
    },
    'hostile.optlab.json': {
      name: 'name with \'quotes\', "doubles", \\ and\na newline """',
      data: { path: 'hostile data.csv', target: HOSTILE.target, preprocessing: { missing: 'mean' } },
      training: { epochs: 4, batch_size: 7, seeds: [5] },
      optimizers: [{ name: 'Adam', lr: 0.05 }],
      schedule: { name: 'MultiStepLR', milestones: [5, 12], gamma: 0.5, interval: 'step' },
    },
  };
}

export interface Records {
  dir: string;
  /** Record folder of each experiment file. */
  record: Record<string, string>;
}

/**
 * Runs the experiments (all, or the named ones) with the CLI (`search` for the one with a search
 * section) into a fresh temp folder, removed after the tests.
 */
export async function makeRecords(t: { after(fn: () => void): void }, only?: string[]): Promise<Records> {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-export-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const f of ['diabetes.csv', 'iris.csv', 'breast_cancer.csv'])
    copyFileSync(join(SAMPLES, f), join(dir, f));
  writeFileSync(join(dir, 'hostile data.csv'), hostileCsv());
  const record: Record<string, string> = {};
  for (const [file, json] of Object.entries(experiments())) {
    if (only && !only.includes(file)) continue;
    writeFileSync(join(dir, file), JSON.stringify(json, null, 2));
    const out = join(dir, `records-${file}`);
    const command = 'search' in json ? 'search' : 'run';
    const r = await cli([command, file, '--out', out, '--json', '--workers', '2'], dir);
    if (r.code !== 0) throw new Error(`run ${file} failed: ${r.stderr}`);
    record[file] = join(out, readdirSync(out)[0]!);
  }
  return { dir, record };
}

/** One result of {@link runScripts}: what a script printed and how it exited. */
export interface ScriptRun {
  stdout: string;
  stderr: string;
  code: number | string | null;
}

/**
 * Runs several generated scripts in one Python process (torch is imported once), each with its
 * own argv, stdout and stderr, as `python3 script.py` would run it.
 */
export function runScripts(paths: string[]): Record<string, ScriptRun> {
  const driver = [
    'import contextlib, io, json, runpy, sys',
    'out = {}',
    'for path in sys.argv[1:]:',
    '    so, se = io.StringIO(), io.StringIO()',
    '    sys.argv = [path]',
    '    code = 0',
    '    with contextlib.redirect_stdout(so), contextlib.redirect_stderr(se):',
    '        try:',
    "            runpy.run_path(path, run_name='__main__')",
    '        except SystemExit as e:',
    '            code = e.code',
    "    out[path] = {'stdout': so.getvalue(), 'stderr': se.getvalue(), 'code': code}",
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync(PYTHON, ['-c', driver, ...paths], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, ScriptRun>;
}

/** Compiles files with `python3 -m py_compile`; returns its stderr ('' when all compile). */
export function pyCompile(paths: string[]): string {
  const r = spawnSync(PYTHON, ['-m', 'py_compile', ...paths], { encoding: 'utf8' });
  return r.status === 0 ? '' : r.stderr || `exit ${r.status}`;
}

/** The per-epoch losses a reproduction script printed. */
export function printedEpochs(stdout: string): { epoch: number; train: number; val: number | null }[] {
  return stdout
    .split('\n')
    .map((l) => /^epoch\s+(\d+)\s+train_loss (\S+)\s+val_loss (\S+)/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ epoch: Number(m[1]), train: Number(m[2]), val: m[3] === 'None' ? null : Number(m[3]) }));
}
