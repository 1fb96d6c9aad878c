// writeReport: Writes `report.html` into a record folder with the bundled chart script (dist/report.js,
// read from `scriptPath`) inlined, so the report opens with no network.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderReport } from './htmlReport';
import { writeFileAtomic } from '../runs/atomicWrite';
import type { CurvesFile, RunRecord } from '../../protocol/record';

/**
 * Writes `report.html` into a record folder with the bundled chart script (dist/report.js, read
 * from `scriptPath`) inlined, so the report opens with no network; returns its path.
 */
export async function writeReport(
  dir: string,
  record: RunRecord,
  curves: Map<string, CurvesFile>,
  scriptPath: string,
): Promise<string> {
  const script = await readFile(scriptPath, 'utf8');
  const path = join(dir, 'report.html');
  await writeFileAtomic(path, renderReport(record, curves, { script }));
  return path;
}
