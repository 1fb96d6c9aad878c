// ExportRun: Everything an export reads about one run (also loadExportRun).
import { join } from 'node:path';
import { bestRunId } from '../verdict/recordVerdict';
import { ConfigError } from '../errors';
import { isLrTestRecord } from './candidates';
import { readCurves, readRecord } from '../runs/records';
import { expandRuns, type DataShape } from '../runs/expandRuns';
import { layoutOf } from '../runs/executeRun';
import { readSearchState } from '../search/searchState';
import { trialTraining } from '../search/trialTraining';
import type { CurvesFile, RunRecord, RunSummary } from '../../protocol/record';
import type { ResolvedExperiment } from '../../protocol/experiment';
import { runSpecSchema, type RunSpec } from '../../protocol/runs';
import { optimizerConfigSchema } from '../../protocol/optimizers';
import { parseRecordedExperiment } from '../../protocol/resolvedExperimentSchema';

/** Everything an export reads about one run: the record, the run's summary, curves and spec. */
export interface ExportRun {
  recordDir: string;
  record: RunRecord;
  run: RunSummary;
  curves: CurvesFile;
  experiment: ResolvedExperiment;
  /** The run as the engine executed it, re-expanded from the resolved experiment. */
  spec: RunSpec;
  /** The folder the export will be saved in (paths in the code are relative to it), or null. */
  outDir: string | null;
}

function fail(recordDir: string, message: string): never {
  throw new ConfigError(`${recordDir}: ${message}`);
}

/** The run an export uses: `runId`, or the record's best run (docs/records.md) when none is given. */
function chooseRun(recordDir: string, record: RunRecord, runId: string | undefined): RunSummary {
  const ids = record.runs.map((r) => r.id).join(', ');
  if (runId !== undefined) {
    const run = record.runs.find((r) => r.id === runId);
    if (!run) fail(recordDir, `no run "${runId}" in this record; its runs are ${ids}`);
    return run;
  }
  const bestId = bestRunId(record);
  const best = record.runs.find((r) => r.id === bestId);
  if (!best) {
    fail(
      recordDir,
      `no run of this record finished, so none is ranked best; choose one with a run id (${ids})`,
    );
  }
  return best;
}

/** What expansion needs about the data, from the record alone (the data file is not read). */
function shapeOf(record: RunRecord): DataShape | null {
  const d = record.dataset;
  if (!d) return null;
  return {
    task: d.task,
    nFeatures: d.features.length,
    nClasses: d.classes?.length ?? null,
    trainRows: d.trainRows,
    validationRows: d.validationRows,
    targetScale: null,
  };
}

/**
 * The runs a record's experiment expands to. A search record's runs are its trials' runs
 * (`t<trial>-s<seed>`), each the experiment with the trial's optimizer, batch size and l2, as
 * runSearch expands them; fold runs of a cross-validated search train on a fold, not the split.
 */
async function specsOf(
  recordDir: string,
  e: ResolvedExperiment,
  shape: DataShape | null,
  runId: string,
): Promise<RunSpec[]> {
  const trial = /^t(\d+)-/.exec(runId);
  if (!(e as { search?: unknown }).search || !trial) return expandRuns(e, shape);
  if (/-f\d+$/.test(runId)) {
    fail(
      recordDir,
      `run ${runId} trained on a cross-validation fold; export a run of a search without cv_folds`,
    );
  }
  const state = await readSearchState(recordDir);
  const t = state.trials.find((x) => x.index === Number(trial[1]));
  if (!t || !t.config) fail(recordDir, `search.json has no configuration for trial ${trial[1]}`);
  const parsedConfig = optimizerConfigSchema.safeParse(t.config);
  if (!parsedConfig.success) {
    const issue = parsedConfig.error.issues[0]!;
    fail(
      recordDir,
      `search.json: the configuration of trial ${trial[1]} is corrupt (config.${issue.path.join('.')}: ${issue.message})`,
    );
  }
  const config = parsedConfig.data;
  const te: ResolvedExperiment =
    e.kind === 'data'
      ? {
          ...e,
          optimizers: [config],
          l2: t.l2 ?? e.l2,
          training: trialTraining(e.training, t),
        }
      : { ...e, optimizers: [config] };
  return expandRuns(te, shape).map((spec) => ({
    ...spec,
    runId: `t${t.index}-${spec.runId.replace(/^c0-/, '')}`,
    configIndex: t.index,
    label: t.label,
  }));
}

/**
 * Reads a record folder for export: validates `record.json`, picks the run (`runId` or the best
 * one), reads its curves file and re-expands the resolved experiment into the run's spec, checked
 * against the spec schema. Every problem is a ConfigError naming the folder.
 */
export async function loadExportRun(recordDir: string, runId?: string): Promise<ExportRun> {
  const entry = await readRecord(recordDir);
  if (!entry.ok) fail(recordDir, entry.error);
  const record = entry.record;
  if (await isLrTestRecord(recordDir)) {
    fail(
      recordDir,
      'this record is an LR range test (the lr grows exponentially until the loss blows up), not a configuration to export; export a run of the experiment instead',
    );
  }
  const run = chooseRun(recordDir, record, runId);
  if (run.curves === null)
    fail(recordDir, `run ${run.id} never started (status ${run.status}): it has no curves to export`);
  const curves = await readCurves(recordDir, run.curves);
  if (!curves)
    fail(
      recordDir,
      `the curves file of run ${run.id} (${join(recordDir, run.curves)}) is missing or corrupt`,
    );
  const kind = record.experiment['kind'];
  if (kind !== 'data' && kind !== 'surface') {
    fail(
      recordDir,
      'record.json holds no resolved experiment (experiment.kind is neither "data" nor "surface")',
    );
  }
  const read = parseRecordedExperiment(record.experiment);
  if (!read.ok)
    fail(recordDir, `record.json's experiment is corrupt: ${read.problems.slice(0, 3).join('; ')}`);
  const experiment = read.experiment;
  if (experiment.kind === 'data' && !record.dataset)
    fail(recordDir, 'a data experiment without its dataset section');
  let specs: RunSpec[];
  try {
    specs = await specsOf(recordDir, experiment, shapeOf(record), run.id);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    fail(recordDir, `the record's experiment cannot be expanded into runs: ${(e as Error).message}`);
  }
  const raw = specs.find((s) => s.runId === run.id);
  if (!raw) fail(recordDir, `run ${run.id} is not one of the runs its experiment expands to`);
  const parsed = runSpecSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    fail(
      recordDir,
      `the record's experiment is not in the expected format: ${first.path.join('.')}: ${first.message}`,
    );
  }
  const spec = parsed.data;
  if (JSON.stringify(spec.optimizer) !== JSON.stringify(run.config) && !/^t\d+-/.test(run.id)) {
    // The optimizer in the run summary is what ran; a differing experiment means a hand-edited record.
    fail(
      recordDir,
      `run ${run.id}'s optimizer differs from configuration ${run.configIndex} of the experiment`,
    );
  }
  // A user model's layout is known from its runner only: the curves file is its record.
  if (spec.problem.kind === 'dataset' && spec.problem.model.type !== 'pytorch') {
    const layout = layoutOf(spec) ?? [];
    const size = layout.reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    if (JSON.stringify(curves.layout) !== JSON.stringify(layout) || curves.initialParams.length !== size) {
      fail(recordDir, `the curves file of run ${run.id} does not hold the parameters of its model`);
    }
  }
  return { recordDir, record, run, curves, experiment, spec, outDir: null };
}
