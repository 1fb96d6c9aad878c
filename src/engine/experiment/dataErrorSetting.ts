// Which setting of an experiment file a data error is about, so "Open at Problem" opens that key.
import type { DataError } from '../errors';
import { parseJsonDocument } from './jsonDocument';
import { valueAt, type JsonPath } from './jsonPath';

/**
 * The place in the experiment file to fix a data error caused by a setting rather than by the data:
 * a target or feature column the file does not have sits at `data.target` or `data.features[i]`
 * of the experiment, not in the CSV (whose location the error carries, without a line). Returns the
 * 1-based line and column in `experimentText`, or undefined when the error is about the data itself.
 */
export function dataErrorSetting(
  error: Pick<DataError, 'message'>,
  experimentText: string,
): { path: JsonPath; line: number; column: number } | undefined {
  const doc = parseJsonDocument(experimentText);
  if (doc.value === undefined) return undefined;
  const column = /^no (target|feature) column "((?:[^"\\]|\\.)*)"/.exec(error.message);
  const asTarget = /^column "((?:[^"\\]|\\.)*)" is the target; it cannot also be a feature/.exec(
    error.message,
  );
  let path: JsonPath | undefined;
  if (column?.[1] === 'target') path = ['data', 'target'];
  else {
    const name = column?.[2] ?? asTarget?.[1];
    const features = valueAt(doc.value, ['data', 'features']);
    const index = Array.isArray(features) && name !== undefined ? features.indexOf(name) : -1;
    if (index >= 0) path = ['data', 'features', index];
  }
  return path === undefined ? undefined : { path, ...doc.locate(path) };
}
