// Values are validated or typed, never forced through `as unknown as`, outside the tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'assembly') return [];
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|mts|mjs)$/.test(name) ? [p] : [];
  });
}

test('no source file outside the tests casts through unknown', () => {
  const files = ['src', 'webview', 'bench', 'scripts'].flatMap((d) => sources(join(root, d)));
  assert.ok(files.length > 100, `found ${files.length} source files`);
  const casts = files.flatMap((f) =>
    readFileSync(f, 'utf8')
      .split('\n')
      .flatMap((line, i) => (/\bas unknown as\b/.test(line) ? [`${relative(root, f)}:${i + 1}`] : [])),
  );
  assert.deepEqual(casts, []);
});
