// A Jupyter notebook (nbformat 4) that reproduces a whole comparison in PyTorch: every run of a
// record (or a chosen subset) trained with the reproduction script's code, the curves plotted with
// matplotlib, the configurations ranked, and a last cell that checks the numbers against the record.
import { ConfigError } from '../errors';
import { readRecord } from '../runs/records';
import { loadExportRun, type ExportRun } from './loadRun';
import { dataPhrase, pyProblem, runHeader } from './pyProblem';
import { pyValue } from '../pyCode/pyLiteral';
import { asDataRun, factories } from './pytorchScript';
import { runDataSidecar, type RunDataSidecar } from './runData';
import type { ExportOutput } from './types';

/** What a notebook export covers. */
export interface NotebookOptions {
  /** Run ids to reproduce; default: every run of the record that has curves. */
  runs?: string[] | undefined;
  /** Where the notebook is saved: its data file and sidecar are named relative to it. */
  outDir: string | null;
}

/** The sidecar of a notebook: the shared data preparation and, per run, its start and batch order. */
interface NotebookSidecar {
  format: 'optimizer-lab-notebook';
  version: 1;
  record: string;
  data: RunDataSidecar['data'];
  runs: Record<string, Pick<RunDataSidecar, 'initial_params' | 'batch_orders' | 'engine'>>;
}

/** The sidecar's file name: beside the notebook, named after the record. */
export function notebookSidecarName(recordId: string): string {
  return `optlab-${recordId.replace(/[^A-Za-z0-9._-]/g, '_')}.notebook.json`;
}

type Cell = { cell_type: 'markdown' | 'code'; text: string };

function toIpynb(cells: Cell[]): string {
  const lines = (t: string) => t.split('\n').map((l, i, a) => (i < a.length - 1 ? `${l}\n` : l));
  return `${JSON.stringify(
    {
      cells: cells.map((c) =>
        c.cell_type === 'markdown'
          ? { cell_type: 'markdown', metadata: {}, source: lines(c.text) }
          : { cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source: lines(c.text) },
      ),
      metadata: {
        kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' },
        language_info: { name: 'python' },
      },
      nbformat: 4,
      nbformat_minor: 4,
    },
    null,
    1,
  )}\n`;
}

/** Markdown text safe to show: user text as inline code with its backticks removed. */
function md(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n\u2028\u2029]/g, ' ')}\``;
}

/**
 * The notebook of a record: the reproduction script's data reader, model, loss and training loop;
 * each configuration's optimizer and scheduler factories; a cell that trains every chosen run from
 * its recorded initial parameters and batch order; matplotlib plots of the per-epoch losses; the
 * configurations ranked by the record's objective; and a check that every final loss agrees with
 * the record (an assertion, to a tolerance of 1e-6 relative in float64, 1e-3 in float32).
 */
