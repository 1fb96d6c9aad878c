// `validate`'s check of an experiment's target and feature names against its data file's columns.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectFormat } from '../engine/data/detectFormat';
import { missingColumns, readColumnNames } from '../engine/data/header';
import { DataError, ExperimentError } from '../engine/errors';
import { parseJsonDocument } from '../engine/experiment/jsonDocument';
import type { ResolvedExperiment } from '../protocol/experiment';

/**
 * Throws an ExperimentError listing, at `data.target` and `data.features[i]` of the experiment
 * file, every column name its data file lacks; a data file that cannot be read is reported at
 * `data.path`. Does nothing for a surface experiment.
 */
export async function checkDataColumns(
  experiment: ResolvedExperiment,
  file: string,
  cwd: string,
): Promise<void> {
  if (experiment.kind !== 'data' || experiment.data === null) return; // a model's data function: no file
  const data = experiment.data;
  let issues: { path: string; message: string }[];
  try {
    const format = detectFormat(data.path, data.path, data.format);
    const names = await readColumnNames(data.path, format, data.path);
    issues = missingColumns(names, data.target, data.features, data.path);
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    issues = [{ path: 'data.path', message: e.format() }];
  }
  if (issues.length === 0) return;
  const document = parseJsonDocument(readFileSync(resolve(cwd, file), 'utf8').replace(/^\uFEFF/, ''));
  const pathOf = (p: string) =>
    p
      .split(/\.|\[(\d+)\]/)
      .filter(Boolean)
      .map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  throw new ExperimentError(
    file,
    issues.map((i) => ({ ...i, ...document.locate(pathOf(i.path)) })),
  );
}
