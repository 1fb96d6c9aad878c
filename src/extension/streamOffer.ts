// The offer made when a data file is over the size limit: set "data.stream": true in the experiment file.
import { readFile, writeFile } from 'node:fs/promises';
import { applyEdits, modify } from 'jsonc-parser';

/** The action's label in the error notification. */
export const streamAction = 'Stream the File';

/**
 * Sets `data.stream` to true in the experiment file's text, keeping the rest of the text (its
 * formatting and comments) as it is; returns the new text.
 */
export function withStreamEnabled(text: string): string {
  const edits = modify(text, ['data', 'stream'], true, {
    formattingOptions: { insertSpaces: true, tabSize: 2 },
  });
  return applyEdits(text, edits);
}

/** Rewrites the experiment file at `path` with `data.stream: true`. */
export async function enableStreaming(path: string): Promise<void> {
  await writeFile(path, withStreamEnabled(await readFile(path, 'utf8')));
}
