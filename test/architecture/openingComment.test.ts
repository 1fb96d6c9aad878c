// Every source file opens with a comment saying what it holds (STYLE.md), so a newcomer reading a
// folder learns each file's place from its first line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sourceFiles } from './importGraph';

/** True when the text opens (after a shebang and blank lines) with a comment of its language. */
function opensWithComment(file: string, text: string): boolean {
  const lines = text.split('\n');
  let i = lines[0]?.startsWith('#!') ? 1 : 0;
  while (i < lines.length && lines[i]!.trim() === '') i++;
  const first = lines[i] ?? '';
  if (file.endsWith('.py')) return /^(#|"""|''')/.test(first);
  return first.startsWith('//') || first.startsWith('/*');
}

test('every source file of src/, webview/, bench/ and scripts/ opens with a comment', () => {
  const files = sourceFiles(
    ['src', 'webview', 'bench', 'scripts'],
    ['.ts', '.mts', '.mjs', '.js', '.py', '.css'],
  );
  assert.ok(files.length > 300, `${files.length} files read`);
  const bare = files.filter((f) => !opensWithComment(f, readFileSync(join(ROOT, f), 'utf8')));
  assert.deepEqual(bare, [], 'open these with a line saying what the file holds');
});
