// Builders shared by the run tests: real run specs from small experiment texts, tiny data files
// in temporary folders, and the path of the built worker bundle.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExperimentText } from '../../../src/engine/experiment/loadExperiment';
import { expandRuns } from '../../../src/engine/runs/expandRuns';
import { shareSplits, type SharedLayout } from '../../../src/engine/runs/sharedData';
import { loadTable } from '../../../src/engine/data/loadTable';
import { prepareDataset, type Dataset } from '../../../src/engine/data/dataset';
import { distFile } from '../../../src/cli/distPaths';
import type { RunSpec } from '../../../src/protocol/runs';
import type { ResolvedExperiment } from '../../../src/protocol/experiment';
import { RECORD_FORMAT, RECORD_VERSION, type RunRecord } from '../../../src/protocol/record';

/** dist/worker.js: the tests run the real bundle (`npm run build` first). */
export const WORKER = distFile('worker.js');

/** A fresh temporary folder, removed when the calling test ends. */
export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'optlab-runs-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Resolves an experiment given as an object, as if it were `<dir>/test.optlab.json`. */
export function experiment(json: object, dir = tmpdir()): ResolvedExperiment {
  return parseExperimentText(JSON.stringify(json), 'test.optlab.json', dir);
}

/** The single run of a one-configuration, one-seed surface experiment. */
export function surfaceSpec(
  steps: number,
  optimizer: object = { name: 'Adam', lr: 0.001 },
  surface: object = { name: 'rosenbrock' },
): RunSpec {
  const specs = expandRuns(experiment({ surface, training: { steps }, optimizers: [optimizer] }), null);
  if (specs.length !== 1) throw new Error(`expected one run, got ${specs.length}`);
  return specs[0]!;
}

/**
 * Writes a small regression CSV (`y ≈ 2a − b + 0.5c`, deterministic noise) and returns its path.
 * Tiny on purpose: a run on it takes microseconds a step.
 */
export function writeRegressionCsv(dir: string, rows = 40, name = 'data.csv'): string {
  const lines = ['a,b,c,y'];
  for (let i = 0; i < rows; i++) {
    const a = ((i * 37) % 19) / 4 - 2;
    const b = ((i * 11) % 13) / 3 - 2;
    const c = ((i * 5) % 7) - 3;
    const noise = (((i * 29) % 17) - 8) / 40;
    lines.push(`${a},${b},${c},${(2 * a - b + 0.5 * c + noise).toFixed(6)}`);
  }
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** What runExperiment prepares before the pool: the data set, its shared layout and the specs. */
export interface PreparedData {
  dataset: Dataset;
  layout: SharedLayout;
  specs: RunSpec[];
}

/** Loads, shares and expands a data experiment the way runExperiment does. */
export async function prepareData(json: object, dir: string): Promise<PreparedData> {
  const e = experiment(json, dir);
  if (e.kind !== 'data' || !e.data) throw new Error('expected a data experiment');
  const table = await loadTable(e.data.path);
  const dataset = prepareDataset(table, e.data, { precision: e.training.precision });
  const layout = shareSplits(dataset);
  const specs = expandRuns(e, {
    task: dataset.task,
    nFeatures: dataset.nFeatures,
    nClasses: dataset.classes?.length ?? null,
    trainRows: layout.trainRows,
    validationRows: layout.validationRows,
    targetScale: dataset.standardization.targetStd,
  });
  return { dataset, layout, specs };
}

/** A valid record with no runs, for tests of the record folder that need no experiment run. */
export function emptyRecord(id: string, extra: Partial<RunRecord> = {}): RunRecord {
  return {
    format: RECORD_FORMAT,
    version: RECORD_VERSION,
    id,
    name: id,
    createdAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    status: 'done',
    experimentFile: null,
    environment: {
      engineVersion: '0',
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: 1,
      poolSize: 1,
      precision: 'float64',
    },
    experiment: {},
    dataset: null,
    objective: { metric: 'train_loss', mode: 'min', use: 'final' },
    runs: [],
    ...extra,
  };
}
