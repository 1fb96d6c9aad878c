// No source file over 400 lines (docs/architecture.md: small files, one concept each): all of
// src/ (the AssemblyScript kernels included), webview/, bench/, scripts/ and the Python runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, sourceFiles } from './importGraph';

const MAX_LINES = 400;

/** Lines as wc -l and editors count them (a final newline ends the last line, it starts none). */
const lineCount = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
const CHECKED = ['src', 'webview', 'bench', 'scripts', 'python'];

test(`no source file of ${CHECKED.join(', ')} is over ${MAX_LINES} lines`, () => {
  const files = sourceFiles(CHECKED, ['.ts', '.mts', '.mjs', '.js', '.py']);
  assert.ok(files.length > 150, `${files.length} files read`);
  const long = files
    .map((f) => ({ f, lines: lineCount(readFileSync(join(ROOT, f), 'utf8')) }))
    .filter((x) => x.lines > MAX_LINES)
    .map((x) => `${x.f}: ${x.lines} lines`);
  assert.deepEqual(long, [], 'split these by concept');
});
