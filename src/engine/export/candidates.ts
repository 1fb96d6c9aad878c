// Which records can be exported: an LR range test is a sweep of the lr, not a configuration to
// train with, so it is neither offered nor accepted as an export source.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { LR_FIND_FILE } from '../search/lrFindFile';

/** True when the record folder holds a Find Learning Rate result (sweep or range test). */
export async function isLrTestRecord(recordDir: string): Promise<boolean> {
  try {
    await access(join(recordDir, LR_FIND_FILE));
    return true;
  } catch {
    return false;
  }
}
