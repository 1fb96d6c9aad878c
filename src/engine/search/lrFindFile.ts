// LR_FIND_FILE: The file Find Learning Rate keeps beside its record.json.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { lrFindViewSchema, type LrFindView } from '../../protocol/lrFindView';

/** The file Find Learning Rate keeps beside its record.json. */
export const LR_FIND_FILE = 'lr-find.json';

/**
 * The lab's view of a Find Learning Rate record folder (`lr-find.json`), or null when the folder
 * is not one or the file does not parse (NaN losses are written as null by JSON.stringify).
 */
export async function readLrFindView(dir: string): Promise<LrFindView | null> {
  let text: string;
  try {
    text = await fs.readFile(join(dir, LR_FIND_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const parsed = lrFindViewSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
