// Every export target for every run of the test records compiles; the sweeps train with the
// reproduction code (a trial with the engine's parameters gives the engine's objective); user
// mistakes are ConfigErrors with a clear message; and the generated text matches the reviewed
// snapshots in test/fixtures/export/ (UPDATE_EXPORT_SNAPSHOTS=1 rewrites them).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { exportFromRecord, exportTargets, type ExportTarget } from '../../../src/engine/export/index';
import { readRecord } from '../../../src/engine/runs/records';
import { ConfigError } from '../../../src/engine/errors';
import { isLrTestRecord } from '../../../src/engine/export/candidates';
import type { RunSummary } from '../../../src/protocol/record';
import { makeRecords, pyCompile, PYTHON, type Records } from './exportRecords';
import { skipWithout } from '../../helpers/debianPackage';

// Some tests run Python, some torch; on a machine without them they skip, naming the package.
const python = { skip: skipWithout('python3') };
const torch = { skip: skipWithout('python3-torch') };

const SNAPSHOTS = resolve(__dirname, '../../fixtures/export');
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

let shared: Promise<Records> | null = null;
const cleanups: (() => void)[] = [];
after(() => cleanups.forEach((f) => f()));
/** One set of records for the whole file, removed after its last test. */
function records(): Promise<Records> {
  shared ??= makeRecords({ after: (f) => cleanups.push(f) });
  return shared;
}

async function write(dir: string, recordDir: string, runId: string, target: ExportTarget): Promise<string> {
  const file = join(dir, `${target}.py`);
  const r = await exportFromRecord(recordDir, { target, runId, out: file });
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, r.text);
  for (const s of r.sidecars) writeFileSync(join(dir, s.name), s.text);
  return file;
}

const TARGETS_FOR: Record<string, ExportTarget[]> = {
  surface: ['pytorch', 'optax'],
};

test('every target of every run is valid Python (py_compile)', python, async () => {
  const { dir, record } = await records();
  const files: string[] = [];
  for (const [name, recordDir] of Object.entries(record)) {
    const entry = await readRecord(recordDir);
    assert.ok(entry.ok);
    const kind = name.replace('.optlab.json', '');
    for (const run of entry.record.runs) {
      for (const target of TARGETS_FOR[kind] ?? exportTargets) {
        if (target === 'keras' && run.config['name'] === 'RAdam') continue;
        if (target === 'notebook') continue; // JSON, executed by notebook.test.ts
        // These records train in one process; pytorchDdp.test.ts exports and runs data-parallel ones.
        if (target === 'pytorch-ddp') continue;
        files.push(await write(join(dir, 'compile', kind, run.id), recordDir, run.id, target));
      }
    }
  }
  assert.ok(files.length >= 90, `${files.length} files`);
  assert.equal(pyCompile(files), '');
});

/**
 * Runs one sweep's run_trial at the given point: the point goes through the script's suggest() as a
 * real Optuna FixedTrial; Ray, which Debian does not package, is a stand-in module.
 */
