// The architecture of docs/architecture.md, held against the code: no import circle, no import
// from a lower layer to a higher one, 'vscode' only in src/extension, a webview that reaches only
// the protocol and browser-safe engine modules, and bench/ depending on src/, never the reverse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { circles, importsOf, isNodeBuiltin, LAYERS, layerOf, sourceFiles, type Import } from './importGraph';

const SRC = sourceFiles(['src']);
const WEBVIEW = sourceFiles(['webview']);
const IMPORTS = new Map<string, Import[]>([...SRC, ...WEBVIEW].map((f) => [f, importsOf(f)]));
const local = (f: string): string[] =>
  (IMPORTS.get(f) ?? importsOf(f)).map((i) => i.target).filter((t): t is string => t !== null);

/**
 * Circles known while a change that removes them is in flight on another branch, each a sorted
 * file list; the test fails when one is gone, so its entry is deleted with it.
 */
const KNOWN_CIRCLES: readonly string[][] = [];

test('the import graph reads every relative import of src/ and webview/ to a file', () => {
  const unresolved = [...IMPORTS].flatMap(([f, imps]) =>
    imps.filter((i) => i.specifier.startsWith('.') && i.target === null).map((i) => `${f}: ${i.specifier}`),
  );
  assert.deepEqual(unresolved, []);
  // The graph is not empty by accident (a moved root would make every check below pass).
  assert.ok(
    SRC.length > 200 && WEBVIEW.length > 20,
    `${SRC.length} src files, ${WEBVIEW.length} webview files`,
  );
});

test('no import circle in src/ or webview/', () => {
  const files = [...SRC, ...WEBVIEW];
  const found = circles(files, new Map(files.map((f) => [f, local(f)])));
  const key = (c: readonly string[]) => [...c].sort().join(' ');
  const known = new Set(KNOWN_CIRCLES.map(key));
  assert.deepEqual(
    found.filter((c) => !known.has(key(c))),
    [],
    'files that import each other in a loop: move what they share into a module both import',
  );
  const gone = KNOWN_CIRCLES.filter((c) => !found.some((f) => key(f) === key(c)));
  assert.deepEqual(gone, [], 'a known circle is gone: delete its KNOWN_CIRCLES entry');
});

test('every file under src/ sits in one layer of docs/architecture.md', () => {
  assert.deepEqual(
    SRC.filter((f) => layerOf(f) === null),
    [],
    'place the new folder or file in LAYERS (test/architecture/importGraph.ts) and in docs/architecture.md',
  );
});

test('no import runs from a lower layer up to a higher one', () => {
  const upward: string[] = [];
  for (const f of SRC) {
    const from = layerOf(f);
    for (const t of local(f)) {
      if (!t.startsWith('src/')) {
        upward.push(`${f} -> ${t} (src/ imports nothing outside src/)`);
        continue;
      }
      const to = layerOf(t);
      if (from !== null && to !== null && to > from) {
        upward.push(`${f} (${LAYERS[from]!.name}) -> ${t} (${LAYERS[to]!.name})`);
      }
    }
  }
  assert.deepEqual(upward, []);
});

test('the two front doors, src/cli and src/extension, do not import each other', () => {
  const crossing = SRC.flatMap((f) =>
    local(f)
      .filter(
        (t) =>
          (f.startsWith('src/cli/') && t.startsWith('src/extension/')) ||
          (f.startsWith('src/extension/') && t.startsWith('src/cli/')),
      )
      .map((t) => `${f} -> ${t}`),
  );
  assert.deepEqual(crossing, []);
});

test("'vscode' is imported only in src/extension", () => {
  const outside = [...SRC, ...WEBVIEW, ...sourceFiles(['bench', 'scripts'])]
    .filter((f) => !f.startsWith('src/extension/'))
    .filter((f) => (IMPORTS.get(f) ?? importsOf(f)).some((i) => i.specifier === 'vscode'));
  assert.deepEqual(outside, []);
});

test('the engine and the protocol import nothing of the front doors or the webview', () => {
  const bad = SRC.filter((f) => f.startsWith('src/engine/') || f.startsWith('src/protocol/')).flatMap((f) =>
    local(f)
      .filter((t) => t.startsWith('src/extension/') || t.startsWith('src/cli/') || t.startsWith('webview/'))
      .map((t) => `${f} -> ${t}`),
  );
  assert.deepEqual(bad, []);
});

test('the webview imports only the protocol, itself, and engine modules that run in a browser', () => {
  // An engine module runs in a browser when nothing it reaches imports a Node built-in.
  const nodeBound = new Map<string, string | null>();
  const reachesNode = (f: string, seen = new Set<string>()): string | null => {
    if (nodeBound.has(f)) return nodeBound.get(f)!;
    if (seen.has(f)) return null;
    seen.add(f);
    const own = (IMPORTS.get(f) ?? importsOf(f)).find((i) => isNodeBuiltin(i.specifier));
    let why: string | null = own ? `${f} imports ${own.specifier}` : null;
    for (const t of local(f)) {
      if (why) break;
      why = reachesNode(t, seen);
    }
    nodeBound.set(f, why);
    return why;
  };
  const bad: string[] = [];
  for (const f of WEBVIEW) {
    for (const imp of IMPORTS.get(f)!) {
      const t = imp.target;
      if (t === null) {
        if (isNodeBuiltin(imp.specifier) || imp.specifier === 'vscode') bad.push(`${f} -> ${imp.specifier}`);
        continue;
      }
      if (t.startsWith('webview/') || t.startsWith('src/protocol/')) continue;
      if (!t.startsWith('src/engine/')) {
        bad.push(`${f} -> ${t} (only the protocol and browser-safe engine modules)`);
        continue;
      }
      const why = reachesNode(t);
      if (why) bad.push(`${f} -> ${t}: ${why}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('bench/ depends on src/, never the reverse', () => {
  const reverse = SRC.flatMap((f) =>
    local(f)
      .filter((t) => t.startsWith('bench/') || t.startsWith('scripts/') || t.startsWith('test/'))
      .map((t) => `${f} -> ${t}`),
  );
  assert.deepEqual(reverse, []);
});