export async function notebookExport(recordDir: string, opts: NotebookOptions): Promise<ExportOutput> {
  const entry = await readRecord(recordDir);
  if (!entry.ok) throw new ConfigError(`${recordDir}: ${entry.error}`);
  const record = entry.record;
  const known = record.runs.map((r) => r.id);
  for (const id of opts.runs ?? []) {
    if (!known.includes(id))
      throw new ConfigError(`${recordDir}: no run "${id}" in this record; its runs are ${known.join(', ')}`);
  }
  const ids = opts.runs ?? record.runs.filter((r) => r.curves !== null).map((r) => r.id);
  if (ids.length === 0) throw new ConfigError(`${recordDir}: no run of this record has curves to reproduce`);
  const runs: ExportRun[] = [];
  for (const id of ids) {
    const run = { ...(await loadExportRun(recordDir, id)), outDir: opts.outDir };
    runs.push(asDataRun(run, 'notebook'));
  }
  const first = runs[0]! as ReturnType<typeof asDataRun>;
  // A user model's build_model seeds torch itself (its dropout masks draw from it): with each run's seed.
  const userModel = first.spec.problem.model.type === 'pytorch';
  const sidecarName = notebookSidecarName(record.id);
  const sidecar: NotebookSidecar = {
    format: 'optimizer-lab-notebook',
    version: 1,
    record: record.id,
    data: (await runDataSidecar(first)).data,
    runs: {},
  };
  for (const r of runs) {
    const s = await runDataSidecar(r);
    sidecar.runs[r.run.id] = {
      initial_params: s.initial_params,
      batch_orders: s.batch_orders,
      engine: s.engine,
    };
  }

  // One pair of factories per configuration (a search trial is a configuration of its own).
  const configs = new Map<number, ExportRun>();
  for (const r of runs) if (!configs.has(r.run.configIndex)) configs.set(r.run.configIndex, r);
  const factoryCode = [...configs].map(([index, r]) =>
    factories(asDataRun(r, 'notebook'))
      .replace('def make_optimizer(', `def make_optimizer_${index}(`)
      .replace('def make_scheduler(', `def make_scheduler_${index}(`),
  );
  const runTable = runs.map((r) => ({
    id: r.run.id,
    label: r.run.label,
    config: r.run.configIndex,
    seed: r.run.seed,
    optimizer: r.spec.optimizer.name,
    batch_size: r.spec.batchSize,
    l2: r.spec.problem.kind === 'dataset' ? r.spec.problem.l2 : 0,
    record_status: r.run.status,
    record_objective: r.run.objective,
  }));
  const objective = record.objective;

  const problem = pyProblem(first, sidecarName).replace(
    /^HERE = .*$/m,
    'HERE = Path.cwd()  # Jupyter runs a notebook in its own folder',
  );
  const cells: Cell[] = [
    {
      cell_type: 'markdown',
      text: [
        `# ${md(record.name)} reproduced in PyTorch`,
        '',
        `This notebook re-trains ${runs.length} run${runs.length > 1 ? 's' : ''} of the Optimizer Lab record ${md(record.id)} with PyTorch: ${dataPhrase(first, md)}, the same initial parameters and batch order (from the sidecar ${md(sidecarName)} beside this notebook), the same loss, optimizer, schedule, clipping and early stopping as the reproduction script (\`optimizer-lab export --to pytorch-script\`).`,
        '',
        `It plots the per-epoch losses, ranks the configurations by the record's objective (${md(objective.metric)}, ${objective.mode}, ${objective.use}) and, in its last cell, checks every final loss against the record.`,
      ].join('\n'),
    },
    {
      cell_type: 'code',
      text: [
        runHeader(first)
          .filter((l) => !l.startsWith('# Run:'))
          .join('\n'),
        problem,
      ].join('\n'),
    },
    { cell_type: 'markdown', text: "## Each configuration's optimizer and scheduler" },
    {
      cell_type: 'code',
      text: [
        ...factoryCode.map((c) => `${c}\n\n`),
        `FACTORIES = {${[...configs.keys()].map((i) => `${i}: (make_optimizer_${i}, make_scheduler_${i})`).join(', ')}}`,
        `RUNS = ${pyValue(runTable)}`,
        `OBJECTIVE = ${pyValue(objective)}`,
      ].join('\n'),
    },
    { cell_type: 'markdown', text: '## Train every run' },
    {
      cell_type: 'code',
      text: String.raw`with open(HERE / SIDECAR, encoding='utf-8') as f:
    SIDE = json.load(f)
torch.set_default_dtype(DTYPE)
data = load_data(HERE / DATA_FILE, SIDE['data'], DTYPE)
if any(run['optimizer'] == 'NAdam' for run in RUNS) and int(torch.__version__.split('.')[0]) < 2:
    print('note: torch %s has the NAdam mu_product bug fixed in torch 2.0; NAdam runs will differ from the record' % torch.__version__)

results = {}
for run in RUNS:
    side = SIDE['runs'][run['id']]
    model = build_model(side['initial_params']${userModel ? ", seed=run['seed']" : ''})
    make_optimizer, make_scheduler = FACTORIES[run['config']]
    optimizer = make_optimizer(model.parameters())
    scheduler = make_scheduler(optimizer)
    curve = []

    def on_epoch(epoch, train_loss, validation, curve=curve):
        curve.append((epoch, train_loss, None if validation is None else validation['loss']))

    try:
        result = train(model, data, optimizer, scheduler, side['batch_orders'], log=lambda line: None,
                       on_epoch=on_epoch, batch_size=run['batch_size'], l2=run['l2'])
    except ValueError as error:  # torch refuses a scheduler step (OneCycleLR past total_steps)
        result = {'status': 'failed', 'message': str(error), 'final_train_loss': None, 'final_val_loss': None, 'metrics': {}}
    results[run['id']] = dict(result, curve=curve)
    print('%-10s %-14s final train loss %r  val loss %r' % (run['id'], result['status'], result['final_train_loss'], result['final_val_loss']))`,
    },
    { cell_type: 'markdown', text: '## Curves' },
    {
      cell_type: 'code',
      text: String.raw`import matplotlib.pyplot as plt

fig, axes = plt.subplots(1, 2, figsize=(12, 4), sharey=False)
for run in RUNS:
    curve = results[run['id']]['curve']
    epochs = [c[0] for c in curve]
    axes[0].plot(epochs, [c[1] for c in curve], label='%s %s' % (run['id'], run['label']))
    if any(c[2] is not None for c in curve):
        axes[1].plot(epochs, [c[2] for c in curve], label=run['id'])
axes[0].set_title('training loss (full data, after each epoch)')
axes[1].set_title('validation loss')
for ax in axes:
    ax.set_xlabel('epoch')
    ax.set_yscale('log')
axes[0].legend(fontsize='small')
plt.tight_layout()
plt.show()`,
    },
    { cell_type: 'markdown', text: "## Configurations ranked by the record's objective" },
    {
      cell_type: 'code',
      text: String.raw`def objective_of(run):
    result = results[run['id']]
    metric = OBJECTIVE['metric']
    if OBJECTIVE['use'] == 'best' and metric in ('train_loss', 'val_loss'):
        values = [c[1] if metric == 'train_loss' else c[2] for c in result['curve'][1:]]
        values = [v for v in values if v is not None and finite(v)]
        return (min(values) if OBJECTIVE['mode'] == 'min' else max(values)) if values else None
    if metric in ('train_loss', 'val_loss'):
        return result['final_' + metric]
    return result['metrics'].get(metric[len('val_'):])


by_config = {}
for run in RUNS:
    by_config.setdefault(run['config'], []).append(run)
rows = []
for config, members in by_config.items():
    values = [objective_of(r) for r in members]
    values = [v for v in values if v is not None and finite(v)]
    recorded = [r['record_objective'] for r in members if r['record_objective'] is not None]
    rows.append((sum(values) / len(values) if values else None, sum(recorded) / len(recorded) if recorded else None, members[0]['label'], len(members)))
sign = 1 if OBJECTIVE['mode'] == 'min' else -1
rows.sort(key=lambda row: (row[0] is None, sign * (row[0] or 0)))
print('%-4s %-60s %5s %22s %22s' % ('rank', 'configuration', 'seeds', 'objective (here)', 'objective (record)'))
for rank, (value, recorded, label, seeds) in enumerate(rows, start=1):
    print('%-4d %-60s %5d %22r %22r' % (rank, label[:60], seeds, value, recorded))`,
    },
    { cell_type: 'markdown', text: '## Check against the record' },
    {
      cell_type: 'code',
      text: String.raw`TOLERANCE = 1e-6 if DTYPE == torch.float64 else 1e-3  # relative, on every final loss
old_nadam = int(torch.__version__.split('.')[0]) < 2
problems, checked = [], 0
for run in RUNS:
    if run['optimizer'] == 'NAdam' and old_nadam:
        print('%s: not checked (NAdam under torch %s, see the note above)' % (run['id'], torch.__version__))
        continue
    ours, engine = results[run['id']], SIDE['runs'][run['id']]['engine']
    if (ours['status'] == 'failed') != (engine['status'] == 'failed'):
        problems.append('%s: status %s here, %s in the record' % (run['id'], ours['status'], engine['status']))
        continue
    for key in ('final_train_loss', 'final_val_loss'):
        a, b = ours[key], engine[key]
        if a is None or b is None or not (finite(a) and finite(b)):
            continue
        checked += 1
        if abs(a - b) > TOLERANCE * max(abs(b), 1e-300):
            problems.append('%s %s: %r here, %r in the record' % (run['id'], key, a, b))
assert not problems, 'the notebook does not reproduce the record:\n' + '\n'.join(problems)
print('OK: %d final losses of %d runs agree with the record to %g relative' % (checked, len(RUNS), TOLERANCE))`,
    },
  ];
  return { text: toIpynb(cells), sidecars: [{ name: sidecarName, text: `${JSON.stringify(sidecar)}\n` }] };
}