function runTrial(
  script: string,
  params: object,
): { value: number; reports: [number, number][]; suggested: string[] } {
  const driver = String.raw`
import json, runpy, sys, types
from pathlib import Path
import optuna

class Stub(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return Stub(self.__name__ + '.' + name)
    def __call__(self, *args, **kwargs):
        return None

for name in ['ray', 'ray.tune', 'ray.tune.schedulers', 'ray.tune.search', 'ray.tune.search.optuna']:
    sys.modules[name] = Stub(name)

path, params = sys.argv[1], json.loads(sys.argv[2])
g = runpy.run_path(path, run_name='sweep')
trial = optuna.trial.FixedTrial(params)
g['suggest'](trial)
sidecar = json.load(open(Path(path).with_name(g['SIDECAR'])))
g['torch'].set_default_dtype(g['DTYPE'])
data = g['load_data'](g['HERE'] / g['DATA_FILE'], sidecar['data'], g['DTYPE'])
reports = []
value = g['run_trial'](trial.params, data, sidecar, lambda e, v: reports.append((e, v)))
if 'trainable' in g:
    # Ray's OptunaSearch nests 'Adam/betas.0' as {'Adam': {'betas.0': ...}} (unflatten_dict).
    nested = {}
    for k, v in trial.params.items():
        head, _, tail = k.partition('/')
        (nested.setdefault(head, {}).__setitem__(tail, v) if tail else nested.__setitem__(k, v))
    g['trainable'](nested, data=data, sidecar=sidecar)
print(json.dumps({'value': value, 'reports': reports, 'suggested': list(trial.params)}))
`;
  const r = spawnSync(PYTHON, ['-c', driver, script, JSON.stringify(params)], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

/** An engine trial's point with the sweep's names: conditional parameters as `<optimizer>/<name>`. */
function sweepNames(params: Record<string, unknown>, top: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params))
    out[top.includes(k) ? k : `${String(params['optimizer'])}/${k}`] = v;
  return out;
}

