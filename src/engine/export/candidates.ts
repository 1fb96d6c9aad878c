// Which records can be exported: an LR range test is a sweep of the lr, not a configuration to
// train with, so it is neither offered nor accepted as an export source.
import { access } from 'node:fs/promises';
import { join } from 'node:path';

/** The file an LR range test writes into its record folder (src/engine/search/lrFind.ts). */
export const LR_TEST_FILE = 'lr-find.json';

/** True when the record folder holds an LR range test. */
export async function isLrTestRecord(recordDir: string): Promise<boolean> {
  try {
    await access(join(recordDir, LR_TEST_FILE));
    return true;
  } catch {
    return false;
  }
}