test(
  "the sweeps' search space and trials: a trial at the engine's parameters gives the engine's objective",
  { skip: skipWithout('python3-torch', 'python3-optuna') },
  async () => {
    const { dir, record } = await records();
    const searchDir = record['search.optlab.json']!;
    const state = JSON.parse(readFileSync(join(searchDir, 'search.json'), 'utf8')) as {
      trials: { status: string; runIds: string[]; params: Record<string, unknown> }[];
    };
    const entry = await readRecord(searchDir);
    assert.ok(entry.ok);
    for (const target of ['optuna', 'ray'] as const) {
      const trial = state.trials.find((x) => x.status === 'done')!;
      const runId = trial.runIds[0]!;
      const summary: RunSummary = entry.record.runs.find((r) => r.id === runId)!;
      const script = await write(join(dir, 'sweep', target), searchDir, runId, target);
      const text = readFileSync(script, 'utf8');
      assert.match(
        text,
        target === 'optuna'
          ? /TPESampler\(seed=SEARCH_SEED, n_startup_trials=10/
          : /OptunaSearch\(\s*space=suggest/,
      );
      const point = sweepNames(trial.params, ['optimizer', 'lr', 'batch_size']);
      const out = runTrial(script, point);
      // suggest() asks for the optimizer, lr, batch size and the chosen optimizer's conditional one.
      assert.deepEqual(out.suggested.sort(), Object.keys(point).sort());
      assert.equal(out.suggested.length, 4);
      assert.ok(
        rel(out.value, summary.objective!) < 1e-6,
        `${target}: ${out.value} vs the engine's ${summary.objective}`,
      );
      assert.equal(out.reports.length, summary.epochs + 1, 'one report per epoch and one before training');
    }
    // Without a search section, the sweep picks among the configurations and searches each lr.
    const optimizersDir = record['optimizers.optlab.json']!;
    const opt = await readRecord(optimizersDir);
    assert.ok(opt.ok);
    const c4 = opt.record.runs.find((r) => r.id === 'c4-s3')!;
    const script = await write(join(dir, 'sweep', 'fallback'), optimizersDir, 'c0-s3', 'optuna');
    assert.match(readFileSync(script, 'utf8'), /has no "search" section/);
    const out = runTrial(script, { config: 4, '4/lr': c4.config['lr'] });
    assert.equal(out.suggested.length, 2);
    assert.ok(rel(out.value, c4.objective!) < 1e-6, `${out.value} vs ${c4.objective}`);
  },
);

test('user mistakes are ConfigErrors that say what is wrong', async () => {
  const { dir, record } = await records();
  const iris = record['iris.optlab.json']!;
  const surface = record['surface.optlab.json']!;
  const reject = (p: Promise<unknown>, re: RegExp) =>
    assert.rejects(p, (e: unknown) => e instanceof ConfigError && re.test(e.message));
  await reject(
    exportFromRecord(iris, { target: 'pytorch', runId: 'c7-s0' }),
    /no run "c7-s0" in this record; its runs are c0-s0/,
  );
  await reject(exportFromRecord(surface, { target: 'keras' }), /Keras has no RAdam/);
  await reject(exportFromRecord(surface, { target: 'pytorch-script' }), /2-D surface/);
  await reject(exportFromRecord(surface, { target: 'optuna' }), /2-D surface/);
  await reject(
    exportFromRecord(iris, { target: 'tensorflow' as ExportTarget }),
    /unknown export target "tensorflow"/,
  );

  const corrupt = join(dir, 'corrupt');
  mkdirSync(corrupt);
  writeFileSync(join(corrupt, 'record.json'), '{"format": "optimizer-lab-record", "vers');
  await reject(exportFromRecord(corrupt, { target: 'pytorch' }), /not valid JSON/);
  await reject(exportFromRecord(join(dir, 'missing'), { target: 'pytorch' }), /cannot be read/);

  // A record whose data file changed since the run: the script would train on other data.
  const moved = join(dir, 'changed-record');
  cpSync(iris, moved, { recursive: true });
  const json = JSON.parse(readFileSync(join(moved, 'record.json'), 'utf8'));
  const csv = readFileSync(json.experiment.data.path, 'utf8').split('\n');
  writeFileSync(join(dir, 'iris-short.csv'), csv.slice(0, 100).join('\n'));
  json.experiment.data.path = join(dir, 'iris-short.csv');
  writeFileSync(join(moved, 'record.json'), JSON.stringify(json));
  await reject(
    exportFromRecord(moved, { target: 'pytorch-script' }),
    /no longer holds the data run c0-s0 trained on/,
  );
  // The snippets need only the record, not the data file.
  assert.match((await exportFromRecord(moved, { target: 'pytorch' })).text, /torch\.optim\.SGD\(/);
});

const SNAPSHOT_CASES: [string, string, ExportTarget][] = [
  ['mlp.optlab.json', 'c0-s1', 'pytorch'],
  ['iris.optlab.json', 'c0-s0', 'pytorch'],
  ['binary.optlab.json', 'c0-s0', 'pytorch'],
  ['mlp.optlab.json', 'c0-s1', 'keras'],
  ['iris.optlab.json', 'c0-s0', 'keras'],
  ['binary.optlab.json', 'c0-s0', 'keras'],
  ['mlp.optlab.json', 'c0-s1', 'optax'],
  ['iris.optlab.json', 'c0-s0', 'optax'],
  ['optimizers.optlab.json', 'c6-s3', 'optax'],
  ['hostile.optlab.json', 'c0-s5', 'pytorch-script'],
  ['search.optlab.json', 't0-s0', 'optuna'],
  ['search.optlab.json', 't0-s0', 'ray'],
];

test('generated text matches the reviewed snapshots (UPDATE_EXPORT_SNAPSHOTS=1 rewrites them)', async () => {
  const { dir, record } = await records();
  const update = process.env['UPDATE_EXPORT_SNAPSHOTS'] === '1';
  for (const [file, runId, target] of SNAPSHOT_CASES) {
    const recordDir = record[file]!;
    const text = (await exportFromRecord(recordDir, { target, runId })).text
      .split(recordDir)
      .join('<record>')
      .split(dir)
      .join('<data>');
    const name = `${file.replace('.optlab.json', '')}-${runId}.${target}.py`;
    const path = join(SNAPSHOTS, name);
    if (update || !existsSync(path)) {
      if (!update) assert.fail(`missing snapshot ${name}: run with UPDATE_EXPORT_SNAPSHOTS=1 and review it`);
      writeFileSync(path, text);
      continue;
    }
    assert.equal(
      text,
      readFileSync(path, 'utf8'),
      `${name} changed: review the diff, then UPDATE_EXPORT_SNAPSHOTS=1`,
    );
  }
});

test(
  "the PyTorch snippet's fit(), fed the run's batches, trains what the engine trained",
  torch,
  async (t) => {
    const { dir, record } = await records();
    // Adam + OneCycleLR per step + clip_grad_norm_ + L2; SGD + ReduceLROnPlateau + clip_grad_value_ +
    // early stopping with restore; RMSprop + SequentialLR + early stopping on accuracy, full batch.
    const cases: [string, string][] = [
      ['mlp.optlab.json', 'c0-s1'],
      ['iris.optlab.json', 'c0-s0'],
      ['binary.optlab.json', 'c0-s0'],
    ];
    for (const [file, runId] of cases) {
      const recordDir = record[file]!;
      const out = join(dir, 'snippet', file);
      const script = await write(out, recordDir, runId, 'pytorch-script');
      const snippet = await write(out, recordDir, runId, 'pytorch');
      const driver = String.raw`
import json, runpy, sys
from pathlib import Path
script, snippet = sys.argv[1], sys.argv[2]
g = runpy.run_path(script, run_name='reproduce')
torch = g['torch']
torch.set_default_dtype(g['DTYPE'])
sidecar = json.load(open(Path(script).with_name(g['SIDECAR'])))
X, y, Xv, yv, scale = g['load_data'](g['HERE'] / g['DATA_FILE'], sidecar['data'], g['DTYPE'])
model = g['build_model'](sidecar['initial_params'])
loss_fn = g['loss_fn']

class EngineBatches:
    """The run's batches, epoch after epoch, as a DataLoader would serve them."""
    def __init__(self):
        self.epoch = 0
    def __iter__(self):
        orders = sidecar['batch_orders']
        if orders is None:
            yield X, y
        else:
            order = torch.tensor(orders[self.epoch])
            n = g['BATCH_SIZE']
            for b in range(0, len(order), n):
                yield X[order[b:b + n]], y[order[b:b + n]]
        self.epoch += 1

def val_loss_of(m):
    with torch.no_grad():
        return float(loss_fn(m(Xv), yv))

def val_accuracy_of(m):
    return g['evaluate'](m, Xv, yv, scale)['accuracy']

fit = runpy.run_path(snippet)['fit']
helpers = {'val_loss_of': val_loss_of, 'val_accuracy_of': val_accuracy_of}
names = fit.__code__.co_varnames[3:fit.__code__.co_argcount]
fit(model, EngineBatches(), loss_fn, *[helpers[n] for n in names])
with torch.no_grad():
    print(json.dumps({'train': float(g['objective'](model, X, y)), 'val': val_loss_of(model)}))
`;
      const r = spawnSync(PYTHON, ['-c', driver, script, snippet], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout.trim().split('\n').pop()!) as { train: number; val: number };
      const entry = await readRecord(recordDir);
      assert.ok(entry.ok);
      const summary = entry.record.runs.find((x) => x.id === runId)!;
      t.diagnostic(
        `${file}: final train loss ${got.train}, the engine's ${summary.final_train_loss} (${summary.status})`,
      );
      assert.ok(
        rel(got.train, summary.final_train_loss!) < 1e-6,
        `${file}: ${got.train} vs ${summary.final_train_loss}`,
      );
      assert.ok(
        rel(got.val, summary.final_val_loss!) < 1e-6,
        `${file}: ${got.val} vs ${summary.final_val_loss}`,
      );
    }
  },
);

/** Imported names a Python file never uses (ast: every Name and the root of every Attribute). */
function unusedImports(files: string[]): Record<string, string[]> {
  const driver = String.raw`
import ast, json, sys
out = {}
for path in sys.argv[1:]:
    tree = ast.parse(open(path, encoding='utf-8').read())
    imported = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                imported[(a.asname or a.name).split('.')[0]] = a.name
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    out[path] = sorted(v for k, v in imported.items() if k not in used)
print(json.dumps(out))
`;
  const r = spawnSync(PYTHON, ['-c', driver, ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, string[]>;
}

test(
  "Keras and optax exports keep the run's L2 penalty, map ReduceLROnPlateau's patience, import only what they use",
  python,
  async () => {
    const { dir, record } = await records();
    const files: string[] = [];
    for (const [file, runs] of Object.entries({
      'mlp.optlab.json': ['c0-s1'],
      'iris.optlab.json': ['c0-s0'],
      'binary.optlab.json': ['c0-s0'],
      'optimizers.optlab.json': ['c0-s3', 'c6-s3'],
      'surface.optlab.json': ['c0-s0'],
    })) {
      for (const runId of runs)
        for (const target of ['keras', 'optax'] as const) {
          if (file === 'surface.optlab.json' && target === 'keras') continue; // RAdam
          files.push(await write(join(dir, 'imports', file, runId), record[file]!, runId, target));
        }
    }
    for (const [path, unused] of Object.entries(unusedImports(files))) assert.deepEqual(unused, [], path);

    // mlp: l2 0.01 on the weights. Keras: an L2(0.01) kernel regularizer; optax: 2·0.01 masked to
    // the weights, first in the chain (before the clipping, as the penalty is part of the loss).
    const mlp = record['mlp.optlab.json']!;
    const keras = (await exportFromRecord(mlp, { target: 'keras' })).text;
    assert.match(keras, /^L2_PENALTY = keras\.regularizers\.L2\(0\.01\)$/m);
    const optax = (await exportFromRecord(mlp, { target: 'optax' })).text;
    assert.match(
      optax,
      /optax\.chain\(\n {4}optax\.add_decayed_weights\(0\.02, mask=weights_only\),\n {4}optax\.clip_by_global_norm/,
    );

    // iris: torch patience 1 (cuts after 2 bad epochs) is Keras' and optax's patience 2; early
    // stopping is a callback in Keras and a helper class in the optax export.
    const iris = record['iris.optlab.json']!;
    const k = (await exportFromRecord(iris, { target: 'keras' })).text;
    assert.match(k, /ReduceLROnPlateau\(monitor='val_loss', factor=0\.5, patience=2,/);
    assert.match(k, /torch cuts the lr after 2 bad epochs in a row/);
    const o = (await exportFromRecord(iris, { target: 'optax' })).text;
    assert.match(o, /reduce_on_plateau\(factor=0\.5, patience=2,/);
    assert.match(o, /^class EarlyStopping:/m);
    assert.match(o, /early stopping: optax has none/);
  },
);

test(
  'the PyTorch snippet builds NAdam and RAdam on torch 1.13 (no keyword torch 2.1 added unless set)',
  { skip: skipWithout('python3-torch') },
  async () => {
    const { record } = await records();
    const dir = record['optimizers.optlab.json']!;
    for (const runId of ['c6-s3', 'c7-s3']) {
      const text = (await exportFromRecord(dir, { target: 'pytorch', runId })).text;
      assert.doesNotMatch(text, /decoupled_weight_decay=|maximize=/);
      const call = /^( *)optimizer = torch\.optim\.\w+\([\s\S]*?^\1\)$/m.exec(text);
      assert.ok(call, text);
      const code = call[0]
        .replace(/^ +/gm, '')
        .replace('model.parameters()', '[torch.nn.Parameter(torch.zeros(3))]');
      const r = spawnSync(PYTHON, ['-c', `import torch\n${code}\nprint(type(optimizer).__name__)`], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, `${runId}: ${r.stderr}`);
    }
  },
);

test('an LR range test record is not exported', async (t) => {
  const { dir, record } = await records();
  const lr = join(dir, 'lr-test-record');
  cpSync(record['iris.optlab.json']!, lr, { recursive: true });
  writeFileSync(join(lr, 'lr-find.json'), '{}\n');
  assert.equal(await isLrTestRecord(lr), true);
  assert.equal(await isLrTestRecord(record['iris.optlab.json']!), false);
  await assert.rejects(
    exportFromRecord(lr, { target: 'pytorch' }),
    (e: unknown) => e instanceof ConfigError && /is an LR range test/.test(e.message),
  );
  t.diagnostic('the extension filters its record picker with isLrTestRecord');
});
